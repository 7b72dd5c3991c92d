-- Casts (and 22P02 on bad input), date/time arithmetic, EXTRACT, date_trunc.

CREATE TABLE ev (id int PRIMARY KEY, d date, ts timestamp, tz timestamptz, iv interval);
INSERT INTO ev VALUES (1, '2024-02-28', '2024-02-28 13:45:30.25', '2024-02-28 13:45:30+02', '1 day 02:00:00'),
  (2, '2023-12-31', '2023-12-31 23:59:59', '2023-12-31 23:59:59+00', '3 months'),
  (3, NULL, NULL, NULL, NULL);

-- case: cast_text_to_int_bad_22P02
SELECT 'abc'::int;

-- case: cast_text_to_int_spaces_ok
SELECT ' 42 '::int, '-7'::int, '+3'::int;

-- case: cast_text_to_int_decimal_22P02
SELECT '1.5'::int;

-- case: cast_int_out_of_range_22003
SELECT '3000000000'::int;

-- case: cast_smallint_overflow_22003
SELECT 40000::smallint;

-- case: cast_text_to_bool_variants
SELECT 't'::boolean, 'yes'::boolean, 'off'::boolean, '0'::boolean, 'TRUE'::boolean;

-- case: cast_text_to_bool_bad_22P02
SELECT 'maybe'::boolean;

-- case: cast_numeric_bad_22P02
SELECT '12x'::numeric;

-- case: cast_float_bad_22P02
SELECT 'abc'::float8;

-- case: cast_date_bad_22007
SELECT '2024-13-45'::date;

-- case: cast_uuid_bad_22P02
SELECT 'not-a-uuid'::uuid;

-- case: cast_function_syntax
SELECT CAST('12' AS int) + 1, CAST(3.7 AS int), CAST(1 AS text) || 'x', int4('5');

-- case: cast_numeric_typmod
SELECT 3.14159::numeric(5,2), 2.5::numeric(3,0), '1.005'::numeric(4,2);

-- case: cast_numeric_typmod_overflow_22003
SELECT 1234.5::numeric(4,2);

-- case: cast_varchar_truncates
SELECT 'abcdef'::varchar(3), 'ab'::char(4) || '|';

-- case: cast_int_to_bool_and_back
SELECT 1::boolean, 0::boolean, true::int, false::int;

-- case: cast_float_to_numeric
SELECT 0.1::float8::numeric, 1.5::float4::numeric, 2::numeric / 3;

-- case: cast_timestamp_to_date_and_time
SELECT ts::date, ts::time FROM ev WHERE id = 1;

-- case: cast_parameter_like_literal_to_date
SELECT '2024-03-01'::date - '2024-02-01'::date AS days;

-- case: date_plus_integer
SELECT d + 1, d - 30, d + 365 FROM ev ORDER BY id;

-- case: date_minus_date
SELECT '2024-03-01'::date - d FROM ev ORDER BY id;

-- case: date_plus_interval
SELECT d + interval '1 month', d + interval '2 days 3 hours' FROM ev ORDER BY id;

-- case: timestamp_plus_interval
SELECT ts + interval '1 hour', ts - interval '1 day', ts + iv FROM ev ORDER BY id;

-- case: timestamp_minus_timestamp
SELECT timestamp '2024-03-01 12:00' - ts FROM ev ORDER BY id;

-- case: month_end_arithmetic
SELECT date '2024-01-31' + interval '1 month', timestamp '2023-01-31' + interval '1 month';

-- case: interval_multiply_and_add
SELECT interval '1 hour' * 3, interval '1 day' + interval '90 minutes', interval '2 hours' / 2;

-- case: extract_fields
SELECT extract(year FROM ts), extract(month FROM ts), extract(day FROM ts), extract(hour FROM ts), extract(minute FROM ts), extract(second FROM ts) FROM ev ORDER BY id;

-- case: extract_dow_doy_quarter_week
SELECT extract(dow FROM d), extract(doy FROM d), extract(quarter FROM d), extract(week FROM d), extract(isodow FROM d) FROM ev ORDER BY id;

-- case: extract_epoch
SELECT extract(epoch FROM timestamp '2024-01-01 00:00:00'), extract(epoch FROM interval '1 day 1 hour');

