// Date/time input, output and arithmetic, following PostgreSQL 15's documented behaviour
// ("Date/Time Types", "Date/Time Input Interpretation" in the manual) for the common forms.
//
// Input is tokenized on white space and commas; each token is classified (date, time, zone
// offset, word) much as PostgreSQL's ParseDateTime/DecodeDateTime do, then the fields are
// validated and assembled. Forms PostgreSQL accepts but this parser does not (Julian dates
// "J2451187", "yyyy.ddd" day-of-year, two-field numeric dates) fail with 22007.

#include "protocol/datetime.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <vector>

#include "protocol/timezone.h"

namespace litewire::protocol {

// --- civil calendar ----------------------------------------------------------------------------

int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

// The era-based conversion between civil dates and a day count (400-year cycles of 146097
// days), valid over the whole int64 range of years this code meets.
int64_t days_from_civil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = floor_div(y, 400);
  const int64_t yoe = y - era * 400;
  const int64_t mp = (m + 9) % 12;
  const int64_t doy = (153 * mp + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void civil_from_days(int64_t z, int64_t& y, int& m, int& d) {
  z += 719468;
  const int64_t era = floor_div(z, 146097);
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = yoe + era * 400 + (m <= 2);
}

int days_in_month(int64_t y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return kDays[(m - 1) % 12];
}

int64_t system_now() {
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                std::chrono::system_clock::now().time_since_epoch())
                .count();
  return us - kPgEpochUnixSeconds * kUsecPerSecond;
}

int64_t round_usec(int64_t usec, int precision) {
  if (precision < 0 || precision >= 6) return usec;
  static constexpr int64_t kScales[] = {1000000, 100000, 10000, 1000, 100, 10};
  const int64_t scale = kScales[precision];
  const int64_t offset = scale / 2;
  if (usec >= 0) return (usec + offset) / scale * scale;
  return -((-usec + offset) / scale * scale);
}

namespace {

// Range limits (PostgreSQL's datetime.h): Julian day 0 is 4714-11-24 BC, dates end before
// 5874898-01-01 and timestamps before 294277-01-01.
const int64_t kMinDay = days_from_civil(-4713, 11, 24) - kPgEpochDays;
const int64_t kDateEndDay = days_from_civil(5874898, 1, 1) - kPgEpochDays;
const int64_t kTimestampEndDay = days_from_civil(294277, 1, 1) - kPgEpochDays;
const int64_t kMinTimestamp = kMinDay * kUsecPerDay;
const int64_t kEndTimestamp = kTimestampEndDay * kUsecPerDay;

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!is_digit(c)) return false;
  }
  return true;
}

int64_t to_int(std::string_view s) {
  int64_t v = 0;
  for (char c : s) {
    if (v > 1000000000000LL) return v;  // far beyond any valid field; caller range-checks
    v = v * 10 + (c - '0');
  }
  return v;
}

int64_t now_usec(const DateTimeInput& in) { return in.now ? in.now() : system_now(); }

int32_t offset_at_utc(const TimeZone* tz, int64_t ts_usec) {
  if (tz == nullptr) return 0;
  return tz->utc_offset(floor_div(ts_usec, kUsecPerSecond) + kPgEpochUnixSeconds);
}
int32_t offset_for_local(const TimeZone* tz, int64_t local_usec) {
  if (tz == nullptr) return 0;
  return tz->offset_for_local(floor_div(local_usec, kUsecPerSecond) + kPgEpochUnixSeconds);
}

