-- Point SELECT by primary key on the 100,000-row pgbench_accounts (pgbench -S).
\set aid random(1, 100000)
SELECT abalance FROM pgbench_accounts WHERE aid = :aid;
