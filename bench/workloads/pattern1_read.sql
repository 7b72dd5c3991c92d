-- Access pattern 1 of the "database is locked" benchmark: read.
\set id random(1, 10000)
SELECT counter FROM bench_patterns WHERE id = :id;
