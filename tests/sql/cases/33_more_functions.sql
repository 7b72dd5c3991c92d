-- LIKE/ILIKE with ANY/ALL over arrays; gcd, lcm, factorial, num_nulls, width_bucket; the type of
-- integer literals at the int4 boundary; GROUPING SETS, ROLLUP, CUBE and grouping().

-- case: like_any_all
CREATE TABLE w (s text);
INSERT INTO w VALUES ('apple'), ('Banana'), ('cherry'), (NULL), ('a_b');
SELECT s FROM w WHERE s LIKE ANY (ARRAY['a%', 'c%']) ORDER BY s;
SELECT s FROM w WHERE s ILIKE ANY (ARRAY['b%', '%RR%']) ORDER BY s;
SELECT s FROM w WHERE s NOT LIKE ALL (ARRAY['a%', 'c%']) ORDER BY s;
SELECT s FROM w WHERE s NOT ILIKE ANY (ARRAY['APPLE', 'banana']) ORDER BY s;
SELECT s FROM w WHERE s LIKE ALL ('{%a%,%p%}') ORDER BY s;
SELECT s FROM w WHERE s LIKE ANY (ARRAY['a\_b']);
SELECT 'x' LIKE ANY (ARRAY['y', NULL]), 'x' LIKE ANY (ARRAY['x', NULL]), 'x' LIKE ALL (ARRAY['x', NULL]), 'x' LIKE ANY ('{}'::text[]), 'x' LIKE ANY (NULL::text[]);

-- case: gcd_lcm_factorial
SELECT gcd(12, 18), gcd(-12, 18), gcd(0, 0), lcm(4, 6), lcm(-4, 6), lcm(0, 5), gcd(12::int8, 18), lcm(2147483647, 2);
SELECT factorial(0), factorial(5), factorial(25), pg_typeof(factorial(3));

-- case: gcd_overflow
SELECT gcd(-2147483648, 0);

-- case: lcm_overflow
SELECT lcm(2147483647, 2147483646);

-- case: factorial_negative
SELECT factorial(-1);

-- case: num_nulls
SELECT num_nulls(1, NULL, 'a', NULL), num_nonnulls(1, NULL, 'a', NULL), num_nulls(NULL);

-- case: width_bucket_values
SELECT width_bucket(5.35, 0.024, 10.06, 5), width_bucket(-1, 0, 10, 5), width_bucket(10, 0, 10, 5), width_bucket(3, 10, 0, 4), width_bucket(5::float8, 0, 10, 3);

-- case: width_bucket_bad_count
SELECT width_bucket(5, 0, 10, 0);

-- case: width_bucket_equal_bounds
SELECT width_bucket(5, 1, 1, 3);

-- case: int4_boundary_literals
SELECT pg_typeof(-2147483648), pg_typeof(2147483647), pg_typeof(2147483648), pg_typeof(-2147483649), -2147483648;

-- case: rollup_cube_grouping_sets
CREATE TABLE sales (region text, product text, year int, amount numeric(10,2));
INSERT INTO sales VALUES ('eu', 'a', 2023, 10.50), ('eu', 'b', 2023, 20.00), ('eu', 'a', 2024, 5.25), ('us', 'a', 2023, 7.00), ('us', 'b', 2024, 1.10), ('us', NULL, 2024, 3.00);
SELECT region, product, sum(amount) FROM sales GROUP BY ROLLUP (region, product) ORDER BY region NULLS LAST, product NULLS LAST, 3;
SELECT region, year, count(*), grouping(region, year) FROM sales GROUP BY CUBE (region, year) ORDER BY 4, 1, 2;
SELECT region, product, sum(amount) AS total FROM sales GROUP BY GROUPING SETS ((region), (product), ()) ORDER BY total DESC, region, product;
SELECT region, year, sum(amount) FROM sales GROUP BY region, ROLLUP (year) ORDER BY 1, 2;
SELECT region, sum(amount) FROM sales GROUP BY ROLLUP (region) HAVING sum(amount) > 20 ORDER BY 1;
SELECT coalesce(region, 'all') AS r, sum(amount) FROM sales GROUP BY ROLLUP (region) ORDER BY r LIMIT 2;
SELECT region, product, year, sum(amount) FROM sales GROUP BY ROLLUP ((region, product), year) ORDER BY 1, 2, 3;
SELECT product, grouping(product), count(*) FROM sales GROUP BY GROUPING SETS (product, ()) ORDER BY 2, 1;