-- case: date_part_function
SELECT date_part('year', ts), date_part('day', d) FROM ev ORDER BY id;

-- case: date_trunc_units
SELECT date_trunc('month', ts), date_trunc('day', ts), date_trunc('hour', ts), date_trunc('year', ts) FROM ev ORDER BY id;

-- case: date_trunc_week_quarter
SELECT date_trunc('week', ts), date_trunc('quarter', ts) FROM ev ORDER BY id;

-- case: date_trunc_timestamptz_utc
SELECT date_trunc('day', tz) FROM ev ORDER BY id;

-- case: timestamptz_in_other_zone
SET TimeZone = 'America/New_York';
SELECT tz, tz::date FROM ev ORDER BY id;

-- case: date_comparisons_with_literals
SELECT id FROM ev WHERE d > '2024-01-01' ORDER BY id;
SELECT id FROM ev WHERE ts BETWEEN '2023-12-31' AND '2024-01-01' ORDER BY id;

-- case: interval_comparison
SELECT interval '1 day' > interval '23 hours', interval '1 month' = interval '30 days', interval '60 minutes' = interval '1 hour';

-- case: make_date_and_age
SELECT make_date(2024, 2, 29), age(timestamp '2024-03-15', timestamp '2023-01-10');

-- case: to_char_basics
SELECT to_char(timestamp '2024-02-05 14:07:09', 'YYYY-MM-DD HH24:MI:SS'), to_char(date '2024-02-05', 'DD/MM/YYYY');

-- case: function_style_casts
SELECT int8('9000000000'), float8('1.5'), numeric('2.50'), text(42), bool('yes'), date('2024-02-29'), int2(7.5);
SELECT int4('x');

-- case: at_time_zone_types_and_names
SELECT timestamptz '2024-03-10 12:00:00+00' AT TIME ZONE 'America/New_York', timestamp '2024-03-10 12:00:00' AT TIME ZONE 'America/New_York';
SELECT pg_typeof(timestamptz '2024-03-10 12:00:00+00' AT TIME ZONE 'UTC'), pg_typeof(timestamp '2024-03-10 12:00' AT TIME ZONE 'UTC');
SELECT timezone('Europe/Berlin', timestamptz '2024-06-01 12:00+00'), timezone('Asia/Tokyo', timestamp '2024-06-01 12:00');
SELECT timestamp '2024-06-01 12:00' AT TIME ZONE 'europe/berlin', timestamp '2024-06-01 12:00' AT TIME ZONE 'utc', timestamp '2024-06-01 12:00' AT TIME ZONE 'EST5EDT';
SELECT date '2024-06-01' AT TIME ZONE 'Asia/Tokyo', '2024-06-01 12:00' AT TIME ZONE 'Asia/Tokyo';
SELECT NULL AT TIME ZONE 'UTC', timestamp '2024-06-01' AT TIME ZONE NULL;

-- case: at_time_zone_columns
SELECT id, ts AT TIME ZONE 'Europe/Paris', tz AT TIME ZONE 'America/Sao_Paulo', d AT TIME ZONE 'UTC' FROM ev ORDER BY id;
SELECT id FROM ev WHERE tz AT TIME ZONE 'Asia/Kolkata' > '2024-01-01' ORDER BY id;
SELECT ts AT TIME ZONE 'Asia/Tokyo' AT TIME ZONE 'America/Los_Angeles' FROM ev ORDER BY id;

-- case: at_time_zone_dst_gap_and_overlap
SELECT timestamp '2024-03-10 02:30:00' AT TIME ZONE 'America/New_York', timestamp '2024-11-03 01:30:00' AT TIME ZONE 'America/New_York';
SELECT timestamp '2024-03-31 02:30:00' AT TIME ZONE 'Europe/Berlin', timestamp '2024-10-27 02:30:00' AT TIME ZONE 'Europe/Berlin';
SELECT timestamptz '2024-10-27 00:30:00+00' AT TIME ZONE 'Europe/Berlin', timestamptz '2024-10-27 01:30:00+00' AT TIME ZONE 'Europe/Berlin';
SELECT timestamptz '2024-03-10 06:59:59+00' AT TIME ZONE 'America/New_York', timestamptz '2024-03-10 07:00:00+00' AT TIME ZONE 'America/New_York';
SELECT timestamp '2024-10-06 02:30:00' AT TIME ZONE 'Australia/Sydney', timestamp '2024-04-07 02:30:00' AT TIME ZONE 'Australia/Sydney';
SELECT timestamp '2024-10-06 02:15:00' AT TIME ZONE 'Australia/Lord_Howe', timestamp '2024-04-07 01:45:00' AT TIME ZONE 'Australia/Lord_Howe';

