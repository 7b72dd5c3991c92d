-- SIMILAR TO, format(), regexp_replace/regexp_match, to_char/to_date/to_timestamp/to_number,
-- age(), make_date/make_time/make_timestamp/make_timestamptz/make_interval, statistical
-- aggregates and ordered-set aggregates (percentile_cont/percentile_disc/mode).

CREATE TABLE s (id int PRIMARY KEY, t text, x int, n numeric(8,2), f float8, ts timestamp, g text);
INSERT INTO s VALUES (1, 'apple pie', 4, 1.50, 0.5, '2024-02-05 14:07:09.123456', 'a'),
  (2, 'Banana split', 8, 2.25, 1.5, '2023-12-31 23:59:59', 'a'),
  (3, 'cherry', 15, -3.00, 2.5, '2000-01-01 00:00:00', 'b'),
  (4, NULL, NULL, NULL, NULL, NULL, 'b'),
  (5, 'date 2024', 16, 10.10, -4.25, '1999-07-04 07:30:00', 'b');

-- case: similar_to_wildcards
SELECT 'abc' SIMILAR TO 'a%', 'abc' SIMILAR TO 'a_', 'abc' SIMILAR TO 'a_c', 'abc' SIMILAR TO '%b%',
  'abc' SIMILAR TO 'b%';

-- case: similar_to_regex_operators
SELECT 'aaa' SIMILAR TO 'a*', 'aaa' SIMILAR TO 'a+', '' SIMILAR TO 'a?', 'ab' SIMILAR TO 'a{1,2}b',
  'aaab' SIMILAR TO 'a{2}b', 'abcabc' SIMILAR TO '(abc)+', 'x' SIMILAR TO '[a-z]', 'X' SIMILAR TO '[a-z]',
  'cat' SIMILAR TO 'cat|dog', 'dogs' SIMILAR TO 'cat|dog';

-- case: similar_to_not_and_null
SELECT 'abc' NOT SIMILAR TO 'a%', 'xyz' NOT SIMILAR TO 'a%', NULL SIMILAR TO 'a%', 'a' SIMILAR TO NULL;

-- case: similar_to_escape
SELECT 'a%' SIMILAR TO 'a#%' ESCAPE '#', 'ab' SIMILAR TO 'a#%' ESCAPE '#', 'a_b' SIMILAR TO '%\_%',
  'ab' SIMILAR TO '%\_%', 'a.b' SIMILAR TO 'a.b', 'axb' SIMILAR TO 'a.b';

-- case: similar_to_column
SELECT id, t SIMILAR TO '%(pie|split)' FROM s ORDER BY id;

-- case: similar_to_bad_escape_22025
SELECT 'abc' SIMILAR TO 'a%' ESCAPE 'xy';

-- case: format_basic
SELECT format('Hello %s, %s!', 'world', 42), format('%s|%s', NULL, 'x'), format('100%%'),
  format('%I.%I', 'my table', 'col'), format('%L and %L', 'it''s', NULL), format('%I', 'abc');

-- case: format_positional_and_width
SELECT format('%2$s %1$s', 'a', 'b'), format('[%5s]', 'ab'), format('[%-5s]', 'ab'),
  format('[%*s]', 4, 'x'), format('%1$s %1$s', 'r'), format('%s %s %1$s', 'p', 'q');

-- case: format_types
SELECT format('%s %s %s %s', 1.50::numeric, true, date '2024-01-02', 2.5::float8), format('%L', 42),
  format(NULL), format('no args');

-- case: format_too_few_args_22023
SELECT format('%s %s', 'a');

-- case: format_bad_conversion_22023
SELECT format('%d', 1);

-- case: regexp_replace_basic
SELECT regexp_replace('foobarbaz', 'b..', 'X'), regexp_replace('foobarbaz', 'b..', 'X', 'g'),
  regexp_replace('Hello World', 'o', '0', 'g'), regexp_replace('ABC abc', 'b', '-', 'gi'),
  regexp_replace('abc', 'x', 'y');

-- case: regexp_replace_backrefs
SELECT regexp_replace('John Smith', '(\w+) (\w+)', '\2, \1'), regexp_replace('abc', 'b', '[\&]'),
  regexp_replace('a1b22c333', '[0-9]+', '<\&>', 'g'), regexp_replace('x', 'x', '\\');