// The time zone abbreviations of PostgreSQL's "Default" timezone_abbreviations set: a fixed
// offset in seconds east, or the zone whose offset the abbreviation follows.
struct Abbrev {
  const char* name;
  int32_t offset;
  const char* zone = nullptr;
};
constexpr Abbrev kAbbrevs[] = {
    {"eat", 10800}, {"sast", 7200}, {"wat", 3600}, {"act", -18000}, {"akdt", -28800},
    {"akst", -32400}, {"bot", -14400}, {"bra", -10800}, {"brst", -7200}, {"brt", -10800},
    {"cot", -18000}, {"cdt", -18000}, {"clst", -10800}, {"cst", -21600}, {"edt", -14400},
    {"egst", 0}, {"egt", -3600}, {"est", -18000}, {"fnt", -7200}, {"fnst", -3600}, {"gft", -10800},
    {"mdt", -21600}, {"mst", -25200}, {"ndt", -9000}, {"nft", -12600}, {"nst", -12600},
    {"pet", -18000}, {"pdt", -25200}, {"pmdt", -7200}, {"pmst", -10800}, {"pst", -28800},
    {"pyst", -10800}, {"uyst", -7200}, {"uyt", -10800}, {"wgst", -7200}, {"wgt", -10800},
    {"ddut", 36000}, {"aft", 16200}, {"almt", 21600}, {"almst", 25200}, {"amt", -14400},
    {"bdt", 21600}, {"bnt", 28800}, {"bort", 28800}, {"btt", 21600}, {"cct", 28800}, {"hkt", 28800},
    {"ict", 25200}, {"idt", 10800}, {"irt", 12600}, {"ist", 7200}, {"jayt", 32400}, {"jst", 32400},
    {"kdt", 36000}, {"kgst", 21600}, {"kst", 32400}, {"mmt", 23400}, {"myt", 28800}, {"npt", 20700},
    {"pht", 28800}, {"pkt", 18000}, {"pkst", 21600}, {"tjt", 18000}, {"ulast", 32400},
    {"uzst", 21600}, {"uzt", 18000}, {"xjt", 21600}, {"yekst", 21600}, {"adt", -10800},
    {"ast", -14400}, {"azost", 0}, {"azot", -3600}, {"acsst", 37800}, {"acdt", 37800},
    {"acst", 34200}, {"acwst", 31500}, {"aesst", 39600}, {"aedt", 39600}, {"aest", 36000},
    {"awsst", 32400}, {"awst", 28800}, {"cadt", 37800}, {"cast", 34200}, {"lhst", 37800},
    {"ligt", 36000}, {"nzt", 43200}, {"sadt", 37800}, {"wadt", 28800}, {"wast", 25200},
    {"wdt", 32400}, {"gmt", 0}, {"uct", 0}, {"ut", 0}, {"utc", 0}, {"z", 0}, {"zulu", 0},
    {"bst", 3600}, {"bdst", 7200}, {"cest", 7200}, {"cet", 3600}, {"cetdst", 7200}, {"eest", 10800},
    {"eet", 7200}, {"eetdst", 10800}, {"fet", 10800}, {"mest", 7200}, {"mesz", 7200}, {"met", 3600},
    {"metdst", 7200}, {"mez", 3600}, {"msd", 14400}, {"wet", 0}, {"wetdst", 3600}, {"cxt", 25200},
    {"mut", 14400}, {"must", 18000}, {"mvt", 18000}, {"ret", 14400}, {"sct", 14400}, {"tft", 18000},
    {"chadt", 49500}, {"chast", 45900}, {"chut", 36000}, {"fjst", 46800}, {"fjt", 43200},
    {"galt", -21600}, {"gamt", -32400}, {"gilt", 43200}, {"hst", -36000}, {"mart", -34200},
    {"mht", 43200}, {"mpt", 36000}, {"nzdt", 46800}, {"nzst", 43200}, {"pgt", 36000},
    {"pont", 39600}, {"pwt", 32400}, {"taht", -36000}, {"tot", 46800}, {"trut", 36000},
    {"tvt", 43200}, {"vut", 39600}, {"wakt", 43200}, {"wft", 43200}, {"yapt", 36000},
    // Abbreviations whose offset is that of a zone (it changed over the years).
    {"art", 0, "America/Argentina/Buenos_Aires"}, {"arst", 0, "America/Argentina/Buenos_Aires"},
    {"clt", 0, "America/Santiago"}, {"gyt", 0, "America/Guyana"}, {"pyt", 0, "America/Asuncion"},
    {"vet", 0, "America/Caracas"}, {"davt", 0, "Antarctica/Davis"},
    {"mawt", 0, "Antarctica/Mawson"}, {"amst", 0, "Asia/Yerevan"}, {"anast", 0, "Asia/Anadyr"},
    {"anat", 0, "Asia/Anadyr"}, {"azst", 0, "Asia/Baku"}, {"azt", 0, "Asia/Baku"},
    {"gest", 0, "Asia/Tbilisi"}, {"get", 0, "Asia/Tbilisi"}, {"irkst", 0, "Asia/Irkutsk"},
    {"irkt", 0, "Asia/Irkutsk"}, {"kgt", 0, "Asia/Bishkek"}, {"krast", 0, "Asia/Krasnoyarsk"},
    {"krat", 0, "Asia/Krasnoyarsk"}, {"lkt", 0, "Asia/Colombo"}, {"magst", 0, "Asia/Magadan"},
    {"magt", 0, "Asia/Magadan"}, {"novst", 0, "Asia/Novosibirsk"}, {"novt", 0, "Asia/Novosibirsk"},
    {"omsst", 0, "Asia/Omsk"}, {"omst", 0, "Asia/Omsk"}, {"petst", 0, "Asia/Kamchatka"},
    {"pett", 0, "Asia/Kamchatka"}, {"sgt", 0, "Asia/Singapore"}, {"tmt", 0, "Asia/Ashgabat"},
    {"ulat", 0, "Asia/Ulaanbaatar"}, {"vlast", 0, "Asia/Vladivostok"},
    {"vlat", 0, "Asia/Vladivostok"}, {"yakst", 0, "Asia/Yakutsk"}, {"yakt", 0, "Asia/Yakutsk"},
    {"yekt", 0, "Asia/Yekaterinburg"}, {"fkst", 0, "Atlantic/Stanley"},
    {"fkt", 0, "Atlantic/Stanley"}, {"lhdt", 0, "Australia/Lord_Howe"}, {"msk", 0, "Europe/Moscow"},
    {"volt", 0, "Europe/Volgograd"}, {"iot", 0, "Indian/Chagos"}, {"ckt", 0, "Pacific/Rarotonga"},
    {"easst", 0, "Pacific/Easter"}, {"east", 0, "Pacific/Easter"}, {"kost", 0, "Pacific/Kosrae"},
    {"lint", 0, "Pacific/Kiritimati"}, {"nut", 0, "Pacific/Niue"}, {"tkt", 0, "Pacific/Fakaofo"},
};

constexpr const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                   "jul", "aug", "sep", "oct", "nov", "dec"};
constexpr const char* kMonthNames[] = {"january", "february", "march",     "april",
                                       "may",     "june",     "july",      "august",
                                       "september", "october", "november", "december"};
constexpr const char* kDays[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat",
                                 "sunday", "monday", "tuesday", "wednesday", "thursday",
                                 "friday", "saturday", "tues", "wednes", "thur", "thurs"};

int month_from_name(std::string_view w) {
  for (int i = 0; i < 12; ++i) {
    if (w == kMonths[i] || w == kMonthNames[i]) return i + 1;
  }
  if (w == "sept") return 9;
  return 0;
}

enum class Special { kNone, kInfinity, kMinusInfinity, kEpoch, kNow, kToday, kTomorrow,
                     kYesterday, kAllballs };

struct Fields {
  bool has_date = false;
  int64_t year = 0;
  int year_digits = 4;
  int month = 0;
  int day = 0;
  bool month_numeric = false;
  bool bc = false;
  bool has_time = false;
  int64_t hour = 0;
  int64_t minute = 0;
  int64_t usec = 0;  // seconds and fraction, in microseconds (rounded with rint)
  int ampm = 0;      // 1 am, 2 pm
  bool has_offset = false;
  int32_t offset = 0;  // seconds east
  std::shared_ptr<const TimeZone> zone;
  Special special = Special::kNone;
  int day_shift = 0;  // today/tomorrow/yesterday relative day
  bool relative_day = false;
};

// Error builders; `type` is the SQL type name used in PostgreSQL's messages.
struct Errors {
  std::string_view type;
  std::string_view input;
  PgError syntax() const {
    return PgError(sqlstate::kInvalidDatetimeFormat, "invalid input syntax for type " +
                                                         std::string(type) + ": \"" +
                                                         std::string(input) + "\"");
  }
  PgError field() const {
    return PgError(sqlstate::kDatetimeFieldOverflow,
                   "date/time field value out of range: \"" + std::string(input) + "\"");
  }
  PgError month_field() const {
    return field().with_hint("Perhaps you need a different \"datestyle\" setting.");
  }
  PgError tz_range() const {
    return PgError(sqlstate::kInvalidTimeZoneDisplacementValue,
                   "time zone displacement out of range: \"" + std::string(input) + "\"");
  }
  PgError date_range() const {
    return PgError(sqlstate::kDatetimeFieldOverflow,
                   "date out of range: \"" + std::string(input) + "\"");
  }
  PgError timestamp_range() const {
    return PgError(sqlstate::kDatetimeFieldOverflow,
                   "timestamp out of range: \"" + std::string(input) + "\"");
  }
};

