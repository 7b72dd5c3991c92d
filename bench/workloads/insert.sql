-- Single-row autocommit INSERT: every transaction is one durable commit.
\set v random(1, 1000000)
INSERT INTO bench_insert (v, note) VALUES (:v, 'autocommit insert');