-- case: regexp_replace_column_and_null
SELECT id, regexp_replace(t, '[aeiou]', '', 'g') FROM s ORDER BY id;
SELECT regexp_replace(NULL, 'a', 'b'), regexp_replace('a', NULL, 'b');

-- case: regexp_replace_bad_flag_22023
SELECT regexp_replace('abc', 'b', 'x', 'z');

-- case: regexp_bad_pattern_2201B
SELECT regexp_replace('abc', '(b', 'x');

-- case: regexp_match_basic
SELECT regexp_match('foobarbequebaz', 'bar.*que'), regexp_match('foobarbequebaz', '(bar)(beque)'),
  regexp_match('abc', 'x'), regexp_match('ABC', 'b', 'i'), (regexp_match('2024-02-05', '(\d+)-(\d+)'))[2];

-- case: regexp_match_optional_group_null
SELECT regexp_match('ac', 'a(b)?c'), regexp_match(NULL, 'a');

-- case: to_char_timestamp_patterns
SELECT to_char(ts, 'YYYY-MM-DD HH24:MI:SS.MS US'), to_char(ts, 'YY Mon Month MON MONTH DD D DDD'),
  to_char(ts, 'Day Dy HH HH12 AM PM am pm') FROM s ORDER BY id;

-- case: to_char_fm_th_quoted
SELECT to_char(timestamp '2024-03-01 09:05:00', 'FMMonth FMDDth, YYYY "at" FMHH12:MI am'),
  to_char(timestamp '2024-03-02 21:00:00', 'DDTH ddth FMDDth'), to_char(date '2024-03-23', 'FMDDth "of" FMMonth'),
  to_char(timestamp '2024-03-11 00:00:00', 'FMDDth HH12 FMHH12 HH24');

-- case: to_char_timestamptz_zone
SET TimeZone = 'America/New_York';
SELECT to_char(timestamptz '2024-07-01 12:00:00+00', 'YYYY-MM-DD HH24:MI TZ'),
  to_char(timestamptz '2024-01-01 03:00:00+00', 'YYYY-MM-DD HH24:MI:SS');

-- case: to_char_interval
SELECT to_char(interval '1 day 02:03:04', 'DD HH24:MI:SS'), to_char(interval '27 hours 5 minutes', 'HH24:MI'),
  to_char(interval '3 months', 'MM');

-- case: to_char_numeric
SELECT to_char(1234.5, '9999.99'), to_char(1234.5, '0000099.900'), to_char(-12.5, '999.9'),
  to_char(1234567.891, '9,999,999.99'), to_char(0.5, '0.00'), to_char(42, 'FM999'), to_char(-42, 'S999'),
  to_char(42, 'S999'), to_char(-42, '999MI'), to_char(-42, '999PR'), to_char(42, '999PR');

-- case: to_char_numeric_more
SELECT to_char(3.14159::float8, '9.999'), to_char(123456, '999'), to_char(5, '9th'), to_char(12345, 'FM99,999'),
  to_char(0, '9999'), to_char(0, 'FM9999'), to_char(1.5, 'FM9.99'), to_char(1.5, 'FM0.00'),
  to_char(1234.5, '9G999D9'), to_char(-0.25, 'FM9.99'), to_char(12, 'L99');

-- case: to_char_numeric_column
SELECT id, to_char(n, 'FM999.00'), to_char(x, '00009') FROM s ORDER BY id;

-- case: to_date_basic
SELECT to_date('05 Feb 2024', 'DD Mon YYYY'), to_date('2024-02-05', 'YYYY-MM-DD'), to_date('20240205', 'YYYYMMDD'),
  to_date('March 3, 2021', 'Month DD, YYYY'), to_date('2024 60', 'YYYY DDD');

-- case: to_date_bad_22008
SELECT to_date('2024-02-30', 'YYYY-MM-DD');

-- case: to_date_bad_text_22007
SELECT to_date('xx', 'YYYY');

-- case: to_timestamp_basic
SELECT to_timestamp('2024-02-05 14:07:09', 'YYYY-MM-DD HH24:MI:SS'), to_timestamp('05/02/2024 02:07 PM', 'DD/MM/YYYY HH:MI PM'),
  to_timestamp(0), to_timestamp(1700000000.5);

-- case: to_timestamp_session_zone
SET TimeZone = 'Europe/Berlin';
SELECT to_timestamp('2024-07-01 12:00', 'YYYY-MM-DD HH24:MI'), to_timestamp(86400);