// "hh:mm[:ss[.ffffff]]" (also "hh:mm.ff"? no: PostgreSQL reads that as mm:ss, not supported).
Result<void> parse_clock(std::string_view t, Fields& f, const Errors& err) {
  size_t c1 = t.find(':');
  std::string_view h = t.substr(0, c1);
  std::string_view rest = t.substr(c1 + 1);
  size_t c2 = rest.find(':');
  std::string_view m = rest.substr(0, c2);
  std::string_view s = c2 == std::string_view::npos ? std::string_view() : rest.substr(c2 + 1);
  if (!all_digits(h) || !all_digits(m)) return err.syntax();
  std::string_view frac;
  if (c2 != std::string_view::npos) {
    size_t dot = s.find('.');
    if (dot != std::string_view::npos) {
      frac = s.substr(dot + 1);
      s = s.substr(0, dot);
      if (!frac.empty() && !all_digits(frac)) return err.syntax();
    }
    if (!all_digits(s)) return err.syntax();
  }
  f.hour = to_int(h);
  f.minute = to_int(m);
  int64_t sec = s.empty() ? 0 : to_int(s);
  double fr = 0;
  if (!frac.empty()) fr = std::strtod(("0." + std::string(frac)).c_str(), nullptr);
  if (f.minute > 59 || sec > 60) return err.field();
  f.usec = sec * kUsecPerSecond + static_cast<int64_t>(std::rint(fr * 1e6));
  f.has_time = true;
  return {};
}

// "+hh", "-hh:mm", "+hhmm", "-hh:mm:ss".
Result<int32_t> parse_offset(std::string_view t, const Errors& err) {
  int sign = t[0] == '-' ? -1 : 1;
  std::string_view b = t.substr(1);
  int64_t h = 0, m = 0, s = 0;
  if (b.find(':') != std::string_view::npos) {
    size_t c1 = b.find(':');
    std::string_view hs = b.substr(0, c1), rest = b.substr(c1 + 1);
    size_t c2 = rest.find(':');
    std::string_view ms = rest.substr(0, c2);
    std::string_view ss = c2 == std::string_view::npos ? std::string_view() : rest.substr(c2 + 1);
    if (!all_digits(hs) || !all_digits(ms) || (c2 != std::string_view::npos && !all_digits(ss))) {
      return err.syntax();
    }
    h = to_int(hs);
    m = to_int(ms);
    s = ss.empty() ? 0 : to_int(ss);
  } else {
    if (!all_digits(b)) return err.syntax();
    if (b.size() <= 2) {
      h = to_int(b);
    } else if (b.size() == 4) {
      h = to_int(b.substr(0, 2));
      m = to_int(b.substr(2));
    } else if (b.size() == 6) {
      h = to_int(b.substr(0, 2));
      m = to_int(b.substr(2, 2));
      s = to_int(b.substr(4));
    } else {
      return err.syntax();
    }
  }
  // PostgreSQL allows displacements up to 15:59:59 (MAX_TZDISP_HOUR).
  if (h > 15) return err.tz_range();
  if (m > 59 || s > 59) return err.field();
  return static_cast<int32_t>(sign * (h * 3600 + m * 60 + s));
}

void set_ymd(Fields& f, std::string_view y, int m, std::string_view d) {
  f.year = to_int(y);
  f.year_digits = static_cast<int>(y.size());
  f.month = m;
  f.day = static_cast<int>(std::min<int64_t>(to_int(d), 1000));
  f.has_date = true;
}

// A date written with '-', '/' or '.' separators, numeric or with a month name.
Result<void> parse_date_token(std::string_view t, char sep, DateOrder order, Fields& f,
                              const Errors& err) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t i = 0; i <= t.size(); ++i) {
    if (i == t.size() || t[i] == sep) {
      parts.push_back(t.substr(start, i - start));
      start = i + 1;
    }
  }
  if (parts.size() != 3) return err.syntax();
  for (auto p : parts) {
    if (p.empty()) return err.syntax();
  }
  auto mon = [&](std::string_view p) { return month_from_name(lower(p)); };
  // A month name anywhere fixes the interpretation.
  for (int i = 0; i < 3; ++i) {
    if (is_alpha(parts[i][0])) {
      int m = mon(parts[i]);
      if (m == 0) return err.syntax();
      std::string_view a = parts[i == 0 ? 1 : 0], b = parts[i == 2 ? 1 : 2];
      if (!all_digits(a) || !all_digits(b)) return err.syntax();
      // "1999-Jan-08" (year first when it has more than two digits), else "08-Jan-1999".
      if (a.size() > 2 || (i == 0 && b.size() <= 2)) {
        if (i == 0) {  // "Jan-08-1999"
          set_ymd(f, b, m, a);
        } else {
          set_ymd(f, a, m, b);
        }
      } else {
        set_ymd(f, b, m, a);
      }
      return {};
    }
  }
  for (auto p : parts) {
    if (!all_digits(p)) return err.syntax();
  }
  f.month_numeric = true;
  if (parts[0].size() > 2 || order == DateOrder::kYMD) {
    set_ymd(f, parts[0], static_cast<int>(std::min<int64_t>(to_int(parts[1]), 1000)), parts[2]);
  } else if (order == DateOrder::kDMY) {
    set_ymd(f, parts[2], static_cast<int>(std::min<int64_t>(to_int(parts[1]), 1000)), parts[0]);
  } else {
    set_ymd(f, parts[2], static_cast<int>(std::min<int64_t>(to_int(parts[0]), 1000)), parts[1]);
  }
  return {};
}

const Abbrev* find_abbreviation(std::string_view word_lower) {
  for (const auto& a : kAbbrevs) {
    if (word_lower == a.name) return &a;
  }
  return nullptr;
}

Result<void> parse_zone_word(std::string_view word_lower, std::string_view original, Fields& f,
                             const Errors& err) {
  if (const Abbrev* a = find_abbreviation(word_lower)) {
    if (a->zone != nullptr) {
      LITEWIRE_TRY_ASSIGN(zone, TimeZone::load_named(a->zone));
      f.zone = zone;
      return {};
    }
    f.has_offset = true;
    f.offset = a->offset;
    return {};
  }
  auto tz = TimeZone::load(original);
  if (!tz) {
    if (word_lower.find('/') != std::string_view::npos) {
      return PgError(sqlstate::kInvalidParameterValue,
                     "time zone \"" + std::string(word_lower) + "\" not recognized");
    }
    return err.syntax();
  }
  f.zone = *tz;
  return {};
}

Result<void> parse_token(std::string_view tok, bool time_context, const DateTimeInput& in,
                         Fields& f, const Errors& err);

Result<void> parse_time_token(std::string_view tok, Fields& f, const DateTimeInput& in,
                              const Errors& err) {
  // Split a trailing zone: "12:00:00+02", "12:00:00z", "12:00-05:30", "12:00:00.5pst".
  size_t z = tok.size();
  for (size_t i = 1; i < tok.size(); ++i) {
    if (tok[i] == '+' || tok[i] == '-' || is_alpha(tok[i])) {
      z = i;
      break;
    }
  }
  std::string_view clock = tok.substr(0, z);
  if (clock.find(':') != std::string_view::npos) {
    LITEWIRE_TRY(parse_clock(clock, f, err));
  } else {
    // ISO 8601 basic: hh, hhmm, hhmmss[.ffffff].
    std::string_view digits = clock.substr(0, clock.find('.'));
    std::string_view frac = clock.find('.') == std::string_view::npos
                                ? std::string_view() : clock.substr(clock.find('.') + 1);
    if (!all_digits(digits) || (digits.size() != 2 && digits.size() != 4 && digits.size() != 6) ||
        (!frac.empty() && !all_digits(frac))) {
      return err.syntax();
    }
    f.hour = to_int(digits.substr(0, 2));
    f.minute = digits.size() >= 4 ? to_int(digits.substr(2, 2)) : 0;
    int64_t sec = digits.size() == 6 ? to_int(digits.substr(4, 2)) : 0;
    double fr = frac.empty() ? 0 : std::strtod(("0." + std::string(frac)).c_str(), nullptr);
    if (f.minute > 59 || sec > 60) return err.field();
    f.usec = sec * kUsecPerSecond + static_cast<int64_t>(std::rint(fr * 1e6));
    f.has_time = true;
  }
  if (z < tok.size()) return parse_token(tok.substr(z), false, in, f, err);
  return {};
}

