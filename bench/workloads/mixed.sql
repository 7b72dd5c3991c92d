-- 90/10 read/write mix: nine point SELECTs for every autocommit UPDATE, chosen at random.
\set aid random(1, 100000)
\set r random(1, 100)
\if :r <= 90
SELECT abalance FROM pgbench_accounts WHERE aid = :aid;
\else
UPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid = :aid;
\endif
