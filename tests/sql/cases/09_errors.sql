-- Errors: only the SQLSTATE is compared, never the message text.

CREATE TABLE parent (id int PRIMARY KEY);
CREATE TABLE t (
  id int PRIMARY KEY,
  name varchar(5) NOT NULL,
  n smallint CHECK (n >= 0),
  parent_id int REFERENCES parent (id)
);
INSERT INTO parent VALUES (1);

-- case: unique_violation_23505
INSERT INTO t (id, name) VALUES (1, 'a');
INSERT INTO t (id, name) VALUES (1, 'b');

-- case: not_null_violation_23502
INSERT INTO t (id, name) VALUES (1, NULL);

-- case: foreign_key_violation_23503
INSERT INTO t (id, name, parent_id) VALUES (1, 'a', 2);

-- case: check_violation_23514
INSERT INTO t (id, name, n) VALUES (1, 'a', -1);

-- case: undefined_table_42P01
SELECT * FROM missing_table;
INSERT INTO missing_table VALUES (1);

-- case: undefined_column_42703
SELECT missing_column FROM t;
INSERT INTO t (missing_column) VALUES (1);

-- case: syntax_error_42601
SELEC 1;
SELECT * FROM;
SELECT (1;

-- case: undefined_function_42883
SELECT no_such_function(1);

-- case: invalid_text_representation_22P02
SELECT 'abc'::int;
SELECT 'maybe'::boolean;
SELECT 'not-a-uuid'::uuid;

-- case: invalid_json_22P02
SELECT '{bad json'::jsonb;

-- case: invalid_datetime_22007_22008
SELECT 'not a date'::date;
SELECT '2024-02-30'::date;

-- case: division_by_zero_22012
SELECT 1 / 0;
SELECT 1.0 / 0;
SELECT 5 % 0;

-- case: numeric_value_out_of_range_22003
SELECT 2147483647 + 1;
SELECT 32768::smallint;
INSERT INTO t (id, name, n) VALUES (1, 'a', 40000);

-- case: string_too_long_22001
INSERT INTO t (id, name) VALUES (1, 'abcdef');

-- case: datatype_mismatch_42804
SELECT CASE WHEN true THEN 1 ELSE 'x'::text END;

-- case: undefined_operator_42883
SELECT 'a'::text + 1;

-- case: duplicate_table_42P07
CREATE TABLE t (a int);

-- case: duplicate_column_42701
CREATE TABLE u (a int, a text);

-- case: error_does_not_break_session
SELECT 1 / 0;
SELECT 'still working';

-- case: error_in_autocommit_rolls_back_statement
INSERT INTO t (id, name) VALUES (1, 'a'), (2, NULL);
SELECT count(*) FROM t;

-- case: cardinality_violation_21000
SELECT (SELECT id FROM parent UNION ALL SELECT 2);
