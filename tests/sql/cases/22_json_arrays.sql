-- json/jsonb operators and functions; arrays.

CREATE TABLE j (id int PRIMARY KEY, doc jsonb);
INSERT INTO j VALUES (1, '{"a": 1, "b": {"c": [10, 20, 30]}, "tags": ["x", "y"], "name": "one"}'),
  (2, '{"a": 2, "b": {"c": []}, "tags": ["z"], "flag": true}'),
  (3, '{"a": null}');

-- case: jsonb_arrow_operators
SELECT id, doc -> 'a', doc ->> 'a', doc -> 'name', doc ->> 'name' FROM j ORDER BY id;

-- case: jsonb_nested_arrow
SELECT id, doc -> 'b' -> 'c', doc -> 'b' -> 'c' -> 1, doc -> 'tags' ->> 0 FROM j ORDER BY id;

-- case: jsonb_path_operators
SELECT id, doc #> '{b,c}', doc #>> '{b,c,2}', doc #>> '{tags,0}' FROM j ORDER BY id;

-- case: jsonb_contains
SELECT id FROM j WHERE doc @> '{"a": 1}';
SELECT id FROM j WHERE doc @> '{"tags": ["z"]}';

-- case: jsonb_contained_by
SELECT '{"a": 1}'::jsonb <@ '{"a": 1, "b": 2}'::jsonb, '{"a": 3}'::jsonb <@ '{"a": 1}'::jsonb;

-- case: jsonb_key_exists
SELECT id FROM j WHERE doc ? 'flag';
SELECT id FROM j WHERE doc ? 'name' ORDER BY id;

-- case: jsonb_key_exists_any_all
SELECT id, doc ?| array['flag', 'name'], doc ?& array['a', 'tags'] FROM j ORDER BY id;

-- case: jsonb_where_on_text_value
SELECT id FROM j WHERE doc ->> 'name' = 'one';
SELECT id FROM j WHERE (doc ->> 'a')::int > 1;

-- case: jsonb_typeof_and_length
SELECT id, jsonb_typeof(doc -> 'a'), jsonb_array_length(doc -> 'tags') FROM j ORDER BY id;

-- case: jsonb_build_object_array
SELECT jsonb_build_object('k', 1, 'v', 'two', 'n', NULL), json_build_array(1, 'a', true, NULL), jsonb_build_array(1, 2);

-- case: json_build_object_keeps_order
SELECT json_build_object('z', 1, 'a', 2);

-- case: json_agg_jsonb_agg
SELECT json_agg(id ORDER BY id), jsonb_agg(doc -> 'a' ORDER BY id) FROM j;

-- case: jsonb_set_function
SELECT jsonb_set(doc, '{a}', '99') FROM j WHERE id = 1;
SELECT jsonb_set(doc, '{b,c,0}', '"first"') FROM j WHERE id = 1;

-- case: jsonb_array_elements_function
SELECT value FROM jsonb_array_elements('[1, "two", {"t": 3}]'::jsonb);

-- case: jsonb_array_elements_text_function
SELECT x FROM jsonb_array_elements_text('["a", "b"]'::jsonb) AS t(x) ORDER BY x;

-- case: jsonb_each_function
SELECT key, value FROM jsonb_each('{"x": 1, "y": [2]}'::jsonb) ORDER BY key;

-- case: jsonb_each_text_function
SELECT key, value FROM jsonb_each_text('{"x": 1, "y": "s"}'::jsonb) ORDER BY key;

-- case: jsonb_object_keys_function
SELECT jsonb_object_keys(doc) AS k FROM j WHERE id = 1 ORDER BY k;

-- case: to_jsonb_values
SELECT to_jsonb(1), to_jsonb('a'::text), to_jsonb(true), to_jsonb(2.50);

-- case: jsonb_concat_and_delete
SELECT '{"a": 1}'::jsonb || '{"b": 2}'::jsonb, '{"a": 1, "b": 2}'::jsonb - 'a', '[1, 2, 3]'::jsonb - 0;

-- case: jsonb_equality_normalized
SELECT '{"a": 1, "b": 2}'::jsonb = '{"b": 2, "a": 1}'::jsonb;

-- case: json_operators_on_json_type
SELECT '{"a": {"b": 5}}'::json -> 'a', '{"a": {"b": 5}}'::json #>> '{a,b}', '[1,2]'::json ->> 1;

-- case: array_constructor_types
SELECT ARRAY[1, 2, 3], ARRAY['a', 'b'], ARRAY[1.5, 2], ARRAY[true, false];

-- case: array_eq_any_column
CREATE TABLE t (id int, tags text[]);
INSERT INTO t VALUES (1, '{a,b}'), (2, ARRAY['c']), (3, '{}');
SELECT id FROM t WHERE 'a' = ANY (tags);
SELECT id FROM t WHERE NOT ('c' = ANY (tags)) ORDER BY id;