-- case: to_timestamp_bad_hour_22008
SELECT to_timestamp('2024-02-05 25:00', 'YYYY-MM-DD HH24:MI');

-- case: to_number_basic
SELECT to_number('12,454.8-', '99G999D9S'), to_number('1,234.50', '9,999.99'), to_number('-42', '999'),
  to_number('$1,000', 'L9,999'), to_number('  12', '9999'), to_number('12.3456', '99.99');

-- case: age_two_timestamps
SELECT age(timestamp '2024-03-15', timestamp '2023-01-10'), age(timestamp '2024-01-31', timestamp '2024-03-01'),
  age(timestamp '2024-03-01 10:00', timestamp '2024-01-31 12:30'), age(timestamp '2023-01-01', timestamp '2023-01-01'),
  age(date '2024-02-29', date '2023-02-28');

-- case: age_column
SELECT id, age(ts, timestamp '1990-06-15 12:00:00') FROM s ORDER BY id;

-- case: make_date_time
SELECT make_date(2024, 2, 29), make_date(-44, 3, 15), make_time(13, 45, 30.5), make_timestamp(2024, 2, 5, 14, 7, 9.25),
  make_interval(1, 2, 3, 4, 5, 6, 7.5), make_interval(days => 3), make_interval(hours => 1, mins => 30);

-- case: make_timestamptz_zone
SET TimeZone = 'Asia/Tokyo';
SELECT make_timestamptz(2024, 2, 5, 14, 7, 9), make_timestamptz(2024, 2, 5, 14, 7, 9, 'UTC');

-- case: make_date_bad_22008
SELECT make_date(2023, 2, 29);

-- case: make_time_bad_22008
SELECT make_time(24, 0, 1);

-- case: make_date_year_zero_22008
SELECT make_date(0, 1, 1);

-- case: stddev_variance_int
SELECT stddev(x), stddev_samp(x), stddev_pop(x), variance(x), var_samp(x), var_pop(x) FROM s;

-- case: stddev_variance_numeric_float
SELECT stddev(n), var_pop(n), stddev(f), var_samp(f), variance(f) FROM s;

-- case: stddev_grouped_single
SELECT g, stddev(x), var_pop(x), variance(n) FROM s GROUP BY g ORDER BY g;

-- case: percentile_cont_disc
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x), percentile_disc(0.5) WITHIN GROUP (ORDER BY x),
  percentile_cont(0.25) WITHIN GROUP (ORDER BY f), percentile_disc(0.9) WITHIN GROUP (ORDER BY n) FROM s;

