-- CREATE/DROP SCHEMA of the namespaces litewire has (public, pg_catalog, information_schema),
-- SQL-level PREPARE / EXECUTE / DEALLOCATE, and EXPLAIN. PostgreSQL's plan text cannot match SQLite's: EXPLAIN cases are divergences
-- (tests/unit/sqlite: translate_test and execute_test check the shape of litewire's answer).

CREATE TABLE t (id int PRIMARY KEY, v text);
INSERT INTO t VALUES (1, 'a'), (2, 'b');
CREATE TABLE pt (id int PRIMARY KEY, v text, n numeric(6,2));
INSERT INTO pt VALUES (1, 'a', 1.5), (2, 'b', NULL);

-- case: create_schema_public_exists
CREATE SCHEMA public;
CREATE SCHEMA IF NOT EXISTS public;
CREATE SCHEMA information_schema;

-- case: create_schema_reserved_prefix
CREATE SCHEMA pg_catalog;
CREATE SCHEMA pg_mine;
CREATE SCHEMA IF NOT EXISTS pg_catalog;

-- case: drop_schema_missing
DROP SCHEMA nosuch;
DROP SCHEMA IF EXISTS nosuch;
DROP SCHEMA IF EXISTS nosuch, other CASCADE;
SELECT count(*) FROM t;

-- case: create_schema_in_failed_transaction
BEGIN;
CREATE SCHEMA public;
SELECT 1;
ROLLBACK;

-- case: prepare_execute_select
PREPARE q (int) AS SELECT id, v FROM pt WHERE id = $1;
EXECUTE q(1);
EXECUTE q(2);
EXECUTE q('2');
EXECUTE q(3);
DEALLOCATE q;
EXECUTE q(1);

-- case: prepare_execute_insert_and_types
PREPARE ins (int, text, numeric) AS INSERT INTO pt VALUES ($1, $2, $3) RETURNING *;
EXECUTE ins(3, 'c', 2.345);
EXECUTE ins(4, NULL, -1);
EXECUTE ins(1, 'dup', 0);
SELECT id, v, n FROM pt ORDER BY id;

-- case: prepare_inferred_types
PREPARE u AS UPDATE pt SET v = $2 WHERE id = $1;
EXECUTE u(1, 'z');
SELECT v FROM pt WHERE id = 1;
PREPARE s2 AS SELECT $1::int + 1 AS x, $2 AS y;
EXECUTE s2(41, 'text');

-- case: prepare_errors
PREPARE bad AS SELECT * FROM nosuch;
PREPARE p1 AS SELECT 1;
PREPARE p1 AS SELECT 2;
EXECUTE p1(1);
EXECUTE nosuch;
PREPARE p2 (int) AS SELECT $1;
EXECUTE p2('x');
EXECUTE p2;
DEALLOCATE ALL;
EXECUTE p1;

-- case: prepare_in_transaction
BEGIN;
PREPARE d (int) AS DELETE FROM pt WHERE id = $1;
EXECUTE d(2);
ROLLBACK;
SELECT count(*) FROM pt;
EXECUTE d(2);

-- case: prepare_after_schema_change
PREPARE sel AS SELECT * FROM pt ORDER BY id;
EXECUTE sel;
ALTER TABLE pt ADD COLUMN extra int DEFAULT 7;
EXECUTE sel;

-- case: prepare_bool_and_date_args
CREATE TABLE e (b bool, d date);
PREPARE pe (bool, date) AS INSERT INTO e VALUES ($1, $2);
EXECUTE pe(true, '2024-02-29');
EXECUTE pe(false, '2024-01-01'::date);
SELECT b, d FROM e ORDER BY d;

-- case: explain_select
-- divergence: EXPLAIN answers with SQLite's query plan, whose text differs from PostgreSQL's
EXPLAIN SELECT * FROM t WHERE id = 1;

-- case: explain_options
-- divergence: EXPLAIN answers with SQLite's query plan, whose text differs from PostgreSQL's
EXPLAIN (VERBOSE, COSTS OFF) SELECT v FROM t ORDER BY v;

-- case: explain_dml_does_not_run
-- divergence: EXPLAIN answers with SQLite's query plan, whose text differs from PostgreSQL's
EXPLAIN DELETE FROM t;
SELECT count(*) FROM t;

-- case: explain_errors
EXPLAIN SELECT * FROM nosuch;
EXPLAIN (FORMAT TEXT, BOGUS) SELECT 1;
EXPLAIN SELECT nosuch FROM t;
