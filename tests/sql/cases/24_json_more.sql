-- json/jsonb builders, aggregates, operators and set-returning functions; array slices,
-- operators and functions (beyond 22_json_arrays).

CREATE TABLE j (id int PRIMARY KEY, doc jsonb, raw json);
INSERT INTO j VALUES (1, '{"a": 1, "b": {"c": [10, 20, 30]}, "tags": ["x", "y"], "name": "one"}', '{"a" : 1,  "list": [1, 2.50, "s"]}'),
  (2, '{"a": 2, "b": {"c": []}, "tags": ["z"], "flag": true}', '[1, {"k" : "v"}, null]'),
  (3, '{"a": null}', '"just text"');

-- case: build_object_scalar_types
SELECT jsonb_build_object('i', 1, 'n', 2.50, 'f', 1.5::float8, 'b', false, 't', 'x', 'nul', NULL);
SELECT json_build_object('i', 1, 'n', 2.50, 'b', true, 'arr', ARRAY[1, 2], 'j', '{"x" : 1}'::json, 'jb', '{"y": [1, 2]}'::jsonb);
SELECT json_build_object(1, 'a', true, 'b', 2.5, 'c');

-- case: build_object_dates
SELECT json_build_object('d', date '2024-02-29', 'ts', timestamp '2024-01-01 10:00:00.5', 'tz', timestamptz '2024-01-01 10:00:00+02', 'tm', time '10:30:00', 'iv', interval '1 day 2 hours');
SELECT to_json(timestamp '2024-05-06 07:08:09'), to_jsonb(date '2020-01-01'), to_json('infinity'::timestamp);

-- case: build_object_errors
SELECT json_build_object('a', 1, 'b');
SELECT jsonb_build_object(NULL, 1);
SELECT json_build_object(ARRAY[1], 1);

-- case: build_array_nested
SELECT json_build_array(1, json_build_array(2, 3), json_build_object('k', NULL)), jsonb_build_array(), json_build_object();
SELECT jsonb_build_array('a', 1.0, NULL, ARRAY['x', NULL]);

-- case: to_json_scalars
SELECT to_json(42), to_json(-1.25), to_json('he said "hi"'::text), to_json(false), to_json(NULL::int), to_jsonb(NULL::text);
SELECT to_json('NaN'::float8), to_json('NaN'::numeric), to_json(1e30::float8), to_jsonb(1e30::float8), to_jsonb(1e3::numeric), to_json(ARRAY[1.5, 2]), to_json(ARRAY['a', 'b"c']), to_json('{}'::int[]);
SELECT to_json(doc), to_jsonb(raw) FROM j WHERE id = 1;

-- case: to_json_untyped_literal_42804
SELECT to_json('x');

-- case: json_agg_variants
SELECT json_agg(id), jsonb_agg(id ORDER BY id DESC), json_agg(doc -> 'a' ORDER BY id) FROM j;
SELECT json_agg(x), jsonb_agg(x) FROM (VALUES (ARRAY[1, 2]), (ARRAY[3])) v(x);
SELECT json_agg(id) FILTER (WHERE id > 1), json_agg(id) FILTER (WHERE id > 5) FROM j;

-- case: json_agg_grouped_and_empty
CREATE TABLE t (g text, v int, s text);
INSERT INTO t VALUES ('a', 2, 'two'), ('a', 1, NULL), ('b', 3, 'three');
SELECT g, json_agg(v ORDER BY v), jsonb_agg(s ORDER BY v DESC) FROM t GROUP BY g ORDER BY g;
SELECT json_agg(v), jsonb_agg(v) FROM t WHERE v > 100;

-- case: json_object_agg_variants
CREATE TABLE t (k text, v int);
INSERT INTO t VALUES ('b', 2), ('a', 1), ('c', NULL);
SELECT json_object_agg(k, v ORDER BY k), jsonb_object_agg(k, v) FROM t;
SELECT jsonb_object_agg(k, v) FROM t WHERE v > 100;

-- case: json_object_agg_null_key_22023
SELECT json_object_agg(k, 1) FROM (VALUES ('a'), (NULL)) v(k);

