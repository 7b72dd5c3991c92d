-- ALTER TABLE variants, sequences, enums, TRUNCATE.

CREATE TABLE t (id int PRIMARY KEY, name text, qty int);
INSERT INTO t VALUES (1, 'a', 5), (2, 'b', NULL);

-- case: alter_add_column_with_default
ALTER TABLE t ADD COLUMN flag boolean DEFAULT true;
SELECT id, flag FROM t ORDER BY id;

-- case: alter_add_column_if_not_exists
ALTER TABLE t ADD COLUMN IF NOT EXISTS name text;
SELECT id, name FROM t ORDER BY id;

-- case: alter_drop_column
ALTER TABLE t DROP COLUMN qty;
SELECT * FROM t ORDER BY id;

-- case: alter_drop_column_if_exists_missing
ALTER TABLE t DROP COLUMN IF EXISTS nope;
SELECT count(*) FROM t;

-- case: alter_drop_unknown_column_42703
ALTER TABLE t DROP COLUMN nope;

-- case: alter_set_default
ALTER TABLE t ALTER COLUMN qty SET DEFAULT 42;
INSERT INTO t (id, name) VALUES (3, 'c');
SELECT id, qty FROM t ORDER BY id;

-- case: alter_drop_default
CREATE TABLE d (id int, v int DEFAULT 7);
ALTER TABLE d ALTER COLUMN v DROP DEFAULT;
INSERT INTO d (id) VALUES (1);
SELECT id, v FROM d;

-- case: alter_set_not_null_fails_on_null
ALTER TABLE t ALTER COLUMN qty SET NOT NULL;

-- case: alter_set_not_null_then_insert_null
ALTER TABLE t ALTER COLUMN name SET NOT NULL;
INSERT INTO t VALUES (3, NULL, 1);

-- case: alter_drop_not_null
CREATE TABLE n (id int, v int NOT NULL);
ALTER TABLE n ALTER COLUMN v DROP NOT NULL;
INSERT INTO n VALUES (1, NULL);
SELECT id, v FROM n;

-- case: alter_column_type_int_to_bigint
ALTER TABLE t ALTER COLUMN qty TYPE bigint;
SELECT id, qty, pg_typeof(qty) FROM t ORDER BY id;

-- case: alter_column_type_text_to_int_using
CREATE TABLE s (id int, v text);
INSERT INTO s VALUES (1, '10'), (2, '20');
ALTER TABLE s ALTER COLUMN v TYPE int USING v::int;
SELECT id, v + 1 FROM s ORDER BY id;

-- case: alter_add_check_constraint
ALTER TABLE t ADD CONSTRAINT qty_positive CHECK (qty > 0);
INSERT INTO t VALUES (3, 'c', -1);

-- case: alter_add_check_constraint_violated_by_rows
INSERT INTO t VALUES (3, 'c', -1);
ALTER TABLE t ADD CONSTRAINT qty_positive CHECK (qty > 0);

-- case: alter_add_unique_constraint
ALTER TABLE t ADD CONSTRAINT t_name_uq UNIQUE (name);
INSERT INTO t VALUES (3, 'a', 1);

-- case: alter_drop_constraint
CREATE TABLE c (id int, v int CONSTRAINT v_pos CHECK (v > 0));
ALTER TABLE c DROP CONSTRAINT v_pos;
INSERT INTO c VALUES (1, -5);
SELECT v FROM c;

-- case: alter_drop_table_check_constraint_keeps_others
CREATE TABLE c (id int, lo int NOT NULL CHECK (lo >= 0), hi int, CONSTRAINT c_range CHECK (lo <= hi));
INSERT INTO c VALUES (1, 1, 2);
ALTER TABLE c DROP CONSTRAINT c_range;
INSERT INTO c VALUES (2, 5, 1);
INSERT INTO c VALUES (3, -1, 1);
INSERT INTO c VALUES (4, NULL, 1);
SELECT id, lo, hi FROM c ORDER BY id;
SELECT conname FROM pg_constraint WHERE conrelid = 'c'::regclass ORDER BY conname;

-- case: alter_drop_added_check_constraint
ALTER TABLE t ADD CONSTRAINT qty_positive CHECK (qty > 0);
INSERT INTO t VALUES (3, 'c', -1);
ALTER TABLE t DROP CONSTRAINT qty_positive;
INSERT INTO t VALUES (3, 'c', -1);
SELECT id, qty FROM t ORDER BY id;

