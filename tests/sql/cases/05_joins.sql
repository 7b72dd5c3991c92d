-- Joins of every common kind.

CREATE TABLE dept (id int PRIMARY KEY, name text);
CREATE TABLE emp (id int PRIMARY KEY, name text, dept_id int);
INSERT INTO dept VALUES (1, 'eng'), (2, 'ops'), (3, 'empty');
INSERT INTO emp VALUES (10, 'ada', 1), (11, 'bob', 1), (12, 'cyd', 2), (13, 'dan', NULL);

-- case: inner_join
SELECT e.name, d.name FROM emp e JOIN dept d ON d.id = e.dept_id ORDER BY e.id;

-- case: inner_join_column_names
SELECT * FROM emp e JOIN dept d ON d.id = e.dept_id ORDER BY e.id;

-- case: left_join
SELECT e.name, d.name AS dept FROM emp e LEFT JOIN dept d ON d.id = e.dept_id ORDER BY e.id;

-- case: right_join
SELECT e.name, d.name AS dept FROM emp e RIGHT JOIN dept d ON d.id = e.dept_id ORDER BY d.id, e.id;

-- case: full_join
SELECT e.name, d.name AS dept FROM emp e FULL JOIN dept d ON d.id = e.dept_id;

-- case: cross_join
SELECT count(*) FROM emp CROSS JOIN dept;

-- case: implicit_join
SELECT e.name FROM emp e, dept d WHERE d.id = e.dept_id AND d.name = 'ops';

-- case: join_using
CREATE TABLE a (k int, x text);
CREATE TABLE b (k int, y text);
INSERT INTO a VALUES (1, 'a1'), (2, 'a2');
INSERT INTO b VALUES (2, 'b2'), (3, 'b3');
SELECT * FROM a JOIN b USING (k);

-- case: natural_join
CREATE TABLE a (k int, x text);
CREATE TABLE b (k int, y text);
INSERT INTO a VALUES (1, 'a1'), (2, 'a2');
INSERT INTO b VALUES (2, 'b2');
SELECT * FROM a NATURAL JOIN b;

-- case: self_join
CREATE TABLE p (id int, parent int);
INSERT INTO p VALUES (1, NULL), (2, 1), (3, 2);
SELECT c.id, p.id AS parent_id FROM p c LEFT JOIN p ON p.id = c.parent ORDER BY c.id;

-- case: join_with_aggregate
SELECT d.name, count(e.id) AS n FROM dept d LEFT JOIN emp e ON e.dept_id = d.id GROUP BY d.name ORDER BY d.name;

-- case: anti_join_left_is_null
SELECT d.name FROM dept d LEFT JOIN emp e ON e.dept_id = d.id WHERE e.id IS NULL;
