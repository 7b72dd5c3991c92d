-- CTEs (plain, chained, recursive, data-modifying) and window functions.

CREATE TABLE emp (id int PRIMARY KEY, name text, dept text, salary int);
INSERT INTO emp VALUES (1, 'ada', 'eng', 100), (2, 'bob', 'eng', 80), (3, 'cyd', 'ops', 90),
  (4, 'dan', 'ops', 90), (5, 'eve', 'eng', 100), (6, 'fay', 'hr', 60);

-- case: cte_chained
WITH a AS (SELECT * FROM emp WHERE dept = 'eng'), b AS (SELECT name, salary FROM a WHERE salary > 90)
SELECT name FROM b ORDER BY name;

-- case: cte_used_twice
WITH s AS (SELECT dept, sum(salary) AS total FROM emp GROUP BY dept)
SELECT x.dept, y.dept FROM s x JOIN s y ON x.total < y.total ORDER BY 1, 2;

-- case: cte_column_list
WITH t(a, b) AS (SELECT id, name FROM emp WHERE id < 3) SELECT a, b FROM t ORDER BY a;

-- case: recursive_cte_counter
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10) SELECT sum(i), count(*) FROM n;

-- case: recursive_cte_tree
CREATE TABLE node (id int, parent int, label text);
INSERT INTO node VALUES (1, NULL, 'root'), (2, 1, 'a'), (3, 1, 'b'), (4, 2, 'a1'), (5, 4, 'a1x');
WITH RECURSIVE t AS (
  SELECT id, label, 0 AS depth FROM node WHERE parent IS NULL
  UNION ALL
  SELECT n.id, n.label, t.depth + 1 FROM node n JOIN t ON n.parent = t.id
)
SELECT id, label, depth FROM t ORDER BY id;

-- case: recursive_cte_path_string
CREATE TABLE node (id int, parent int, label text);
INSERT INTO node VALUES (1, NULL, 'root'), (2, 1, 'a'), (3, 2, 'b');
WITH RECURSIVE t AS (
  SELECT id, label::text AS path FROM node WHERE parent IS NULL
  UNION ALL
  SELECT n.id, t.path || '/' || n.label FROM node n JOIN t ON n.parent = t.id
)
SELECT path FROM t ORDER BY id;

-- case: recursive_cte_union_dedup
WITH RECURSIVE n(i) AS (SELECT 1 UNION SELECT (i % 3) + 1 FROM n) SELECT i FROM n ORDER BY i;

-- case: cte_insert_returning
CREATE TABLE log (id int, msg text);
WITH ins AS (INSERT INTO log VALUES (1, 'x'), (2, 'y') RETURNING id) SELECT count(*) FROM ins;

-- case: cte_delete_moves_rows
CREATE TABLE archive (id int, name text, dept text, salary int);
WITH moved AS (DELETE FROM emp WHERE dept = 'eng' RETURNING *) INSERT INTO archive SELECT * FROM moved;
SELECT id, name FROM archive ORDER BY id;
SELECT id FROM emp ORDER BY id;

-- case: cte_update_returning_in_select
WITH raised AS (UPDATE emp SET salary = salary + 5 WHERE dept = 'ops' RETURNING id, salary)
SELECT id, salary FROM raised ORDER BY id;
SELECT id, salary FROM emp WHERE dept = 'ops' ORDER BY id;

-- case: cte_insert_returning_columns_aliased
CREATE TABLE item (id serial PRIMARY KEY, label text);
WITH ins(new_id, new_label) AS (INSERT INTO item (label) VALUES ('p'), ('q') RETURNING id, upper(label))
SELECT new_id, new_label FROM ins ORDER BY new_id;

-- case: cte_dml_sees_earlier_cte
CREATE TABLE picked (name text);
WITH src AS (SELECT name FROM emp WHERE salary >= 100), ins AS (INSERT INTO picked SELECT name FROM src RETURNING name)
SELECT name FROM ins ORDER BY name;

-- case: cte_dml_without_returning_runs
CREATE TABLE log (id int);
WITH d AS (DELETE FROM emp WHERE id = 6) INSERT INTO log VALUES (1);
SELECT count(*) FROM emp;

-- case: cte_dml_without_returning_referenced
WITH d AS (DELETE FROM emp WHERE id = 6) SELECT * FROM d;
SELECT count(*) FROM emp;

-- case: cte_dml_not_at_top_level
SELECT * FROM (WITH d AS (DELETE FROM emp RETURNING id) SELECT * FROM d) x;

-- case: cte_dml_failure_rolls_back_cte
CREATE TABLE strict (id int PRIMARY KEY);
INSERT INTO strict VALUES (1);
WITH d AS (DELETE FROM emp WHERE id = 1 RETURNING id) INSERT INTO strict SELECT id FROM d;
SELECT count(*) FROM emp;

-- case: cte_dml_in_transaction_with_params
BEGIN;
WITH d AS (DELETE FROM emp WHERE salary < 70 RETURNING name) SELECT name FROM d;
ROLLBACK;
SELECT count(*) FROM emp;

-- case: window_rank_dense_rank
SELECT name, salary, rank() OVER (ORDER BY salary DESC), dense_rank() OVER (ORDER BY salary DESC) FROM emp ORDER BY salary DESC, name;

-- case: window_row_number_partition
SELECT name, dept, row_number() OVER (PARTITION BY dept ORDER BY salary DESC, name) AS rn FROM emp ORDER BY dept, rn;

-- case: window_lag_lead
SELECT id, salary, lag(salary) OVER (ORDER BY id), lead(salary) OVER (ORDER BY id) FROM emp ORDER BY id;

-- case: window_lag_offset_default
SELECT id, lag(salary, 2, 0) OVER (ORDER BY id), lead(name, 1, 'none') OVER (ORDER BY id) FROM emp ORDER BY id;

-- case: window_sum_partition
SELECT name, dept, sum(salary) OVER (PARTITION BY dept) AS dept_total FROM emp ORDER BY id;

-- case: window_running_sum_partition
SELECT name, sum(salary) OVER (PARTITION BY dept ORDER BY id) AS running FROM emp ORDER BY id;

-- case: window_frame_rows
SELECT id, sum(salary) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM emp ORDER BY id;

-- case: window_frame_unbounded
SELECT id, max(salary) OVER (ORDER BY id ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) FROM emp ORDER BY id;

-- case: window_range_peers
SELECT id, salary, sum(salary) OVER (ORDER BY salary) FROM emp ORDER BY salary, id;

-- case: window_first_last_value
SELECT id, first_value(name) OVER w, last_value(name) OVER w FROM emp
WINDOW w AS (PARTITION BY dept ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) ORDER BY id;

-- case: window_count_avg
SELECT dept, count(*) OVER (PARTITION BY dept), avg(salary) OVER (PARTITION BY dept) FROM emp ORDER BY id;

-- case: window_ntile
SELECT id, ntile(3) OVER (ORDER BY id) FROM emp ORDER BY id;

-- case: window_in_subquery_top_per_group
SELECT dept, name FROM (SELECT dept, name, row_number() OVER (PARTITION BY dept ORDER BY salary DESC, id) AS rn FROM emp) s WHERE rn = 1 ORDER BY dept;

-- case: window_percent_rank
SELECT id, percent_rank() OVER (ORDER BY salary), cume_dist() OVER (ORDER BY salary) FROM emp ORDER BY id;
