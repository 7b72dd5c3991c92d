#include "sqlite/functions/datetime.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <vector>

#include "protocol/datetime.h"

namespace litewire::sqlite::datetime {

namespace sqlstate = protocol::sqlstate;
using protocol::PgError;
using protocol::Result;

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Reads exactly `n` digits at `i`.
bool digits(std::string_view s, size_t& i, size_t n, int64_t& out) {
  if (i + n > s.size()) return false;
  int64_t v = 0;
  for (size_t k = 0; k < n; ++k) {
    if (!is_digit(s[i + k])) return false;
    v = v * 10 + (s[i + k] - '0');
  }
  i += n;
  out = v;
  return true;
}

// Reads 1+ digits.
bool number(std::string_view s, size_t& i, int64_t& out) {
  size_t start = i;
  int64_t v = 0;
  while (i < s.size() && is_digit(s[i]) && i - start < 18) v = v * 10 + (s[i++] - '0');
  out = v;
  return i > start;
}

// ".ffffff" -> microseconds (rounded to 6 digits).
int64_t fraction_us(std::string_view s, size_t& i) {
  if (i >= s.size() || s[i] != '.') return 0;
  ++i;
  int64_t v = 0;
  int n = 0;
  bool round_up = false;
  while (i < s.size() && is_digit(s[i])) {
    if (n < 6) {
      v = v * 10 + (s[i] - '0');
    } else if (n == 6) {
      round_up = s[i] >= '5';
    }
    ++n;
    ++i;
  }
  while (n < 6) {
    v *= 10;
    ++n;
  }
  return v + (round_up ? 1 : 0);
}

std::string two(int64_t v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02lld", static_cast<long long>(v));
  return buf;
}

std::string fraction_text(int64_t us) {
  if (us == 0) return {};
  char buf[16];
  std::snprintf(buf, sizeof buf, ".%06lld", static_cast<long long>(us));
  std::string f(buf);
  while (f.back() == '0') f.pop_back();
  return f;
}

}  // namespace

// The proleptic Gregorian calendar (days since 1970, astronomical years) is protocol's.
using protocol::civil_from_days;
using protocol::days_from_civil;
using protocol::days_in_month;

namespace {

// The stored forms are protocol's (append_stored_date / load_stored_date); here times count
// from 1970 instead of 2000.
constexpr int64_t kPgEpochUs = protocol::kPgEpochDays * kUsPerDay;

}  // namespace

std::optional<int64_t> parse_stored_date(std::string_view s) {
  auto d = protocol::load_stored_date(s);
  if (!d || *d == protocol::kDateBegin || *d == protocol::kDateEnd) return std::nullopt;
  return *d + protocol::kPgEpochDays;
}

std::optional<int64_t> parse_stored_time(std::string_view s) {
  size_t i = 0;
  int64_t h, m, sec = 0;
  if (!number(s, i, h) || i >= s.size() || s[i++] != ':' || !digits(s, i, 2, m)) return std::nullopt;
  if (i < s.size() && s[i] == ':') {
    ++i;
    if (!digits(s, i, 2, sec)) return std::nullopt;
  }
  int64_t frac = fraction_us(s, i);
  return ((h * 60 + m) * 60 + sec) * kUsPerSecond + frac;
}

std::optional<int64_t> parse_stored_timestamp(std::string_view s) {
  auto ts = protocol::load_stored_timestamp(s, false);
  // Past 294247 AD microseconds since 1970 no longer fit an int64.
  if (!ts || *ts == protocol::kTimestampBegin || *ts == protocol::kTimestampEnd ||
      *ts > std::numeric_limits<int64_t>::max() - kPgEpochUs) {
    return std::nullopt;
  }
  return *ts + kPgEpochUs;
}

std::string format_date(int64_t days) {
  return protocol::stored_date(static_cast<int32_t>(days - protocol::kPgEpochDays));
}

std::string format_time(int64_t us) {
  int64_t secs = us / kUsPerSecond;
  return two(secs / 3600) + ":" + two((secs / 60) % 60) + ":" + two(secs % 60) +
         fraction_text(us % kUsPerSecond);
}