-- case: any_with_array_literal
SELECT 3 = ANY (ARRAY[1, 2, 3]), 5 = ANY ('{1,2}'::int[]), 2 <> ALL (ARRAY[1, 3]), 1 < ALL (ARRAY[2, 3]);

-- case: array_agg_grouped
CREATE TABLE t (g text, v int);
INSERT INTO t VALUES ('a', 2), ('a', 1), ('b', 3);
SELECT g, array_agg(v ORDER BY v) FROM t GROUP BY g ORDER BY g;

-- case: unnest_array
SELECT unnest(ARRAY[3, 1, 2]) AS v ORDER BY v;

-- case: unnest_in_from
SELECT x FROM unnest(ARRAY['b', 'a']) AS u(x) ORDER BY x;

-- case: unnest_column
CREATE TABLE t (id int, tags text[]);
INSERT INTO t VALUES (1, '{a,b}'), (2, '{c}');
SELECT id, unnest(tags) FROM t ORDER BY 1, 2;

-- case: srf_generate_series_per_row
CREATE TABLE t (id int, n int);
INSERT INTO t VALUES (1, 2), (2, 0), (3, 3);
SELECT id, generate_series(1, n) FROM t ORDER BY 1, 2;

-- case: srf_zip_pads_shorter_with_null
CREATE TABLE t (id int, a int[], n int);
INSERT INTO t VALUES (1, '{10,20}', 3), (2, '{}', 0), (3, NULL, 1);
SELECT id, unnest(a), generate_series(1, n) AS g FROM t ORDER BY id, g;

-- case: srf_unordered_rows_and_where
CREATE TABLE t (id int, a int[]);
INSERT INTO t VALUES (1, '{5,6}'), (2, '{7}'), (3, '{8,9}');
SELECT id, unnest(a) FROM t WHERE id <> 2;

-- case: srf_in_expression_order_limit
CREATE TABLE t (id int, a int[]);
INSERT INTO t VALUES (1, '{5,6,7}'), (2, '{1}');
SELECT id, unnest(a) * 10 AS x FROM t ORDER BY x DESC LIMIT 2;

-- case: srf_distinct
SELECT DISTINCT unnest(ARRAY[2, 1, 2, 3, 1]) AS v ORDER BY v;

-- case: srf_without_from_several
SELECT generate_series(1, 3) AS a, unnest(ARRAY['x', 'y']) AS b ORDER BY a;

-- case: grouped_srf_over_aggregate
CREATE TABLE t (g text, v int);
INSERT INTO t VALUES ('a', 2), ('a', 1), ('b', 3), ('c', NULL);
SELECT g, unnest(array_agg(v ORDER BY v)) AS x FROM t GROUP BY g ORDER BY g, x;

-- case: grouped_srf_generate_series_count
CREATE TABLE t (g text, v int);
INSERT INTO t VALUES ('a', 2), ('a', 1), ('b', 3), ('c', NULL);
SELECT g, count(*), generate_series(1, count(*)::int) FROM t GROUP BY g ORDER BY 1, 3;

-- case: grouped_srf_aggregate_no_group
CREATE TABLE t (g text, v int);
INSERT INTO t VALUES ('a', 2), ('a', 1), ('b', 3), ('c', NULL);
SELECT generate_series(1, max(v)) AS n, sum(v) AS total FROM t ORDER BY n;

-- case: grouped_srf_with_having_and_limit
CREATE TABLE t (g text, v int);
INSERT INTO t VALUES ('a', 2), ('a', 1), ('b', 3), ('c', NULL);
SELECT g AS grp, generate_series(1, 2) AS k FROM t GROUP BY g HAVING count(*) > 1 ORDER BY grp, k DESC LIMIT 3;

-- case: grouped_srf_with_window
CREATE TABLE t (g text, v int);
INSERT INTO t VALUES ('a', 2), ('a', 1), ('b', 3), ('c', NULL);
SELECT v, row_number() OVER (ORDER BY v) AS rn, generate_series(1, 2) AS k FROM t WHERE v IS NOT NULL ORDER BY v, k;

-- case: grouped_srf_distinct_over_group
CREATE TABLE t (g text, v int);
INSERT INTO t VALUES ('a', 2), ('a', 1), ('b', 3), ('c', NULL);
SELECT DISTINCT unnest(ARRAY[1, 1, 2]) AS u, count(*) FROM t ORDER BY u;

-- case: grouped_srf_grouped_unnamed_columns
CREATE TABLE t (g text, v int);
INSERT INTO t VALUES ('a', 2), ('a', 1), ('b', 3), ('c', NULL);
SELECT g, max(v), unnest(ARRAY['p', 'q']) FROM t GROUP BY g ORDER BY 1, 3;

