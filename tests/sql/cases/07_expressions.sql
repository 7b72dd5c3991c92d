-- Operators, functions, casts and conditional expressions.

-- case: integer_division_truncates
SELECT 7 / 2, -7 / 2, 7 % 3, -7 % 3;

-- case: numeric_division
SELECT 7.0 / 2, 1 / 3.0, 10::numeric / 4;

-- case: float_division
SELECT 7::float8 / 2, 1::float8 / 3;

-- case: arithmetic_precedence
SELECT 2 + 3 * 4, (2 + 3) * 4, 2 ^ 10, -2 * -3;

-- case: integer_literal_types
SELECT 1, 2147483647, 2147483648, 9223372036854775807, 1.5, 1e3;

-- case: bigint_arithmetic
SELECT 9223372036854775806 + 1, 4000000000 * 2;

-- case: string_concatenation
SELECT 'a' || 'b', 'n' || 1, 1 || 'n', 'x' || NULL;

-- case: concat_function_skips_null
SELECT concat('a', NULL, 'b', 1), concat_ws('-', 'a', NULL, 'c');

-- case: string_functions
SELECT upper('abc'), lower('ABC'), length('hello'), substr('hello', 2, 3), trim('  x  '), replace('aXbX', 'X', '-');

-- case: string_functions_more
SELECT left('hello', 2), right('hello', 3), position('l' IN 'hello'), reverse('abc'), repeat('ab', 3), lpad('7', 3, '0');

-- case: case_searched
SELECT x, CASE WHEN x < 0 THEN 'neg' WHEN x = 0 THEN 'zero' ELSE 'pos' END FROM (VALUES (-1), (0), (5)) v(x) ORDER BY x;

-- case: case_simple_and_no_else
SELECT x, CASE x WHEN 1 THEN 'one' WHEN 2 THEN 'two' END AS name FROM (VALUES (1), (2), (3)) v(x) ORDER BY x;

-- case: coalesce
SELECT coalesce(NULL, NULL, 3), coalesce(NULL, 'x'), coalesce(1, 2);

-- case: nullif
SELECT nullif(1, 1), nullif(1, 2), nullif('a', 'b');

-- case: greatest_least
SELECT greatest(1, 5, 3), least(4, 2, 8), greatest('a', 'c', 'b'), greatest(1, NULL, 2);

-- case: boolean_logic_with_null
SELECT true AND NULL, false AND NULL, true OR NULL, NOT NULL::boolean, NULL IS NULL;

-- case: comparison_operators
SELECT 1 < 2, 2 <= 2, 3 <> 3, 3 != 4, 'a' < 'b', 'B' < 'a';

-- case: is_distinct_from
SELECT 1 IS DISTINCT FROM NULL, NULL IS DISTINCT FROM NULL, 1 IS NOT DISTINCT FROM 1;

-- case: cast_text_to_int
SELECT '42'::int, CAST('7' AS bigint), ' 12 '::int;

-- case: cast_int_to_text
SELECT 42::text, (1 + 1)::varchar;

-- case: cast_numeric_to_int_rounds
SELECT 2.5::int, 3.5::int, -2.5::int, 2.4::int;

-- case: cast_float_to_int_rounds_half_even
SELECT 2.5::float8::int, 3.5::float8::int, -0.5::float8::int;

-- case: cast_to_boolean
SELECT 'yes'::boolean, 'f'::boolean, 'on'::boolean, '0'::boolean, 1::boolean;

-- case: cast_bool_to_text
SELECT true::text, false::text;

-- case: cast_text_to_numeric
SELECT '1.2300'::numeric, '1.2300'::numeric(5,1), '-0.0'::numeric;

-- case: math_functions
SELECT abs(-3), round(2.567, 2), round(2.5), ceil(1.2), floor(-1.2), trunc(9.99), mod(10, 3), sqrt(16::float8), power(2, 8);

-- case: round_half_numeric_vs_float
SELECT round(0.5), round(1.5), round(2.5), round(0.5::float8), round(2.5::float8);

-- case: like_escape_and_case
SELECT 'a_c' LIKE 'a\_c', 'abc' LIKE 'a\_c', 'ABC' LIKE 'abc', 'ABC' ILIKE 'abc';

-- case: regexp_match_operator
SELECT 'hello' ~ '^h.*o$', 'hello' ~* 'HEL', 'hello' !~ 'z';

-- case: in_with_null
SELECT 1 IN (1, NULL), 2 IN (1, NULL), 2 NOT IN (1, NULL);

-- case: string_with_quotes
SELECT 'it''s', E'tab\there', $$dollar 'quoted'$$;

-- case: unicode_text
SELECT 'héllo wörld', length('héllo'), upper('straße');
