#pragma once
// Time zones as PostgreSQL's TimeZone setting and date/time input understand them.
//
// A TimeZone is immutable once loaded and shared (std::shared_ptr<const TimeZone>), so any
// thread may use one concurrently. load() caches by name behind a mutex; the files under
// /usr/share/zoneinfo are read once per name per process.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/pg_error.h"

namespace litewire::protocol {

class TimeZone {
 public:
  // Accepts, like SET TIME ZONE:
  //  - "UTC", "GMT", "Z", "Etc/UTC" (any case)
  //  - a plain number of hours east of UTC: "+02", "-5", "5.5" (SET TIME ZONE 2 semantics)
  //  - an IANA name from /usr/share/zoneinfo ("Europe/Paris"; case-insensitive like PostgreSQL)
  //  - a POSIX TZ string ("UTC+3", "-05:30", "EST5EDT", "CET-1CEST,M3.5.0,M10.5.0/3"), whose
  //    offsets are hours WEST of UTC, so "UTC+3" is three hours behind UTC, as in PostgreSQL.
  // Unknown names give 22023 `time zone "<name>" not recognized`.
  static Result<std::shared_ptr<const TimeZone>> load(std::string_view name);
  // The same without the plain-number form, as PostgreSQL's zone lookup outside SET TIME ZONE
  // (AT TIME ZONE) works: "+05" is then a POSIX string, five hours WEST of UTC.
  static Result<std::shared_ptr<const TimeZone>> load_named(std::string_view name);
  static std::shared_ptr<const TimeZone> utc();
  // A zone with a constant offset (seconds east of UTC), named like PostgreSQL shows it.
  static std::shared_ptr<const TimeZone> fixed(int32_t seconds_east, std::string name);

  // The name it was loaded by (what SHOW TimeZone prints).
  const std::string& name() const { return name_; }

  // Offset from UTC in seconds (east positive) at a UTC instant given in seconds since the
  // Unix epoch.
  int32_t utc_offset(int64_t unix_seconds) const;
  // The abbreviation in effect at a UTC instant ("CEST", "+0530" style names for zones that
  // have none).
  std::string abbreviation(int64_t unix_seconds) const;
  bool is_dst(int64_t unix_seconds) const;

  // Offset to apply to a local wall-clock time (seconds since the Unix epoch, as if the local
  // time were UTC): utc = local - offset. PostgreSQL's rule for a local time that does not
  // exist (spring-forward gap) is to use the offset in effect just before the transition, and
  // for an ambiguous one (fall-back overlap) to use the later instant, i.e. standard time.
  int32_t offset_for_local(int64_t local_seconds) const;
  int64_t local_to_utc(int64_t local_seconds) const {
    return local_seconds - offset_for_local(local_seconds);
  }

  // The parsed TZif / POSIX data; public so that tests can check the reader.
  struct LocalType {
    int32_t offset = 0;  // seconds east
    bool dst = false;
    std::string abbr;
  };
  struct PosixRule {
    enum class Kind { kJulianNoLeap, kZeroBasedDay, kMonthWeekDay } kind = Kind::kMonthWeekDay;
    int day = 0;    // J: 1..365, n: 0..365, M: weekday 0..6 (Sunday = 0)
    int month = 0;  // M only
    int week = 0;   // M only, 1..5 (5 = last)
    int32_t time = 7200;  // seconds after local midnight (may be negative or > 24h)
  };
  struct Posix {
    LocalType std_type;
    bool has_dst = false;
    LocalType dst_type;
    PosixRule start, end;
  };
  // Parses a POSIX TZ string (the TZif footer format). False if malformed.
  static bool parse_posix(std::string_view spec, Posix& out);

 private:
  TimeZone() = default;
  const LocalType& type_at(int64_t unix_seconds) const;
  const LocalType& posix_type_at(int64_t unix_seconds) const;
  static Result<std::shared_ptr<const TimeZone>> load_uncached(const std::string& name);
  static bool read_tzif(const std::string& bytes, TimeZone& tz);

  std::string name_;
  std::vector<int64_t> transitions_;    // UTC seconds, ascending
  std::vector<uint8_t> transition_types_;
  std::vector<LocalType> types_;        // at least one
  bool has_posix_ = false;
  Posix posix_;
};

}  // namespace litewire::protocol
