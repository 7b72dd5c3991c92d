-- Dates, timestamps and timestamptz values before 1 AD and after 9999 AD: their order
-- (stored text compared byte-wise), comparisons, aggregates and the date/time functions.

CREATE TABLE era (id int PRIMARY KEY, d date, ts timestamp, tz timestamptz);
INSERT INTO era VALUES
  (1, '2024-03-01', '2024-03-01 12:00', '2024-03-01 12:00+00'),
  (2, '0044-03-15 BC', '0044-03-15 12:30 BC', '0044-03-15 12:30+00 BC'),
  (3, '4713-01-01 BC', '4713-01-01 00:00 BC', '4713-01-01 00:00+00 BC'),
  (4, '0001-12-31 BC', '0001-12-31 23:59:59.5 BC', '0001-12-31 23:59:59.5+00 BC'),
  (5, '0001-01-01', '0001-01-01 00:00', '0001-01-01 00:00+00'),
  (6, '12345-06-07', '12345-06-07 08:09:10', '12345-06-07 08:09:10+00'),
  (7, '5874897-12-31', '294276-12-31 23:59:59.999999', '294276-12-31 23:59:59.999999+00'),
  (8, 'infinity', 'infinity', 'infinity'),
  (9, '-infinity', '-infinity', '-infinity'),
  (10, '9999-12-31', '9999-12-31 23:59:59', '9999-12-31 23:59:59+00'),
  (11, '10000-01-01', '10000-01-01 00:00', '10000-01-01 00:00+00'),
  (12, '0100-01-01 BC', '0100-01-01 00:00 BC', '0100-01-01 00:00+00 BC'),
  (13, '4714-11-24 BC', '4714-11-24 00:00 BC', '4714-11-24 00:00+00 BC'),
  (14, '0044-03-14 BC', '0044-03-15 12:29:59.999999 BC', '0044-03-15 12:30:00.000001+00 BC'),
  (15, NULL, NULL, NULL);

-- case: bc_and_far_order_by_columns
SELECT id, d FROM era ORDER BY d, id;
SELECT id, ts FROM era ORDER BY ts, id;
SELECT id, tz FROM era ORDER BY tz DESC NULLS LAST, id;
SELECT id, d, ts FROM era ORDER BY d DESC, ts;

-- case: bc_and_far_comparisons_with_literals
SELECT id, d FROM era WHERE d < '0001-01-01' ORDER BY d;
SELECT id, ts FROM era WHERE ts > '9999-12-31 23:59:59' ORDER BY ts;
SELECT id, d FROM era WHERE d BETWEEN '0100-01-01 BC' AND '0001-01-01' ORDER BY d;
SELECT id, tz FROM era WHERE tz BETWEEN '0044-03-15 12:30+00 BC' AND '12345-06-07 08:09:10+00' ORDER BY tz;
SELECT id FROM era WHERE d = date '0044-03-15 BC' OR ts = timestamp '10000-01-01' ORDER BY id;
SELECT d < '0044-03-15 BC', d > '10000-01-01', d >= '-infinity', d <> 'infinity' FROM era ORDER BY id;

-- case: bc_and_far_index_range_scan
-- setup
CREATE INDEX era_d ON era (d);
CREATE INDEX era_ts ON era (ts);
-- test
SELECT id, d FROM era WHERE d < '0001-01-01' ORDER BY d;
SELECT id, d FROM era WHERE d >= '10000-01-01' ORDER BY d DESC;
SELECT id, ts FROM era WHERE ts BETWEEN '4713-01-01 BC' AND '0001-12-31 BC' ORDER BY ts;
SELECT count(*) FROM era WHERE d > '0001-12-31 BC' AND d < 'infinity';

-- case: bc_and_far_min_max_distinct_group
SELECT min(d), max(d), min(ts), max(ts), min(tz), max(tz) FROM era;
SELECT min(d), max(d), min(ts), max(ts) FROM era WHERE d > '-infinity' AND d < 'infinity';
SELECT count(DISTINCT d), count(DISTINCT ts) FROM era;
SELECT d < '0001-01-01' AS bc, count(*), min(d), max(d) FROM era WHERE d IS NOT NULL GROUP BY 1 ORDER BY 1;
SELECT DISTINCT d FROM era WHERE d < '1000-01-01' ORDER BY d;
SELECT id, rank() OVER (ORDER BY ts) FROM era WHERE ts IS NOT NULL ORDER BY id;

-- case: bc_and_far_parameters
PREPARE before_d (date) AS SELECT id, d FROM era WHERE d < $1 ORDER BY d;
EXECUTE before_d('0044-03-15 BC');
EXECUTE before_d('10000-01-01');
PREPARE after_tz (timestamptz) AS SELECT id FROM era WHERE tz > $1 ORDER BY tz;
EXECUTE after_tz('0001-12-31 23:59:59+00 BC');

