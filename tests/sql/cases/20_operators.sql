-- LIKE/ILIKE/regex operators, IS DISTINCT FROM, BETWEEN, CASE, COALESCE, NULLIF, GREATEST, LEAST.

CREATE TABLE p (id int PRIMARY KEY, s text, x int);
INSERT INTO p VALUES (1, 'Apple', 5), (2, 'apricot', NULL), (3, 'Banana', 10), (4, 'a_b%c', 7), (5, NULL, 1);

-- case: like_case_sensitive
SELECT id FROM p WHERE s LIKE 'A%' ORDER BY id;

-- case: not_like
SELECT id FROM p WHERE s NOT LIKE '%an%' ORDER BY id;

-- case: ilike_and_not_ilike
SELECT id FROM p WHERE s ILIKE 'a%' ORDER BY id;
SELECT id FROM p WHERE s NOT ILIKE 'a%' ORDER BY id;

-- case: like_underscore_wildcard
SELECT id FROM p WHERE s LIKE '_pple' OR s LIKE 'B_n%' ORDER BY id;

-- case: like_escaped_wildcards
SELECT id FROM p WHERE s LIKE 'a\_b\%c';

-- case: like_custom_escape
SELECT id FROM p WHERE s LIKE 'a#_b%' ESCAPE '#';

-- case: like_operator_spelling
SELECT 'abc' ~~ 'a%', 'abc' ~~* 'A%', 'abc' !~~ 'a%', 'abc' !~~* 'B%';

-- case: regex_operators
SELECT id, s ~ '^[A-Z]', s ~* '^a', s !~ 'an', s !~* 'AN' FROM p ORDER BY id;

-- case: regex_in_where
SELECT id FROM p WHERE s ~ 'a.a' ORDER BY id;

-- case: is_distinct_from_columns
SELECT id, x IS DISTINCT FROM 5, x IS NOT DISTINCT FROM NULL FROM p ORDER BY id;

-- case: is_distinct_from_literals
SELECT NULL IS DISTINCT FROM NULL, 1 IS DISTINCT FROM NULL, 'a' IS NOT DISTINCT FROM 'a';

-- case: between_symmetric
SELECT id FROM p WHERE x BETWEEN SYMMETRIC 8 AND 4 ORDER BY id;

-- case: between_asymmetric_reversed_empty
SELECT id FROM p WHERE x BETWEEN 8 AND 4;

-- case: not_between
SELECT id FROM p WHERE x NOT BETWEEN 5 AND 7 ORDER BY id;

-- case: case_with_null_branch
SELECT id, CASE WHEN x IS NULL THEN 'none' WHEN x > 6 THEN 'big' ELSE 'small' END FROM p ORDER BY id;

-- case: case_simple_form_with_null
SELECT id, CASE x WHEN 5 THEN 'five' WHEN 10 THEN 'ten' END FROM p ORDER BY id;

-- case: case_result_type_numeric
SELECT CASE WHEN true THEN 1 ELSE 2.5 END AS v;

-- case: coalesce_multiple
SELECT id, coalesce(s, 'none'), coalesce(x, -1), coalesce(NULL, NULL, 3) FROM p ORDER BY id;

-- case: nullif_columns
SELECT id, nullif(x, 5), nullif(s, 'Apple') FROM p ORDER BY id;

-- case: greatest_least_with_nulls
SELECT greatest(1, NULL, 3), least(1, NULL, 3), greatest(NULL::int, NULL), least('b', 'a', 'c');

-- case: greatest_least_mixed_numeric
SELECT greatest(1, 2.5), least(2, 1.5, 3), greatest(x, 6) FROM p WHERE id = 1;

-- case: row_comparison
SELECT (1, 2) < (1, 3), (1, 2) = (1, 2), (2, 'a') > (1, 'z'), ROW(1, NULL) = ROW(1, 2);

-- case: in_list_with_expressions
SELECT id FROM p WHERE x IN (1 + 4, 10, NULL) ORDER BY id;

-- case: boolean_is_true_is_unknown
SELECT id, (x > 5) IS TRUE, (x > 5) IS NOT FALSE, (x > 5) IS UNKNOWN FROM p ORDER BY id;

-- case: string_comparison_byte_order
SELECT 'Z' < 'a', 'apple' < 'Apple', 'abc' < 'abd';

-- case: similar_to
SELECT 'abc' SIMILAR TO 'a%', 'abc' SIMILAR TO '(a|b)c', 'bc' SIMILAR TO '(a|b)c';