-- case: jsonb_set_insert
SELECT jsonb_set(doc, '{tags,-1}', '"last"'), jsonb_set(doc, '{new}', '[1]'), jsonb_set(doc, '{new}', '1', false) FROM j WHERE id = 1;
SELECT jsonb_set('[1, 2]', '{5}', '3'), jsonb_set('[1, 2]', '{-9}', '0'), jsonb_set('{"a": {"b": 1}}', '{a,x,y}', '2');
SELECT jsonb_insert('[1, 2, 3]', '{1}', '"new"'), jsonb_insert('[1, 2, 3]', '{1}', '"new"', true), jsonb_insert('{"a": 1}', '{b}', '2');
SELECT jsonb_set(doc, '{a}', NULL) FROM j WHERE id = 1;

-- case: jsonb_set_errors
SELECT jsonb_insert('{"a": 1}', '{a}', '2');

-- case: jsonb_set_path_not_integer_22P02
SELECT jsonb_set('[1, 2]', '{x}', '3');

-- case: jsonb_set_scalar_22023
SELECT jsonb_set('1', '{a}', '2');

-- case: jsonb_strip_nulls_and_pretty
SELECT jsonb_strip_nulls('{"a": null, "b": [null, {"c": null, "d": 1}]}'), json_strip_nulls('{"a" : null, "b" : [null, {"c":null}]}');
SELECT jsonb_pretty('{"a": [1, {"b": 2}], "c": {}, "d": [], "e": "s"}'), jsonb_pretty('5');

-- case: jsonb_contains_nested
SELECT '{"a": {"b": [1, 2, 3]}, "c": 1}'::jsonb @> '{"a": {"b": [3, 1]}}', '[1, [2, 3]]'::jsonb @> '[[3]]', '[1, 2]'::jsonb @> '1', '1'::jsonb @> '[1]';
SELECT '{"a": 1}'::jsonb @> '{"a": 1.0}', '{"a": [1]}'::jsonb @> '{"a": 1}', '[]'::jsonb <@ '[1]', NULL::jsonb @> '{}';
SELECT id FROM j WHERE doc @> '{"b": {"c": [20]}}' ORDER BY id;

-- case: jsonb_concat_variants
SELECT '[1, 2]'::jsonb || '[3]'::jsonb, '{"a": 1, "b": 2}'::jsonb || '{"b": 3}', '[1]'::jsonb || '"s"'::jsonb, '{"a": 1}'::jsonb || '[2]'::jsonb, '1'::jsonb || '2'::jsonb;
SELECT doc || '{"extra": true}' FROM j WHERE id = 3;

-- case: jsonb_delete_variants
SELECT '{"a": 1, "b": 2, "c": 3}'::jsonb - ARRAY['a', 'c'], '["a", "b", "a", 1]'::jsonb - 'a', '[1, 2, 3]'::jsonb - -1, '[1, 2, 3]'::jsonb - 7;
SELECT '{"a": {"b": [1, 2, 3]}}'::jsonb #- '{a,b,0}', '{"a": 1}'::jsonb #- '{x,y}', '[1, [2, 3]]'::jsonb #- '{1,-1}';

-- case: jsonb_delete_errors
SELECT '{"a": 1}'::jsonb - 0;

-- case: jsonb_delete_scalar_22023
SELECT '"s"'::jsonb - 'a';

-- case: jsonb_wrong_operand_42883
SELECT '{"a": 1}'::jsonb @> 1;

-- case: json_arrow_keeps_text
SELECT raw -> 'list', raw -> 'list' -> 1, raw ->> 'a', raw #> '{list,2}', raw #>> '{list,2}' FROM j WHERE id = 1;
SELECT raw -> 1, raw -> -1, raw -> 'k', raw -> 1 ->> 'k', raw #> '{1}' FROM j WHERE id = 2;
SELECT '{"a": 1, "a": 2}'::json -> 'a', '{"a": 1, "a": 2}'::jsonb -> 'a', '{"$": 1}'::jsonb -> '$';