-- case: alter_drop_constraint_missing
ALTER TABLE t DROP CONSTRAINT nosuch;
ALTER TABLE t DROP CONSTRAINT IF EXISTS nosuch;
SELECT count(*) FROM t;

-- case: alter_drop_constraint_twice_in_transaction
CREATE TABLE c (v int CONSTRAINT v_pos CHECK (v > 0));
BEGIN;
ALTER TABLE c DROP CONSTRAINT v_pos;
ALTER TABLE c DROP CONSTRAINT v_pos;
ROLLBACK;
INSERT INTO c VALUES (-1);

-- case: alter_add_foreign_key
CREATE TABLE child (id int, parent_id int);
ALTER TABLE child ADD CONSTRAINT child_parent_fk FOREIGN KEY (parent_id) REFERENCES t (id);
INSERT INTO child VALUES (1, 1);
INSERT INTO child VALUES (2, 99);

-- case: alter_add_primary_key
CREATE TABLE p (id int, v text);
INSERT INTO p VALUES (1, 'x');
ALTER TABLE p ADD PRIMARY KEY (id);
INSERT INTO p VALUES (1, 'y');

-- case: alter_rename_column_and_table
ALTER TABLE t RENAME COLUMN qty TO quantity;
ALTER TABLE t RENAME TO items;
SELECT id, quantity FROM items ORDER BY id;

-- case: sequence_nextval_currval
CREATE SEQUENCE s;
SELECT nextval('s'), nextval('s');
SELECT currval('s');

-- case: sequence_currval_before_nextval_55000
CREATE SEQUENCE s;
SELECT currval('s');
SELECT lastval();
SELECT nextval('s');
SELECT currval('s'), lastval();

-- case: sequence_currval_after_setval_false_55000
CREATE SEQUENCE s;
SELECT setval('s', 7, false);
SELECT currval('s');
SELECT nextval('s');
SELECT currval('s');

-- case: alter_sequence_restart_increment_bounds
CREATE SEQUENCE s;
SELECT nextval('s');
ALTER SEQUENCE s RESTART WITH 10;
SELECT nextval('s');
ALTER SEQUENCE s INCREMENT BY 5;
SELECT nextval('s');
ALTER SEQUENCE s MAXVALUE 20;
SELECT nextval('s');
SELECT nextval('s');
ALTER SEQUENCE s CYCLE;
SELECT nextval('s');
ALTER SEQUENCE s START WITH 3 RESTART;
SELECT nextval('s'), currval('s');
ALTER SEQUENCE s RESTART;
SELECT nextval('s');
SELECT seqstart, seqincrement, seqmax, seqmin, seqcycle FROM pg_sequence WHERE seqrelid = 's'::regclass;

-- case: alter_sequence_errors
CREATE SEQUENCE s MAXVALUE 20;
ALTER SEQUENCE s MINVALUE 30;
ALTER SEQUENCE s RESTART WITH 0;
ALTER SEQUENCE s RESTART WITH 21;
ALTER SEQUENCE s START WITH 25;
ALTER SEQUENCE s INCREMENT BY 0;
ALTER SEQUENCE nosuch RESTART;
ALTER SEQUENCE IF EXISTS nosuch RESTART;
ALTER SEQUENCE t RESTART;
ALTER SEQUENCE s OWNED BY t.nosuch;
ALTER SEQUENCE s OWNED BY nosuch.id;
SELECT nextval('s');

-- case: alter_sequence_owned_by_and_negative
CREATE SEQUENCE s INCREMENT BY -1 MINVALUE -5 MAXVALUE -1;
SELECT nextval('s'), nextval('s');
ALTER SEQUENCE s RESTART WITH -4 OWNED BY t.id;
SELECT nextval('s');
ALTER SEQUENCE s OWNED BY NONE;
ALTER SEQUENCE s NO MINVALUE;
SELECT seqmin FROM pg_sequence WHERE seqrelid = 's'::regclass;

-- case: alter_sequence_in_rolled_back_transaction
CREATE SEQUENCE s;
BEGIN;
ALTER SEQUENCE s INCREMENT BY 10;
ROLLBACK;
SELECT nextval('s'), nextval('s');

