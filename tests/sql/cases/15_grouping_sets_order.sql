-- GROUP BY/HAVING, DISTINCT ON, ORDER BY NULLS, LIMIT/OFFSET/FETCH, set operations, VALUES.

CREATE TABLE t (id int PRIMARY KEY, g text, v int);
INSERT INTO t VALUES (1, 'a', 10), (2, 'a', NULL), (3, 'b', 5), (4, 'b', 7), (5, NULL, 3), (6, 'c', 10);

-- case: group_by_null_group
SELECT g, count(*), count(v), sum(v) FROM t GROUP BY g ORDER BY g NULLS FIRST;

-- case: group_by_two_columns
SELECT g, v, count(*) FROM t GROUP BY g, v ORDER BY g, v;

-- case: having_count
SELECT g FROM t GROUP BY g HAVING count(*) > 1 ORDER BY g;

-- case: having_without_group_by
SELECT sum(v) FROM t HAVING sum(v) > 10;

-- case: group_by_alias
SELECT upper(g) AS ug, max(v) FROM t GROUP BY ug ORDER BY ug;

-- case: distinct_on_first_per_group
SELECT DISTINCT ON (g) g, id, v FROM t ORDER BY g, v DESC NULLS LAST;

-- case: distinct_on_expression
SELECT DISTINCT ON (v % 2) v % 2 AS parity, id FROM t WHERE v IS NOT NULL ORDER BY v % 2, id;

-- case: distinct_multiple_columns
SELECT DISTINCT g, v FROM t WHERE v = 10;

-- case: order_by_nulls_first_desc
SELECT id, v FROM t ORDER BY v DESC NULLS FIRST, id;

-- case: order_by_nulls_last_asc
SELECT id, v FROM t ORDER BY v ASC NULLS LAST, id;

-- case: order_by_desc_default_nulls_first
SELECT id, v FROM t ORDER BY v DESC, id;

-- case: order_by_expression
SELECT id FROM t ORDER BY coalesce(v, 0) * -1, id;

-- case: limit_only
SELECT id FROM t ORDER BY id LIMIT 2;

-- case: offset_only
SELECT id FROM t ORDER BY id OFFSET 4;

-- case: limit_all
SELECT count(*) FROM (SELECT id FROM t LIMIT ALL) s;

-- case: fetch_first_rows_only_offset
SELECT id FROM t ORDER BY id OFFSET 1 ROWS FETCH FIRST 2 ROWS ONLY;

-- case: fetch_next_row_only
SELECT id FROM t ORDER BY id DESC FETCH NEXT 1 ROW ONLY;

-- case: limit_zero
SELECT id FROM t LIMIT 0;

-- case: negative_limit_error
SELECT id FROM t LIMIT -1;

-- case: union_removes_duplicates
SELECT g FROM t UNION SELECT 'z' ORDER BY 1;

-- case: union_all_keeps_duplicates
SELECT v FROM t WHERE v = 10 UNION ALL SELECT 10;

-- case: intersect_all
SELECT v FROM (VALUES (1), (1), (2), (3)) a(v) INTERSECT ALL SELECT v FROM (VALUES (1), (1), (1), (3)) b(v);

-- case: except_all
SELECT v FROM (VALUES (1), (1), (2), (3)) a(v) EXCEPT ALL SELECT v FROM (VALUES (1), (3)) b(v);

-- case: intersect_all_several_columns_and_nulls
SELECT x, y FROM (VALUES (1, 'a'), (1, 'a'), (1, 'a'), (2, NULL), (2, NULL), (3, 'c')) a(x, y)
INTERSECT ALL
SELECT x, y FROM (VALUES (1, 'a'), (1, 'a'), (2, NULL), (4, 'd')) b(x, y);

-- case: except_all_keeps_surplus_copies
SELECT x FROM (VALUES (5), (5), (5), (6), (NULL), (NULL)) a(x) EXCEPT ALL SELECT x FROM (VALUES (5), (NULL), (7)) b(x);

-- case: except_all_order_by_limit
SELECT v AS n FROM (VALUES (3), (1), (1), (2), (2), (2)) a(v) EXCEPT ALL SELECT 2 ORDER BY n DESC LIMIT 3;

-- case: intersect_all_nested_in_union
SELECT v FROM (VALUES (1), (1), (2)) a(v) INTERSECT ALL SELECT v FROM (VALUES (1), (1), (1)) b(v)
UNION ALL
SELECT 9
ORDER BY 1;

-- case: except_all_of_union_and_table
(SELECT g FROM t UNION ALL SELECT g FROM t) EXCEPT ALL SELECT g FROM t WHERE v > 10 ORDER BY g;

-- case: intersect_all_column_count_mismatch
SELECT 1, 2 INTERSECT ALL SELECT 1;

-- case: except_distinct
SELECT g FROM t EXCEPT SELECT 'a';

-- case: set_operation_with_order_limit
SELECT id FROM t WHERE id < 3 UNION SELECT id FROM t WHERE id > 4 ORDER BY id DESC LIMIT 3;

-- case: set_operation_column_names_from_first
SELECT 1 AS first_name UNION SELECT 2 AS second_name ORDER BY 1;

-- case: values_standalone_column_names
VALUES (1, 'one'), (2, 'two');

-- case: values_with_order_limit
VALUES (3), (1), (2) ORDER BY 1 LIMIT 2;

-- case: values_in_from_with_join
SELECT t.id, m.label FROM t JOIN (VALUES ('a', 'first'), ('b', 'second')) AS m(g, label) ON m.g = t.g ORDER BY t.id;

-- case: values_mixed_types_numeric
SELECT x FROM (VALUES (1), (2.5)) v(x) ORDER BY x;

-- case: values_and_coalesce_common_types
SELECT pg_typeof(x), x FROM (VALUES (1::smallint), (2::bigint)) v(x) ORDER BY x;
SELECT x FROM (VALUES (1.5), (2::float8)) v(x) ORDER BY x;
SELECT coalesce(NULL::int, 2.5), coalesce(v, 0.5) FROM t WHERE id < 3 ORDER BY id;

-- case: group_by_alias_expression_and_ungrouped_error
SELECT v % 2 AS parity, count(*) FROM t WHERE v IS NOT NULL GROUP BY parity ORDER BY parity;
SELECT upper(g) AS ug, id FROM t GROUP BY ug;