-- case: jsonb_array_elements_lateral
SELECT j.id, e.value FROM j, jsonb_array_elements(j.doc -> 'tags') AS e ORDER BY j.id, e.value;
SELECT j.id, t.x, t.n FROM j CROSS JOIN LATERAL jsonb_array_elements_text(j.doc -> 'tags') WITH ORDINALITY AS t(x, n) ORDER BY 1, 3;

-- case: jsonb_each_lateral
SELECT j.id, e.key, e.value FROM j, jsonb_each(j.doc) e WHERE j.id = 2 ORDER BY e.key;
SELECT e.* FROM jsonb_each_text('{"b": null, "a": "x", "c": [1, 2]}') e ORDER BY 1;
SELECT k FROM jsonb_object_keys('{"b": 1, "aa": 2, "a": 3}') AS k;

-- case: json_srf_keep_text
SELECT * FROM json_array_elements('[1, {"k" : "v"}, null, "s"]') WITH ORDINALITY;
SELECT * FROM json_each('{"b" : [1,  2], "a" : null}');
SELECT * FROM json_array_elements_text('["x", null, [1, 2 ]]');
SELECT json_object_keys FROM json_object_keys('{"z": 1, "a": 2, "z": 3}');

-- case: json_srf_errors
SELECT * FROM jsonb_array_elements('{"a": 1}');

-- case: json_srf_scalar_22023
SELECT * FROM json_each('1');

-- case: json_srf_keys_array_22023
SELECT * FROM jsonb_object_keys('[1]');

-- case: json_srf_aggregate
SELECT count(*), sum(value::int) FROM jsonb_array_elements('[1, 2, 3]');
SELECT j.id, (SELECT count(*) FROM jsonb_object_keys(j.doc)) FROM j ORDER BY j.id;

-- case: array_slices
SELECT (ARRAY[10, 20, 30, 40])[2:3], (ARRAY[10, 20, 30])[:2], (ARRAY[10, 20, 30])[2:], (ARRAY[10, 20, 30])[0:1];
SELECT (ARRAY[10, 20, 30])[3:2], (ARRAY[10, 20, 30])[5:9], (ARRAY['a', 'b'])[1:NULL], (NULL::int[])[1:2];
CREATE TABLE t (id int, xs text[]);
INSERT INTO t VALUES (1, '{a,b,c}'), (2, '{}'), (3, NULL);
SELECT id, xs[2:], xs[:1] FROM t ORDER BY id;

-- case: array_contains_overlap_more
SELECT ARRAY[1, 2, 2] @> ARRAY[2, 2, 1], ARRAY[1, NULL] @> ARRAY[NULL]::int[], ARRAY['a'] <@ ARRAY['a', 'b'], ARRAY[1] && ARRAY[2], '{1,2}'::int[] && ARRAY[2];
CREATE TABLE t (id int, tags text[]);
INSERT INTO t VALUES (1, '{a,b}'), (2, '{c}'), (3, NULL);
SELECT id FROM t WHERE tags @> '{a}' ORDER BY id;
SELECT id, tags && ARRAY['c', 'z'] FROM t ORDER BY id;

-- case: array_operator_type_mismatch_42883
SELECT ARRAY[1] @> ARRAY['a'::text];

-- case: array_functions_more
SELECT array_positions(ARRAY[1, 2, 1, NULL], 1), array_positions(ARRAY[1, NULL], NULL), array_remove(ARRAY[1, 2, 1, 3], 1), array_remove(ARRAY['a', NULL], NULL);
SELECT array_replace(ARRAY[1, 2, 1], 1, 9), array_replace(ARRAY['a', NULL], NULL, 'z'), array_length(ARRAY[]::int[], 1), cardinality(ARRAY[]::int[]), array_remove(NULL::int[], 1);

-- case: srf_left_join_lateral
SELECT j.id, e.value FROM j LEFT JOIN LATERAL jsonb_array_elements(j.doc -> 'b' -> 'c') AS e ON true ORDER BY j.id, e.value;
SELECT j.id, x.k FROM j, jsonb_object_keys(j.doc) AS x(k) WHERE x.k LIKE '%a%' ORDER BY 1, 2;

-- case: srf_in_subquery_and_cte
WITH e AS (SELECT value FROM jsonb_array_elements('[3, 1, 2]'::jsonb)) SELECT count(*) FROM e;
SELECT id FROM j WHERE EXISTS (SELECT 1 FROM jsonb_array_elements_text(j.doc -> 'tags') t WHERE t = 'z');