Result<void> parse_token(std::string_view tok, bool time_context, const DateTimeInput& in,
                         Fields& f, const Errors& err) {
  std::string low = lower(tok);
  // ISO 8601 'T' between a date and a time: "2024-01-01T12:00:00", "20240101T120000".
  if (!time_context && !tok.empty() && is_digit(tok[0])) {
    for (size_t i = 1; i + 1 < low.size(); ++i) {
      if (low[i] == 't' && is_digit(low[i - 1]) && is_digit(low[i + 1])) {
        LITEWIRE_TRY(parse_token(tok.substr(0, i), false, in, f, err));
        return parse_time_token(tok.substr(i + 1), f, in, err);
      }
    }
  }
  if (tok.empty()) return err.syntax();
  const char c = tok[0];
  if (is_digit(c) || (c == '.' && tok.size() > 1)) {
    if (tok.find(':') != std::string_view::npos || time_context) {
      return parse_time_token(tok, f, in, err);
    }
    for (char sep : {'-', '/', '.'}) {
      size_t n = 0;
      for (char x : tok) n += x == sep;
      if (n == 2) return parse_date_token(tok, sep, in.date_order, f, err);
    }
    if (all_digits(tok)) {
      if (!f.has_date && tok.size() == 8) {  // yyyymmdd
        f.month_numeric = true;
        set_ymd(f, tok.substr(0, 4), static_cast<int>(to_int(tok.substr(4, 2))), tok.substr(6));
        return {};
      }
      if (f.has_date && !f.has_time && f.month != 0 && f.day != 0 && f.year == 0 &&
          !f.month_numeric) {
        f.year = to_int(tok);
        f.year_digits = static_cast<int>(tok.size());
        return {};
      }
      if (f.month != 0 && f.day == 0) {  // "May 1 2024"
        f.day = static_cast<int>(std::min<int64_t>(to_int(tok), 1000));
        return {};
      }
      if (f.has_date && f.year == 0 && !f.month_numeric) {
        f.year = to_int(tok);
        f.year_digits = static_cast<int>(tok.size());
        return {};
      }
    }
    return err.syntax();
  }
  if (c == '+' || c == '-') {
    if (low == "-infinity") {
      f.special = Special::kMinusInfinity;
      return {};
    }
    if (low == "+infinity") {
      f.special = Special::kInfinity;
      return {};
    }
    if (tok.size() < 2 || !is_digit(tok[1])) return err.syntax();
    LITEWIRE_TRY_ASSIGN(off, parse_offset(tok, err));
    f.has_offset = true;
    f.offset = off;
    return {};
  }
  if (!is_alpha(c)) return err.syntax();
  if (low == "infinity") {
    f.special = Special::kInfinity;
  } else if (low == "epoch") {
    f.special = Special::kEpoch;
  } else if (low == "now") {
    f.special = Special::kNow;
  } else if (low == "today" || low == "tomorrow" || low == "yesterday") {
    f.relative_day = true;
    f.day_shift = low == "today" ? 0 : low == "tomorrow" ? 1 : -1;
  } else if (low == "allballs") {
    f.has_time = true;
    f.hour = f.minute = f.usec = 0;
    f.has_offset = true;
    f.offset = 0;
  } else if (low == "bc") {
    f.bc = true;
  } else if (low == "ad" || low == "t" || low == "at" || low == "on") {
    // noise words
  } else if (low == "am" || low == "a.m." || low == "pm" || low == "p.m.") {
    f.ampm = low[0] == 'a' ? 1 : 2;
  } else if (int m = month_from_name(low); m != 0) {
    if (f.month != 0) return err.syntax();
    f.month = m;
    f.has_date = true;
  } else {
    for (const char* d : kDays) {
      if (low == d) return {};
    }
    return parse_zone_word(low, tok, f, err);
  }
  return {};
}

Result<Fields> parse_fields(std::string_view input, std::string_view type_name,
                            const DateTimeInput& in) {
  Errors err{type_name, input};
  Fields f;
  size_t i = 0;
  int tokens = 0;
  while (i < input.size()) {
    char c = input[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == '\f' || c == '\v') {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < input.size() && !(input[j] == ' ' || input[j] == '\t' || input[j] == '\n' ||
                                 input[j] == '\r' || input[j] == ',' || input[j] == '\f' ||
                                 input[j] == '\v')) {
      ++j;
    }
    LITEWIRE_TRY(parse_token(input.substr(i, j - i), false, in, f, err));
    ++tokens;
    i = j;
  }
  if (tokens == 0) return err.syntax();
  if (f.special != Special::kNone && tokens != 1) return err.syntax();
  // Validate the fields.
  if (f.ampm != 0) {
    if (f.hour < 1 || f.hour > 12) return err.field();
    if (f.ampm == 1 && f.hour == 12) f.hour = 0;
    if (f.ampm == 2 && f.hour != 12) f.hour += 12;
  }
  if (f.has_time) {
    if (f.hour > 24 || (f.hour == 24 && (f.minute != 0 || f.usec != 0))) return err.field();
  }
  if (f.has_date) {
    if (f.month == 0 || f.day == 0) return err.syntax();
    if (f.bc) {
      if (f.year < 1) return err.field();
      f.year = 1 - f.year;
    } else {
      if (f.year_digits == 2 && f.year < 100) f.year += f.year < 70 ? 2000 : 1900;
      if (f.year == 0) return err.field();
    }
    if (f.month < 1 || f.month > 12) return f.month_numeric ? err.month_field() : err.field();
    if (f.day < 1 || f.day > days_in_month(f.year, f.month)) return err.field();
  } else if (f.bc) {
    return err.syntax();
  }
  return f;
}

int64_t time_of(const Fields& f) {
  return f.hour * kUsecPerHour + f.minute * kUsecPerMinute + f.usec;
}

// The local date (days since 2000-01-01) of "now" in the session zone, shifted by a day.
int64_t relative_local_day(const Fields& f, const DateTimeInput& in) {
  int64_t now = now_usec(in);
  int64_t local = now + static_cast<int64_t>(offset_at_utc(in.time_zone, now)) * kUsecPerSecond;
  return floor_div(local, kUsecPerDay) + f.day_shift;
}

