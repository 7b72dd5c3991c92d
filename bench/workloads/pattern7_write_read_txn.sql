-- Access pattern 7: write, then read, in one transaction.
\set id random(1, 10000)
BEGIN;
UPDATE bench_patterns SET counter = counter + 1 WHERE id = :id;
SELECT counter FROM bench_patterns WHERE id = :id;
COMMIT;