-- case: bc_and_far_values_and_casts
SELECT d, ts, tz, d::text, ts::text, d::timestamp, ts::date, tz::date, d::timestamptz, ts::timestamptz FROM era WHERE id IN (2, 4, 6, 11, 13) ORDER BY id;
SELECT date '0044-03-15 BC' - date '0045-03-15 BC', date '0001-01-01' - date '0001-12-31 BC', date '10000-01-01' - date '9999-12-31', date '0001-01-01' - 1, date '9999-12-31' + 1, date '0044-03-15 BC' + 365;
SELECT timestamp '0001-01-01 00:00' - interval '1 second', timestamp '0044-03-15 BC' + interval '44 years', timestamp '9999-12-31 23:00' + interval '2 hours', timestamptz '10000-01-01 00:00+00' - interval '1 month', date '0001-01-01' - interval '1 day';
SELECT timestamp '0044-03-15 12:00 BC' - timestamp '0044-03-14 BC', timestamp '10000-01-01' - timestamp '9999-12-31 12:00', age(timestamp '0001-01-01', timestamp '0044-03-15 BC'), age(timestamp '12345-06-07', timestamp '2024-01-01');
SELECT to_json(d), to_json(ts), to_jsonb(tz) FROM era WHERE id IN (2, 6) ORDER BY id;
SELECT ARRAY[date '0044-03-15 BC', date '12345-06-07', date 'infinity'], ARRAY[timestamp '0001-12-31 BC'];

-- case: bc_and_far_extract_and_trunc
SELECT id, extract(year from d), extract(century from d), extract(decade from d), extract(millennium from d), extract(doy from d), extract(dow from d), extract(week from d), extract(julian from d), extract(epoch from d) FROM era WHERE id IN (2, 3, 4, 5, 6, 12, 13) ORDER BY id;
SELECT id, extract(year from ts), extract(month from ts), extract(second from ts), extract(epoch from ts), extract(isoyear from ts) FROM era WHERE id IN (2, 4, 6, 7) ORDER BY id;
SELECT id, date_trunc('year', ts), date_trunc('month', ts), date_trunc('decade', ts), date_trunc('century', ts), date_trunc('millennium', ts), date_trunc('week', ts) FROM era WHERE id IN (2, 4, 6, 12) ORDER BY id;
SELECT id, to_char(d, 'YYYY-MM-DD BC'), to_char(ts, 'FMYYYY Mon DD HH24:MI:SS AD'), to_char(d, 'Y,YYY CC'), to_char(ts, 'IYYY-IW') FROM era WHERE id IN (2, 4, 6, 11, 12) ORDER BY id;

-- case: bc_and_far_timestamptz_in_zone
SET TimeZone = 'Europe/Berlin';
SELECT id, tz, tz::date, tz::timestamp FROM era WHERE id IN (2, 4, 5, 6, 7) ORDER BY era.tz;
SELECT timestamptz '0044-03-15 12:00 BC', timestamptz '0044-03-15 12:00 BC' AT TIME ZONE 'America/New_York', timestamp '0044-03-15 12:00 BC' AT TIME ZONE 'Asia/Tokyo', timestamptz '12345-01-01 00:00' AT TIME ZONE 'UTC';
SELECT extract(hour from tz), date_trunc('day', tz) FROM era WHERE id IN (2, 6) ORDER BY id;
SELECT id FROM era WHERE tz < '0001-01-01 00:00:00+00' ORDER BY tz;

-- case: bc_and_far_out_of_range_date_22008
SELECT date '4714-11-24 BC' - 1;

-- case: bc_and_far_out_of_range_date_upper_22008
SELECT date '5874897-12-31' + 1;

-- case: bc_and_far_out_of_range_timestamp_22008
SELECT timestamp '294276-12-31 23:59:59' + interval '1 day';

-- case: bc_and_far_out_of_range_timestamp_bc_22008
SELECT timestamp '4714-11-24 00:00 BC' - interval '1 day';

-- case: bc_and_far_update_and_insert_select
-- setup
CREATE TABLE era2 (d date PRIMARY KEY, note text);
INSERT INTO era2 SELECT d, 'copy' FROM era WHERE d IS NOT NULL;
-- test
UPDATE era2 SET d = d - 1 WHERE d < '0001-01-01' AND d > '4714-11-24 BC';
SELECT d FROM era2 ORDER BY d;
SELECT d FROM era2 WHERE d IN ('0044-03-14 BC', '0044-03-13 BC', '12345-06-07') ORDER BY d DESC;