// Builds the wall-clock timestamp (usec since 2000-01-01) from date and time fields.
Result<int64_t> local_timestamp(const Fields& f, const DateTimeInput& in, const Errors& err) {
  int64_t day;
  if (f.relative_day) {
    day = relative_local_day(f, in);
  } else if (f.has_date) {
    day = days_from_civil(f.year, f.month, f.day) - kPgEpochDays;
  } else {
    return err.syntax();
  }
  if (day < kMinDay - 1 || day > kTimestampEndDay + 1) return err.timestamp_range();
  return day * kUsecPerDay + time_of(f);
}

}  // namespace

bool timestamp_in_range(int64_t ts) { return ts >= kMinTimestamp && ts < kEndTimestamp; }
bool date_in_range(int64_t days) { return days >= kMinDay && days < kDateEndDay; }

Result<std::shared_ptr<const TimeZone>> conversion_zone(std::string_view name) {
  if (const Abbrev* a = find_abbreviation(lower(name))) {
    if (a->zone != nullptr) return TimeZone::load_named(a->zone);
    return TimeZone::fixed(a->offset, std::string(name));
  }
  return TimeZone::load_named(name);
}

Result<std::shared_ptr<const TimeZone>> make_timestamptz_zone(std::string_view name) {
  if (!name.empty() && name[0] >= '0' && name[0] <= '9') {
    return PgError(sqlstate::kInvalidParameterValue,
                   "invalid input syntax for type numeric time zone: \"" + std::string(name) + "\"")
        .with_hint("Numeric time zones must have \"-\" or \"+\" as first character.");
  }
  if (!name.empty() && (name[0] == '+' || name[0] == '-')) {
    auto offset = parse_offset(name, Errors{"time zone", name});
    if (offset) return TimeZone::fixed(*offset, std::string(name));
  }
  return conversion_zone(name);
}

Result<int32_t> parse_date(std::string_view s, const DateTimeInput& in) {
  LITEWIRE_TRY_ASSIGN(f, parse_fields(s, "date", in));
  Errors err{"date", s};
  switch (f.special) {
    case Special::kInfinity: return kDateEnd;
    case Special::kMinusInfinity: return kDateBegin;
    case Special::kEpoch: return static_cast<int32_t>(-kPgEpochDays);
    case Special::kNow: {
      int64_t now = now_usec(in);
      int64_t local = now + static_cast<int64_t>(offset_at_utc(in.time_zone, now)) * kUsecPerSecond;
      return static_cast<int32_t>(floor_div(local, kUsecPerDay));
    }
    default: break;
  }
  if (f.relative_day) return static_cast<int32_t>(relative_local_day(f, in));
  if (!f.has_date) return err.syntax();
  int64_t day = days_from_civil(f.year, f.month, f.day) - kPgEpochDays;
  if (day < kMinDay || day >= kDateEndDay) return err.date_range();
  return static_cast<int32_t>(day);
}

Result<int64_t> parse_time(std::string_view s, int32_t typmod, const DateTimeInput& in) {
  LITEWIRE_TRY_ASSIGN(f, parse_fields(s, "time", in));
  Errors err{"time", s};
  if (f.special == Special::kNow) {
    int64_t now = now_usec(in);
    int64_t local = now + static_cast<int64_t>(offset_at_utc(in.time_zone, now)) * kUsecPerSecond;
    return round_usec(local - floor_div(local, kUsecPerDay) * kUsecPerDay, typmod);
  }
  if (f.special != Special::kNone || !f.has_time) return err.syntax();
  int64_t t = round_usec(time_of(f), typmod);
  if (t > kUsecPerDay) return err.field();
  return t;
}

Result<TimeTz> parse_timetz(std::string_view s, int32_t typmod, const DateTimeInput& in) {
  LITEWIRE_TRY_ASSIGN(f, parse_fields(s, "time with time zone", in));
  Errors err{"time with time zone", s};
  TimeTz r;
  if (f.special == Special::kNow) {
    int64_t now = now_usec(in);
    r.offset = offset_at_utc(in.time_zone, now);
    int64_t local = now + static_cast<int64_t>(r.offset) * kUsecPerSecond;
    r.usec = round_usec(local - floor_div(local, kUsecPerDay) * kUsecPerDay, typmod);
    return r;
  }
  if (f.special != Special::kNone || !f.has_time) return err.syntax();
  r.usec = round_usec(time_of(f), typmod);
  if (r.usec > kUsecPerDay) return err.field();
  if (f.has_offset) {
    r.offset = f.offset;
  } else {
    // Without an explicit offset PostgreSQL uses the zone's offset on the given date, or today.
    const TimeZone* tz = f.zone ? f.zone.get() : in.time_zone;
    int64_t day = f.has_date ? days_from_civil(f.year, f.month, f.day) - kPgEpochDays
                             : floor_div(now_usec(in), kUsecPerDay);
    r.offset = offset_for_local(tz, day * kUsecPerDay + r.usec);
  }
  return r;
}

Result<int64_t> parse_timestamp(std::string_view s, int32_t typmod, const DateTimeInput& in) {
  LITEWIRE_TRY_ASSIGN(f, parse_fields(s, "timestamp", in));
  Errors err{"timestamp", s};
  switch (f.special) {
    case Special::kInfinity: return kTimestampEnd;
    case Special::kMinusInfinity: return kTimestampBegin;
    case Special::kEpoch: return -kPgEpochDays * kUsecPerDay;
    case Special::kNow: {
      int64_t now = now_usec(in);
      return round_usec(now + static_cast<int64_t>(offset_at_utc(in.time_zone, now)) *
                                  kUsecPerSecond, typmod);
    }
    default: break;
  }
  // A zone in the input of timestamp without time zone is ignored, as PostgreSQL does.
  LITEWIRE_TRY_ASSIGN(ts, local_timestamp(f, in, err));
  ts = round_usec(ts, typmod);
  if (!timestamp_in_range(ts)) return err.timestamp_range();
  return ts;
}

Result<int64_t> parse_timestamptz(std::string_view s, int32_t typmod, const DateTimeInput& in) {
  LITEWIRE_TRY_ASSIGN(f, parse_fields(s, "timestamp with time zone", in));
  Errors err{"timestamp with time zone", s};
  switch (f.special) {
    case Special::kInfinity: return kTimestampEnd;
    case Special::kMinusInfinity: return kTimestampBegin;
    case Special::kEpoch: return -kPgEpochDays * kUsecPerDay;
    case Special::kNow: return round_usec(now_usec(in), typmod);
    default: break;
  }
  LITEWIRE_TRY_ASSIGN(local, local_timestamp(f, in, err));
  local = round_usec(local, typmod);
  int32_t offset;
  if (f.has_offset) {
    offset = f.offset;
  } else {
    offset = offset_for_local(f.zone ? f.zone.get() : in.time_zone, local);
  }
  int64_t ts = local - static_cast<int64_t>(offset) * kUsecPerSecond;
  if (!timestamp_in_range(ts)) return err.timestamp_range();
  return ts;
}

