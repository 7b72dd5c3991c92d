-- INSERT ... ON CONFLICT, RETURNING, UPDATE ... FROM, DELETE ... USING, DEFAULT VALUES.

CREATE TABLE kv (k text PRIMARY KEY, v int, n int DEFAULT 0);
INSERT INTO kv VALUES ('a', 1, 0), ('b', 2, 0);

-- case: on_conflict_do_nothing_returning_nothing
INSERT INTO kv VALUES ('a', 9) ON CONFLICT DO NOTHING RETURNING k;
SELECT k, v FROM kv ORDER BY k;

-- case: on_conflict_target_do_nothing
INSERT INTO kv VALUES ('a', 9), ('c', 3) ON CONFLICT (k) DO NOTHING;
SELECT k, v FROM kv ORDER BY k;

-- case: on_conflict_do_update_excluded
INSERT INTO kv VALUES ('a', 10) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v, n = kv.n + 1;
SELECT k, v, n FROM kv ORDER BY k;

-- case: on_conflict_do_update_returning
INSERT INTO kv VALUES ('b', 20), ('d', 4) ON CONFLICT (k) DO UPDATE SET v = kv.v + EXCLUDED.v RETURNING k, v;

-- case: on_conflict_do_update_where_false
INSERT INTO kv VALUES ('a', 5) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v WHERE kv.v < EXCLUDED.v;
SELECT k, v FROM kv ORDER BY k;

-- case: on_conflict_do_update_where_true
INSERT INTO kv VALUES ('a', 50) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v WHERE kv.v < EXCLUDED.v;
SELECT k, v FROM kv ORDER BY k;

-- case: on_conflict_on_constraint
INSERT INTO kv VALUES ('b', 7) ON CONFLICT ON CONSTRAINT kv_pkey DO UPDATE SET v = 7;
SELECT k, v FROM kv ORDER BY k;

-- case: on_conflict_unique_column
CREATE TABLE u (id int PRIMARY KEY, email text UNIQUE, hits int);
INSERT INTO u VALUES (1, 'x@y', 1);
INSERT INTO u VALUES (2, 'x@y', 1) ON CONFLICT (email) DO UPDATE SET hits = u.hits + 1;
SELECT id, email, hits FROM u;

-- case: on_conflict_same_row_twice_21000
INSERT INTO kv VALUES ('z', 1), ('z', 2) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v;
SELECT k, v FROM kv ORDER BY k;

-- case: on_conflict_existing_row_twice_21000
INSERT INTO kv VALUES ('a', 10), ('b', 20), ('a', 30) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v;
SELECT k, v FROM kv ORDER BY k;

-- case: on_conflict_twice_from_select_and_constraint_name
CREATE TABLE src (k text, v int);
INSERT INTO src VALUES ('b', 1), ('b', 2);
INSERT INTO kv SELECT k, v FROM src ON CONFLICT ON CONSTRAINT kv_pkey DO UPDATE SET v = EXCLUDED.v;
SELECT k, v FROM kv ORDER BY k;

-- case: on_conflict_distinct_keys_and_null_keys_ok
CREATE TABLE u (a int, b int, v int, UNIQUE (a, b));
INSERT INTO u VALUES (1, NULL, 1), (1, NULL, 2), (1, 2, 3), (2, 1, 4) ON CONFLICT (a, b) DO UPDATE SET v = EXCLUDED.v;
INSERT INTO u VALUES (1, 2, 30), (2, 2, 40) ON CONFLICT (a, b) DO UPDATE SET v = EXCLUDED.v;
SELECT a, b, v FROM u ORDER BY a, b NULLS FIRST, v;

-- case: on_conflict_do_nothing_duplicates_ok
INSERT INTO kv VALUES ('y', 1), ('y', 2) ON CONFLICT (k) DO NOTHING;
SELECT k, v FROM kv ORDER BY k;

-- case: insert_default_values
CREATE TABLE d (id serial PRIMARY KEY, t text DEFAULT 'x', n int);
INSERT INTO d DEFAULT VALUES;
INSERT INTO d DEFAULT VALUES RETURNING *;

-- case: insert_select_returning
CREATE TABLE c (k text, v int);
INSERT INTO c SELECT k, v * 10 FROM kv RETURNING *;

-- case: insert_returning_expression_alias
INSERT INTO kv (k, v) VALUES ('e', 5) RETURNING upper(k) AS uk, v + 1 AS v1, n;

-- case: update_from_join
CREATE TABLE delta (k text, d int);
INSERT INTO delta VALUES ('a', 100), ('b', 200);
UPDATE kv SET v = kv.v + delta.d FROM delta WHERE delta.k = kv.k;
SELECT k, v FROM kv ORDER BY k;

-- case: update_from_returning
CREATE TABLE delta (k text, d int);
INSERT INTO delta VALUES ('b', 5);
UPDATE kv SET v = delta.d FROM delta WHERE delta.k = kv.k RETURNING kv.k, kv.v, delta.d;

-- case: update_from_returning_alias_star_and_expressions
CREATE TABLE delta (k text, d int, note text);
INSERT INTO delta VALUES ('a', 100, 'x'), ('b', 200, NULL), ('q', 1, 'unused');
UPDATE kv AS t SET v = t.v + dl.d FROM delta dl WHERE dl.k = t.k RETURNING *;
UPDATE kv SET n = n + 1 FROM delta WHERE delta.k = kv.k AND delta.d > 150 RETURNING delta.d * 2 AS twice, coalesce(delta.note, 'none') AS note, kv.n;
SELECT k, v, n FROM kv ORDER BY k;

-- case: update_from_subquery_returning
UPDATE kv SET v = s.total FROM (SELECT 'a' AS k, 42 AS total) s WHERE s.k = kv.k RETURNING kv.k, s.total;

-- case: update_set_row
UPDATE kv SET (v, n) = (v * 2, 9) WHERE k = 'a';
SELECT k, v, n FROM kv ORDER BY k;

-- case: update_set_default
UPDATE kv SET n = DEFAULT, v = 3 WHERE k = 'b';
SELECT k, v, n FROM kv ORDER BY k;

-- case: update_returning_old_expression
UPDATE kv SET v = v + 1 RETURNING k, v;

-- case: delete_using
CREATE TABLE gone (k text);
INSERT INTO gone VALUES ('a');
DELETE FROM kv USING gone WHERE gone.k = kv.k;
SELECT k FROM kv;

-- case: delete_using_returning
CREATE TABLE gone (k text);
INSERT INTO gone VALUES ('b');
DELETE FROM kv USING gone WHERE gone.k = kv.k RETURNING kv.*;

-- case: delete_returning_count_tag
DELETE FROM kv WHERE v > 0 RETURNING k;

-- case: delete_where_exists
CREATE TABLE gone (k text);
INSERT INTO gone VALUES ('a');
DELETE FROM kv WHERE EXISTS (SELECT 1 FROM gone WHERE gone.k = kv.k);
SELECT k FROM kv;

-- case: delete_using_returning_using_columns
CREATE TABLE gone (k text, why text);
INSERT INTO gone VALUES ('a', 'old'), ('zz', 'none');
DELETE FROM kv USING gone WHERE gone.k = kv.k RETURNING kv.k, kv.v, gone.why;
SELECT k FROM kv ORDER BY k;

-- case: delete_using_returning_star_alias
CREATE TABLE gone (k text, why text);
INSERT INTO gone VALUES ('b', 'dup');
DELETE FROM kv AS t USING gone g WHERE g.k = t.k AND g.why = 'dup' RETURNING *;
