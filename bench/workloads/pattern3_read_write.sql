-- Access pattern 3: read, then write, each autocommit.
\set id random(1, 10000)
SELECT counter FROM bench_patterns WHERE id = :id;
UPDATE bench_patterns SET counter = counter + 1 WHERE id = :id;