-- case: json_invalid_input_22P02
SELECT jsonb_build_object('a', '{x'::json);

-- case: json_wrong_operator_42883
SELECT '{"a": 1}'::json @> '{"a": 1}'::json;

-- case: array_overlap_text_literal
SELECT ARRAY['a', 'b'] && '{b,c}', '{1,2,3}'::int[] <@ '{1,2,3,4}';

-- case: json_agg_texts_and_distinct
CREATE TABLE t (s text);
INSERT INTO t VALUES ('a"b'), ('line
break'), ('a"b'), (NULL);
SELECT json_agg(s ORDER BY s), jsonb_agg(s ORDER BY s DESC NULLS LAST) FROM t;

-- case: jsonb_minus_text_column
CREATE TABLE t (d jsonb, k text);
INSERT INTO t VALUES ('{"a": 1, "b": 2}', 'a'), ('["a", "b"]', 'b');
SELECT d - k, d ? k FROM t ORDER BY k;

-- case: to_jsonb_of_json_values
SELECT to_jsonb('{"b": 1, "a": [1.50]}'::json), to_json('{"b": 1, "a": [1.50]}'::jsonb), jsonb_build_object('j', '{"b" : 1}'::json);

-- case: extract_path_and_array_to_json
SELECT jsonb_extract_path('{"a": {"b": [1, 2]}}', 'a', 'b', '1'), jsonb_extract_path_text('{"a": "x"}', 'a'), json_extract_path('{"a" : [1,  2]}', 'a'), json_extract_path_text('{"a": null}', 'a');
SELECT id, jsonb_extract_path(doc, 'b', 'c', '-1'), json_extract_path_text(raw, 'list', '2') FROM j ORDER BY id;
SELECT array_to_json(ARRAY[1, 2]), array_to_json(ARRAY['a', NULL]), array_to_json(NULL::int[]);

-- case: extract_path_integer_argument_42883
SELECT jsonb_extract_path('{"a": 1}', 1);

-- case: records_as_json
CREATE TABLE t (id int, name text, ts timestamp, tags text[], price numeric(6,2));
INSERT INTO t VALUES (1, 'a', '2024-01-01', '{x}', 2.5), (2, NULL, NULL, NULL, NULL);
SELECT to_json(t), row_to_json(t), to_jsonb(t) FROM t ORDER BY id;
SELECT json_agg(t ORDER BY id), jsonb_agg(t ORDER BY id DESC) FROM t;
SELECT json_build_object('r', t), to_json(ROW(1, 'a')), row_to_json(ROW(1, 'a')) FROM t WHERE id = 1;
SELECT json_agg(x) FROM (SELECT id, name FROM t ORDER BY id) x;
SELECT t.id, json_agg(e ORDER BY e.ordinality) FROM t, jsonb_array_elements('[1, 2]') WITH ORDINALITY e GROUP BY t.id ORDER BY t.id;

-- case: row_to_json_of_scalar_42883
SELECT row_to_json(1);

-- case: json_agg_window
CREATE TABLE t (g text, v int);
INSERT INTO t VALUES ('a', 1), ('a', 2), ('b', 3);
SELECT g, v, json_agg(v) OVER (PARTITION BY g ORDER BY v), jsonb_agg(v) OVER () FROM t ORDER BY g, v;

-- case: unnest_lateral
CREATE TABLE t (id int, xs text[], ns int[]);
INSERT INTO t VALUES (1, '{a,b}', '{3,1}'), (2, '{}', NULL), (3, NULL, '{7}');
SELECT t.id, x FROM t, unnest(t.xs) AS x ORDER BY 1, 2;
SELECT t.id, u.x, u.n FROM t LEFT JOIN LATERAL unnest(t.xs) WITH ORDINALITY AS u(x, n) ON true ORDER BY 1, 3;
SELECT id, sum(v) FROM t CROSS JOIN LATERAL unnest(ns) v GROUP BY id ORDER BY id;
SELECT u FROM unnest(ARRAY[true, false, NULL]) u;
SELECT * FROM unnest(ARRAY[1.5, 2]) WITH ORDINALITY;

-- case: unnest_untyped_literal_42725
SELECT * FROM unnest('{a,b}');

-- case: jsonb_comparison_order
CREATE TABLE t (v jsonb);
INSERT INTO t VALUES ('{}'), ('[]'), ('null'), ('true'), ('false'), ('1'), ('"a"'), ('[1, 2]'), ('[3]'), ('{"a": 1}'), ('{"b": 0}'), ('{"aa": 0}'), ('{"a": 1, "b": 2}'), ('10'), ('2'), ('"b"'), ('[null]'), ('["a"]'), ('[[1]]'), ('[{}]'), ('{"a": [1]}'), ('{"a": {}}'), ('[true]'), ('[1]');
SELECT a.v, count(b.v) FROM t a JOIN t b ON b.v < a.v GROUP BY a.v ORDER BY 2;
SELECT '1.0'::jsonb = '1', '[]'::jsonb < 'null', '1'::jsonb < '[0]', '"a"'::jsonb >= '["a"]', '{"a": 1}'::jsonb <> '{"a": 1.00}', NULL::jsonb = '1';

-- case: jsonb_order_by
CREATE TABLE t (id int, v jsonb);
INSERT INTO t VALUES (1, '{"p": 10}'), (2, '{"p": 2}'), (3, '{"p": "x"}'), (4, '{"p": [1]}'), (5, '{}'), (6, '{"p": null}'), (7, '{"p": 2.5}'), (8, '{"p": true}');
SELECT id, v -> 'p' FROM t ORDER BY v -> 'p', id;
SELECT id, v -> 'p' AS p FROM t ORDER BY p DESC NULLS LAST, id;
SELECT v FROM t ORDER BY v, id;
SELECT v -> 'p' AS p FROM t WHERE id < 3 UNION ALL SELECT '[]'::jsonb ORDER BY p;

-- case: json_agg_distinct_sorts
CREATE TABLE t (k text, v int);
INSERT INTO t VALUES ('b', 3), ('a', 1), ('b', 3), (NULL, 2), ('a', 10), ('c', NULL);
SELECT json_agg(DISTINCT v), jsonb_agg(DISTINCT k), json_agg(DISTINCT k) FILTER (WHERE v > 1) FROM t;
SELECT json_object_agg(DISTINCT k, v) FROM t WHERE k IS NOT NULL;

-- case: json_to_record_and_recordset
SELECT * FROM jsonb_to_record('{"a": 1, "b": "x", "c": {"d": [1]}, "e": 2.5}') AS x(a int, b text, c jsonb, e numeric, z text);
SELECT * FROM json_to_recordset('[{"a": 1, "b" : {"k" :  1}}, {"a": 2}]') AS x(a int, b json);
SELECT * FROM jsonb_to_record(NULL) AS x(a int);
SELECT j.id, r.* FROM j, jsonb_to_record(j.doc) AS r(a int, name text, flag bool) ORDER BY j.id;
SELECT x.a FROM jsonb_to_recordset('[{"a": 5}, {"a": 6}]') AS x(a int8);
SELECT t.* FROM jsonb_array_elements_text('["p", "q"]') WITH ORDINALITY AS t(x, n);

-- case: json_to_recordset_with_ordinality_42601
SELECT x.a FROM jsonb_to_recordset('[{"a": 5}]') WITH ORDINALITY AS x(a int8);

-- case: json_to_record_errors
SELECT * FROM jsonb_to_record('{"a": "x"}') AS x(a int);

-- case: json_to_record_needs_column_list_42601
SELECT * FROM jsonb_to_record('{"a": 1}');

-- case: json_to_record_of_array_22023
SELECT * FROM jsonb_to_record('[1]') AS x(a int);

-- case: json_to_recordset_of_scalars_22023
SELECT * FROM jsonb_to_recordset('[1]') AS x(a int);

-- case: table_function_too_many_aliases_42P10
SELECT * FROM jsonb_each('{}') AS t(a, b, c);

-- case: key_exists_on_json_42883
SELECT '{"a": 1}'::json ? 'a';
