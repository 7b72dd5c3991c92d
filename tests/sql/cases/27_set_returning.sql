-- Set-returning functions as ORMs and drivers use them in catalog queries: unnest in FROM
-- naming an earlier FROM item, several arrays zipped, unnest/generate_subscripts/
-- _pg_expandarray in the target list (lockstep), int2vector (pg_index.indkey); and
-- json_build_object.

CREATE TABLE post (id int PRIMARY KEY, tags text[], scores int[]);
INSERT INTO post VALUES (1, ARRAY['a', 'b', 'c'], ARRAY[10, 20]), (2, ARRAY['x'], ARRAY[5, 6, 7]),
  (3, ARRAY[]::text[], NULL);
CREATE TABLE tk (a int, b text, c int);
CREATE INDEX tk_idx ON tk (c, a DESC);

-- case: unnest_several_arrays_in_from
SELECT * FROM unnest(ARRAY[1, 2, 3], ARRAY['one', 'two']) AS u(n, s) ORDER BY n;
SELECT * FROM unnest(ARRAY['p'], ARRAY[7, 8]) WITH ORDINALITY AS u(s, n, i) ORDER BY i;

-- case: unnest_in_from_names_an_earlier_item
SELECT p.id, u.tag, u.pos FROM post p, unnest(p.tags) WITH ORDINALITY u(tag, pos) ORDER BY 1, 3;
SELECT p.id, z.tag, z.score FROM post p CROSS JOIN unnest(p.tags, p.scores) AS z(tag, score)
  ORDER BY 1, 2 NULLS LAST, 3;

-- case: unnest_in_from_over_pg_index
SELECT a.attname, s.opt, s.i
  FROM (SELECT * FROM pg_index ix, unnest(ix.indkey, ix.indoption) WITH ORDINALITY k(key, opt, i)) s
  JOIN pg_class c ON c.oid = s.indexrelid
  JOIN pg_attribute a ON a.attrelid = s.indrelid AND a.attnum = s.key
  WHERE c.relname = 'tk_idx' ORDER BY s.i;

-- case: target_list_unnest_and_subscripts
SELECT id, unnest(tags) AS tag, generate_subscripts(tags, 1) AS i FROM post ORDER BY id, i;
SELECT unnest(ARRAY[1, 2, 3]) AS a, unnest(ARRAY['x', 'y']) AS b ORDER BY a;

-- case: target_list_srf_over_int2vector
SELECT k.attnum, k.ord FROM (
  SELECT unnest(ix.indkey) AS attnum, generate_subscripts(ix.indkey, 1) AS ord
    FROM pg_index ix JOIN pg_class c ON c.oid = ix.indexrelid WHERE c.relname = 'tk_idx') k
  ORDER BY k.ord;
SELECT a.attname FROM pg_index ix JOIN pg_class c ON c.oid = ix.indexrelid
  JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = ANY(ix.indkey)
  WHERE c.relname = 'tk_idx' ORDER BY a.attnum;

-- case: pg_expandarray_fields
SELECT (information_schema._pg_expandarray(ARRAY[50, 60, 70])).n AS n,
       (information_schema._pg_expandarray(ARRAY[50, 60, 70])).x AS x ORDER BY n;
SELECT r.n FROM (SELECT information_schema._pg_expandarray(ARRAY['q', 'r']) AS keys,
                        (information_schema._pg_expandarray(ARRAY['q', 'r'])).n AS n) r
  WHERE (r.keys).x = 'r';

-- case: int2vector_text
SELECT ix.indkey, ix.indkey::varchar, ix.indoption::text
  FROM pg_index ix JOIN pg_class c ON c.oid = ix.indexrelid WHERE c.relname = 'tk_idx';

-- case: json_build_object_values
SELECT json_build_object('a', 1, 'b', true, 'c', 'text "q"', 'd', NULL, 'e', 2.50::numeric);
SELECT json_build_object();
SELECT json_build_object('id', id, 'first', tags[1], 'has', scores IS NOT NULL) FROM post ORDER BY id;
SELECT jsonb_build_object('b', 1, 'a', false, 'aa', '{"z": [1, 2]}'::jsonb);
SELECT json_build_object('a');

-- case: generate_series_of_timestamps
SELECT * FROM generate_series('2024-01-01'::timestamp, '2024-01-03', '1 day');
SELECT * FROM generate_series('2024-01-31'::timestamp, '2024-05-01', '1 month') WITH ORDINALITY AS g(t, i);
SELECT g FROM generate_series('2024-01-03 00:00'::timestamp, '2024-01-02 12:00', interval '-6 hours') g;
SELECT count(*) FROM generate_series(timestamptz '2024-03-30 00:00+00', timestamptz '2024-04-01 00:00+00', '1 hour');
SELECT * FROM generate_series('2024-01-01'::date, '2024-01-04'::date, '1 day'::interval);
SELECT d::date, coalesce(n, 0) FROM generate_series('2024-01-01'::timestamp, '2024-01-03', '1 day') d LEFT JOIN (VALUES ('2024-01-02'::date, 5)) v(day, n) ON v.day = d::date ORDER BY d;
SELECT * FROM generate_series('2024-01-01'::timestamp, NULL, '1 day');
SET TimeZone = 'Europe/Berlin';
SELECT * FROM generate_series(timestamptz '2024-03-30 12:00', timestamptz '2024-04-01 12:00', '1 day');

-- case: generate_series_of_timestamps_zero_step
SELECT * FROM generate_series('2024-01-01'::timestamp, '2024-01-03', '0 days');

-- case: generate_series_of_timestamps_in_the_select_list
SELECT generate_series('2024-01-01'::timestamp, '2024-01-02', '12 hours'), 'x';
