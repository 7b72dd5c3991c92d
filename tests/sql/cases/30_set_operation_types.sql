-- The column types of UNION / INTERSECT / EXCEPT (PostgreSQL's select_common_type): untyped
-- literals and NULL take the other side's type, numeric inputs are promoted, string types
-- resolve to text, and inputs of different type categories are 42804.

CREATE TABLE so (i int, b bigint, n numeric(6,2), t text, vc varchar(5), d date, ts timestamp, ok boolean);
INSERT INTO so VALUES (1, 10, 1.50, 'x', 'v', '2024-01-02', '2024-01-02 03:04:05', true);

-- case: set_operation_mismatched_categories
SELECT 1 EXCEPT SELECT 'x'::text;
SELECT 1 UNION SELECT 'x'::text;
SELECT 1 INTERSECT SELECT 'x'::text;
SELECT 'x'::text UNION ALL SELECT 1;
SELECT i FROM so UNION SELECT t FROM so;
SELECT ok FROM so UNION SELECT i FROM so;
SELECT d FROM so EXCEPT SELECT i FROM so;
SELECT 1, 'a'::text UNION SELECT 2, 3;
SELECT 1 UNION SELECT 2 UNION SELECT 'x'::text;
SELECT i FROM so INTERSECT ALL SELECT t FROM so;
SELECT i FROM so EXCEPT ALL SELECT ok FROM so;

-- case: set_operation_numeric_promotion
SELECT 1 UNION SELECT 2.5 ORDER BY 1;
SELECT 2.5 UNION SELECT 1 ORDER BY 1;
SELECT i FROM so UNION ALL SELECT b FROM so ORDER BY 1;
SELECT b FROM so UNION SELECT 2.25;
SELECT 1::smallint UNION SELECT 2 ORDER BY 1;
SELECT 1 UNION SELECT 1.5::float8 ORDER BY 1;
SELECT i FROM so EXCEPT SELECT 2.0;

-- case: set_operation_unknown_literals
SELECT NULL UNION SELECT 1;
SELECT 1 UNION SELECT NULL ORDER BY 1;
SELECT 'a' UNION SELECT 'b' ORDER BY 1;
SELECT NULL UNION SELECT NULL;
SELECT 'a' UNION ALL SELECT t FROM so ORDER BY 1;
SELECT NULL, 'x' UNION SELECT 1, t FROM so;

-- case: set_operation_same_category
SELECT t FROM so UNION SELECT vc FROM so ORDER BY 1;
SELECT vc FROM so UNION SELECT vc FROM so;
SELECT d FROM so UNION SELECT ts FROM so ORDER BY 1;
SELECT n FROM so UNION SELECT n FROM so;
SELECT ok FROM so UNION SELECT false ORDER BY 1;
SELECT 'a'::varchar UNION SELECT 'b'::bpchar;
SELECT 'a'::bpchar UNION SELECT 'b'::varchar;
SELECT 'a'::name UNION SELECT 'b'::varchar;
SELECT 'a'::name UNION SELECT 'b'::bpchar;
SELECT 'a'::bpchar UNION SELECT 'b'::name;
SELECT 'a'::name UNION SELECT 'b'::text;
SELECT 'a'::varchar(3) UNION SELECT 'b'::varchar(5);
SELECT vc FROM so UNION SELECT t FROM so ORDER BY 1;
SELECT 1::oid UNION SELECT 2 ORDER BY 1;

-- case: set_operation_values_and_subquery_arms
SELECT 1 UNION VALUES (NULL);
VALUES (1) UNION SELECT NULL;
SELECT 1 UNION SELECT 'a';
SELECT * FROM (SELECT NULL) s UNION SELECT 1;
SELECT * FROM (SELECT 1 AS a) s UNION SELECT NULL;