std::string format_timestamp(int64_t us) { return protocol::stored_timestamp(us - kPgEpochUs); }

namespace {

// A stored date or timestamp as its day (since 1970) and time of day, and the timestamp
// itself since 2000: microseconds since 1970 overflow int64 in the last thirty years of
// PostgreSQL's timestamp range (from 294247 AD), so extract and date_trunc avoid them.
struct DayTime {
  int64_t days = 0;
  int64_t time_of_day = 0;
  int64_t pg_us = 0;  // microseconds since 2000-01-01
};

std::optional<DayTime> stored_day_time(std::string_view stored, char kind) {
  DayTime r;
  if (kind == 'd') {
    auto d = protocol::load_stored_date(stored);
    if (!d || *d == protocol::kDateBegin || *d == protocol::kDateEnd) return std::nullopt;
    r.pg_us = static_cast<int64_t>(*d) * kUsPerDay;
  } else {
    auto ts = protocol::load_stored_timestamp(stored, false);
    if (!ts || *ts == protocol::kTimestampBegin || *ts == protocol::kTimestampEnd) {
      return std::nullopt;
    }
    r.pg_us = *ts;
  }
  const int64_t day = protocol::floor_div(r.pg_us, kUsPerDay);
  r.time_of_day = r.pg_us - day * kUsPerDay;
  r.days = day + protocol::kPgEpochDays;
  return r;
}

std::string format_day_time(int64_t days, int64_t time_of_day) {
  return protocol::stored_timestamp((days - protocol::kPgEpochDays) * kUsPerDay + time_of_day);
}

}  // namespace

