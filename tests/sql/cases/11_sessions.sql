-- Session settings a client sends right after connecting (see /work/shared/CLIENTS.md).

-- case: show_settings_clients_read
SHOW standard_conforming_strings;
SHOW client_encoding;
SHOW server_encoding;
SHOW DateStyle;
SHOW transaction isolation level;

-- case: set_and_show_time_zone
SET TIME ZONE 'UTC';
SHOW TimeZone;
SET timezone = 'America/New_York';
SHOW timezone;

-- case: set_application_name
SET application_name = 'suite';
SHOW application_name;

-- case: set_extra_float_digits
SET extra_float_digits = 3;
SELECT 0.1::float8;
SET extra_float_digits = 0;
SELECT 0.1::float8, 1.0 / 3::float8;

-- case: set_local_only_in_transaction
BEGIN;
SET LOCAL statement_timeout = '5s';
SHOW statement_timeout;
COMMIT;
SHOW statement_timeout;

-- case: reset_setting
SET application_name = 'x';
RESET application_name;
SHOW application_name;

-- case: current_setting_function
SELECT current_setting('server_version_num')::int >= 150000 AS is_15, current_setting('integer_datetimes');

-- case: set_config_function
SELECT set_config('application_name', 'via_function', false);
SHOW application_name;

-- case: set_unknown_parameter_42704
SET no_such_parameter = 1;
SHOW no_such_parameter;

-- case: set_names_utf8
SET NAMES 'UTF8';
SHOW client_encoding;

-- case: current_user_and_database
SELECT current_user, session_user;

-- case: set_time_zone_interval
SET TIME ZONE INTERVAL '-08:00' HOUR TO MINUTE;
SHOW TimeZone;
SELECT timestamptz '2024-06-01 12:00+00', timestamp '2024-06-01 12:00' AT TIME ZONE 'UTC';
SET TIME ZONE INTERVAL '+05:30:15' HOUR TO MINUTE;
SHOW TimeZone;
SET TIME ZONE INTERVAL '01:30:15';
SELECT timestamptz '2024-06-01 12:00+00', current_setting('TimeZone');
SET TIME ZONE INTERVAL '+05:30' HOUR;
SHOW TimeZone;
SET TIME ZONE INTERVAL '00:00';
SHOW TimeZone;
BEGIN;
SET LOCAL TIME ZONE INTERVAL '-03:00' HOUR TO MINUTE;
SHOW TimeZone;
COMMIT;
SHOW TimeZone;

-- case: set_time_zone_interval_with_days_22023
SET TIME ZONE INTERVAL '1 day';

-- case: reg_types_print_names
SELECT 'int4'::regtype, 'text[]'::regtype, 23::regtype, 'int4'::regtype::text, pg_typeof(1.5);

-- case: regnamespace_casts
SELECT 'public'::regnamespace, 'pg_catalog'::regnamespace::oid, 2200::regnamespace, 'public'::regnamespace::text;

-- case: regnamespace_unknown
SELECT 'nope'::regnamespace;

-- case: to_regtype_and_unknown_names
SELECT to_regtype('integer'), to_regtype('text[]'), to_regtype('nope') IS NULL;
SELECT 'no_such_table'::regclass;
SELECT 'no_such_type'::regtype;

-- case: regtype_from_text_values
SELECT t::regtype, t::regtype::oid FROM (VALUES ('int8'), ('varchar'), ('bool[]')) v(t) ORDER BY 2;