-- case: at_time_zone_far_dates
SELECT timestamp '2090-07-01 12:00' AT TIME ZONE 'Europe/London', timestamp '2090-03-26 01:30' AT TIME ZONE 'Europe/London';
SELECT timestamp '1850-01-01 12:00' AT TIME ZONE 'Europe/Amsterdam', timestamptz '1900-01-01 00:00+00' AT TIME ZONE 'America/New_York';

-- case: at_time_zone_session_zone
SET TimeZone = 'America/Los_Angeles';
SELECT timestamp '2024-06-01 12:00' AT TIME ZONE 'UTC', timestamptz '2024-06-01 12:00+00' AT TIME ZONE 'Asia/Kolkata';
SELECT timestamp '2024-03-10 02:30' AT TIME ZONE 'America/Los_Angeles', timestamptz '2024-11-03 01:30-07' AT TIME ZONE 'UTC';

-- case: at_time_zone_offsets_and_abbreviations
SELECT timestamp '2024-06-01 12:00' AT TIME ZONE '+05', timestamp '2024-06-01 12:00' AT TIME ZONE '-03:30', timestamptz '2024-06-01 12:00+00' AT TIME ZONE '+05';
SELECT timestamp '2024-06-01 12:00' AT TIME ZONE 'UTC+3', timestamp '2024-06-01 12:00' AT TIME ZONE 'GMT+2', timestamp '2024-06-01 12:00' AT TIME ZONE '+05:30:15';
SELECT timestamp '2024-06-01 12:00' AT TIME ZONE 'PST', timestamp '2024-06-01 12:00' AT TIME ZONE 'CET', timestamptz '2024-06-01 12:00+00' AT TIME ZONE 'CEST';
SELECT timestamp '2024-06-01 12:00' AT TIME ZONE 'EST', timestamp '2024-06-01 12:00' AT TIME ZONE 'CST', timestamp '2024-06-01 12:00' AT TIME ZONE 'JST', timestamp '2024-06-01 12:00' AT TIME ZONE 'Z';

-- case: at_time_zone_interval
SELECT timestamp '2024-06-01 12:00' AT TIME ZONE INTERVAL '-08:00', timestamptz '2024-06-01 12:00+00' AT TIME ZONE INTERVAL '05:30';
SELECT timestamp '2024-06-01 12:00' AT TIME ZONE INTERVAL '1 day';
SELECT timestamp '2024-06-01 12:00' AT TIME ZONE INTERVAL '1 mon';

-- case: at_time_zone_time_with_time_zone
SELECT time with time zone '10:00+02' AT TIME ZONE 'UTC', time with time zone '23:30-05' AT TIME ZONE INTERVAL '03:00', time with time zone '01:00+00' AT TIME ZONE 'PST';
SELECT time '10:00' AT TIME ZONE 'UTC', pg_typeof(time '10:00' AT TIME ZONE 'UTC');

-- case: at_time_zone_infinity
SELECT timestamptz 'infinity' AT TIME ZONE 'UTC', timestamp '-infinity' AT TIME ZONE 'Europe/Berlin';

-- case: at_time_zone_unknown_zone_22023
SELECT timestamp '2024-06-01 12:00' AT TIME ZONE 'Mars/Phobos';

-- case: at_time_zone_empty_zone_22023
SELECT timestamptz '2024-06-01 12:00+00' AT TIME ZONE '';

-- case: at_time_zone_wrong_types_42883
SELECT 5 AT TIME ZONE 'UTC';