Result<Interval> parse_interval(std::string_view input) {
  auto bad = [&]() {
    return PgError(sqlstate::kInvalidDatetimeFormat,
                   "invalid input syntax for type interval: \"" + std::string(input) + "\"");
  };
  std::string s = lower(input);
  Interval iv;
  // ISO 8601 format with designators: P1Y2M3DT4H5M6S.
  if (!s.empty() && s[0] == 'p') {
    bool time = false;
    size_t i = 1;
    while (i < s.size()) {
      if (s[i] == 't') {
        time = true;
        ++i;
        continue;
      }
      char* end = nullptr;
      double v = std::strtod(s.c_str() + i, &end);
      if (end == s.c_str() + i || *end == '\0') return bad();
      char u = *end;
      i = static_cast<size_t>(end - s.c_str()) + 1;
      if (!time && u == 'y') iv.months += static_cast<int32_t>(v * 12);
      else if (!time && u == 'm') iv.months += static_cast<int32_t>(v);
      else if (!time && u == 'w') iv.days += static_cast<int32_t>(v * 7);
      else if (!time && u == 'd') iv.days += static_cast<int32_t>(v);
      else if (time && u == 'h') iv.us += static_cast<int64_t>(std::llround(v * 3600e6));
      else if (time && u == 'm') iv.us += static_cast<int64_t>(std::llround(v * 60e6));
      else if (time && u == 's') iv.us += static_cast<int64_t>(std::llround(v * 1e6));
      else return bad();
    }
    return iv;
  }
  std::vector<std::string> tokens;
  std::string cur;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == ',') {
      if (!cur.empty()) tokens.push_back(cur), cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  if (!cur.empty()) tokens.push_back(cur);
  if (tokens.empty()) return bad();
  bool ago = false;
  bool any = false;
  for (size_t t = 0; t < tokens.size(); ++t) {
    std::string tok = tokens[t];
    if (tok == "@") continue;
    if (tok == "ago") {
      ago = true;
      continue;
    }
    if (tok.find(':') != std::string::npos) {
      // [-]H:MM[:SS[.f]]
      bool neg = tok[0] == '-';
      size_t i = (tok[0] == '-' || tok[0] == '+') ? 1 : 0;
      auto tt = parse_stored_time(std::string_view(tok).substr(i));
      if (!tt) return bad();
      iv.us += neg ? -*tt : *tt;
      any = true;
      continue;
    }
    // A number, with the unit attached or as the next token.
    char* end = nullptr;
    double v = std::strtod(tok.c_str(), &end);
    if (end == tok.c_str()) return bad();
    std::string unit(end);
    if (unit.empty() && t + 1 < tokens.size() && !is_digit(tokens[t + 1][0]) &&
        tokens[t + 1][0] != '-' && tokens[t + 1][0] != '+' && tokens[t + 1] != "ago") {
      unit = tokens[++t];
    }
    any = true;
    double whole;
    double frac = std::modf(v, &whole);
    auto add_days = [&](double d) {
      double dw;
      double df = std::modf(d, &dw);
      iv.days += static_cast<int32_t>(dw);
      iv.us += static_cast<int64_t>(std::llround(df * kUsPerDay));
    };
    auto add_months = [&](double m) {
      double mw;
      double mf = std::modf(m, &mw);
      iv.months += static_cast<int32_t>(mw);
      add_days(mf * 30);
    };
    if (unit.empty() || unit == "s" || unit == "sec" || unit == "secs" || unit == "second" ||
        unit == "seconds") {
      iv.us += static_cast<int64_t>(std::llround(v * 1e6));
    } else if (unit == "us" || unit == "usec" || unit == "usecs" || unit == "microsecond" ||
               unit == "microseconds") {
      iv.us += static_cast<int64_t>(std::llround(v));
    } else if (unit == "ms" || unit == "msec" || unit == "msecs" || unit == "millisecond" ||
               unit == "milliseconds") {
      iv.us += static_cast<int64_t>(std::llround(v * 1e3));
    } else if (unit == "m" || unit == "min" || unit == "mins" || unit == "minute" ||
               unit == "minutes") {
      iv.us += static_cast<int64_t>(std::llround(v * 60e6));
    } else if (unit == "h" || unit == "hr" || unit == "hrs" || unit == "hour" || unit == "hours") {
      iv.us += static_cast<int64_t>(std::llround(v * 3600e6));
    } else if (unit == "d" || unit == "day" || unit == "days") {
      add_days(v);
    } else if (unit == "w" || unit == "week" || unit == "weeks") {
      add_days(v * 7);
    } else if (unit == "mon" || unit == "mons" || unit == "month" || unit == "months") {
      add_months(v);
    } else if (unit == "y" || unit == "yr" || unit == "yrs" || unit == "year" || unit == "years") {
      iv.months += static_cast<int32_t>(whole * 12) + static_cast<int32_t>(std::llround(frac * 12));
    } else if (unit == "decade" || unit == "decades") {
      iv.months += static_cast<int32_t>(std::llround(v * 120));
    } else if (unit == "century" || unit == "centuries") {
      iv.months += static_cast<int32_t>(std::llround(v * 1200));
    } else if (unit == "millennium" || unit == "millennia") {
      iv.months += static_cast<int32_t>(std::llround(v * 12000));
    } else {
      return bad();
    }
  }
  if (!any) return bad();
  if (ago) {
    iv.months = -iv.months;
    iv.days = -iv.days;
    iv.us = -iv.us;
  }
  return iv;
}

std::string format_interval(const Interval& iv) {
  std::string out;
  bool is_before = false;
  bool is_zero = true;
  auto add = [&](int64_t value, const char* unit) {
    if (value == 0) return;
    if (!out.empty()) out += ' ';
    if (is_before && value > 0) out += '+';
    out += std::to_string(value) + " " + unit + (value == 1 ? "" : "s");
    is_before = value < 0;
    is_zero = false;
  };
  add(iv.months / 12, "year");
  add(iv.months % 12, "mon");
  add(iv.days, "day");
  if (iv.us != 0 || is_zero) {
    bool neg = iv.us < 0;
    int64_t us = neg ? -iv.us : iv.us;
    if (!out.empty()) out += ' ';
    out += neg ? "-" : (is_before ? "+" : "");
    int64_t secs = us / kUsPerSecond;
    out += two(secs / 3600) + ":" + two((secs / 60) % 60) + ":" + two(secs % 60) +
           fraction_text(us % kUsPerSecond);
  }
  return out;
}

