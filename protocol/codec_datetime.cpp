// Codecs of date, time, timetz, timestamp, timestamptz and interval: stored text forms (see
// the storage contract in README.md), PostgreSQL text output, and the binary forms
// (date int32 days, time/timestamp int64 microseconds, timetz int64 + int32 zone west,
// interval int64 usec + int32 days + int32 months).

#include <cstdio>
#include <cstdlib>
#include <string>

#include "protocol/codec_internal.h"
#include "protocol/datetime.h"
#include "protocol/timezone.h"
#include "protocol/types.h"
#include "protocol/wire.h"

namespace litewire::protocol {

namespace {

// The stored form's year prefixes (datetime.h): BC years as the complement 10000 - n of the BC
// year n, so an earlier year gives the smaller number; years from 10000 with seven digits.
constexpr char kBcPrefix = '/';
constexpr char kBigYearPrefix = '>';
constexpr int64_t kBcComplement = 10000;

void append_stored_ymd(std::string& out, int64_t days_since_2000) {
  int64_t y;
  int m, d;
  civil_from_days(days_since_2000 + kPgEpochDays, y, m, d);
  char buf[48];
  if (y <= 0 && 1 - y < kBcComplement) {
    std::snprintf(buf, sizeof(buf), "%c%04lld-%02d-%02d", kBcPrefix,
                  static_cast<long long>(kBcComplement - (1 - y)), m, d);
  } else if (y <= 0) {
    // Beyond PostgreSQL's range (callers check it): the ISO form, readable if not ordered.
    std::snprintf(buf, sizeof(buf), "-%04lld-%02d-%02d", static_cast<long long>(-y), m, d);
  } else if (y < 10000) {
    std::snprintf(buf, sizeof(buf), "%04lld-%02d-%02d", static_cast<long long>(y), m, d);
  } else {
    std::snprintf(buf, sizeof(buf), "%c%07lld-%02d-%02d", kBigYearPrefix, static_cast<long long>(y),
                  m, d);
  }
  out += buf;
}

bool digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}
int64_t num(std::string_view s) {
  int64_t v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

// The date at the start of a stored form ("YYYY-MM-DD", "/YYYY-MM-DD", ">YYYYYYY-MM-DD", and
// the older "-YYYY-MM-DD" and "YYYYY-MM-DD"); `used` receives its length.
bool read_stored_ymd(std::string_view s, int64_t& day, size_t& used) {
  const char lead = s.empty() ? '\0' : s[0];
  const bool bc = lead == kBcPrefix, big = lead == kBigYearPrefix, iso_bc = lead == '-';
  const size_t start = bc || big || iso_bc ? 1 : 0;
  const size_t dash = s.find('-', start);
  if (dash == std::string_view::npos || s.size() < dash + 6 || s[dash + 3] != '-') return false;
  const size_t year_digits = dash - start;
  if (year_digits < 4 || year_digits > 9 || (bc && year_digits != 4) || (big && year_digits != 7)) {
    return false;
  }
  std::string_view ys = s.substr(start, year_digits), ms = s.substr(dash + 1, 2),
                   ds = s.substr(dash + 4, 2);
  if (!digits(ys) || !digits(ms) || !digits(ds)) return false;
  int64_t y = num(ys);
  if (bc) y = 1 - (kBcComplement - y);
  if (iso_bc) y = -y;
  const int m = static_cast<int>(num(ms)), d = static_cast<int>(num(ds));
  if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return false;
  day = days_from_civil(y, m, d) - kPgEpochDays;
  used = dash + 6;
  return true;
}

// " HH:MM:SS[.ffffff]" after the date of a stored timestamp.
bool read_stored_time(std::string_view rest, int64_t& usec) {
  if (rest.size() < 9 || rest[0] != ' ' || rest[3] != ':' || rest[6] != ':') return false;
  std::string_view hh = rest.substr(1, 2), mi = rest.substr(4, 2), ss = rest.substr(7, 2);
  if (!digits(hh) || !digits(mi) || !digits(ss)) return false;
  usec = num(hh) * kUsecPerHour + num(mi) * kUsecPerMinute + num(ss) * kUsecPerSecond;
  std::string_view frac = rest.substr(9);
  if (!frac.empty()) {
    if (frac[0] != '.' || frac.size() > 7 || !digits(frac.substr(1))) return false;
    int64_t f = num(frac.substr(1));
    for (size_t k = frac.size() - 1; k < 6; ++k) f *= 10;
    usec += f;
  }
  return true;
}

}  // namespace

void append_stored_date(std::string& out, int32_t date) {
  if (date == kDateEnd) {
    out += "infinity";
  } else if (date == kDateBegin) {
    out += "-infinity";
  } else {
    append_stored_ymd(out, date);
  }
}

void append_stored_timestamp(std::string& out, int64_t ts) {
  if (ts == kTimestampEnd) {
    out += "infinity";
  } else if (ts == kTimestampBegin) {
    out += "-infinity";
  } else {
    const int64_t day = floor_div(ts, kUsecPerDay);
    append_stored_ymd(out, day);
    out.push_back(' ');
    format_time(out, ts - day * kUsecPerDay);
  }
}

std::string stored_date(int32_t date) {
  std::string s;
  append_stored_date(s, date);
  return s;
}

std::string stored_timestamp(int64_t ts) {
  std::string s;
  append_stored_timestamp(s, ts);
  return s;
}

Result<int32_t> load_stored_date(std::string_view s) {
  int64_t day;
  size_t used;
  if (read_stored_ymd(s, day, used) && used == s.size() && date_in_range(day)) {
    return static_cast<int32_t>(day);
  }
  if (s == "infinity") return kDateEnd;
  if (s == "-infinity") return kDateBegin;
  return parse_date(s, DateTimeInput{});
}

Result<int64_t> load_stored_timestamp(std::string_view s, bool with_time_zone) {
  int64_t day, usec = 0;
  size_t used;
  if (read_stored_ymd(s, day, used) &&
      (used == s.size() || read_stored_time(s.substr(used), usec))) {
    const int64_t ts = day * kUsecPerDay + usec;
    if (timestamp_in_range(ts)) return ts;
  }
  if (s == "infinity") return kTimestampEnd;
  if (s == "-infinity") return kTimestampBegin;
  if (with_time_zone) return parse_timestamptz(s, -1, DateTimeInput{});
  return parse_timestamp(s, -1, DateTimeInput{});
}

}  // namespace litewire::protocol

