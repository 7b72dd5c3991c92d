-- CREATE/DROP SCHEMA of the namespaces litewire has (public, pg_catalog, information_schema)
-- and EXPLAIN. PostgreSQL's plan text cannot match SQLite's: EXPLAIN cases are divergences
-- (tests/unit/sqlite: translate_test and execute_test check the shape of litewire's answer).

CREATE TABLE t (id int PRIMARY KEY, v text);
INSERT INTO t VALUES (1, 'a'), (2, 'b');

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