// --- output ------------------------------------------------------------------------------------

namespace {

void append_2(std::string& out, int64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof(buf), "%02lld", static_cast<long long>(v));
  out += buf;
}

// Seconds with the fraction PostgreSQL prints: up to six digits, trailing zeros removed.
void append_seconds(std::string& out, int64_t usec_in_minute) {
  append_2(out, usec_in_minute / kUsecPerSecond);
  int64_t frac = usec_in_minute % kUsecPerSecond;
  if (frac != 0) {
    char buf[16];
    std::snprintf(buf, sizeof(buf), ".%06lld", static_cast<long long>(frac));
    std::string f(buf);
    while (f.back() == '0') f.pop_back();
    out += f;
  }
}

// Years print with at least four digits; astronomical year y <= 0 is (1 - y) BC.
void append_ymd(std::string& out, int64_t days_since_2000, bool& bc) {
  int64_t y;
  int m, d;
  civil_from_days(days_since_2000 + kPgEpochDays, y, m, d);
  bc = y <= 0;
  if (bc) y = 1 - y;
  char buf[48];
  std::snprintf(buf, sizeof(buf), "%04lld-%02d-%02d", static_cast<long long>(y), m, d);
  out += buf;
}

void append_hms(std::string& out, int64_t usec) {
  append_2(out, usec / kUsecPerHour);
  out.push_back(':');
  append_2(out, (usec / kUsecPerMinute) % 60);
  out.push_back(':');
  append_seconds(out, usec % kUsecPerMinute);
}

// "+02", "+05:30", "+00:09:21": minutes and seconds only when not zero.
void append_offset(std::string& out, int32_t east) {
  out.push_back(east < 0 ? '-' : '+');
  int32_t a = std::abs(east);
  append_2(out, a / 3600);
  if (a % 3600 != 0) {
    out.push_back(':');
    append_2(out, (a / 60) % 60);
    if (a % 60 != 0) {
      out.push_back(':');
      append_2(out, a % 60);
    }
  }
}

}  // namespace

void format_date(std::string& out, int32_t date) {
  if (date == kDateEnd) {
    out += "infinity";
    return;
  }
  if (date == kDateBegin) {
    out += "-infinity";
    return;
  }
  bool bc;
  append_ymd(out, date, bc);
  if (bc) out += " BC";
}

void format_time(std::string& out, int64_t usec) { append_hms(out, usec); }

void format_timetz(std::string& out, const TimeTz& t) {
  append_hms(out, t.usec);
  append_offset(out, t.offset);
}

void format_timestamp(std::string& out, int64_t ts) {
  if (ts == kTimestampEnd) {
    out += "infinity";
    return;
  }
  if (ts == kTimestampBegin) {
    out += "-infinity";
    return;
  }
  int64_t day = floor_div(ts, kUsecPerDay);
  bool bc;
  append_ymd(out, day, bc);
  out.push_back(' ');
  append_hms(out, ts - day * kUsecPerDay);
  if (bc) out += " BC";
}

void format_timestamptz(std::string& out, int64_t ts, const TimeZone* tz) {
  if (ts == kTimestampEnd || ts == kTimestampBegin) {
    format_timestamp(out, ts);
    return;
  }
  int32_t offset = offset_at_utc(tz, ts);
  int64_t local = ts + static_cast<int64_t>(offset) * kUsecPerSecond;
  int64_t day = floor_div(local, kUsecPerDay);
  bool bc;
  append_ymd(out, day, bc);
  out.push_back(' ');
  append_hms(out, local - day * kUsecPerDay);
  append_offset(out, offset);
  if (bc) out += " BC";
}

// IntervalStyle postgres: "1 year 2 mons 3 days 04:05:06.5". A field after a negative one
// carries an explicit '+' when positive; the time part prints when non-zero or when nothing
// else did. IntervalStyle iso_8601: "P1Y2M3DT4H5M6.5S", "PT0S" for zero.
void format_interval(std::string& out, const Interval& iv, IntervalStyleOutput style) {
  const int64_t years = iv.months / 12;
  const int64_t mons = iv.months % 12;
  const int64_t days = iv.days;
  const int64_t usec = iv.usec;
  if (style == IntervalStyleOutput::kIso8601) {
    if (years == 0 && mons == 0 && days == 0 && usec == 0) {
      out += "PT0S";
      return;
    }
    out.push_back('P');
    if (years != 0) out += std::to_string(years) + "Y";
    if (mons != 0) out += std::to_string(mons) + "M";
    if (days != 0) out += std::to_string(days) + "D";
    if (usec != 0) {
      out.push_back('T');
      int64_t h = usec / kUsecPerHour;
      int64_t m = (usec / kUsecPerMinute) % 60;
      int64_t s = usec % kUsecPerMinute;
      if (h != 0) out += std::to_string(h) + "H";
      if (m != 0) out += std::to_string(m) + "M";
      if (s != 0) {
        if (s < 0) out.push_back('-');
        int64_t a = std::abs(s);
        out += std::to_string(a / kUsecPerSecond);
        if (a % kUsecPerSecond != 0) {
          char buf[16];
          std::snprintf(buf, sizeof(buf), ".%06lld", static_cast<long long>(a % kUsecPerSecond));
          std::string f(buf);
          while (f.back() == '0') f.pop_back();
          out += f;
        }
        out.push_back('S');
      }
    }
    return;
  }
  bool is_zero = true;
  bool is_before = false;
  auto field = [&](int64_t v, const char* unit) {
    if (v == 0) return;
    if (!is_zero) out.push_back(' ');
    if (is_before && v > 0) out.push_back('+');
    out += std::to_string(v);
    out.push_back(' ');
    out += unit;
    if (v != 1) out.push_back('s');
    is_before = v < 0;
    is_zero = false;
  };
  field(years, "year");
  field(mons, "mon");
  field(days, "day");
  if (is_zero || usec != 0) {
    if (!is_zero) out.push_back(' ');
    const bool minus = usec < 0;
    // |usec| of INT64_MIN is not representable; PostgreSQL's range never produces it.
    const int64_t a = minus ? -usec : usec;
    if (minus) {
      out.push_back('-');
    } else if (is_before) {
      out.push_back('+');
    }
    append_hms(out, a);
  }
}

// --- interval input ----------------------------------------------------------------------------