Result<int64_t> parse_timestamp_input(std::string_view input, std::string_view type_name,
                                      std::optional<int32_t>& offset_seconds) {
  auto bad = [&]() {
    return PgError(sqlstate::kInvalidDatetimeFormat, "invalid input syntax for type " +
                                                         std::string(type_name) + ": \"" +
                                                         std::string(input) + "\"");
  };
  std::string_view s = input;
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  size_t i = 0;
  int64_t y, mo, d;
  if (!number(s, i, y) || i >= s.size() || s[i] != '-') return bad();
  ++i;
  if (!number(s, i, mo) || i >= s.size() || s[i] != '-') return bad();
  ++i;
  if (!number(s, i, d)) return bad();
  if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, static_cast<int>(mo))) {
    return PgError(sqlstate::kDatetimeFieldOverflow,
                   "date/time field value out of range: \"" + std::string(input) + "\"");
  }
  int64_t us = days_from_civil(y, static_cast<int>(mo), static_cast<int>(d)) * kUsPerDay;
  if (i < s.size() && (s[i] == ' ' || s[i] == 'T' || s[i] == 't')) {
    ++i;
    while (i < s.size() && s[i] == ' ') ++i;
    int64_t h, mi, sec = 0;
    if (!number(s, i, h) || i >= s.size() || s[i] != ':') return bad();
    ++i;
    if (!digits(s, i, 2, mi)) return bad();
    if (i < s.size() && s[i] == ':') {
      ++i;
      if (!digits(s, i, 2, sec)) return bad();
    }
    int64_t frac = fraction_us(s, i);
    if (h > 24 || mi > 59 || sec > 60 || (h == 24 && (mi != 0 || sec != 0 || frac != 0))) {
      return PgError(sqlstate::kDatetimeFieldOverflow,
                     "date/time field value out of range: \"" + std::string(input) + "\"");
    }
    us += ((h * 60 + mi) * 60 + sec) * kUsPerSecond + frac;
  }
  while (i < s.size() && s[i] == ' ') ++i;
  if (i < s.size()) {
    std::string zone = lower(s.substr(i));
    if (zone == "z" || zone == "utc" || zone == "gmt" || zone == "+00" || zone == "-00") {
      offset_seconds = 0;
    } else if (zone[0] == '+' || zone[0] == '-') {
      size_t k = 1;
      int64_t hh = 0, mm = 0, ss = 0;
      if (!digits(zone, k, 2, hh) && !digits(zone, k, 1, hh)) return bad();
      if (k < zone.size() && zone[k] == ':') ++k;
      if (k < zone.size() && !digits(zone, k, 2, mm)) return bad();
      if (k < zone.size() && zone[k] == ':') ++k;
      if (k < zone.size() && !digits(zone, k, 2, ss)) return bad();
      if (k != zone.size()) return bad();
      int32_t off = static_cast<int32_t>(hh * 3600 + mm * 60 + ss);
      offset_seconds = zone[0] == '-' ? -off : off;
    } else {
      return bad();
    }
  }
  return us;
}

Interval subtract_timestamps(int64_t a, int64_t b) {
  // PostgreSQL's timestamp_mi: the difference in microseconds, then interval_justify_hours.
  int64_t diff = a - b;
  Interval iv;
  iv.days = static_cast<int32_t>(diff / kUsPerDay);
  iv.us = diff % kUsPerDay;
  return iv;
}

Interval multiply(const Interval& iv, double factor) {
  // interval_mul: fractional months spill into days (30 per month), fractional days into time.
  double months = iv.months * factor;
  double days = iv.days * factor;
  Interval out;
  out.months = static_cast<int32_t>(std::trunc(months));
  days += (months - std::trunc(months)) * 30;
  out.days = static_cast<int32_t>(std::trunc(days));
  double us = static_cast<double>(iv.us) * factor + (days - std::trunc(days)) * kUsPerDay;
  out.us = static_cast<int64_t>(std::llround(us));
  return out;
}

