#pragma once
// Date/time values as PostgreSQL represents them, their text input and output, and the
// interval arithmetic the SQL functions need. Pure functions (the clock is injected).
//
// Representations (the same as PostgreSQL's binary forms):
//   date         int32 days since 2000-01-01; kDateBegin/kDateEnd are -infinity/infinity
//   time         int64 microseconds since midnight (0 .. 24:00:00 inclusive)
//   timetz       TimeTz: time plus the zone offset in seconds EAST of UTC
//   timestamp    int64 microseconds since 2000-01-01 00:00:00 (wall clock)
//   timestamptz  int64 microseconds since 2000-01-01 00:00:00 UTC
//   interval     Interval: months, days, microseconds (kept apart, as PostgreSQL does)
// Years are proleptic Gregorian, astronomical numbering in the civil helpers (0 = 1 BC).

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <string_view>

#include "protocol/codec.h"
#include "protocol/pg_error.h"

namespace litewire::protocol {

class TimeZone;

inline constexpr int64_t kUsecPerSecond = 1000000;
inline constexpr int64_t kUsecPerMinute = 60 * kUsecPerSecond;
inline constexpr int64_t kUsecPerHour = 60 * kUsecPerMinute;
inline constexpr int64_t kUsecPerDay = 24 * kUsecPerHour;
inline constexpr int64_t kTimestampBegin = std::numeric_limits<int64_t>::min();  // -infinity
inline constexpr int64_t kTimestampEnd = std::numeric_limits<int64_t>::max();    // infinity
inline constexpr int32_t kDateBegin = std::numeric_limits<int32_t>::min();
inline constexpr int32_t kDateEnd = std::numeric_limits<int32_t>::max();
// Days from 1970-01-01 to 2000-01-01.
inline constexpr int64_t kPgEpochDays = 10957;
inline constexpr int64_t kPgEpochUnixSeconds = kPgEpochDays * 86400;

struct Interval {
  int64_t usec = 0;
  int32_t days = 0;
  int32_t months = 0;
  bool operator==(const Interval&) const = default;
};

struct TimeTz {
  int64_t usec = 0;
  int32_t offset = 0;  // seconds east of UTC (PostgreSQL's binary form stores the negation)
  bool operator==(const TimeTz&) const = default;
};

// What date/time input depends on besides the text.
struct DateTimeInput {
  const TimeZone* time_zone = nullptr;  // session TimeZone; nullptr = UTC
  DateOrder date_order = DateOrder::kMDY;
  // The transaction's timestamp for 'now', 'today', 'tomorrow', 'yesterday' (microseconds
  // since 2000-01-01 UTC). Empty: the system clock.
  std::function<int64_t()> now;
};

// --- civil calendar --------------------------------------------------------------------------
int64_t floor_div(int64_t a, int64_t b);
// Days since 1970-01-01 of a proleptic Gregorian date (astronomical year).
int64_t days_from_civil(int64_t y, int m, int d);
void civil_from_days(int64_t days_since_1970, int64_t& y, int& m, int& d);
int days_in_month(int64_t y, int m);
// The current time from the system clock, microseconds since 2000-01-01 UTC.
int64_t system_now();

// --- input -----------------------------------------------------------------------------------
// Errors follow PostgreSQL: 22007 `invalid input syntax for type date: "x"`, 22008
// `date/time field value out of range: "x"` (with PostgreSQL's datestyle hint when a month is
// above 12), 22008 `date out of range: "x"` / `timestamp out of range: "x"`, 22023 for an
// unknown time zone name. `typmod` is the fractional-second precision (-1 = 6).
Result<int32_t> parse_date(std::string_view s, const DateTimeInput& in);
Result<int64_t> parse_time(std::string_view s, int32_t typmod, const DateTimeInput& in);
Result<TimeTz> parse_timetz(std::string_view s, int32_t typmod, const DateTimeInput& in);
Result<int64_t> parse_timestamp(std::string_view s, int32_t typmod, const DateTimeInput& in);
Result<int64_t> parse_timestamptz(std::string_view s, int32_t typmod, const DateTimeInput& in);
// The zone of `x AT TIME ZONE 'name'` and timezone('name', x), resolved as PostgreSQL does: an
// abbreviation of the Default set first (a fixed offset: 'PST', 'CET' even in summer), else
// TimeZone::load_named ('Europe/Berlin', 'EST5EDT', POSIX '+05' = five hours west of UTC).
// 22023 `time zone "x" not recognized`.
Result<std::shared_ptr<const TimeZone>> conversion_zone(std::string_view name);
// The zone argument of make_timestamptz(): an ISO offset ("+05", "-03:30", EAST of UTC), else
// as conversion_zone. A bare number is 22023 (numeric zones need a sign), as in PostgreSQL.
Result<std::shared_ptr<const TimeZone>> make_timestamptz_zone(std::string_view name);
// Postgres-style ('1 day 02:00:00', '3 hours', '@ 1 hour ago', '-1 day +02:03') and ISO 8601
// ('P1Y2M3DT4H5M6S') input. 22007 on bad syntax, 22008 `interval out of range`.
Result<Interval> parse_interval(std::string_view s, int32_t typmod);

// --- output (DateStyle ISO; IntervalStyle postgres or iso_8601) --------------------------------
void format_date(std::string& out, int32_t date);
void format_time(std::string& out, int64_t usec);
void format_timetz(std::string& out, const TimeTz& t);
void format_timestamp(std::string& out, int64_t ts);
// In `tz` (nullptr = UTC), with the offset: "2024-05-01 12:34:56.5+02".
void format_timestamptz(std::string& out, int64_t ts, const TimeZone* tz);
void format_interval(std::string& out, const Interval& iv,
                     IntervalStyleOutput style = IntervalStyleOutput::kPostgres);

// --- stored form (README.md, "Storage contract") ---------------------------------------------
// The TEXT a date, timestamp or timestamptz (in UTC) is stored as. Plain byte order (SQLite's
// BINARY collation) is PostgreSQL's order of the values:
//   "-infinity" < BC dates "/YYYY-MM-DD" (YYYY = 10000 - the BC year, so 4714 BC is "/5286"
//   and 1 BC "/9999") < AD years 1..9999 "YYYY-MM-DD" < years from 10000 ">YYYYYYY-MM-DD"
//   (seven digits) < "infinity".
// A timestamp appends " HH:MM:SS[.ffffff]" (trailing fractional zeros trimmed). The format
// needs the date in PostgreSQL's range (4714-11-24 BC up to 5874897 AD); callers check it.
void append_stored_date(std::string& out, int32_t date);
void append_stored_timestamp(std::string& out, int64_t ts);
std::string stored_date(int32_t date);
std::string stored_timestamp(int64_t ts);
// Reads a stored form: the one above, and the forms of older files (BC years as ISO 8601
// astronomical years "-0043-03-15", years from 10000 as plain digits). Anything else is read
// as PostgreSQL input in a UTC session (a value written by another program); 22007/22008 as
// parse_date/parse_timestamp when that fails too. A stored date read as a timestamp is its
// midnight (the SQL functions take a date where PostgreSQL casts it to timestamp).
Result<int32_t> load_stored_date(std::string_view s);
Result<int64_t> load_stored_timestamp(std::string_view s, bool with_time_zone);
// Whether a date (days since 2000-01-01) / a timestamp lies in PostgreSQL's range
// (infinities excluded).
bool date_in_range(int64_t days);
bool timestamp_in_range(int64_t ts);

// --- arithmetic ------------------------------------------------------------------------------
// timestamp + interval as PostgreSQL does it: months first (day clamped to the month's end),
// then days, then microseconds. For timestamptz the month and day steps happen in local time
// of `tz`, so '1 day' across a DST change keeps the wall-clock time. Infinities are unchanged.
// 22008 `timestamp out of range` on overflow.
Result<int64_t> timestamp_plus_interval(int64_t ts, const Interval& iv);
Result<int64_t> timestamptz_plus_interval(int64_t ts, const Interval& iv, const TimeZone* tz);
Result<Interval> interval_negate(const Interval& iv);
Interval justify_hours(const Interval& iv);
Interval justify_days(const Interval& iv);
Interval justify_interval(const Interval& iv);
// Rounds microseconds to `precision` fractional digits (0..6) half away from zero, as
// AdjustTimestampForTypmod does. precision < 0 or >= 6: unchanged.
int64_t round_usec(int64_t usec, int precision);

}  // namespace litewire::protocol