namespace {

struct IntervalAcc {
  double months = 0;  // accumulated as doubles, checked and converted at the end
  double days = 0;
  double usec = 0;
};

enum class Unit { kNone, kUsec, kMsec, kSecond, kMinute, kHour, kDay, kWeek, kMonth, kYear,
                  kDecade, kCentury, kMillennium };

Unit unit_from_word(std::string_view w) {
  struct U {
    const char* name;
    Unit unit;
  };
  static constexpr U kUnits[] = {
      {"microsecond", Unit::kUsec}, {"microseconds", Unit::kUsec}, {"us", Unit::kUsec},
      {"usec", Unit::kUsec}, {"usecs", Unit::kUsec}, {"useconds", Unit::kUsec},
      {"millisecond", Unit::kMsec}, {"milliseconds", Unit::kMsec}, {"ms", Unit::kMsec},
      {"msec", Unit::kMsec}, {"msecs", Unit::kMsec}, {"mseconds", Unit::kMsec},
      {"second", Unit::kSecond}, {"seconds", Unit::kSecond}, {"s", Unit::kSecond},
      {"sec", Unit::kSecond}, {"secs", Unit::kSecond},
      {"minute", Unit::kMinute}, {"minutes", Unit::kMinute}, {"m", Unit::kMinute},
      {"min", Unit::kMinute}, {"mins", Unit::kMinute},
      {"hour", Unit::kHour}, {"hours", Unit::kHour}, {"h", Unit::kHour}, {"hr", Unit::kHour},
      {"hrs", Unit::kHour},
      {"day", Unit::kDay}, {"days", Unit::kDay}, {"d", Unit::kDay},
      {"week", Unit::kWeek}, {"weeks", Unit::kWeek}, {"w", Unit::kWeek},
      {"month", Unit::kMonth}, {"months", Unit::kMonth}, {"mon", Unit::kMonth},
      {"mons", Unit::kMonth},
      {"year", Unit::kYear}, {"years", Unit::kYear}, {"y", Unit::kYear}, {"yr", Unit::kYear},
      {"yrs", Unit::kYear},
      {"decade", Unit::kDecade}, {"decades", Unit::kDecade}, {"dec", Unit::kDecade},
      {"decs", Unit::kDecade},
      {"century", Unit::kCentury}, {"centuries", Unit::kCentury}, {"c", Unit::kCentury},
      {"cent", Unit::kCentury},
      {"millennium", Unit::kMillennium}, {"millennia", Unit::kMillennium},
      {"millenniums", Unit::kMillennium}, {"mil", Unit::kMillennium},
      {"mils", Unit::kMillennium},
  };
  for (const auto& u : kUnits) {
    if (w == u.name) return u.unit;
  }
  return Unit::kNone;
}

// Adds `v` units; fractions cascade down as PostgreSQL does (a month is 30 days, a day 24 hours
// for this purpose; fractional years go to whole months).
void add_units(IntervalAcc& acc, double v, Unit u) {
  auto add_days = [&](double d) {
    double whole = std::trunc(d);
    acc.days += whole;
    acc.usec += std::rint((d - whole) * static_cast<double>(kUsecPerDay));
  };
  switch (u) {
    case Unit::kUsec: acc.usec += std::rint(v); break;
    case Unit::kMsec: acc.usec += std::rint(v * 1000); break;
    case Unit::kSecond: case Unit::kNone: acc.usec += std::rint(v * 1e6); break;
    case Unit::kMinute: acc.usec += std::rint(v * 6e7); break;
    case Unit::kHour: acc.usec += std::rint(v * 3.6e9); break;
    case Unit::kDay: add_days(v); break;
    case Unit::kWeek: add_days(v * 7); break;
    case Unit::kMonth: {
      double whole = std::trunc(v);
      acc.months += whole;
      add_days((v - whole) * 30);
      break;
    }
    case Unit::kYear: acc.months += std::trunc(v) * 12 + std::rint((v - std::trunc(v)) * 12); break;
    case Unit::kDecade: acc.months += std::trunc(v) * 120 + std::rint((v - std::trunc(v)) * 120); break;
    case Unit::kCentury: acc.months += std::trunc(v) * 1200 + std::rint((v - std::trunc(v)) * 1200); break;
    case Unit::kMillennium: acc.months += std::trunc(v) * 12000 + std::rint((v - std::trunc(v)) * 12000); break;
  }
}

bool parse_number(std::string_view s, double& v, size_t& used) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  size_t digits = 0;
  while (i < s.size() && is_digit(s[i])) {
    ++i;
    ++digits;
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && is_digit(s[i])) {
      ++i;
      ++digits;
    }
  }
  if (digits == 0) return false;
  v = std::strtod(std::string(s.substr(0, i)).c_str(), nullptr);
  used = i;
  return true;
}

Result<void> parse_iso_interval(std::string_view s, IntervalAcc& acc, const Errors& err) {
  // P[nY][nM][nW][nD][T[nH][nM][nS]]
  size_t i = 1;
  bool time = false;
  bool any = false;
  while (i < s.size()) {
    if (s[i] == 't') {
      if (time) return err.syntax();
      time = true;
      ++i;
      continue;
    }
    double v;
    size_t used;
    if (!parse_number(s.substr(i), v, used)) return err.syntax();
    i += used;
    if (i >= s.size()) return err.syntax();
    char d = s[i++];
    Unit u = Unit::kNone;
    if (!time) {
      u = d == 'y' ? Unit::kYear : d == 'm' ? Unit::kMonth : d == 'w' ? Unit::kWeek
          : d == 'd' ? Unit::kDay : Unit::kNone;
    } else {
      u = d == 'h' ? Unit::kHour : d == 'm' ? Unit::kMinute : d == 's' ? Unit::kSecond
                                                                       : Unit::kNone;
    }
    if (u == Unit::kNone) return err.syntax();
    add_units(acc, v, u);
    any = true;
  }
  if (!any) return err.syntax();
  return {};
}

}  // namespace

