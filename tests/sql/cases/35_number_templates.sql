-- to_char(number) patterns V (shift by 10^n), EEEE (scientific), RN/rn (Roman numerals), B and
-- SP (accepted, no output), and to_number's reading of its input along the template.

CREATE TABLE nums (id int PRIMARY KEY, n numeric, f float8, r real, i int, b bigint);
INSERT INTO nums VALUES (1, 1234.5, 1234.5, 1234.5, 1234, 1234),
  (2, -0.000123, -0.000123, -0.000123, -12, -12),
  (3, 0, 0, 0, 0, 0),
  (4, 9.999, 9.999, 9.999, 9, 9),
  (5, 485.5, 485.5, 485.5, 485, 3999),
  (6, NULL, NULL, NULL, NULL, NULL);

-- case: to_char_v_shifts
SELECT to_char(12, '99V9'), to_char(12.45, '99V99'), to_char(-12.4, '999V9'), to_char(123, '9V99'), to_char(0.5, '9V9'), to_char(12.3, 'FM999V99'), to_char(1234, '9,999V9');
SELECT to_char(12, '99V00'), to_char(12, '0V9'), to_char(1.5, 'V9'), to_char(12.345, '99V9'), to_char(-0.05, '9V9'), to_char(12, 'S99V9'), to_char(12, '99V9MI'), to_char(-12, '99V9PR'), to_char(5, '9V9V9');
SELECT to_char(12::float8, '99V9'), to_char(12.45::float4, '99V99'), to_char(12::int8, '99V999'), to_char(12::int2, '9V9'), to_char(1.25::float8, '9V9'), to_char(-12.5::float8, 'FM99V9');
SELECT id, to_char(n, '99999V99'), to_char(f, '99999V99'), to_char(i, 'FM99999V9'), to_char(b, '9999V9') FROM nums ORDER BY id;

-- case: to_char_v_with_decimal_point_42601
SELECT to_char(5, '9.9V9');

-- case: to_char_decimal_point_after_v_42601
SELECT to_char(5, '9V9.9');

-- case: to_char_eeee
SELECT to_char(1234.5, '9.99EEEE'), to_char(-0.000123, '9.9EEEE'), to_char(0, '9.99EEEE'), to_char(123::int4, '9EEEE'), to_char(1.5, '99.99EEEE');
SELECT to_char(1e100::float8, '9.99EEEE'), to_char(12345.678::float8, '9.999EEEE'), to_char('NaN'::float8, '9.99EEEE'), to_char('Infinity'::float8, '99.9EEEE'), to_char('NaN'::numeric, '9.9EEEE');
SELECT to_char(9.999, '9.99EEEE'), to_char(0.0009995, '9.99EEEE'), to_char(-9.5, '9EEEE'), to_char(123456789012345678901234567890::numeric, '9.99999EEEE'), to_char(1e-300::numeric, '9.9EEEE'), to_char(12::int8, '9.9EEEE'), to_char(-12::int2, '9.9EEEE');
SELECT to_char(2.5::float4, '9.9EEEE'), to_char(1234.5, 'EEEE'), to_char(1234.5, '.99EEEE'), to_char(1234.5, '"x"9.9EEEE'), to_char(0.000001, '9.99eeee'), to_char(125::int4, '9.9EEEE'), to_char(125::int8, '9.9EEEE');
SELECT id, to_char(n, '9.99EEEE'), to_char(f, '9.999EEEE'), to_char(r, '9.9EEEE'), to_char(i, '9.9EEEE'), to_char(b, '99.9EEEE') FROM nums ORDER BY id;

-- case: to_char_eeee_with_fm_42601
SELECT to_char(1, 'FM9.9EEEE');

-- case: to_char_eeee_not_last_42601
SELECT to_char(1, '9.9EEEE9');

-- case: to_char_eeee_with_sign_42601
SELECT to_char(1, 'S9.9EEEE');

-- case: to_char_eeee_twice_42601
SELECT to_char(1, '9.9EEEEEEEE');

-- case: to_char_eeee_with_v_42601
SELECT to_char(1, '9V9EEEE');

-- case: to_char_roman
SELECT to_char(485, 'RN'), to_char(485, 'FMRN'), to_char(3999, 'rn'), to_char(1, 'RN'), to_char(4000, 'RN'), to_char(0, 'RN'), to_char(-5, 'RN'), to_char(12.6, 'RN'), to_char(12.4::float8, 'FMrn');
SELECT to_char(1994, 'RN'), to_char(2024::int8, 'FMRN'), to_char(14.5, 'RN'), to_char(-14.5, 'RN'), to_char(2.5::float8, 'RN'), to_char(3.5::float4, 'FMRN'), to_char(1999, '"x"RN"y"'), to_char(44, 'RN RN');
SELECT to_char(12, '99RN'), to_char(12, 'RN99'), to_char(12, 'RNTH'), to_char(12, 'FMRNth'), to_char(12, 'RN.9'), to_char(888, 'FMRN'), to_char(1e10::float8, 'RN');
SELECT id, to_char(n, 'RN'), to_char(f, 'FMRN'), to_char(i, 'rn'), to_char(b, 'FMrn') FROM nums ORDER BY id;

