-- Tables for every workload, identical on PostgreSQL and litewire (run through psql).
-- pgbench's four tables at scale 1 (pgbench -i -s 1 creates the same rows; litewire gets them
-- through this plain SQL so both servers hold the same data whether or not pgbench -i works),
-- plus the insert and access-pattern tables. The runner gives every server a fresh database,
-- so nothing is dropped first.
CREATE TABLE pgbench_branches (bid int PRIMARY KEY, bbalance int, filler char(88));
CREATE TABLE pgbench_tellers (tid int PRIMARY KEY, bid int, tbalance int, filler char(84));
CREATE TABLE pgbench_accounts (aid int PRIMARY KEY, bid int, abalance int, filler char(84));
CREATE TABLE pgbench_history (tid int, bid int, aid int, delta int, mtime timestamp,
                              filler char(22));
CREATE TABLE bench_insert (v int NOT NULL, note text);
CREATE TABLE bench_patterns (id int PRIMARY KEY, counter int NOT NULL);
INSERT INTO pgbench_branches (bid, bbalance) VALUES (1, 0);
INSERT INTO pgbench_tellers (tid, bid, tbalance) SELECT g, 1, 0 FROM generate_series(1, 10) g;
INSERT INTO pgbench_accounts (aid, bid, abalance, filler)
  SELECT g, 1, 0, '' FROM generate_series(1, 100000) g;
INSERT INTO bench_patterns (id, counter) SELECT g, 0 FROM generate_series(1, 10000) g;
