// age(), the make_* constructors, AT TIME ZONE (pg_timezone), date_bin and justify_* of
// formatting.h.

#include <sqlite3.h>

#include <cmath>
#include <cstdio>

#include "protocol/datetime.h"
#include "protocol/timezone.h"
#include "sqlite/functions/datetime.h"
#include "sqlite/functions/errors.h"
#include "sqlite/functions/formatting.h"
#include "sqlite/functions/functions.h"
#include "sqlite/functions/sqlite_args.h"

namespace litewire::sqlite {

namespace sqlstate = protocol::sqlstate;
using protocol::PgError;
using protocol::Result;

namespace {

const protocol::TimeZone* session_zone() { return current_function_context().format.time_zone.get(); }

struct Fields {
  int64_t year;
  int month, day;
  int64_t hour, minute, second, usec;
};

// Times here count microseconds since 2000-01-01 (PostgreSQL's epoch, so the whole timestamp
// range fits an int64), read and written with protocol's load_stored_timestamp/stored_timestamp.
Fields fields_of(int64_t local_us) {
  Fields f{};
  int64_t days = protocol::floor_div(local_us, datetime::kUsPerDay);
  int64_t tod = local_us - days * datetime::kUsPerDay;
  protocol::civil_from_days(days + protocol::kPgEpochDays, f.year, f.month, f.day);
  f.hour = tod / 3600000000LL;
  f.minute = tod / 60000000LL % 60;
  f.second = tod / 1000000 % 60;
  f.usec = tod % 1000000;
  return f;
}

int64_t unix_seconds(int64_t us) {
  return protocol::floor_div(us, 1000000) + protocol::kPgEpochUnixSeconds;
}

int64_t to_local(int64_t utc_us, const protocol::TimeZone* tz) {
  if (tz == nullptr) return utc_us;
  return utc_us + static_cast<int64_t>(tz->utc_offset(unix_seconds(utc_us))) * 1000000;
}

int64_t to_utc(int64_t local_us, const protocol::TimeZone* tz) {
  if (tz == nullptr) return local_us;
  return local_us - static_cast<int64_t>(tz->offset_for_local(unix_seconds(local_us))) * 1000000;
}

bool is_infinite(int64_t ts) {
  return ts == protocol::kTimestampBegin || ts == protocol::kTimestampEnd;
}

PgError timestamp_out_of_range() {
  return PgError(sqlstate::kDatetimeFieldOverflow, "timestamp out of range");
}

// PostgreSQL's timestamp_age: the field-by-field difference of the two (local) times, negative
// fields borrowed from the next larger one, a day borrow taking the length of the month of the
// earlier argument's month.
datetime::Interval age(int64_t a, int64_t b) {
  Fields f1 = fields_of(a), f2 = fields_of(b);
  int64_t usec = f1.usec - f2.usec, sec = f1.second - f2.second, min = f1.minute - f2.minute,
          hour = f1.hour - f2.hour, mday = f1.day - f2.day, mon = f1.month - f2.month,
          year = f1.year - f2.year;
  bool flip = a < b;
  if (flip) {
    usec = -usec, sec = -sec, min = -min, hour = -hour, mday = -mday, mon = -mon, year = -year;
  }
  while (usec < 0) usec += 1000000, --sec;
  while (sec < 0) sec += 60, --min;
  while (min < 0) min += 60, --hour;
  while (hour < 0) hour += 24, --mday;
  while (mday < 0) {
    const Fields& f = flip ? f1 : f2;
    mday += protocol::days_in_month(f.year, f.month);
    --mon;
  }
  while (mon < 0) mon += 12, --year;
  if (flip) {
    usec = -usec, sec = -sec, min = -min, hour = -hour, mday = -mday, mon = -mon, year = -year;
  }
  datetime::Interval iv;
  iv.months = static_cast<int32_t>(year * 12 + mon);
  iv.days = static_cast<int32_t>(mday);
  iv.us = ((hour * 60 + min) * 60 + sec) * 1000000 + usec;
  return iv;
}

// pg_age(a, b, kind): kind 'z' compares local times in the session TimeZone.
void fn_age(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (any_null(2, argv)) return sqlite3_result_null(ctx);
  auto a = protocol::load_stored_timestamp(text_of(argv[0]), false);
  if (!a) return set_pg_error(ctx, a.error());
  auto b = protocol::load_stored_timestamp(text_of(argv[1]), false);
  if (!b) return set_pg_error(ctx, b.error());
  if (is_infinite(*a) || is_infinite(*b)) {
    return set_pg_error(ctx, PgError(sqlstate::kDatetimeFieldOverflow, "cannot subtract infinite timestamps"));
  }
  std::string_view kind = text_of(argv[2]);
  if (!kind.empty() && kind[0] == 'z') {
    *a = to_local(*a, session_zone());
    *b = to_local(*b, session_zone());
  }
  result_text(ctx, datetime::format_interval(age(*a, *b)));
}

// A date from make_date()'s arguments: negative years are BC, year 0 does not exist.
Result<int64_t> make_days(int64_t y, int64_t m, int64_t d) {
  int64_t astronomical = y < 0 ? y + 1 : y;
  if (y == 0 || m < 1 || m > 12 || d < 1 || d > protocol::days_in_month(astronomical, static_cast<int>(m))) {
    char buf[128];
    std::snprintf(buf, sizeof buf, "date field value out of range: %lld-%02lld-%02lld", static_cast<long long>(y),
                  static_cast<long long>(m), static_cast<long long>(d));
    return PgError(sqlstate::kDatetimeFieldOverflow, buf);
  }
  return protocol::days_from_civil(astronomical, static_cast<int>(m), static_cast<int>(d));
}

Result<int64_t> make_time_us(int64_t h, int64_t m, double s) {
  int64_t us = static_cast<int64_t>(std::nearbyint(s * 1e6));
  bool ok = h >= 0 && m >= 0 && m < 60 && s >= 0 && us <= 60000000 &&
            (h < 24 || (h == 24 && m == 0 && us == 0));
  int64_t total = ((h * 60 + m) * 60) * 1000000 + us;
  if (!ok || total > datetime::kUsPerDay) {
    char buf[128];
    std::snprintf(buf, sizeof buf, "time field value out of range: %lld:%02lld:%02g", static_cast<long long>(h),
                  static_cast<long long>(m), s);
    return PgError(sqlstate::kDatetimeFieldOverflow, buf);
  }
  return total;
}

void fn_make_date(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (any_null(3, argv)) return sqlite3_result_null(ctx);
  auto d = make_days(sqlite3_value_int64(argv[0]), sqlite3_value_int64(argv[1]), sqlite3_value_int64(argv[2]));
  if (!d) return set_pg_error(ctx, d.error());
  result_text(ctx, datetime::format_date(*d));
}

void fn_make_time(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (any_null(3, argv)) return sqlite3_result_null(ctx);
  auto t = make_time_us(sqlite3_value_int64(argv[0]), sqlite3_value_int64(argv[1]), sqlite3_value_double(argv[2]));
  if (!t) return set_pg_error(ctx, t.error());
  result_text(ctx, datetime::format_time(*t));
}

// pg_make_timestamp(y, mo, d, h, mi, s[, with_zone[, zone]])
void fn_make_timestamp(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (any_null(argc, argv)) return sqlite3_result_null(ctx);
  auto d = make_days(sqlite3_value_int64(argv[0]), sqlite3_value_int64(argv[1]), sqlite3_value_int64(argv[2]));
  if (!d) return set_pg_error(ctx, d.error());
  auto t = make_time_us(sqlite3_value_int64(argv[3]), sqlite3_value_int64(argv[4]), sqlite3_value_double(argv[5]));
  if (!t) return set_pg_error(ctx, t.error());
  int64_t local;
  if (__builtin_mul_overflow(*d - protocol::kPgEpochDays, datetime::kUsPerDay, &local) ||
      __builtin_add_overflow(local, *t, &local) || !protocol::timestamp_in_range(local)) {
    return set_pg_error(ctx, timestamp_out_of_range());
  }
  if (argc == 6 || sqlite3_value_int(argv[6]) == 0) {
    return result_text(ctx, protocol::stored_timestamp(local));
  }
  const protocol::TimeZone* tz = session_zone();
  std::shared_ptr<const protocol::TimeZone> named;
  if (argc > 7) {
    auto z = protocol::make_timestamptz_zone(text_of(argv[7]));
    if (!z) return set_pg_error(ctx, z.error());
    named = *z;
    tz = named.get();
  }
  const int64_t utc = to_utc(local, tz);
  if (!protocol::timestamp_in_range(utc)) return set_pg_error(ctx, timestamp_out_of_range());
  result_text(ctx, protocol::stored_timestamp(utc));
}

// pg_make_interval(years, months, weeks, days, hours, mins, secs)
void fn_make_interval(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (any_null(7, argv)) return sqlite3_result_null(ctx);
  double secs = sqlite3_value_double(argv[6]);
  if (std::isnan(secs) || std::isinf(secs)) {
    return set_pg_error(ctx, PgError(sqlstate::kDatetimeFieldOverflow, "interval out of range"));
  }
  int64_t months = sqlite3_value_int64(argv[0]) * 12 + sqlite3_value_int64(argv[1]);
  int64_t days = sqlite3_value_int64(argv[2]) * 7 + sqlite3_value_int64(argv[3]);
  double us = (static_cast<double>(sqlite3_value_int64(argv[4])) * 3600 +
               static_cast<double>(sqlite3_value_int64(argv[5])) * 60 + secs) * 1e6;
  if (months > INT32_MAX || months < INT32_MIN || days > INT32_MAX || days < INT32_MIN || std::fabs(us) > 9.2e18) {
    return set_pg_error(ctx, PgError(sqlstate::kDatetimeFieldOverflow, "interval out of range"));
  }
  datetime::Interval iv{static_cast<int32_t>(months), static_cast<int32_t>(days),
                        static_cast<int64_t>(std::nearbyint(us))};
  result_text(ctx, datetime::format_interval(iv));
}

// The zone argument of pg_timezone: a zone name or abbreviation (`interval` false), or an
// interval's stored form, whose time part is the offset east of UTC.
Result<std::shared_ptr<const protocol::TimeZone>> conversion_zone(std::string_view zone, bool interval) {
  if (!interval) return protocol::conversion_zone(zone);
  LITEWIRE_TRY_ASSIGN(iv, datetime::parse_interval(zone));
  if (iv.months != 0 || iv.days != 0) {
    return PgError(sqlstate::kInvalidParameterValue,
                   "interval time zone \"" + datetime::format_interval(iv) + "\" must not include months or days");
  }
  return protocol::TimeZone::fixed(static_cast<int32_t>(iv.us / 1000000), std::string(zone));
}

// pg_timezone(zone, value, kind, zone_is_interval): `value AT TIME ZONE zone`. Kind 'z': a
// timestamptz becomes the wall-clock timestamp in the zone; 't': a timestamp read as wall-clock
// time in the zone becomes a timestamptz (a time in a DST gap or overlap resolves like any
// local time, see TimeZone::offset_for_local); 'c': a timetz moves to the zone's offset, which
// for a zone with DST is the one in effect at the transaction start, as in PostgreSQL.
// Infinite timestamps stay infinite. The resolved zone is kept for the statement when the
// zone argument is constant.
void fn_timezone(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (any_null(2, argv)) return sqlite3_result_null(ctx);
  using ZonePtr = std::shared_ptr<const protocol::TimeZone>;
  ZonePtr zone;
  if (auto* cached = static_cast<ZonePtr*>(sqlite3_get_auxdata(ctx, 0))) {
    zone = *cached;
  } else {
    auto z = conversion_zone(text_of(argv[0]), sqlite3_value_int(argv[3]) != 0);
    if (!z) return set_pg_error(ctx, z.error());
    zone = *z;
    sqlite3_set_auxdata(ctx, 0, new ZonePtr(zone), [](void* p) { delete static_cast<ZonePtr*>(p); });
  }
  std::string_view value = text_of(argv[1]);
  std::string_view kind = text_of(argv[2]);
  if (!kind.empty() && kind[0] == 'c') {
    auto t = protocol::parse_timetz(value, -1, protocol::DateTimeInput{});
    if (!t) return set_pg_error(ctx, t.error());
    int32_t offset = zone->utc_offset(protocol::floor_div(now_us(), 1000000));
    int64_t us = t->usec + (static_cast<int64_t>(offset) - t->offset) * 1000000;
    us -= protocol::floor_div(us, datetime::kUsPerDay) * datetime::kUsPerDay;
    std::string out;
    protocol::format_timetz(out, protocol::TimeTz{us, offset});
    return result_text(ctx, out);
  }
  auto ts = protocol::load_stored_timestamp(value, false);
  if (!ts) return set_pg_error(ctx, ts.error());
  if (is_infinite(*ts)) return result_text(ctx, std::string(value));
  bool from_zoned = !kind.empty() && kind[0] == 'z';
  const int64_t r = from_zoned ? to_local(*ts, zone.get()) : to_utc(*ts, zone.get());
  if (!protocol::timestamp_in_range(r)) return set_pg_error(ctx, timestamp_out_of_range());
  result_text(ctx, protocol::stored_timestamp(r));
}

// pg_date_bin(stride, source, origin): the start of the stride-wide bin, counted from origin,
// that holds source (timestamps and timestamptz alike: the arithmetic is on instants).
void fn_date_bin(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (any_null(3, argv)) return sqlite3_result_null(ctx);
  std::string_view source_text = text_of(argv[1]);
  auto source = protocol::load_stored_timestamp(source_text, false);
  if (!source) return set_pg_error(ctx, source.error());
  if (is_infinite(*source)) return result_text(ctx, std::string(source_text));
  auto origin = protocol::load_stored_timestamp(text_of(argv[2]), false);
  if (!origin) return set_pg_error(ctx, origin.error());
  if (is_infinite(*origin)) {
    return set_pg_error(ctx, PgError(sqlstate::kDatetimeFieldOverflow, "origin out of range"));
  }
  auto stride = datetime::parse_interval(text_of(argv[0]));
  if (!stride) return set_pg_error(ctx, stride.error());
  if (stride->months != 0) {
    return set_pg_error(ctx, PgError(sqlstate::kFeatureNotSupported,
                                     "timestamps cannot be binned into intervals containing months or years"));
  }
  int64_t stride_us, diff;
  if (__builtin_mul_overflow(static_cast<int64_t>(stride->days), datetime::kUsPerDay, &stride_us) ||
      __builtin_add_overflow(stride_us, stride->us, &stride_us) ||
      __builtin_sub_overflow(*source, *origin, &diff)) {
    return set_pg_error(ctx, PgError(sqlstate::kDatetimeFieldOverflow, "interval out of range"));
  }
  if (stride_us <= 0) {
    return set_pg_error(ctx, PgError(sqlstate::kDatetimeFieldOverflow, "stride must be greater than zero"));
  }
  int64_t modulo = diff % stride_us;
  int64_t result = *origin + (diff - modulo);
  if (modulo < 0 && __builtin_sub_overflow(result, stride_us, &result)) {
    return set_pg_error(ctx, timestamp_out_of_range());
  }
  result_text(ctx, protocol::stored_timestamp(result));
}

// pg_justify(interval, kind): justify_days ('d'), justify_hours ('h'), justify_interval ('i').
void fn_justify(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (any_null(1, argv)) return sqlite3_result_null(ctx);
  auto iv = datetime::parse_interval(text_of(argv[0]));
  if (!iv) return set_pg_error(ctx, iv.error());
  protocol::Interval in{iv->us, iv->days, iv->months};
  std::string_view kind = text_of(argv[1]);
  char k = kind.empty() ? 'i' : kind[0];
  protocol::Interval r = k == 'd' ? protocol::justify_days(in) : k == 'h' ? protocol::justify_hours(in)
                                                                        : protocol::justify_interval(in);
  result_text(ctx, datetime::format_interval(datetime::Interval{r.months, r.days, r.usec}));
}

}  // namespace

int register_datetime_constructors(sqlite3* db) {
  static constexpr FunctionSpec kSpecs[] = {
      {"pg_age", 3, fn_age, false},
      {"pg_make_date", 3, fn_make_date, true},
      {"pg_make_time", 3, fn_make_time, true},
      {"pg_make_timestamp", 6, fn_make_timestamp, true},
      {"pg_make_timestamp", 7, fn_make_timestamp, false},
      {"pg_make_timestamp", 8, fn_make_timestamp, false},
      {"pg_make_interval", 7, fn_make_interval, true},
      {"pg_timezone", 4, fn_timezone, false},
      {"pg_date_bin", 3, fn_date_bin, true},
      {"pg_justify", 2, fn_justify, true},
  };
  return register_scalar_functions(db, kSpecs);
}

}  // namespace litewire::sqlite