-- case: date_bin_timestamps
SELECT date_bin('15 minutes', timestamp '2024-02-11 15:44:17', timestamp '2001-01-01'), date_bin('15 minutes', timestamptz '2024-02-11 15:44:17+00', timestamptz '2001-01-01 00:02:30+00');
SELECT date_bin('1 hour', timestamp '1990-02-11 15:44:17', timestamp '2001-01-01 00:30'), date_bin('1 hour', timestamp '2001-01-01 00:00', timestamp '2001-01-01 01:00'), date_bin('1 microsecond', timestamp '2001-01-01 00:00:00.5', timestamp '2001-01-01 01:00');
SELECT date_bin('2 days', date '2024-02-11', timestamp '2001-01-01'), date_bin('15 minutes', '2024-02-11 15:44:17', '2001-01-01'), date_bin('1 day 2 hours', timestamptz '2024-02-11 15:44:17+00', timestamp '2001-01-01');
SELECT id, date_bin('10 days', ts, timestamp '2024-01-01'), date_bin('6 hours', tz, d) FROM ev ORDER BY id;
SELECT date_bin('15 minutes', timestamp 'infinity', timestamp '2001-01-01'), date_bin(NULL, timestamp '2024-01-01', timestamp '2001-01-01');

-- case: date_bin_months_0A000
SELECT date_bin('1 month', timestamp '2024-02-11 15:44:17', timestamp '2001-01-01');

-- case: date_bin_zero_stride_22008
SELECT date_bin('0 minutes', timestamp '2024-02-11 15:44:17', timestamp '2001-01-01');

-- case: date_bin_negative_stride_22008
SELECT date_bin('-5 minutes', timestamp '2024-02-11 15:44:17', timestamp '2001-01-01');

-- case: date_bin_infinite_origin_22008
SELECT date_bin('15 minutes', timestamp '2024-02-11 15:44:17', timestamp '-infinity');

-- case: justify_functions
SELECT justify_days(interval '35 days'), justify_hours(interval '27 hours'), justify_interval(interval '1 mon -1 hour');
SELECT justify_days(interval '-35 days'), justify_hours(interval '-27 hours 1 day'), justify_interval(interval '-1 mon 35 days 27 hours'), justify_days(NULL), justify_days('40 days');
SELECT id, justify_hours(iv * 13), justify_interval(iv * -13) FROM ev ORDER BY id;

-- case: isfinite_values
SELECT isfinite(date 'infinity'), isfinite(timestamp '2024-01-01'), isfinite(timestamptz '-infinity'), isfinite(interval '1 day'), isfinite(NULL::date);
SELECT id, isfinite(d), isfinite(ts), isfinite(tz), isfinite(iv) FROM ev ORDER BY id;

-- case: isfinite_unknown_42725
SELECT isfinite('infinity');

-- case: infinite_dates_and_timestamps
SELECT date 'infinity', date '-infinity', timestamp 'infinity', timestamptz '-infinity', 'infinity'::date > '2024-01-01'::date, '-infinity'::timestamp < '1000-01-01'::timestamp;
SELECT timestamp 'infinity' + interval '1 day', date 'infinity' + 1, date '-infinity' - 1, timestamptz '-infinity' - interval '1 year';
SELECT timestamp 'infinity'::date, date '-infinity'::timestamptz, timestamptz 'infinity'::timestamp, to_char(timestamp 'infinity', 'YYYY');
SELECT max(x), min(x) FROM (VALUES (timestamp 'infinity'), (timestamp '2024-01-01'), (timestamp '-infinity')) v(x);
SELECT x FROM (VALUES (date 'infinity'), (date '2024-01-01'), (date '-infinity'), (date '0044-03-15')) v(x) ORDER BY x;

-- case: bc_dates_order_with_infinity
SELECT x FROM (VALUES (date '-infinity'), (date '0044-03-15 BC'), (date '0100-01-01 BC'), (date '2024-01-01')) v(x) ORDER BY x;

