#pragma once
// Date/time values in their stored forms (protocol/README.md, "Storage contract"; formatted
// and read by protocol's append_stored_date/load_stored_timestamp) and the arithmetic
// PostgreSQL defines on them: timestamp - timestamp, interval arithmetic, extract/date_part,
// date_trunc (timestamp +/- interval is protocol's timestamp_plus_interval). Pure functions.
//
// Times are microseconds since 1970-01-01 00:00:00 (no time zone: timestamptz values are
// stored in UTC, so their arithmetic here is UTC arithmetic). They overflow int64 from
// 294247 AD: parse_stored_timestamp gives nullopt there, so the functions that must cover
// PostgreSQL's whole range (extract, date_trunc, to_char, age, AT TIME ZONE, date_bin, ...)
// count from 2000-01-01 with protocol's load_stored_timestamp instead.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "protocol/pg_error.h"

namespace litewire::sqlite::datetime {

inline constexpr int64_t kUsPerSecond = 1000000;
inline constexpr int64_t kUsPerDay = 86400 * kUsPerSecond;

struct Interval {
  int32_t months = 0;
  int32_t days = 0;
  int64_t us = 0;
};

// Stored forms.
std::optional<int64_t> parse_stored_date(std::string_view s);        // days since epoch
std::optional<int64_t> parse_stored_timestamp(std::string_view s);   // us since epoch
std::optional<int64_t> parse_stored_time(std::string_view s);        // us since midnight
std::string format_date(int64_t days);
std::string format_timestamp(int64_t us);
std::string format_time(int64_t us);

// Interval text: PostgreSQL's output styles and the common input forms ("1 day", "2 hours 30
// minutes", "1 year 2 mons 3 days 04:05:06.5", "-01:30", "@ 1 day ago", ISO "P1DT2H").
protocol::Result<Interval> parse_interval(std::string_view s);
std::string format_interval(const Interval& iv);  // the stored form (postgres style)

// ISO-style input (what clients send): "2024-05-01", "2024-05-01 12:34:56.5",
// "2024-05-01T12:34:56Z", "... +02", "... -05:30". `offset_seconds` receives the explicit zone
// offset when there is one.
protocol::Result<int64_t> parse_timestamp_input(std::string_view s, std::string_view type_name,
                                                std::optional<int32_t>& offset_seconds);

Interval subtract_timestamps(int64_t a, int64_t b);  // justified into days + time
Interval multiply(const Interval& iv, double factor);

// extract(field from value): value kind 'd' date, 't' timestamp, 'z' timestamptz, 'h' time,
// 'i' interval. Returns the numeric value, or nullopt (NULL) for a field of an infinite date or
// timestamp that has no value (month of infinity); 22023 for unknown fields.
protocol::Result<std::optional<double>> extract(std::string_view field, char kind,
                                                std::string_view stored);
// date_trunc(field, value) on a timestamp stored form; infinities are returned as they are.
protocol::Result<std::string> date_trunc(std::string_view field, std::string_view stored,
                                         char kind);

}  // namespace litewire::sqlite::datetime
