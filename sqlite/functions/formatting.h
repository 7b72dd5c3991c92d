#pragma once
// PostgreSQL's data type formatting functions (to_char, to_date, to_timestamp, to_number) and
// the date/time constructors, age(), AT TIME ZONE, date_bin() and justify_*():
//
//   pg_to_char_dt(value, format, kind)    kind: 'd' date, 't' timestamp, 'z' timestamptz
//                                          (session TimeZone), 'i' interval
//   pg_to_char_num(value, format, is_float) integer, numeric and float values
//   pg_to_date(text, format), pg_to_timestamp(text, format), pg_to_timestamp(seconds)
//   pg_to_number(text, format)
//   pg_age(a, b, kind)                     kind 't' timestamp, 'z' timestamptz
//   pg_make_date(y, m, d), pg_make_time(h, m, s), pg_make_timestamp(y, mo, d, h, mi, s),
//   pg_make_timestamp(y, mo, d, h, mi, s[, with_zone[, zone]]), pg_make_interval(7 fields)
//   pg_timezone(zone, value, kind, zone_is_interval)  value AT TIME ZONE zone; kind 'z'
//                                          timestamptz -> timestamp, 't' timestamp ->
//                                          timestamptz, 'c' timetz -> timetz
//   pg_date_bin(stride, source, origin)    timestamps (timestamptz: the same, on UTC)
//   pg_justify(interval, kind)             kind 'd' justify_days, 'h' justify_hours,
//                                          'i' justify_interval
//
// Template patterns follow PostgreSQL's documentation ("Data Type Formatting Functions"); the
// C locale's names, decimal point '.', group separator ',' and currency symbol ' '.

#include <string>
#include <string_view>

#include "protocol/pg_error.h"

struct sqlite3;

namespace litewire::sqlite {

int register_formatting(sqlite3* db);            // to_char, to_date, to_timestamp, to_number
int register_datetime_constructors(sqlite3* db);  // age, make_*

}  // namespace litewire::sqlite
