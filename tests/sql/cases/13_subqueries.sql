-- Subqueries: EXISTS, IN, ANY/ALL, scalar, correlated.

CREATE TABLE dept (id int PRIMARY KEY, name text);
CREATE TABLE emp (id int PRIMARY KEY, name text, dept_id int, salary int);
INSERT INTO dept VALUES (1, 'eng'), (2, 'ops'), (3, 'empty');
INSERT INTO emp VALUES (10, 'ada', 1, 100), (11, 'bob', 1, 80), (12, 'cyd', 2, 90), (13, 'dan', NULL, 70);

-- case: exists_correlated
SELECT name FROM dept d WHERE EXISTS (SELECT 1 FROM emp e WHERE e.dept_id = d.id) ORDER BY name;

-- case: not_exists_correlated
SELECT name FROM dept d WHERE NOT EXISTS (SELECT 1 FROM emp e WHERE e.dept_id = d.id);

-- case: exists_as_value
SELECT EXISTS (SELECT 1 FROM emp WHERE salary > 95) AS a, EXISTS (SELECT 1 FROM emp WHERE salary > 500) AS b;

-- case: in_subquery_with_filter
SELECT name FROM emp WHERE dept_id IN (SELECT id FROM dept WHERE name LIKE 'e%') ORDER BY id;

-- case: not_in_subquery_with_null
SELECT name FROM dept WHERE id NOT IN (SELECT dept_id FROM emp);

-- case: not_in_subquery_without_null
SELECT name FROM dept WHERE id NOT IN (SELECT dept_id FROM emp WHERE dept_id IS NOT NULL);

-- case: any_subquery
SELECT name FROM emp WHERE salary = ANY (SELECT salary FROM emp WHERE dept_id = 2);

-- case: gt_any_subquery
SELECT name FROM emp WHERE salary > ANY (SELECT salary FROM emp WHERE dept_id = 1) ORDER BY id;

-- case: gt_all_subquery
SELECT name FROM emp WHERE salary > ALL (SELECT salary FROM emp WHERE dept_id = 2) ORDER BY id;

-- case: all_empty_subquery_is_true
SELECT count(*) FROM emp WHERE salary > ALL (SELECT salary FROM emp WHERE dept_id = 99);

-- case: scalar_subquery_in_select
SELECT name, (SELECT name FROM dept d WHERE d.id = e.dept_id) AS dept FROM emp e ORDER BY id;

-- case: scalar_subquery_in_where
SELECT name FROM emp WHERE salary > (SELECT avg(salary) FROM emp) ORDER BY id;

-- case: scalar_subquery_empty_is_null
SELECT (SELECT name FROM emp WHERE id = 99) AS n;

-- case: scalar_subquery_aggregate_correlated
SELECT d.name, (SELECT count(*) FROM emp e WHERE e.dept_id = d.id) AS n FROM dept d ORDER BY d.id;

-- case: subquery_in_from_with_alias_columns
SELECT s.a, s.b FROM (SELECT id, name FROM emp) AS s(a, b) WHERE s.a > 11 ORDER BY s.a;

-- case: subquery_nested
SELECT name FROM emp WHERE dept_id = (SELECT id FROM dept WHERE name = (SELECT 'ops'));

-- case: subquery_in_having
SELECT dept_id, sum(salary) FROM emp GROUP BY dept_id HAVING sum(salary) > (SELECT min(salary) * 2 FROM emp) ORDER BY dept_id;

-- case: row_in_subquery
SELECT name FROM emp WHERE (dept_id, salary) IN (SELECT dept_id, max(salary) FROM emp GROUP BY dept_id) ORDER BY id;

-- case: any_all_subquery_with_nulls
SELECT 5 > ANY (SELECT x FROM (VALUES (1), (NULL)) v(x)) AS a, 0 > ANY (SELECT x FROM (VALUES (1), (NULL)) v(x)) AS b,
  5 > ALL (SELECT x FROM (VALUES (1), (NULL)) v(x)) AS c, 0 > ALL (SELECT x FROM (VALUES (1), (NULL)) v(x)) AS d,
  NULL::int < ANY (SELECT 1) AS e, NULL::int < ALL (SELECT 1 WHERE false) AS f;

-- case: le_any_correlated
SELECT d.name FROM dept d WHERE d.id * 50 <= ANY (SELECT salary FROM emp e WHERE e.dept_id = d.id) ORDER BY d.id;

-- case: window_avg_moving_frame
SELECT id, avg(salary) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM emp ORDER BY id;

-- case: lateral_several_rows
CREATE TABLE author (id int PRIMARY KEY, name text);
CREATE TABLE post (id int PRIMARY KEY, author_id int, title text, score numeric(6,2), at date);
INSERT INTO author VALUES (1, 'ann'), (2, 'bob'), (3, 'cy');
INSERT INTO post VALUES (1, 1, 'a1', 3.50, '2024-01-01'), (2, 1, 'a2', 9.25, '2024-01-05'), (3, 1, 'a3', 1.00, '2024-02-01'), (4, 2, 'b1', 7.75, '2024-03-01'), (5, 2, NULL, NULL, NULL);
SELECT a.name, p.title, p.score FROM author a CROSS JOIN LATERAL (SELECT title, score FROM post WHERE author_id = a.id ORDER BY score DESC NULLS LAST LIMIT 2) p ORDER BY a.name, p.score DESC;
SELECT a.name, p.title, p.at FROM author a LEFT JOIN LATERAL (SELECT title, at FROM post WHERE author_id = a.id ORDER BY at LIMIT 2) p ON true ORDER BY a.name, p.at NULLS LAST;
SELECT a.id, x.n, x.doubled FROM author a, LATERAL (SELECT n, n * a.id AS doubled FROM generate_series(1, a.id) n) x ORDER BY a.id, x.n;
SELECT a.name, p.* FROM author a JOIN LATERAL (SELECT id, title FROM post WHERE author_id = a.id AND title IS NOT NULL) p ON p.id > 1 ORDER BY 1, 2;
SELECT count(*) FROM author a, LATERAL (SELECT * FROM post WHERE post.author_id = a.id) p;