-- case: to_char_roman_twice
SELECT to_char(1, 'RNRN');

-- case: to_char_roman_numeric_out_of_range_22003
SELECT to_char(1e20::numeric, 'RN');

-- case: to_char_roman_bigint_out_of_range_22003
SELECT to_char(3000000000::int8, 'RN');

-- case: to_char_b_and_sp
SELECT to_char(485, 'B999'), to_char(12, '99B'), to_char(12, '9SP9'), to_char(-12, 'B99'), to_char(0, 'B9.9');

-- case: to_char_float4_digits
SELECT to_char(1234.5678::float4, '9999.9999'), to_char(123456.7::float4, '999999.99'), to_char(1.23456789::float4, '9.99999999'), to_char(1234.5678::float8, '9999.9999');

-- case: to_number_digits_per_pattern
SELECT to_number('12345', '99'), to_number('1.2345', '9.99'), to_number('12,345', '99,999'), to_number('-12.5', '99.9'), to_number('12.5-', '99.9MI'), to_number('<12.5>', '99.9PR');
SELECT to_number('1a2b3', '999'), to_number('1a2b3', '9a9b9'), to_number('$1,234.50', 'L9,999.99'), to_number(' 12', '999'), to_number('12 ', '999');
SELECT to_number('12.34', '9999'), to_number('.5', '9.9'), to_number('5.', '9.9'), to_number('0.5', '.9'), to_number('12', 'FM99'), to_number('+12', 'S99'), to_number('12-', '99S'), to_number('12+', '99SG');
SELECT to_number('1 2 3', '9 9 9'), to_number('123', '9 9 9'), to_number('12th', '99th'), to_number('1-2', '9MI9'), to_number('--5', '99'), to_number('5-', '9'), to_number('-5-', '99');
SELECT to_number('99999999999999999999', '99999999999999999999'), to_number('0012', '0000'), to_number('12', '0000'), to_number('1.999', '9.99'), to_number('-0', '9');
SELECT to_number('12.5', '99D9'), to_number('1,234', '9G999'), to_number('1 234', '9G999'), to_number('12', '9PR'), to_number('(12)', '99');
SELECT to_number('5', 'B9'), to_number('1234.5', '9,999.99'), to_number('1,234.5', '9999.99'), to_number('12', '9,9,9'), to_number('12', 'TH99'), to_number('1234', '99TH99');
SELECT to_number('1,2', '9,9'), to_number('1x2', '9,9'), to_number('12', '9,9'), to_number('1,2', 'FM9,9'), to_number('12', 'FM9,9'), to_number(' 12', '9999'), to_number('1 2', '99'), to_number('- 12', '999'), to_number('12', '99S9');
SELECT to_number('12', ''), to_number(NULL, '99'), to_number('12', NULL), to_number('ab12', '"ab"99'), to_number('é12', 'x99');

-- case: to_number_v
SELECT to_number('1234', '99V99'), to_number('12', '99V9'), to_number('5', '9V99'), to_number('-1', '9V9');
SELECT to_number('1', '9V99999'), to_number('1', '9V9999999999'), to_number('1', '9V9999999999999999'), to_number('1', '9V99999999999999999');

-- case: to_number_more_integer_digits_than_template_22003
SELECT to_number('12345', '99.99');

-- case: to_number_fraction_template_22003
SELECT to_number('12', '.99');

-- case: to_number_no_digits_22P02
SELECT to_number('', '999');

-- case: to_number_only_sign_22P02
SELECT to_number('-', '9');

-- case: to_number_only_point_22P02
SELECT to_number('.', '9.9');

-- case: to_number_literal_eats_digits_22P02
SELECT to_number('12', 'xx99');

-- case: to_number_sign_only_template_22P02
SELECT to_number('123', 'S');

-- case: to_number_eeee_0A000
SELECT to_number('1.5e3', '9.9EEEE');

-- case: to_number_roman_0A000
SELECT to_number('XII', 'RN');

-- case: to_number_multiple_points_42601
SELECT to_number('1.2.3', '9.9.9');

-- case: to_char_nan_and_infinity
SELECT to_char('NaN'::numeric, '999'), to_char('NaN'::numeric, '9999.99'), to_char('NaN'::numeric, 'FM99999'), to_char('NaN'::numeric, '99'), to_char('NaN'::float8, '9999'), to_char('Infinity'::float8, '9999.9');
SELECT to_char('NaN'::numeric, 'S9999'), to_char('NaN'::numeric, '9999MI'), to_char('NaN'::numeric, '9999PR'), to_char('NaN'::numeric, '0000.00'), to_char('NaN'::numeric, 'FM9999.99'), to_char('NaN'::numeric, '9G999'), to_char('NaN'::numeric, '9999V99');
SELECT to_char('NaN'::float8, 'S9999'), to_char('-Infinity'::float8, '9999MI'), to_char('-Infinity'::float8, 'S99.9'), to_char('Infinity'::float4, '99PR'), to_char('NaN'::float4, 'FM9.99'), to_char('-Infinity'::float8, 'FM999'), to_char('NaN'::float8, 'RN');

-- case: to_char_roman_of_numeric_nan_0A000
SELECT to_char('NaN'::numeric, 'RN');
