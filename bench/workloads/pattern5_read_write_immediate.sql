-- Access pattern 5: read, then write, in a transaction that takes the write lock up front.
-- SQLite spells it BEGIN IMMEDIATE; PostgreSQL has no such form, so pgbench sends plain BEGIN
-- to PostgreSQL and litewire (litewire moves the transaction to its writer at the first write).
\set id random(1, 10000)
BEGIN; -- sqlite: BEGIN IMMEDIATE;
SELECT counter FROM bench_patterns WHERE id = :id;
UPDATE bench_patterns SET counter = counter + 1 WHERE id = :id;
COMMIT;