-- case: bc_and_far_constructors_and_parsing
SELECT make_date(-44, 3, 15), make_date(12345, 6, 7), make_timestamp(-1, 12, 31, 23, 59, 59.5), make_timestamp(10000, 1, 1, 0, 0, 0);
SELECT to_date('0044-03-15 BC', 'YYYY-MM-DD BC'), to_date('12345-06-07', 'YYYY-MM-DD'), to_timestamp('0100-01-01 10:00 BC', 'YYYY-MM-DD HH24:MI BC')::timestamp;
SELECT to_timestamp(-210866803200)::timestamp, to_timestamp(327416947200)::timestamp;
SELECT date_bin('1 day', timestamp '0044-03-15 12:30 BC', timestamp '2001-01-01'), date_bin('1 hour', timestamp '12345-06-07 08:09:10', timestamp '2001-01-01');
SELECT age(timestamp '12345-06-07', timestamp '0044-03-15 BC'), justify_days(timestamp '0001-01-01' - timestamp '0001-12-31 BC');
SELECT isfinite(date '0044-03-15 BC'), date '0044-03-15 BC' = '0044-03-15 BC'::date, '0044-03-15 BC'::date::text, '12345-06-07'::timestamp::date;

-- case: far_future_timestamp_difference_and_functions
SELECT timestamp '294270-01-01' - timestamp '2000-01-01', timestamp '294276-12-31' - timestamp '294276-01-01';
SELECT to_char(timestamp '294270-01-01', 'YYYY'), age(timestamp '294270-01-01', timestamp '2000-01-01'), timestamp '294270-01-01' AT TIME ZONE 'UTC';
SELECT date_bin('1 hour', timestamp '294270-01-01 10:30', timestamp '2000-01-01'), make_timestamp(294270, 1, 1, 0, 0, 0), make_timestamptz(294270, 1, 1, 0, 0, 0, 'UTC');
SELECT timestamptz '294270-01-01 00:00+00' AT TIME ZONE 'Europe/Berlin', timestamp '294270-01-01' AT TIME ZONE 'Asia/Tokyo';
SELECT to_date('5874897-12-31', 'YYYY-MM-DD'), to_timestamp('294276-12-31 23:59:59', 'YYYY-MM-DD HH24:MI:SS')::timestamp, to_timestamp(9224318015999.5)::timestamp, to_timestamp(-210866803200)::timestamp, to_timestamp(1e9 + 0.123456);

-- case: timestamp_difference_wraps_as_postgres
SELECT timestamp '294276-01-01' - timestamp '4713-01-01 BC';

-- case: to_char_of_date_past_timestamp_range_22008
SELECT to_char(date '5874897-12-31', 'YYYY');

-- case: make_timestamp_past_range_22008
SELECT make_timestamp(294277, 1, 1, 0, 0, 0);

-- case: to_date_past_range_22008
SELECT to_date('5874898-01-01', 'YYYY-MM-DD');

-- case: to_timestamp_past_range_22008
SELECT to_timestamp('294277-01-01', 'YYYY-MM-DD');

-- case: bc_parsing_and_formatting_in_a_zone
SET TimeZone = 'America/New_York';
SELECT to_date('0044-03-15 BC', 'YYYY-MM-DD BC'), to_timestamp('0044-03-15 12:00 BC', 'YYYY-MM-DD HH24:MI BC'), to_char(date '0044-03-15 BC', 'YYYY-MM-DD HH24:MI TZ BC'), to_char(timestamptz '0044-03-15 12:00+00 BC', 'YYYY-MM-DD HH24:MI:SS OF BC');

-- case: generate_series_of_timestamps_across_eras
SELECT * FROM generate_series(timestamp '0001-12-30 BC', timestamp '0001-01-02', interval '1 day');
SELECT g FROM generate_series(date '2024-01-01', date '2024-01-03', interval '1 day') g;
SELECT * FROM generate_series(timestamptz '9999-12-31 22:00+00', '10000-01-01 02:00+00', '1 hour') WITH ORDINALITY;
SELECT * FROM generate_series(timestamp '2024-01-03', timestamp '2024-01-01', interval '-1 day');
SELECT * FROM generate_series('2024-01-01'::timestamp, '2024-01-02', '12 hours');
SELECT * FROM generate_series(timestamp '2024-01-31', timestamp '2024-06-01', interval '1 month');
SET TimeZone = 'Europe/Berlin';
SELECT * FROM generate_series(timestamptz '2024-03-30 12:00', timestamptz '2024-04-01 12:00', interval '1 day');
SELECT count(*), min(g), max(g) FROM generate_series(timestamp '0100-01-01 BC', timestamp '0100-01-01', interval '1 year') g;

-- case: generate_series_of_timestamps_zero_step_22023
SELECT * FROM generate_series(timestamp '2024-01-03', timestamp '2024-01-01', interval '0');

-- case: generate_series_of_timestamps_integer_step_42883
SELECT * FROM generate_series(timestamp '2024-01-01', timestamp '2024-01-02', 1);
