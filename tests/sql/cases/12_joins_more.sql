-- More joins: every kind, with conditions, chains and subqueries.

CREATE TABLE dept (id int PRIMARY KEY, name text);
CREATE TABLE emp (id int PRIMARY KEY, name text, dept_id int, salary int);
INSERT INTO dept VALUES (1, 'eng'), (2, 'ops'), (3, 'empty');
INSERT INTO emp VALUES (10, 'ada', 1, 100), (11, 'bob', 1, 80), (12, 'cyd', 2, 90), (13, 'dan', NULL, 70);

-- case: left_join_with_extra_on_condition
SELECT d.name, e.name FROM dept d LEFT JOIN emp e ON e.dept_id = d.id AND e.salary > 85 ORDER BY d.id, e.id;

-- case: left_join_where_filter
SELECT d.name, e.name FROM dept d LEFT JOIN emp e ON e.dept_id = d.id WHERE e.id IS NULL;

-- case: right_join_unmatched
SELECT d.name FROM emp e RIGHT JOIN dept d ON d.id = e.dept_id WHERE e.id IS NULL;

-- case: right_outer_join_keyword
SELECT e.name, d.name FROM emp e RIGHT OUTER JOIN dept d ON d.id = e.dept_id ORDER BY d.id, e.id;

-- case: full_join_unmatched_both_sides
SELECT e.name, d.name FROM emp e FULL OUTER JOIN dept d ON d.id = e.dept_id WHERE e.id IS NULL OR d.id IS NULL;

-- case: full_join_coalesce_keys
CREATE TABLE l (k int, a text);
CREATE TABLE r (k int, b text);
INSERT INTO l VALUES (1, 'l1'), (2, 'l2');
INSERT INTO r VALUES (2, 'r2'), (3, 'r3');
SELECT coalesce(l.k, r.k) AS k, a, b FROM l FULL JOIN r ON l.k = r.k ORDER BY 1;

-- case: full_join_using
CREATE TABLE l (k int, a text);
CREATE TABLE r (k int, b text);
INSERT INTO l VALUES (1, 'l1'), (2, 'l2');
INSERT INTO r VALUES (2, 'r2'), (3, 'r3');
SELECT k, a, b FROM l FULL JOIN r USING (k) ORDER BY k;

-- case: three_way_join
CREATE TABLE proj (id int, emp_id int, title text);
INSERT INTO proj VALUES (1, 10, 'x'), (2, 12, 'y'), (3, 10, 'z');
SELECT e.name, d.name, p.title FROM emp e JOIN dept d ON d.id = e.dept_id JOIN proj p ON p.emp_id = e.id ORDER BY p.id;

-- case: left_join_chain
CREATE TABLE proj (id int, emp_id int, title text);
INSERT INTO proj VALUES (1, 10, 'x');
SELECT d.name, e.name, p.title FROM dept d LEFT JOIN emp e ON e.dept_id = d.id LEFT JOIN proj p ON p.emp_id = e.id ORDER BY d.id, e.id;

-- case: join_subquery_derived_table
SELECT d.name, s.total FROM dept d JOIN (SELECT dept_id, sum(salary) AS total FROM emp GROUP BY dept_id) s ON s.dept_id = d.id ORDER BY d.id;

-- case: cross_join_values
SELECT e.name, v.x FROM emp e CROSS JOIN (VALUES (1), (2)) AS v(x) WHERE e.id < 12 ORDER BY e.id, v.x;

-- case: join_on_inequality
SELECT a.name, b.name FROM emp a JOIN emp b ON a.salary > b.salary WHERE a.dept_id = 1 ORDER BY a.id, b.id;

-- case: join_count_per_group
SELECT d.name, count(e.id) FROM dept d LEFT JOIN emp e ON e.dept_id = d.id GROUP BY d.name ORDER BY d.name;

-- case: join_using_star_columns
CREATE TABLE a (k int, x text);
CREATE TABLE b (k int, y text);
INSERT INTO a VALUES (1, 'a1'), (2, 'a2');
INSERT INTO b VALUES (2, 'b2'), (3, 'b3');
SELECT * FROM a LEFT JOIN b USING (k) ORDER BY k;

-- case: join_lateral_single_row
SELECT d.name, m.top FROM dept d CROSS JOIN LATERAL (SELECT max(salary) AS top FROM emp e WHERE e.dept_id = d.id) m ORDER BY d.id;

-- case: join_ambiguous_column_42702
SELECT id FROM emp JOIN dept ON dept.id = emp.dept_id;