Result<std::optional<double>> extract(std::string_view field_in, char kind, std::string_view stored) {
  std::string field = lower(field_in);
  if (field.size() > 1 && field.back() == 's' && field != "dows" && field != "ms" && field != "us") {
    if (field != "millennias") field.pop_back();  // "years" -> "year", "seconds" -> "second"
  }
  if (kind != 'h' && kind != 'i' && (stored == "infinity" || stored == "-infinity")) {
    // An infinite date or timestamp: the units that grow without bound are infinite too, the
    // others (month, hour, dow, time zone...) NULL; the unit is checked as for a finite value.
    if (field == "year" || field == "decade" || field == "century" || field == "millennium" ||
        field == "julian" || field == "isoyear" || field == "epoch") {
      return stored[0] == '-' ? -HUGE_VAL : HUGE_VAL;
    }
    if (kind != 'd' && field.rfind("timezone", 0) == 0) return std::optional<double>();
    auto finite = extract(field_in, kind, kind == 'd' ? "2000-01-01" : "2000-01-01 00:00:00");
    if (!finite) return finite.error();
    return std::optional<double>();
  }
  auto unsupported = [&](std::string_view type) {
    return PgError(sqlstate::kFeatureNotSupported,
                   "unit \"" + std::string(field_in) + "\" not supported for type " + std::string(type));
  };
  if (kind == 'i') {
    auto iv = parse_interval(stored);
    if (!iv) return iv.error();
    double us = static_cast<double>(iv->us);
    if (field == "year") return std::trunc(iv->months / 12.0);
    if (field == "month" || field == "mon") return iv->months % 12;
    if (field == "day") return iv->days;
    if (field == "hour") return std::trunc(us / 3600e6);
    if (field == "minute" || field == "min") return std::fmod(std::trunc(us / 60e6), 60);
    if (field == "second" || field == "sec") return std::fmod(us, 60e6) / 1e6;
    if (field == "millisecond") return std::fmod(us, 60e6) / 1e3;
    if (field == "microsecond") return std::fmod(us, 60e6);
    if (field == "epoch") {
      return iv->months / 12 * 365.25 * 86400 + (iv->months % 12) * 30.0 * 86400 +
             iv->days * 86400.0 + us / 1e6;
    }
    return unsupported("interval");
  }
  if (kind == 'd' && (field == "hour" || field == "minute" || field == "second" ||
                      field == "millisecond" || field == "microsecond")) {
    return unsupported("date");
  }
  if (kind == 'h') {
    auto t = parse_stored_time(stored);
    if (!t) return PgError(sqlstate::kInvalidDatetimeFormat, "invalid time");
    double v = static_cast<double>(*t);
    if (field == "hour") return std::trunc(v / 3600e6);
    if (field == "minute") return std::fmod(std::trunc(v / 60e6), 60);
    if (field == "second") return std::fmod(v, 60e6) / 1e6;
    if (field == "millisecond") return std::fmod(v, 60e6) / 1e3;
    if (field == "microsecond") return std::fmod(v, 60e6);
    if (field == "epoch") return v / 1e6;
    return unsupported("time without time zone");
  }
  auto dt = stored_day_time(stored, kind);
  if (!dt) {
    return PgError(sqlstate::kInvalidDatetimeFormat,
                   kind == 'd' ? "invalid date" : "invalid timestamp");
  }
  const int64_t days = dt->days, rem = dt->time_of_day;
  int64_t y;
  int m, d;
  civil_from_days(days, y, m, d);
  double r = static_cast<double>(rem);
  // `y` is astronomical (0 = 1 BC); PostgreSQL's year has no 0: 1 BC is -1.
  if (field == "year") return static_cast<double>(y > 0 ? y : y - 1);
  if (field == "month" || field == "mon") return m;
  if (field == "day") return d;
  if (field == "hour") return std::trunc(r / 3600e6);
  if (field == "minute" || field == "min") return std::fmod(std::trunc(r / 60e6), 60);
  if (field == "second" || field == "sec") return std::fmod(r, 60e6) / 1e6;
  if (field == "millisecond") return std::fmod(r, 60e6) / 1e3;
  if (field == "microsecond") return std::fmod(r, 60e6);
  if (field == "epoch") {
    return static_cast<double>(dt->pg_us) / 1e6 +
           static_cast<double>(protocol::kPgEpochUnixSeconds);
  }
  if (field == "dow") return static_cast<double>(((days % 7) + 7 + 4) % 7);
  if (field == "isodow") {
    int64_t dow = ((days % 7) + 7 + 4) % 7;
    return dow == 0 ? 7 : static_cast<double>(dow);
  }
  if (field == "doy") return static_cast<double>(days - days_from_civil(y, 1, 1) + 1);
  if (field == "quarter") return (m - 1) / 3 + 1;
  if (field == "decade") return std::floor(static_cast<double>(y) / 10);
  if (field == "century") {
    return static_cast<double>(y > 0 ? (y + 99) / 100 : -((99 - (y - 1)) / 100));
  }
  if (field == "millennium") {
    return static_cast<double>(y > 0 ? (y + 999) / 1000 : -((999 - (y - 1)) / 1000));
  }
  if (field == "week" || field == "isoyear") {
    // ISO 8601: the week (and its year) of the week's Thursday; BC years as for "year".
    int64_t dow = ((days % 7) + 7 + 3) % 7;  // Monday = 0
    int64_t thursday = days - dow + 3;
    int64_t ty;
    int tm, td;
    civil_from_days(thursday, ty, tm, td);
    if (field == "isoyear") return static_cast<double>(ty > 0 ? ty : ty - 1);
    return static_cast<double>((thursday - days_from_civil(ty, 1, 1)) / 7 + 1);
  }
  if (field == "julian") return static_cast<double>(days + 2440588) + r / 86400e6;
  return PgError(sqlstate::kInvalidParameterValue,
                 "unit \"" + std::string(field_in) + "\" not recognized for type " +
                     std::string(kind == 'd' ? "date" : kind == 'z' ? "timestamp with time zone"
                                                                    : "timestamp without time zone"));
}

