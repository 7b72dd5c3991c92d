-- Before the TPC-B check: zero balances and an empty history, so that the invariants (equal
-- sums of account, teller and branch balances; one history row per transaction) start true.
DELETE FROM pgbench_history;
UPDATE pgbench_accounts SET abalance = 0 WHERE abalance <> 0;
UPDATE pgbench_tellers SET tbalance = 0;
UPDATE pgbench_branches SET bbalance = 0;