namespace litewire::protocol::detail {

namespace {

using Kind = StoredValueView::Kind;

DateTimeInput input_of(const FormatContext& ctx) {
  DateTimeInput in;
  in.time_zone = ctx.time_zone.get();
  in.date_order = ctx.date_order;
  in.now = ctx.now;
  return in;
}

PgError not_text(std::string_view type) {
  return PgError(sqlstate::kDatatypeMismatch,
                 "stored value is not a valid " + std::string(type));
}

Result<int32_t> load_date(const StoredValueView& v) {
  if (v.kind != Kind::kText) return not_text("date");
  return load_stored_date(v.s);
}

Result<int64_t> load_timestamp(const StoredValueView& v, bool tz) {
  if (v.kind != Kind::kText) return not_text(tz ? "timestamptz" : "timestamp");
  return load_stored_timestamp(v.s, tz);
}

Result<int64_t> load_time(const StoredValueView& v) {
  if (v.kind != Kind::kText) return not_text("time");
  return parse_time(v.s, -1, DateTimeInput{});
}

Result<TimeTz> load_timetz(const StoredValueView& v) {
  if (v.kind != Kind::kText) return not_text("timetz");
  return parse_timetz(v.s, -1, DateTimeInput{});
}

Result<Interval> load_interval(const StoredValueView& v) {
  if (v.kind != Kind::kText) return not_text("interval");
  return parse_interval(v.s, -1);
}

std::string stored_timetz(const TimeTz& t) {
  std::string s;
  format_timetz(s, t);
  return s;
}

std::string stored_interval(const Interval& iv) {
  std::string s;
  format_interval(s, iv, IntervalStyleOutput::kPostgres);
  return s;
}

int precision_of(int32_t typmod) { return typmod >= 0 ? typmod : -1; }

}  // namespace

bool is_datetime_oid(int32_t t) {
  return t == oid::kDate || t == oid::kTime || t == oid::kTimetz || t == oid::kTimestamp ||
         t == oid::kTimestamptz || t == oid::kInterval;
}

Result<void> datetime_append_text(std::string& out, const StoredValueView& v, int32_t type_oid,
                                  int32_t, const FormatContext& ctx) {
  switch (type_oid) {
    case oid::kDate: {
      LITEWIRE_TRY_ASSIGN(d, load_date(v));
      format_date(out, d);
      return {};
    }
    case oid::kTime: {
      LITEWIRE_TRY_ASSIGN(t, load_time(v));
      format_time(out, t);
      return {};
    }
    case oid::kTimetz: {
      LITEWIRE_TRY_ASSIGN(t, load_timetz(v));
      format_timetz(out, t);
      return {};
    }
    case oid::kTimestamp: {
      LITEWIRE_TRY_ASSIGN(ts, load_timestamp(v, false));
      format_timestamp(out, ts);
      return {};
    }
    case oid::kTimestamptz: {
      LITEWIRE_TRY_ASSIGN(ts, load_timestamp(v, true));
      format_timestamptz(out, ts, ctx.time_zone.get());
      return {};
    }
    case oid::kInterval: {
      LITEWIRE_TRY_ASSIGN(iv, load_interval(v));
      format_interval(out, iv, ctx.interval_style);
      return {};
    }
    default: return feature_not_supported("type oid " + std::to_string(type_oid));
  }
}

Result<void> datetime_append_binary(std::string& out, const StoredValueView& v, int32_t type_oid,
                                    int32_t, const FormatContext&) {
  switch (type_oid) {
    case oid::kDate: {
      LITEWIRE_TRY_ASSIGN(d, load_date(v));
      put_i32(out, d);
      return {};
    }
    case oid::kTime: {
      LITEWIRE_TRY_ASSIGN(t, load_time(v));
      put_i64(out, t);
      return {};
    }
    case oid::kTimetz: {
      LITEWIRE_TRY_ASSIGN(t, load_timetz(v));
      put_i64(out, t.usec);
      put_i32(out, -t.offset);  // timetz_send stores the zone as seconds west of UTC
      return {};
    }
    case oid::kTimestamp:
    case oid::kTimestamptz: {
      LITEWIRE_TRY_ASSIGN(ts, load_timestamp(v, type_oid == oid::kTimestamptz));
      put_i64(out, ts);
      return {};
    }
    case oid::kInterval: {
      LITEWIRE_TRY_ASSIGN(iv, load_interval(v));
      put_i64(out, iv.usec);
      put_i32(out, iv.days);
      put_i32(out, iv.months);
      return {};
    }
    default: return feature_not_supported("type oid " + std::to_string(type_oid));
  }
}

Result<StoredValue> datetime_parse(std::string_view b, int16_t format, int32_t type_oid,
                                   int32_t typmod, const FormatContext& ctx) {
  const std::string_view name = find_type(type_oid)->sql_name;
  if (format == 1) {
    auto need = [&](size_t n) -> Result<void> {
      if (b.size() != n) return bad_binary(name);
      return {};
    };
    const PgError ts_range(sqlstate::kDatetimeFieldOverflow, "timestamp out of range");
    switch (type_oid) {
      case oid::kDate: {
        LITEWIRE_TRY(need(4));
        const int32_t d = get_i32(b.data());
        if (d != kDateBegin && d != kDateEnd && !date_in_range(d)) {
          return PgError(sqlstate::kDatetimeFieldOverflow, "date out of range");
        }
        return StoredValue{stored_date(d)};
      }
      case oid::kTime: {
        LITEWIRE_TRY(need(8));
        int64_t t = get_i64(b.data());
        if (t < 0 || t > kUsecPerDay) {
          return PgError(sqlstate::kDatetimeFieldOverflow, "time out of range");
        }
        return StoredValue{[&] { std::string s; format_time(s, round_usec(t, precision_of(typmod))); return s; }()};
      }
      case oid::kTimetz: {
        LITEWIRE_TRY(need(12));
        TimeTz t{get_i64(b.data()), -get_i32(b.data() + 8)};
        if (t.usec < 0 || t.usec > kUsecPerDay) {
          return PgError(sqlstate::kDatetimeFieldOverflow, "time out of range");
        }
        if (t.offset < -(15 * 3600 + 59 * 60 + 59) || t.offset > 15 * 3600 + 59 * 60 + 59) {
          return PgError(sqlstate::kInvalidTimeZoneDisplacementValue,
                         "time zone displacement out of range");
        }
        t.usec = round_usec(t.usec, precision_of(typmod));
        return StoredValue{stored_timetz(t)};
      }
      case oid::kTimestamp:
      case oid::kTimestamptz: {
        LITEWIRE_TRY(need(8));
        int64_t ts = get_i64(b.data());
        if (ts != kTimestampBegin && ts != kTimestampEnd) {
          ts = round_usec(ts, precision_of(typmod));
          if (!timestamp_in_range(ts)) return ts_range;
        }
        return StoredValue{stored_timestamp(ts)};
      }
      case oid::kInterval: {
        LITEWIRE_TRY(need(16));
        Interval iv{get_i64(b.data()), get_i32(b.data() + 8), get_i32(b.data() + 12)};
        return StoredValue{stored_interval(iv)};
      }
      default: return feature_not_supported("binary input for type " + std::string(name));
    }
  }
  const DateTimeInput in = input_of(ctx);
  switch (type_oid) {
    case oid::kDate: {
      LITEWIRE_TRY_ASSIGN(d, parse_date(b, in));
      return StoredValue{stored_date(d)};
    }
    case oid::kTime: {
      LITEWIRE_TRY_ASSIGN(t, parse_time(b, precision_of(typmod), in));
      std::string s;
      format_time(s, t);
      return StoredValue{std::move(s)};
    }
    case oid::kTimetz: {
      LITEWIRE_TRY_ASSIGN(t, parse_timetz(b, precision_of(typmod), in));
      return StoredValue{stored_timetz(t)};
    }
    case oid::kTimestamp: {
      LITEWIRE_TRY_ASSIGN(ts, parse_timestamp(b, precision_of(typmod), in));
      return StoredValue{stored_timestamp(ts)};
    }
    case oid::kTimestamptz: {
      LITEWIRE_TRY_ASSIGN(ts, parse_timestamptz(b, precision_of(typmod), in));
      return StoredValue{stored_timestamp(ts)};
    }
    case oid::kInterval: {
      LITEWIRE_TRY_ASSIGN(iv, parse_interval(b, typmod));
      return StoredValue{stored_interval(iv)};
    }
    default: return feature_not_supported("type " + std::string(name));
  }
}

}  // namespace litewire::protocol::detail