Result<std::string> date_trunc(std::string_view field_in, std::string_view stored, char kind) {
  if (stored == "infinity" || stored == "-infinity") return std::string(stored);  // any unit
  std::string field = lower(field_in);
  auto dt = stored_day_time(stored, kind);
  if (!dt) {
    return PgError(sqlstate::kInvalidDatetimeFormat,
                   kind == 'd' ? "invalid date" : "invalid timestamp");
  }
  const int64_t days = dt->days, rem = dt->time_of_day;
  int64_t y;
  int m, d;
  civil_from_days(days, y, m, d);
  auto at = [&](int64_t yy, int mm, int dd) {
    return format_day_time(days_from_civil(yy, mm, dd), 0);
  };
  auto trunc_time = [&](int64_t unit) { return format_day_time(days, rem / unit * unit); };
  if (field == "microseconds") return trunc_time(1);
  if (field == "milliseconds") return trunc_time(1000);
  if (field == "second") return trunc_time(kUsPerSecond);
  if (field == "minute") return trunc_time(60 * kUsPerSecond);
  if (field == "hour") return trunc_time(3600 * kUsPerSecond);
  if (field == "day") return trunc_time(kUsPerDay);
  if (field == "week") {
    int64_t dow = ((days % 7) + 7 + 3) % 7;  // Monday = 0
    return format_day_time(days - dow, 0);
  }
  if (field == "month") return at(y, m, 1);
  if (field == "quarter") return at(y, (m - 1) / 3 * 3 + 1, 1);
  if (field == "year") return at(y, 1, 1);
  if (field == "decade") return at(y >= 0 ? y / 10 * 10 : -((-y + 9) / 10 * 10), 1, 1);
  // BC: the first year of the century (millennium) counting back from 1 BC, e.g. 100 BC.
  if (field == "century") {
    return at(y > 0 ? (y - 1) / 100 * 100 + 1 : -((99 - (y - 1)) / 100) * 100 + 1, 1, 1);
  }
  if (field == "millennium") {
    return at(y > 0 ? (y - 1) / 1000 * 1000 + 1 : -((999 - (y - 1)) / 1000) * 1000 + 1, 1, 1);
  }
  return PgError(sqlstate::kFeatureNotSupported,
                 "unit \"" + std::string(field_in) + "\" not supported for type timestamp without time zone");
}

}  // namespace litewire::sqlite::datetime
