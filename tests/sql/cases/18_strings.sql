-- String functions.

CREATE TABLE s (id int PRIMARY KEY, v text);
INSERT INTO s VALUES (1, 'Hello World'), (2, '  padded  '), (3, 'a,b,,c'), (4, NULL);

-- case: lower_upper_length
SELECT id, lower(v), upper(v), length(v), char_length(v) FROM s ORDER BY id;

-- case: substring_forms
SELECT substring('abcdef', 2, 3), substring('abcdef' FROM 3), substring('abcdef' FROM 2 FOR 2), substr('abcdef', 4);

-- case: substring_edge_positions
SELECT substring('abcdef', 0, 3), substring('abcdef', -1, 4), substring('abcdef', 10);

-- case: position_strpos
SELECT position('lo' IN 'hello'), strpos('hello', 'l'), position('z' IN 'hello');

-- case: trim_variants
SELECT '[' || trim('  x  ') || ']', '[' || ltrim('  x  ') || ']', '[' || rtrim('  x  ') || ']', btrim('xxaxx', 'x');

-- case: trim_leading_trailing_from
SELECT trim(LEADING 'x' FROM 'xxaxx'), trim(TRAILING 'x' FROM 'xxaxx'), trim(BOTH 'x' FROM 'xxaxx');

-- case: split_part_fields
SELECT split_part(v, ',', 1), split_part(v, ',', 3), split_part(v, ',', 4), split_part(v, ',', 9) FROM s WHERE id = 3;

-- case: replace_function
SELECT replace('banana', 'an', 'AN'), replace('abc', '', 'x'), replace(v, 'o', '0') FROM s WHERE id = 1;

-- case: concat_and_concat_ws
SELECT concat('a', 1, NULL, true), concat_ws('-', 'a', NULL, 'b', 2), concat_ws(',', v, 'x') FROM s WHERE id = 4;

-- case: left_right
SELECT left('abcdef', 2), right('abcdef', 2), left('abcdef', -2), right('abcdef', -2);

-- case: lpad_rpad
SELECT lpad('7', 3, '0'), rpad('ab', 5, 'xy'), lpad('abcdef', 3), rpad('a', 3);

-- case: repeat_reverse
SELECT repeat('ab', 3), repeat('x', 0), reverse('abc'), reverse('');

-- case: initcap_function
SELECT initcap('hello wORLD foo-bar'), initcap(v) FROM s WHERE id = 1;

-- case: md5_function
SELECT md5('abc'), md5('');

-- case: starts_with_function
SELECT starts_with('alphabet', 'alph'), starts_with('alphabet', 'beta');

-- case: string_agg_with_separator_order
SELECT string_agg(v, '|' ORDER BY id DESC) FROM s WHERE v IS NOT NULL;

-- case: string_agg_grouped
CREATE TABLE w (g int, x text);
INSERT INTO w VALUES (1, 'b'), (1, 'a'), (2, 'c');
SELECT g, string_agg(x, ',' ORDER BY x) FROM w GROUP BY g ORDER BY g;

-- case: string_agg_empty_is_null
SELECT string_agg(v, ',') IS NULL AS empty FROM s WHERE id > 100;

-- case: string_functions_on_null
SELECT upper(NULL::text), length(NULL::text), left(NULL::text, 1), lpad(NULL::text, 3, 'x');

-- case: length_of_multibyte
SELECT length('héllo'), octet_length('héllo'), upper('héllo');

-- case: concat_operator_with_number
SELECT 'n=' || 5, 1 || '2', 'x' || NULL IS NULL;

-- case: chr_ascii_translate
SELECT chr(65), ascii('A'), translate('hello', 'el', 'ip');
