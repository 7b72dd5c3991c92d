-- Math functions and aggregates (FILTER, DISTINCT, bool_and/bool_or).

CREATE TABLE m (id int PRIMARY KEY, g text, i int, n numeric(8,3), f float8, b boolean);
INSERT INTO m VALUES (1, 'a', -7, 2.345, 2.5, true), (2, 'a', 3, -1.555, -2.5, true),
  (3, 'b', 3, 10.000, 0.1, false), (4, 'b', NULL, NULL, NULL, NULL), (5, 'c', 12, 0.5, 1e10, true);

-- case: abs_each_type
SELECT id, abs(i), abs(n), abs(f) FROM m ORDER BY id;

-- case: round_numeric_and_scale
SELECT round(2.345, 2), round(-1.555, 2), round(2.5), round(-2.5), round(1234.5678, -2);

-- case: round_float_half_even
SELECT round(2.5::float8), round(3.5::float8), round(-2.5::float8);

-- case: trunc_function
SELECT trunc(2.789), trunc(-2.789), trunc(2.789, 1), trunc(1234.5, -2);

-- case: ceil_floor
SELECT ceil(2.1), ceil(-2.1), floor(2.9), floor(-2.9), ceiling(1.5::float8), floor(7);

-- case: power_sqrt
SELECT power(2, 10), power(2.0, 0.5), sqrt(16), sqrt(2::float8), 2 ^ 3;

-- case: sqrt_negative_2201F
SELECT sqrt(-1);

-- case: mod_function_and_operator
SELECT mod(7, 3), mod(-7, 3), -7 % 3, mod(7.5, 2), 7 % -3;

-- case: mod_by_zero_22012
SELECT mod(5, 0);

-- case: math_on_columns
SELECT id, round(n, 1), ceil(n), floor(f), mod(i, 5) FROM m ORDER BY id;

-- case: sign_and_pi
SELECT sign(-3), sign(0.0), sign(2.5::float8), round(pi()::numeric, 5);

-- case: exp_ln_log
SELECT round(exp(1.0), 6), round(ln(10.0), 6), log(100), log(2, 8);

-- case: aggregate_filter_multiple
SELECT count(*) FILTER (WHERE b), count(*) FILTER (WHERE NOT b), sum(i) FILTER (WHERE g = 'a') FROM m;

-- case: aggregate_filter_grouped
SELECT g, count(*) FILTER (WHERE i > 0) AS pos, max(n) FILTER (WHERE i IS NOT NULL) FROM m GROUP BY g ORDER BY g;

-- case: bool_and_bool_or_grouped
SELECT g, bool_and(b), bool_or(b), every(b) FROM m GROUP BY g ORDER BY g;

-- case: count_distinct
SELECT count(DISTINCT i), count(DISTINCT g), count(i) FROM m;

-- case: sum_distinct_avg_distinct
SELECT sum(DISTINCT i), avg(DISTINCT i) FROM m;

-- case: avg_numeric_scale
SELECT avg(n), avg(i), avg(f) FROM m;

-- case: sum_int8_type
SELECT sum(i::bigint), pg_typeof(sum(i::bigint)), sum(n), pg_typeof(sum(n)) FROM m;

-- case: min_max_text_and_bool
SELECT min(g), max(g), min(n), max(f) FROM m;

-- case: stddev_variance
SELECT round(stddev(i), 4), round(variance(i), 4), round(stddev_pop(i), 4) FROM m;

-- case: array_agg_ordered
SELECT array_agg(id ORDER BY id DESC) FROM m WHERE b;

-- case: aggregate_of_expression
SELECT sum(i * 2 + 1), max(abs(i)) FROM m;

-- case: count_distinct_filter
SELECT count(DISTINCT g) FILTER (WHERE i > 0) FROM m;