-- case: alter_serial_sequence_restart
CREATE TABLE ser (id serial PRIMARY KEY, v text);
INSERT INTO ser (v) VALUES ('a');
ALTER SEQUENCE ser_id_seq RESTART WITH 100;
INSERT INTO ser (v) VALUES ('b');
SELECT id, v FROM ser ORDER BY id;

-- case: sequence_setval
CREATE SEQUENCE s;
SELECT setval('s', 100);
SELECT nextval('s');
SELECT setval('s', 5, false);
SELECT nextval('s');

-- case: sequence_start_increment
CREATE SEQUENCE s START WITH 10 INCREMENT BY 5;
SELECT nextval('s'), nextval('s'), nextval('s');

-- case: sequence_unknown_42P01
SELECT nextval('nope');

-- case: sequence_as_default
CREATE SEQUENCE s START 100;
CREATE TABLE q (id int DEFAULT nextval('s'), v text);
INSERT INTO q (v) VALUES ('a'), ('b');
SELECT id, v FROM q ORDER BY id;

-- case: sequence_max_reached_2200H
CREATE SEQUENCE s MAXVALUE 2;
SELECT nextval('s');
SELECT nextval('s');
SELECT nextval('s');

-- case: sequence_drop_if_exists
CREATE SEQUENCE s;
DROP SEQUENCE s;
DROP SEQUENCE IF EXISTS s;
SELECT nextval('s');

-- case: serial_currval_after_insert
CREATE TABLE ser (id serial PRIMARY KEY, v text);
INSERT INTO ser (v) VALUES ('a'), ('b');
SELECT currval('ser_id_seq');

-- case: enum_insert_and_order
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE m (id int, feel mood);
INSERT INTO m VALUES (1, 'happy'), (2, 'sad'), (3, 'ok');
SELECT id, feel::text FROM m ORDER BY feel;

-- case: enum_invalid_label_22P02
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE m (id int, feel mood);
INSERT INTO m VALUES (1, 'angry');

-- case: enum_compare
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE m (id int, feel mood);
INSERT INTO m VALUES (1, 'happy'), (2, 'sad'), (3, 'ok');
SELECT id FROM m WHERE feel > 'sad' ORDER BY id;

-- case: enum_cast_to_text
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
SELECT 'ok'::mood::text AS t, 'happy'::mood::text AS m, 'ok'::mood < 'happy'::mood AS lt;

-- case: truncate_restart_identity
CREATE TABLE r (id serial PRIMARY KEY, v text);
INSERT INTO r (v) VALUES ('a'), ('b');
TRUNCATE r RESTART IDENTITY;
INSERT INTO r (v) VALUES ('c') RETURNING id;

-- case: truncate_continue_identity
CREATE TABLE r (id serial PRIMARY KEY, v text);
INSERT INTO r (v) VALUES ('a'), ('b');
TRUNCATE TABLE r;
INSERT INTO r (v) VALUES ('c') RETURNING id;

-- case: truncate_two_tables
CREATE TABLE x (a int);
CREATE TABLE y (b int);
INSERT INTO x VALUES (1);
INSERT INTO y VALUES (2);
TRUNCATE x, y;
SELECT (SELECT count(*) FROM x) + (SELECT count(*) FROM y) AS n;

-- case: enum_add_value_seen_by_repeated_statement
CREATE TYPE mood AS ENUM ('sad', 'happy');
SELECT 'ok'::mood::text;
ALTER TYPE mood ADD VALUE 'ok' BEFORE 'happy';
SELECT 'ok'::mood::text;
SELECT 'ok'::mood < 'happy'::mood;

-- case: alter_sequence_seen_by_repeated_statement
CREATE SEQUENCE s;
SELECT nextval('s');
ALTER SEQUENCE s INCREMENT BY 100;
SELECT nextval('s');

-- case: serial_lastval_after_insert
CREATE TABLE ser (id serial PRIMARY KEY, v text);
SELECT currval('ser_id_seq');
INSERT INTO ser (v) VALUES ('a'), ('b');
SELECT lastval(), currval('ser_id_seq');
INSERT INTO ser DEFAULT VALUES RETURNING id;
SELECT lastval();
CREATE SEQUENCE s;
SELECT nextval('s');
SELECT lastval(), currval('ser_id_seq');
INSERT INTO ser (v) SELECT 'x' FROM ser WHERE false;
SELECT lastval();
