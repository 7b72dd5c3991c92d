-- Access pattern 6: write, then read, each autocommit.
\set id random(1, 10000)
UPDATE bench_patterns SET counter = counter + 1 WHERE id = :id;
SELECT counter FROM bench_patterns WHERE id = :id;
