-- Access pattern 2: write (autocommit).
\set id random(1, 10000)
UPDATE bench_patterns SET counter = counter + 1 WHERE id = :id;
