-- Access pattern 4: read, then write, in one transaction. On SQLite a deferred BEGIN takes a
-- read lock first and must upgrade it to write: the classic source of "database is locked".
\set id random(1, 10000)
BEGIN;
SELECT counter FROM bench_patterns WHERE id = :id;
UPDATE bench_patterns SET counter = counter + 1 WHERE id = :id;
COMMIT;