-- case: infinite_extract_and_trunc
SELECT extract(month from timestamp 'infinity'), extract(epoch from timestamp '-infinity'), extract(day from date 'infinity'), extract(century from date 'infinity'), extract(julian from timestamptz 'infinity'), extract(isoyear from date '-infinity'), extract(decade from timestamp 'infinity'), extract(millennium from timestamp 'infinity'), extract(hour from timestamptz 'infinity'), extract(dow from date 'infinity');
SELECT date_part('month', timestamp 'infinity'), date_part('epoch', date 'infinity'), date_part('timezone', timestamptz 'infinity'), extract(timezone from timestamp 'infinity');
SELECT date_trunc('day', timestamptz 'infinity'), date_trunc('month', date '-infinity'), date_trunc('foo', timestamp 'infinity');
SET TimeZone = 'Europe/Berlin';
SELECT extract(year from timestamptz 'infinity'), extract(month from timestamptz '-infinity'), date_trunc('day', timestamptz '-infinity');

-- case: infinite_extract_bad_unit_22023
SELECT extract(foo from timestamp 'infinity');

-- case: infinite_timestamp_subtraction_22008
SELECT timestamp 'infinity' - timestamp '2024-01-01';

-- case: infinite_date_subtraction_22008
SELECT date 'infinity' - date '2024-01-01';

-- case: date_bin_and_at_time_zone_in_session_zone
SET TimeZone = 'America/New_York';
SELECT date_bin('1 day', timestamptz '2024-03-10 12:00-04', timestamptz '2024-01-01 00:00-05'), date_bin('6 hours', date '2024-03-10', timestamptz '2024-01-01'), date_bin('1 hour', timestamp '2024-03-10 02:30', timestamptz '2024-01-01');
SELECT timestamp '2024-06-01 12:00' AT TIME ZONE INTERVAL '00:00:01.5', timestamptz '2024-06-01 12:00+00' AT TIME ZONE INTERVAL '-00:30:00.9', date '2024-06-01' AT TIME ZONE 'UTC';
SELECT z, timestamp '2024-07-01 12:00' AT TIME ZONE z FROM (VALUES ('UTC'), ('Asia/Kathmandu'), ('-02'), ('America/St_Johns'), ('NZDT')) v(z) ORDER BY 1;

-- case: at_time_zone_zone_per_row
CREATE TABLE t (z text, ts timestamptz);
INSERT INTO t VALUES ('Europe/Berlin', '2024-03-31 00:59:59+00'), ('Europe/Berlin', '2024-03-31 01:00:00+00'), ('Mars', '2024-01-01');
SELECT ts AT TIME ZONE z FROM t WHERE z <> 'Mars' ORDER BY ts;
SELECT ts AT TIME ZONE z FROM t ORDER BY ts;

-- case: zone_abbreviations_fixed_and_zone_bound
SELECT z, timestamp '2024-01-15 12:00' AT TIME ZONE z, timestamp '2024-07-15 12:00' AT TIME ZONE lower(z), ('2024-07-15 12:00 ' || z)::timestamptz FROM (VALUES ('EAT'), ('SAST'), ('BRT'), ('NDT'), ('ACDT'), ('WETDST'), ('MEZ'), ('IDT'), ('ART'), ('SGT'), ('MSK'), ('YEKT'), ('LHDT'), ('CHADT'), ('NZT')) v(z) ORDER BY 1;

-- case: zone_abbreviation_not_in_default_set
SELECT '2024-07-15 12:00 WEST'::timestamptz;

-- case: make_timestamptz_zone_forms
SELECT make_timestamptz(2024, 7, 1, 12, 0, 0, '+05'), make_timestamptz(2024, 7, 1, 12, 0, 0, 'PST'), make_timestamptz(2024, 7, 1, 12, 0, 0, 'CET'), make_timestamptz(2024, 7, 1, 12, 0, 0, 'Europe/Berlin'), make_timestamptz(2024, 7, 1, 12, 0, 0, '-03:30'), make_timestamptz(2024, 7, 1, 12, 0, 0, 'UTC+3');
SELECT make_timestamptz(2024, 7, 1, 12, 0, 0, 'SGT'), make_timestamptz(2024, 3, 31, 2, 30, 0, 'Europe/Berlin'), make_timestamptz(2024, 10, 27, 2, 30, 0, 'Europe/Berlin');

-- case: make_timestamptz_unsigned_number_22023
SELECT make_timestamptz(2024, 7, 1, 12, 0, 0, '5');

-- case: make_timestamptz_unknown_zone_22023
SELECT make_timestamptz(2024, 7, 1, 12, 0, 0, 'Mars');
