-- Aggregates and GROUP BY / HAVING.

CREATE TABLE sales (id int PRIMARY KEY, region text, amount int, price numeric(8,2), ratio float8);
INSERT INTO sales VALUES
  (1, 'north', 10, 1.50, 0.5),
  (2, 'north', 20, 2.25, 0.25),
  (3, 'south', 5, 10.00, 1),
  (4, 'south', NULL, NULL, NULL),
  (5, 'west', 7, 0.10, 0.125);

-- case: count_star_and_column
SELECT count(*), count(amount), count(DISTINCT region) FROM sales;

-- case: sum_int_is_bigint
SELECT sum(amount) FROM sales;

-- case: sum_numeric
SELECT sum(price) FROM sales;

-- case: sum_float8
SELECT sum(ratio) FROM sales;

-- case: avg_int_is_numeric
SELECT avg(amount) FROM sales;

-- case: avg_numeric
SELECT avg(price) FROM sales;

-- case: min_max
SELECT min(amount), max(amount), min(region), max(price) FROM sales;

-- case: aggregates_on_empty_table
CREATE TABLE empty (a int);
SELECT count(*), sum(a), avg(a), min(a), max(a) FROM empty;

-- case: group_by
SELECT region, count(*), sum(amount) FROM sales GROUP BY region;

-- case: group_by_ordered
SELECT region, sum(amount) AS total FROM sales GROUP BY region ORDER BY total DESC NULLS LAST;

-- case: group_by_having
SELECT region, count(*) FROM sales GROUP BY region HAVING count(*) > 1;

-- case: group_by_expression
SELECT amount > 8 AS big, count(*) FROM sales GROUP BY amount > 8;

-- case: group_by_position
SELECT region, max(amount) FROM sales GROUP BY 1 ORDER BY 1;

-- case: aggregate_with_filter
SELECT count(*) FILTER (WHERE amount > 6) AS big, count(*) AS all_rows FROM sales;

-- case: string_agg_ordered
SELECT string_agg(region, ',' ORDER BY id) FROM sales;

-- case: bool_and_or
SELECT bool_and(amount > 1), bool_or(amount > 15) FROM sales;

-- case: count_int8_type
SELECT count(*) + 1 AS n FROM sales;

-- case: ungrouped_column_error
SELECT region, count(*) FROM sales;

-- case: aggregate_in_where_error
SELECT id FROM sales WHERE sum(amount) > 1;