-- case: regexp_matches_global_and_single
SELECT regexp_matches('aXbXc', '([a-z])X', 'g');
SELECT regexp_matches('aXbXc', '([a-z])X');
SELECT regexp_matches('abc', 'z');
SELECT regexp_matches('k1=v1, k2=v2', '(\w+)=(\w+)', 'g');

-- case: regexp_matches_per_row
CREATE TABLE t (s text);
INSERT INTO t VALUES ('aXbX'), ('none'), ('cX');
SELECT s, regexp_matches(s, '[a-z]X', 'g') FROM t ORDER BY 1, 2;

-- case: regexp_matches_flags
SELECT regexp_matches('AbA', 'a', 'gi');
SELECT regexp_matches('a.c abc', 'a.c', 'gq');
SELECT regexp_matches('abc', 'b', 'z');

-- case: regexp_matches_in_from
SELECT m FROM regexp_matches('x1y2', '[0-9]', 'g') AS m ORDER BY 1;

-- case: srf_in_case_error
SELECT CASE WHEN true THEN unnest(ARRAY[1]) END;

-- case: srf_in_coalesce_error
SELECT coalesce(unnest(ARRAY[1]), 0);

-- case: srf_in_aggregate_error
SELECT sum(unnest(ARRAY[1, 2]));

-- case: srf_in_where_error
CREATE TABLE t (a int[]);
SELECT 1 FROM t WHERE unnest(a) > 1;

-- case: array_functions
SELECT array_length(ARRAY[1, 2, 3], 1), cardinality(ARRAY[1, 2]), array_position(ARRAY['a', 'b'], 'b'), array_to_string(ARRAY[1, NULL, 3], ',', '*');

-- case: array_append_prepend_cat
SELECT array_append(ARRAY[1, 2], 3), array_prepend(0, ARRAY[1]), array_cat(ARRAY[1], ARRAY[2, 3]), ARRAY[1] || 2;

-- case: array_subscript_slice
SELECT (ARRAY[10, 20, 30])[2], (ARRAY[10, 20, 30])[5], (ARRAY[10, 20, 30])[2:3];

-- case: array_literal_bad_22P02
SELECT '{1,x}'::int[];

-- case: array_contains_overlap
SELECT ARRAY[1, 2, 3] @> ARRAY[2], ARRAY[1] <@ ARRAY[1, 2], ARRAY[1, 2] && ARRAY[2, 5];

-- case: string_to_array_function
SELECT string_to_array('a,b,c', ','), string_to_array('a b', ' ');

-- case: ordering_any_all_arrays
CREATE TABLE t (id int, xs int[], ds date[]);
INSERT INTO t VALUES (1, '{1,5,9}', '{2024-01-01,2024-06-01}'), (2, '{3,NULL}', '{}'), (3, NULL, NULL);
SELECT id, 4 < ANY (xs), 4 < ALL (xs), 0 < ALL (xs), 10 <= ANY (xs), date '2024-03-01' >= ALL (ds) FROM t ORDER BY id;
SELECT 'b' > ANY (ARRAY['a', 'c']), 'b' >= ALL (ARRAY['a', 'b']), 2.5 > ALL (ARRAY[1.5, 2.25]), 1 = ALL (ARRAY[1, 1]), 1 <> ANY (ARRAY[1, 2]);

-- case: json_typeof_each_kind
SELECT jsonb_typeof('1.5'), jsonb_typeof('"s"'), jsonb_typeof('false'), jsonb_typeof('null'), jsonb_typeof('{}'), jsonb_typeof('[]'), jsonb_typeof(NULL);
SELECT json_typeof('{"a": [1]}'::json -> 'a'), json_array_length('[1, [2, 3]]'::json), jsonb_array_length('[]');

-- case: jsonb_array_length_of_object_22023
SELECT jsonb_array_length('{"a": 1}');

-- case: jsonb_key_exists_arrays_scalars_nulls
SELECT '["a", "b", 1]'::jsonb ? 'a', '["a", "b", 1]'::jsonb ? '1', '"a"'::jsonb ? 'a', '{"a": {"b": 1}}'::jsonb ? 'b', NULL::jsonb ? 'a';
SELECT '{"a": 1, "b": 2}'::jsonb ?| '{x,b}', '{"a": 1, "b": 2}'::jsonb ?& '{a,b}', '{"a": 1}'::jsonb ?& ARRAY['a', 'z'], '{"a": 1}'::jsonb ?| ARRAY[]::text[];

-- case: jsonb_path_missing_negative_and_null
SELECT doc #> '{b,x}', doc #>> '{tags,-1}', doc #> '{}', doc #>> '{a,b}', doc #> NULL FROM j WHERE id = 1;
SELECT id, doc #>> '{a}', doc #> '{b,c,0}' FROM j ORDER BY id;

-- case: array_position_nulls_and_missing
SELECT array_position(ARRAY[3, NULL, 3], 3), array_position(ARRAY[1, NULL], NULL), array_position(ARRAY['a', 'b'], 'z'), array_position(NULL::int[], 1);
