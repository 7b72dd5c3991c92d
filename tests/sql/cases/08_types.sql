-- How values of each type are rendered as text, and which type OID comes back.

-- case: bool_rendering
CREATE TABLE t (b boolean);
INSERT INTO t VALUES (true), (false), (NULL);
SELECT b FROM t;
SELECT true, false;

-- case: smallint_integer_bigint
CREATE TABLE t (a smallint, b integer, c bigint);
INSERT INTO t VALUES (-32768, -2147483648, -9223372036854775808), (32767, 2147483647, 9223372036854775807);
SELECT * FROM t ORDER BY a;

-- case: numeric_scale_kept
-- divergence: a numeric column without a typmod keeps its value but not its display scale (1.50 comes back as 1.5): litewire stores numeric as SQLite INTEGER/REAL (protocol/README.md, storage contract), which has no room for the scale
CREATE TABLE t (n numeric(10,2), m numeric);
INSERT INTO t VALUES (1, 1), (1.5, 1.50), (0.1, 0.100), (-3, -3.000);
SELECT n, m FROM t ORDER BY n;

-- case: numeric_arithmetic_scale
SELECT 1.10 + 2.205, 1.5 * 2.25, 0.1 + 0.2, 100.00 - 0.5;

-- case: numeric_large
SELECT 123456789012345678901234567890.123::numeric, 1e20::numeric;

-- case: float8_rendering
SELECT 0.1::float8 + 0.2::float8, 1e100::float8, 1.0::float8, -0.0::float8, 123456789.125::float8;

-- case: float8_special_values
SELECT 'NaN'::float8, 'Infinity'::float8, '-Infinity'::float8;

-- case: float4_rendering
SELECT 0.1::real, 1.5::float4, 3.14159265::real;

-- case: float8_column
CREATE TABLE t (f float8);
INSERT INTO t VALUES (1.5), (0.1), (1e-7), (12345678901234567);
SELECT f FROM t ORDER BY f;

-- case: text_varchar_char
CREATE TABLE t (a text, b varchar(5), c char(5));
INSERT INTO t VALUES ('x', 'y', 'z');
SELECT a, b, c, length(c), c || '|' FROM t;

-- case: bytea_hex
SELECT '\x0102ff'::bytea, 'abc'::bytea, ''::bytea;

-- case: bytea_column
CREATE TABLE t (b bytea);
INSERT INTO t VALUES ('\xdeadbeef'), ('hello');
SELECT b, length(b) FROM t ORDER BY b;

-- case: date_rendering
SELECT '2024-05-01'::date, DATE '1999-12-31', '2024-02-29'::date + 1;

-- case: date_arithmetic
SELECT '2024-03-01'::date - '2024-02-01'::date, '2024-01-31'::date + 30, '2024-01-31'::date - 1;

-- case: date_column
CREATE TABLE t (d date);
INSERT INTO t VALUES ('2024-05-01'), ('2000-01-01');
SELECT d FROM t ORDER BY d;

-- case: timestamp_rendering
SELECT '2024-05-01 12:34:56'::timestamp, '2024-05-01 12:34:56.5'::timestamp, '2024-05-01'::timestamp;

-- case: timestamp_microseconds
SELECT '2024-05-01 12:34:56.123456'::timestamp, '2024-05-01 00:00:00.000100'::timestamp;

-- case: timestamptz_rendering_utc
SELECT '2024-05-01 12:34:56+00'::timestamptz, '2024-05-01 12:34:56.5+02'::timestamptz;

-- case: timestamptz_session_time_zone
SET TIME ZONE 'Europe/Paris';
SELECT '2024-05-01 12:00:00+00'::timestamptz, '2024-01-01 12:00:00+00'::timestamptz;

-- case: timestamp_column
CREATE TABLE t (ts timestamp, tz timestamptz);
INSERT INTO t VALUES ('2024-05-01 10:00:00', '2024-05-01 10:00:00+00');
SELECT ts, tz, ts + interval '1 hour', tz - interval '1 day' FROM t;

-- case: interval_rendering
SELECT interval '1 day', interval '2 hours 30 minutes', interval '1 year 2 months', interval '-1 day', interval '36 hours';

-- case: interval_arithmetic
SELECT '2024-05-01 12:00'::timestamp - '2024-04-30 10:30'::timestamp, interval '1 hour' * 3;

-- case: extract_and_date_trunc
SELECT extract(year FROM DATE '2024-05-01'), date_part('month', TIMESTAMP '2024-05-01 12:00'), date_trunc('month', TIMESTAMP '2024-05-17 12:00');

-- case: time_rendering
SELECT '12:34:56'::time, '23:59:59.999'::time;

-- case: uuid_rendering
SELECT 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'::uuid, '{a0eebc99-9c0b4ef8-bb6d6bb9-bd380a11}'::uuid;

-- case: uuid_column
CREATE TABLE t (id uuid PRIMARY KEY);
INSERT INTO t VALUES ('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11');
SELECT id FROM t WHERE id = 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11';

-- case: json_rendering_kept_verbatim
SELECT '{"b": 1,  "a": [1, 2]}'::json;

-- case: jsonb_rendering_normalized
SELECT '{"b": 1,  "a": [1, 2], "a": 3}'::jsonb, '[1, "x", null, true]'::jsonb;

-- case: json_operators
SELECT '{"a": {"b": 5}}'::jsonb -> 'a', '{"a": {"b": 5}}'::jsonb -> 'a' ->> 'b', '[10, 20]'::jsonb -> 1, '{"a": "x"}'::json ->> 'a';

-- case: jsonb_column
CREATE TABLE t (id int, doc jsonb);
INSERT INTO t VALUES (1, '{"k": "v", "n": 2}'), (2, '{"k": "w"}');
SELECT id, doc ->> 'k' AS k, doc -> 'n' AS n FROM t ORDER BY id;

-- case: array_rendering
SELECT ARRAY[1, 2, 3], ARRAY['a', 'b c', NULL], '{1,2}'::int[], ARRAY[]::text[];

-- case: array_subscript_and_length
SELECT (ARRAY[10, 20, 30])[2], array_length(ARRAY[1, 2, 3], 1), cardinality(ARRAY[1, 2]);

-- case: array_any
SELECT 2 = ANY(ARRAY[1, 2, 3]), 5 = ANY('{1,2}'::int[]);

-- case: array_column
CREATE TABLE t (tags text[]);
INSERT INTO t VALUES ('{a,b}'), (ARRAY['c']);
SELECT tags, tags[1] FROM t ORDER BY tags[1];

-- case: null_rendering_each_type
SELECT NULL::int, NULL::text, NULL::boolean, NULL::date, NULL::numeric, NULL::jsonb;

-- case: pg_typeof
SELECT pg_typeof(1), pg_typeof(1.5), pg_typeof('a'::text), pg_typeof(now()), pg_typeof(1::bigint + 1);

-- case: unknown_literal_type
SELECT 'hello';