Result<Interval> parse_interval(std::string_view input, int32_t typmod) {
  Errors err{"interval", input};
  std::string s = lower(input);
  std::vector<std::string_view> toks;
  {
    std::string_view v = s;
    size_t i = 0;
    while (i < v.size()) {
      if (v[i] == ' ' || v[i] == '\t' || v[i] == '\n' || v[i] == '\r' || v[i] == ',') {
        ++i;
        continue;
      }
      size_t j = i;
      while (j < v.size() && !(v[j] == ' ' || v[j] == '\t' || v[j] == '\n' || v[j] == '\r' ||
                               v[j] == ',')) {
        ++j;
      }
      toks.push_back(v.substr(i, j - i));
      i = j;
    }
  }
  if (toks.empty()) return err.syntax();
  IntervalAcc acc;
  bool ago = false;
  if (toks.size() == 1 && toks[0].size() > 1 && toks[0][0] == 'p') {
    LITEWIRE_TRY(parse_iso_interval(toks[0], acc, err));
  } else {
    for (size_t k = 0; k < toks.size(); ++k) {
      std::string_view t = toks[k];
      if (t == "@") continue;
      if (t == "ago") {
        if (k + 1 != toks.size() || ago) return err.syntax();
        ago = true;
        continue;
      }
      if (t.find(':') != std::string_view::npos) {
        int sign = 1;
        std::string_view c = t;
        if (c[0] == '+' || c[0] == '-') {
          sign = c[0] == '-' ? -1 : 1;
          c.remove_prefix(1);
        }
        Fields f;
        LITEWIRE_TRY(parse_clock(c, f, err));
        if (f.minute > 59) return err.field();
        // In doubles: the hour field of an interval is unbounded here ('3666666666666:00'), and
        // the total is range-checked (22008) before it becomes an int64 below.
        acc.usec += sign * (static_cast<double>(f.hour) * static_cast<double>(kUsecPerHour) +
                            static_cast<double>(f.minute) * static_cast<double>(kUsecPerMinute) +
                            static_cast<double>(f.usec));
        continue;
      }
      double v;
      size_t used;
      if (!parse_number(t, v, used)) return err.syntax();
      std::string_view unit_word = t.substr(used);
      Unit u = Unit::kNone;
      if (!unit_word.empty()) {
        u = unit_from_word(unit_word);
        if (u == Unit::kNone) return err.syntax();
      } else if (k + 1 < toks.size() && unit_from_word(toks[k + 1]) != Unit::kNone) {
        u = unit_from_word(toks[++k]);
      } else if (k + 1 < toks.size() && toks[k + 1].find(':') != std::string_view::npos) {
        u = Unit::kDay;  // "1 02:00:00": a number before a time is days
      } else if (k + 1 < toks.size() && toks[k + 1] != "ago") {
        return err.syntax();
      }
      add_units(acc, v, u);
    }
  }
  if (ago) {
    acc.months = -acc.months;
    acc.days = -acc.days;
    acc.usec = -acc.usec;
  }
  if (std::fabs(acc.months) > 2147483647.0 || std::fabs(acc.days) > 2147483647.0 ||
      std::fabs(acc.usec) > 9.2e18) {
    return PgError(sqlstate::kDatetimeFieldOverflow,
                   "interval field value out of range: \"" + std::string(input) + "\"");
  }
  Interval iv;
  iv.months = static_cast<int32_t>(acc.months);
  iv.days = static_cast<int32_t>(acc.days);
  iv.usec = static_cast<int64_t>(acc.usec);
  if (typmod >= 0) {
    int precision = typmod & 0xffff;
    if (precision != 0xffff) iv.usec = round_usec(iv.usec, precision);
  }
  return iv;
}

// --- arithmetic ----------------------------------------------------------------------------

namespace {

PgError timestamp_overflow() {
  return PgError(sqlstate::kDatetimeFieldOverflow, "timestamp out of range");
}

// Adds months to a wall-clock timestamp, clamping the day to the target month's length.
Result<int64_t> add_months(int64_t local, int32_t months) {
  if (months == 0) return local;
  int64_t day = floor_div(local, kUsecPerDay);
  int64_t time = local - day * kUsecPerDay;
  int64_t y;
  int m, d;
  civil_from_days(day + kPgEpochDays, y, m, d);
  int64_t total = y * 12 + (m - 1) + months;
  y = floor_div(total, 12);
  m = static_cast<int>(total - y * 12) + 1;
  d = std::min(d, days_in_month(y, m));
  int64_t nd = days_from_civil(y, m, d) - kPgEpochDays;
  if (nd < kMinDay || nd >= kTimestampEndDay) return timestamp_overflow();
  return nd * kUsecPerDay + time;
}

Result<int64_t> checked_add(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_add_overflow(a, b, &r)) return timestamp_overflow();
  return r;
}

}  // namespace

Result<int64_t> timestamp_plus_interval(int64_t ts, const Interval& iv) {
  if (ts == kTimestampEnd || ts == kTimestampBegin) return ts;
  LITEWIRE_TRY_ASSIGN(a, add_months(ts, iv.months));
  LITEWIRE_TRY_ASSIGN(b, checked_add(a, static_cast<int64_t>(iv.days) * kUsecPerDay));
  LITEWIRE_TRY_ASSIGN(c, checked_add(b, iv.usec));
  if (!timestamp_in_range(c)) return timestamp_overflow();
  return c;
}

Result<int64_t> timestamptz_plus_interval(int64_t ts, const Interval& iv, const TimeZone* tz) {
  if (ts == kTimestampEnd || ts == kTimestampBegin) return ts;
  int64_t r = ts;
  if (iv.months != 0 || iv.days != 0) {
    // Months and days move the local wall clock; the result is re-resolved in the zone.
    int64_t local = r + static_cast<int64_t>(offset_at_utc(tz, r)) * kUsecPerSecond;
    LITEWIRE_TRY_ASSIGN(a, add_months(local, iv.months));
    LITEWIRE_TRY_ASSIGN(b, checked_add(a, static_cast<int64_t>(iv.days) * kUsecPerDay));
    r = b - static_cast<int64_t>(offset_for_local(tz, b)) * kUsecPerSecond;
  }
  LITEWIRE_TRY_ASSIGN(c, checked_add(r, iv.usec));
  if (!timestamp_in_range(c)) return timestamp_overflow();
  return c;
}

Result<Interval> interval_negate(const Interval& iv) {
  if (iv.usec == std::numeric_limits<int64_t>::min() ||
      iv.days == std::numeric_limits<int32_t>::min() ||
      iv.months == std::numeric_limits<int32_t>::min()) {
    return PgError(sqlstate::kDatetimeFieldOverflow, "interval out of range");
  }
  return Interval{-iv.usec, -iv.days, -iv.months};
}

Interval justify_hours(const Interval& iv) {
  Interval r = iv;
  int64_t whole = r.usec / kUsecPerDay;
  r.usec -= whole * kUsecPerDay;
  r.days += static_cast<int32_t>(whole);
  if (r.days > 0 && r.usec < 0) {
    r.usec += kUsecPerDay;
    r.days--;
  } else if (r.days < 0 && r.usec > 0) {
    r.usec -= kUsecPerDay;
    r.days++;
  }
  return r;
}

Interval justify_days(const Interval& iv) {
  Interval r = iv;
  int32_t whole = r.days / 30;
  r.days -= whole * 30;
  r.months += whole;
  if (r.months > 0 && r.days < 0) {
    r.days += 30;
    r.months--;
  } else if (r.months < 0 && r.days > 0) {
    r.days -= 30;
    r.months++;
  }
  return r;
}

Interval justify_interval(const Interval& iv) {
  Interval r = iv;
  int32_t whole_month = r.days / 30;
  r.days -= whole_month * 30;
  r.months += whole_month;
  if (r.months > 0 && (r.days < 0 || (r.days == 0 && r.usec < 0))) {
    r.days += 30;
    r.months--;
  } else if (r.months < 0 && (r.days > 0 || (r.days == 0 && r.usec > 0))) {
    r.days -= 30;
    r.months++;
  }
  // Then whole days out of the microseconds, with the same sign rule: justify_hours.
  return justify_hours(r);
}

}  // namespace litewire::protocol
