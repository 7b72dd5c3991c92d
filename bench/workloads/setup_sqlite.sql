-- The tables of setup.sql for the in-process SQLite programs (bench/sqlite/), in the form
-- litewire stores them: the same declared types and keys, so raw SQLite and litewire do the
-- same work per row. SQLite has no generate_series in this build: a recursive CTE makes rows.
-- Run on a fresh file.
CREATE TABLE pgbench_branches (bid INT4 NOT NULL PRIMARY KEY, bbalance INT4, filler BPCHAR(88));
CREATE TABLE pgbench_tellers (tid INT4 NOT NULL PRIMARY KEY, bid INT4, tbalance INT4,
                              filler BPCHAR(84));
CREATE TABLE pgbench_accounts (aid INT4 NOT NULL PRIMARY KEY, bid INT4, abalance INT4,
                               filler BPCHAR(84));
CREATE TABLE pgbench_history (tid INT4, bid INT4, aid INT4, delta INT4, mtime TIMESTAMP,
                              filler BPCHAR(22));
CREATE TABLE bench_insert (v INT4 NOT NULL, note TEXT);
CREATE TABLE bench_patterns (id INT4 NOT NULL PRIMARY KEY, counter INT4 NOT NULL);
BEGIN;
INSERT INTO pgbench_branches (bid, bbalance) VALUES (1, 0);
WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 10)
  INSERT INTO pgbench_tellers (tid, bid, tbalance) SELECT n, 1, 0 FROM g;
WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 100000)
  INSERT INTO pgbench_accounts (aid, bid, abalance, filler) SELECT n, 1, 0, '' FROM g;
WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 10000)
  INSERT INTO bench_patterns (id, counter) SELECT n, 0 FROM g;
COMMIT;