-- case: percentile_grouped_and_array
SELECT g, percentile_cont(0.5) WITHIN GROUP (ORDER BY x DESC) FROM s GROUP BY g ORDER BY g;
SELECT percentile_cont(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP (ORDER BY x) FROM s;
SELECT percentile_disc(ARRAY[0, 0.5, 1]) WITHIN GROUP (ORDER BY x) FROM s;

-- case: percentile_bad_fraction_22003
SELECT percentile_cont(1.5) WITHIN GROUP (ORDER BY x) FROM s;

-- case: mode_aggregate
SELECT mode() WITHIN GROUP (ORDER BY g) FROM s;
SELECT g, mode() WITHIN GROUP (ORDER BY x) FROM s GROUP BY g ORDER BY g;

-- case: format_more
SELECT format('[%-10s]', 'left'), format('%L', E'back\\slash'), format('%3$s %1$s', 'a', 'b', 'c'), format('%-*s|', 6, 'ab'), format('%s', ARRAY[1,2]);

-- case: format_zero_position_22023
SELECT format('%0$s', 'a');

-- case: format_ident_null_22004
SELECT format('%I', NULL);

-- case: format_unterminated_22023
SELECT format('abc %', 'a');

-- case: regexp_replace_empty_matches
SELECT regexp_replace('abc', 'x*', '-', 'g'), regexp_replace('aaa', 'a', 'b', 'i'), regexp_replace('a.b.c', '\.', '/', 'g');

-- case: regexp_match_global_22023
SELECT regexp_match('abc', 'b', 'g');

-- case: similar_to_class_and_escape_empty
SELECT 'a%' SIMILAR TO 'a%' ESCAPE '', 'b' SIMILAR TO '[^a]', '5' SIMILAR TO '[0-9]+', 'a+b' SIMILAR TO 'a\+b';

-- case: to_char_more_date_fields
SELECT to_char(ts, 'Q WW W J CC IW IYYY ID IDDD SSSS RM rm FF3 Y,YYY') FROM s ORDER BY id;

-- case: to_char_bc_and_offset
SET TimeZone = 'Asia/Kolkata';
SELECT to_char(date '0044-03-15 BC', 'YYYY BC AD b.c.'), to_char(timestamptz '2024-06-01 12:00:00+00', 'HH24:MI OF TZH TZM TZ tz'),
  to_char(timestamp '2024-06-01 12:00:00', 'HH24 "TZ:"TZ OF');

-- case: to_char_interval_more
SELECT to_char(interval '2 years 5 months 3 days 04:05:06.789', 'YYYY MM DD HH24 MI SS MS'), to_char(interval '-1 day -02:00:00', 'DD HH24'),
  to_char(interval '100 hours', 'HH24 HH12 HH');

-- case: to_char_interval_month_name_22007
SELECT to_char(interval '1 month', 'Mon');

-- case: to_char_numeric_edge
SELECT to_char(123.456, '999.999'), to_char(1234, '99.9'), to_char(-12.1, 'FM999.00'), to_char(0.001, '9.99'), to_char(-5, 'SG999'),
  to_char(5, 'PL999'), to_char(-5, '999S'), to_char(-5, '9th'), to_char(485, 'FM999th'), to_char(12.1, 'FM00.00'), to_char(-12.1, 'S00.00'),
  to_char(0.0, '9.99'), to_char(10, 'FM9.'), to_char(-0.5, '999');

-- case: to_char_float_edge
SELECT to_char(123.456::float8, '999.9'), to_char(1e20::float8, '9999'), to_char(1.5::float4, '9.99'), to_char(-2.5::float8, 'FM99.9'),
  to_char(0.1::float8, 'FM0.000'), to_char(1234567.891::float8, '9,999,999.999');

-- case: to_date_month_bad_22008
SELECT to_date('2024-13-01', 'YYYY-MM-DD');

-- case: to_date_bad_month_name_22007
SELECT to_date('Foo 2024', 'Mon YYYY');

-- case: to_timestamp_12_hour_bad_22007
SELECT to_timestamp('13:00 PM', 'HH:MI PM');

-- case: to_timestamp_fractions
SELECT to_timestamp('2024-02-05 14:07:09.5', 'YYYY-MM-DD HH24:MI:SS.MS'), to_timestamp('2024-02-05 14:07:09.123456', 'YYYY-MM-DD HH24:MI:SS.US'),
  to_timestamp('2024-02-05 14:07:09.25', 'YYYY-MM-DD HH24:MI:SS.FF2'), to_date('24-02-05', 'YY-MM-DD'), to_date('1 Mar 2024', 'DD Mon YYYY'),
  to_timestamp('2024-02-05 12:00 AM', 'YYYY-MM-DD HH12:MI AM');

-- case: to_number_bad_22P02
SELECT to_number('abc', '999');

-- case: to_number_more
SELECT to_number('1.5', '9.9'), to_number('0.25', '0.99'), to_number('-1,5', '9,9');

-- case: age_timestamptz_zone
SET TimeZone = 'America/New_York';
SELECT age(timestamptz '2024-03-10 12:00:00-04', timestamptz '2024-03-09 12:00:00-05'), age(timestamptz '2024-01-31 00:00:00+00', timestamptz '2023-12-31 05:00:00+00');

-- case: age_mixed_and_null
SELECT age(timestamp '2024-05-31', date '2024-02-29'), age(NULL::timestamp, timestamp '2024-01-01'), age(timestamp '2020-02-29 23:59:59.5', timestamp '2021-03-01');

-- case: make_interval_named_more
SELECT make_interval(secs => 1.5), make_interval(weeks => 2, years => 1), make_interval(), make_interval(0, 0, 0, 0, 0, 0, -3.25);

-- case: make_interval_bad_name_42883
SELECT make_interval(foo => 1);

-- case: make_time_bad_minute_22008
SELECT make_time(12, 60, 0);

-- case: make_timestamp_bad_22008
SELECT make_timestamp(2024, 2, 30, 0, 0, 0);

-- case: make_timestamp_more
SELECT make_timestamp(2024, 12, 31, 23, 59, 59.999999), make_time(24, 0, 0), make_date(2000, 1, 1) - 1;

-- case: stddev_single_and_empty
SELECT stddev(x), var_pop(x), stddev_pop(x), variance(x) FROM s WHERE id = 1;
SELECT stddev(x), var_pop(f) FROM s WHERE id > 100;

-- case: stddev_float4_and_large
SELECT stddev(f::float4), var_pop(x::int8 * 1000000000), stddev_samp(n * 1.5) FROM s;

-- case: stddev_text_42883
SELECT stddev(t) FROM s;

-- case: percentile_types_and_empty
SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY t), percentile_disc(0.5) WITHIN GROUP (ORDER BY ts), percentile_cont(0.5) WITHIN GROUP (ORDER BY n) FROM s;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x), mode() WITHIN GROUP (ORDER BY x) FROM s WHERE id > 100;
SELECT percentile_cont(NULL) WITHIN GROUP (ORDER BY x) FROM s;
SELECT percentile_cont(ARRAY[0.5, NULL]) WITHIN GROUP (ORDER BY f) FROM s;

