-- SELECT: WHERE, ORDER BY, LIMIT/OFFSET, DISTINCT, subqueries, set operations, CTEs.

CREATE TABLE emp (id int PRIMARY KEY, name text NOT NULL, dept text, salary int, manager_id int);
INSERT INTO emp VALUES
  (1, 'ada', 'eng', 120, NULL),
  (2, 'bob', 'eng', 100, 1),
  (3, 'cyd', 'ops', 90, 1),
  (4, 'dan', 'ops', NULL, 3),
  (5, 'eve', NULL, 70, 3),
  (6, 'fay', 'eng', 100, 2);

-- case: select_constant
SELECT 1;

-- case: select_constants_named
SELECT 1 AS one, 'two' AS two, NULL AS nothing;

-- case: select_star
SELECT * FROM emp;

-- case: select_where_equals
SELECT name FROM emp WHERE dept = 'eng';

-- case: select_where_and_or
SELECT id FROM emp WHERE (dept = 'eng' AND salary > 100) OR dept = 'ops';

-- case: select_where_in_list
SELECT id, name FROM emp WHERE id IN (2, 4, 9);

-- case: select_where_not_in
SELECT id FROM emp WHERE id NOT IN (1, 2, 3);

-- case: select_where_between
SELECT name FROM emp WHERE salary BETWEEN 90 AND 110;

-- case: select_where_like
SELECT name FROM emp WHERE name LIKE '%a%';

-- case: select_where_ilike
SELECT name FROM emp WHERE name ILIKE 'A%' OR name ILIKE '_VE';

-- case: select_where_is_null
SELECT id FROM emp WHERE salary IS NULL OR dept IS NULL;

-- case: select_where_is_not_null
SELECT count(*) FROM emp WHERE dept IS NOT NULL;

-- case: select_null_comparison_yields_nothing
SELECT id FROM emp WHERE salary = NULL;

-- case: select_order_by_asc_desc
SELECT name, salary FROM emp ORDER BY salary DESC, name ASC;

-- case: select_order_by_nulls
SELECT id, salary FROM emp ORDER BY salary NULLS FIRST, id;
SELECT id, salary FROM emp ORDER BY salary DESC NULLS LAST, id;

-- case: select_order_by_default_nulls_last
SELECT id, dept FROM emp ORDER BY dept, id;

-- case: select_order_by_position_and_alias
SELECT name AS n, id FROM emp ORDER BY 2 DESC;
SELECT name AS n FROM emp ORDER BY n;

-- case: select_limit_offset
SELECT id FROM emp ORDER BY id LIMIT 2;
SELECT id FROM emp ORDER BY id LIMIT 2 OFFSET 3;
SELECT id FROM emp ORDER BY id OFFSET 5;

-- case: select_fetch_first
SELECT id FROM emp ORDER BY id FETCH FIRST 3 ROWS ONLY;

-- case: select_distinct
SELECT DISTINCT dept FROM emp;

-- case: select_distinct_on
SELECT DISTINCT ON (dept) dept, name FROM emp ORDER BY dept, salary DESC NULLS LAST, name;

-- case: select_scalar_subquery
SELECT name, (SELECT max(salary) FROM emp) - salary AS gap FROM emp ORDER BY id;

-- case: select_in_subquery
SELECT name FROM emp WHERE id IN (SELECT manager_id FROM emp);

-- case: select_exists
SELECT name FROM emp e WHERE EXISTS (SELECT 1 FROM emp r WHERE r.manager_id = e.id);

-- case: select_not_exists
SELECT name FROM emp e WHERE NOT EXISTS (SELECT 1 FROM emp r WHERE r.manager_id = e.id);

-- case: select_from_subquery
SELECT d, n FROM (SELECT dept AS d, count(*) AS n FROM emp GROUP BY dept) s WHERE n > 1;

-- case: select_union
SELECT dept FROM emp WHERE id < 3 UNION SELECT dept FROM emp WHERE id > 4;

-- case: select_union_all
SELECT 1 AS x UNION ALL SELECT 1 UNION ALL SELECT 2;

-- case: select_intersect_except
SELECT id FROM emp WHERE salary >= 100 INTERSECT SELECT id FROM emp WHERE dept = 'eng';
SELECT id FROM emp EXCEPT SELECT manager_id FROM emp;

-- case: select_cte
WITH eng AS (SELECT * FROM emp WHERE dept = 'eng') SELECT name FROM eng WHERE salary = 100;

-- case: select_recursive_cte
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5) SELECT sum(i) FROM n;

-- case: select_values
VALUES (1, 'a'), (2, 'b');

-- case: select_generate_series
SELECT * FROM generate_series(1, 4);
SELECT g * 2 AS doubled FROM generate_series(1, 3) AS g ORDER BY g;

-- case: select_window_row_number
SELECT name, row_number() OVER (PARTITION BY dept ORDER BY id) AS rn FROM emp ORDER BY id;

-- case: select_window_running_sum
SELECT id, sum(salary) OVER (ORDER BY id) AS running FROM emp ORDER BY id;

-- case: select_unknown_column
SELECT nope FROM emp;

-- case: select_unknown_table
SELECT * FROM nope;

-- case: select_ambiguous_column
SELECT id FROM emp a, emp b;
