-- Computed numerics (avg, numeric division, round, exact sums) compare and sort by value, also
-- where their stored form keeps PostgreSQL's display scale; numeric infinities; exact sums.
CREATE TABLE e (d int, s int, price numeric(10, 2), qty numeric);
INSERT INTO e VALUES (1, 10, 19.99, 3), (1, 11, 5.50, 0.5), (2, 9, 100.00, 2), (2, 8, 0.10, 10), (3, 100, 7.25, 1.25);

-- case: order_by_avg_by_position_alias_and_expression
SELECT d, avg(s) FROM e GROUP BY d ORDER BY 2;
SELECT d, avg(s) AS a FROM e GROUP BY d ORDER BY a DESC;
SELECT d, avg(s) FROM e GROUP BY d ORDER BY avg(s) DESC, d;

-- case: having_and_where_on_computed_numerics
SELECT d FROM e GROUP BY d HAVING avg(s) > 50;
SELECT d FROM e GROUP BY d HAVING avg(s) < 10;
SELECT d FROM e GROUP BY d HAVING avg(s) IN (8.5, 100) ORDER BY d;
SELECT d, s FROM e WHERE s / 4.0 > 2.6 ORDER BY d, s;
SELECT 1 WHERE 7.0 / 2 > 4;
SELECT 1 WHERE 7.0 / 2 = 3.5;
SELECT d FROM e WHERE round(price * qty, 1) BETWEEN 10 AND 60 ORDER BY d;

-- case: min_max_of_computed_numerics
SELECT max(x), min(x) FROM (SELECT avg(s) AS x FROM e GROUP BY d) q;
SELECT max(price / 3), min(round(price, 1)) FROM e;

-- case: subquery_columns_of_computed_numerics
SELECT d FROM (SELECT d, avg(s) AS a FROM e GROUP BY d) q WHERE a >= 10 ORDER BY a;
SELECT q.d FROM (SELECT d, sum(price * qty) AS total FROM e GROUP BY d) q ORDER BY total DESC;

-- case: union_order_by_computed_numeric
SELECT d, avg(s) AS a FROM e GROUP BY d UNION ALL SELECT 9, avg(s) / 100 FROM e ORDER BY a;
SELECT d, avg(s) AS a FROM e GROUP BY d UNION SELECT 9, 9.75 ORDER BY 2 DESC;

-- case: exact_sums_and_averages
SELECT sum(price), sum(qty), sum(price * qty), avg(price) FROM e;
SELECT sum(x), avg(x) FROM (VALUES (9223372036854775807::bigint), (9223372036854775807), (5)) v(x);
SELECT sum(x) FROM (VALUES (0.1::numeric), (0.2), (0.3)) v(x);
SELECT d, sum(price) OVER (ORDER BY d, s ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM e ORDER BY d, s;
SELECT sum(DISTINCT qty) FROM e;

-- case: float_noise_is_not_shown
SELECT (0.1::float8 * 3)::numeric, 0.1::float8::numeric * 3, 1e-300::float8::numeric = 1e-300;

-- case: numeric_infinity
SELECT 'Infinity'::numeric, '-inf'::numeric, '+INF'::numeric, 'infinity'::numeric > 1e100, '-Infinity'::numeric < -1e100;
SELECT 'Infinity'::float8::numeric, '-Infinity'::numeric::float8, 'NaN'::numeric > 'Infinity'::numeric;
SELECT sum(x), avg(x) FROM (VALUES (1.5::numeric), ('Infinity')) v(x);
SELECT sum(x) FROM (VALUES (1.5::numeric), ('Infinity'), ('-Infinity')) v(x);
SELECT sum(x) FROM (VALUES (1.5::numeric), ('NaN')) v(x);

-- case: numeric_infinity_in_a_column
CREATE TABLE n (v numeric);
INSERT INTO n VALUES (1), ('Infinity'), ('-Infinity'), ('NaN'), (-5.5), (1e20);
SELECT v FROM n ORDER BY v;
SELECT v FROM n WHERE v > 100 ORDER BY v;
SELECT max(v), min(v) FROM n WHERE v <> 'NaN';

-- case: numeric_infinity_errors
SELECT 'Infinity'::numeric(10, 2);

-- case: numeric_infinity_to_integer
SELECT 'Infinity'::numeric::int4;

-- case: numeric_negative_infinity_to_bigint
SELECT '-Infinity'::numeric::int8;