-- case: percentile_without_within_group_42883
SELECT percentile_cont(0.5) FROM s;

-- case: within_group_plain_aggregate_42809
SELECT sum(x) WITHIN GROUP (ORDER BY x) FROM s;

-- case: power_numeric_more
SELECT power(2.5, 10), power(2.0, 3), power(0.5, 2.5), power(10.0, -2), power(1.5, 1.5), power(2, 0.5), 2.0 ^ 0.5, power(4.00, 0.5);

-- case: power_negative_fraction_2201F
SELECT power(-2.0, 0.5);

-- case: power_zero_negative_2201F
SELECT power(0.0, -1);

-- case: log_numeric_more
SELECT log(10, 1000), log(2.0, 1024), log(10.5, 3), log(2, 1.1), log(100.0, 10);

-- case: log_zero_2201E
SELECT log(0, 5);

-- case: log_base_one_22012
SELECT log(1, 10);

-- case: stddev_window_frames
SELECT id, stddev(x) OVER (ORDER BY id), var_pop(f) OVER (), variance(n) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW),
  stddev_pop(f) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) FROM s ORDER BY id;

-- case: stddev_distinct
SELECT stddev(DISTINCT x), var_samp(DISTINCT n) FROM s;

-- case: variance_boolean_42883
SELECT variance(x > 5) FROM s;

-- case: percentile_over_0A000
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) OVER () FROM s;

-- case: similar_to_newline_and_posix_class
SELECT E'a\nb' SIMILAR TO 'a_b', 'A' ~ '[[:upper:]]', regexp_replace('aXbX', 'x', '-', 'gi');

-- case: age_single_argument
SELECT age(timestamp '2000-01-01') > interval '20 years', age(timestamptz '1990-05-05 00:00:00+00') > interval '30 years',
  pg_typeof(age(timestamp '2000-01-01')), age(NULL::timestamp);

-- case: power_numeric_integer_exponents
SELECT power(1.0000001, 1000), power(2.0, 100), power(1.5, 20), power(0.1, 3), power(0.5, 200), power(-1.5, 3), power(-2.0, 2),
  power(2.0, -3);

-- case: to_char_date_in_zone_and_signs
SET TimeZone = 'America/New_York';
SELECT to_char(date '2024-03-10', 'YYYY-MM-DD HH24 TZ'), to_char(-1234.567, '9G999D99S'), to_number('1,234.5-', '9G999D9MI'), to_char(0.5, 'FM0.9'),
  to_char(timestamp '2024-01-01 00:00:00', 'HH12 AM a.m. P.M.'), to_char(timestamptz '2024-11-03 05:30:00+00', 'HH24:MI TZ OF');

-- case: to_timestamp_dst_and_separators
SET TimeZone = 'America/New_York';
SELECT to_timestamp('2024-03-10 02:30', 'YYYY-MM-DD HH24:MI'), to_timestamp('2024-11-03 01:30', 'YYYY-MM-DD HH24:MI'),
  to_date('2024/2/5', 'YYYY/MM/DD'), to_date('5.2.2024', 'DD.MM.YYYY'), to_date('2024Feb05', 'YYYYMonDD');

-- case: regex_format_mix
SELECT regexp_replace('path/to/file', '/', '\\', 'g'), regexp_match('key=value', '(\w+)=(\w+)'), format('%s, %s', 'x', 'y') || '!',
  'ab' SIMILAR TO '(a|b){2}';
