// TimeZone: a TZif (RFC 8536) reader for /usr/share/zoneinfo, POSIX TZ strings for times past
// the last transition, and fixed offsets.

#include "protocol/timezone.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include "protocol/datetime.h"

namespace litewire::protocol {

namespace {

constexpr const char* kZoneDir = "/usr/share/zoneinfo";

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

PgError not_recognized(std::string_view name) {
  return PgError(sqlstate::kInvalidParameterValue,
                 "time zone \"" + std::string(name) + "\" not recognized");
}

// Formats an offset the way PostgreSQL names zones that have no abbreviation: "+05:30", "-03".
std::string offset_name(int32_t east) {
  std::string s = east < 0 ? "-" : "+";
  int32_t a = std::abs(east);
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%02d", a / 3600);
  s += buf;
  if (a % 3600 != 0) {
    std::snprintf(buf, sizeof(buf), ":%02d", (a / 60) % 60);
    s += buf;
    if (a % 60 != 0) {
      std::snprintf(buf, sizeof(buf), ":%02d", a % 60);
      s += buf;
    }
  }
  return s;
}

// Zone names are paths below kZoneDir: refuse anything that could escape it.
bool safe_zone_name(std::string_view name) {
  if (name.empty() || name.size() > 255 || name[0] == '/') return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
          c == '/' || c == '_' || c == '-' || c == '+')) {
      return false;
    }
  }
  std::string_view rest = name;
  while (!rest.empty()) {
    size_t slash = rest.find('/');
    std::string_view comp = rest.substr(0, slash);
    if (comp.empty() || comp == "." || comp == "..") return false;
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  return true;
}

// PostgreSQL matches zone names case-insensitively. Try the exact path, then walk the
// directories matching each component without regard to case. Returns the on-disk name.
bool find_zone_file(const std::string& name, std::string& found) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path exact = fs::path(kZoneDir) / name;
  if (fs::is_regular_file(exact, ec)) {
    found = name;
    return true;
  }
  fs::path dir = kZoneDir;
  std::string result;
  std::string_view rest = name;
  while (!rest.empty()) {
    size_t slash = rest.find('/');
    std::string comp = lower(rest.substr(0, slash));
    bool matched = false;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      std::string fname = entry.path().filename().string();
      if (lower(fname) == comp) {
        dir /= fname;
        result += (result.empty() ? "" : "/") + fname;
        matched = true;
        break;
      }
    }
    if (!matched) return false;
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  if (!fs::is_regular_file(dir, ec)) return false;
  found = result;
  return true;
}

// --- POSIX TZ strings ------------------------------------------------------------------------

struct Cursor {
  std::string_view s;
  size_t i = 0;
  bool at_end() const { return i >= s.size(); }
  char peek() const { return at_end() ? '\0' : s[i]; }
};

bool parse_abbr(Cursor& c, std::string& out) {
  if (c.peek() == '<') {
    size_t close = c.s.find('>', c.i);
    if (close == std::string_view::npos) return false;
    out = std::string(c.s.substr(c.i + 1, close - c.i - 1));
    c.i = close + 1;
    return !out.empty();
  }
  size_t start = c.i;
  while (!c.at_end() && ((c.peek() >= 'a' && c.peek() <= 'z') || (c.peek() >= 'A' && c.peek() <= 'Z'))) {
    ++c.i;
  }
  out = std::string(c.s.substr(start, c.i - start));
  return out.size() >= 3;
}

// [+-]hh[:mm[:ss]] in seconds; hours up to 167 (RFC 8536 extension for rule times).
bool parse_hms(Cursor& c, int32_t& out, int max_hours) {
  int sign = 1;
  if (c.peek() == '+' || c.peek() == '-') {
    sign = c.peek() == '-' ? -1 : 1;
    ++c.i;
  }
  auto num = [&](int& v, int max_digits) {
    size_t start = c.i;
    v = 0;
    while (!c.at_end() && c.peek() >= '0' && c.peek() <= '9' && c.i - start < static_cast<size_t>(max_digits)) {
      v = v * 10 + (c.peek() - '0');
      ++c.i;
    }
    return c.i > start;
  };
  int h = 0, m = 0, s = 0;
  if (!num(h, 3) || h > max_hours) return false;
  if (c.peek() == ':') {
    ++c.i;
    if (!num(m, 2) || m > 59) return false;
    if (c.peek() == ':') {
      ++c.i;
      if (!num(s, 2) || s > 59) return false;
    }
  }
  out = sign * (h * 3600 + m * 60 + s);
  return true;
}

bool parse_rule(Cursor& c, TimeZone::PosixRule& r) {
  using Kind = TimeZone::PosixRule::Kind;
  auto num = [&](int& v) {
    size_t start = c.i;
    v = 0;
    while (!c.at_end() && c.peek() >= '0' && c.peek() <= '9' && c.i - start < 4) {
      v = v * 10 + (c.peek() - '0');
      ++c.i;
    }
    return c.i > start;
  };
  if (c.peek() == 'M') {
    ++c.i;
    r.kind = Kind::kMonthWeekDay;
    if (!num(r.month) || r.month < 1 || r.month > 12 || c.peek() != '.') return false;
    ++c.i;
    if (!num(r.week) || r.week < 1 || r.week > 5 || c.peek() != '.') return false;
    ++c.i;
    if (!num(r.day) || r.day > 6) return false;
  } else if (c.peek() == 'J') {
    ++c.i;
    r.kind = Kind::kJulianNoLeap;
    if (!num(r.day) || r.day < 1 || r.day > 365) return false;
  } else {
    r.kind = Kind::kZeroBasedDay;
    if (!num(r.day) || r.day > 365) return false;
  }
  r.time = 7200;
  if (c.peek() == '/') {
    ++c.i;
    if (!parse_hms(c, r.time, 167)) return false;
  }
  return true;
}

bool is_leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// Local-time seconds since the Unix epoch at which `rule` fires in year y.
int64_t rule_local_time(const TimeZone::PosixRule& r, int64_t y) {
  using Kind = TimeZone::PosixRule::Kind;
  int64_t jan1 = days_from_civil(y, 1, 1);
  int64_t day = 0;
  switch (r.kind) {
    case Kind::kJulianNoLeap:
      day = jan1 + r.day - 1 + ((is_leap(y) && r.day >= 60) ? 1 : 0);
      break;
    case Kind::kZeroBasedDay: day = jan1 + r.day; break;
    case Kind::kMonthWeekDay: {
      int64_t first = days_from_civil(y, r.month, 1);
      // 1970-01-01 was a Thursday (weekday 4).
      int64_t dow = ((first % 7) + 7 + 4) % 7;
      int64_t d = first + (r.day - dow + 7) % 7 + (r.week - 1) * 7;
      int mdays = days_in_month(y, r.month);
      while (d >= first + mdays) d -= 7;
      day = d;
      break;
    }
  }
  return day * 86400 + r.time;
}

}  // namespace

bool TimeZone::parse_posix(std::string_view spec, Posix& out) {
  Cursor c{spec};
  Posix p;
  // PostgreSQL also takes a bare offset ("-05:30") as a POSIX zone without a name.
  if (c.peek() == '+' || c.peek() == '-' || (c.peek() >= '0' && c.peek() <= '9')) {
    p.std_type.abbr.clear();
  } else if (!parse_abbr(c, p.std_type.abbr)) {
    return false;
  }
  int32_t west = 0;
  if (!parse_hms(c, west, 167)) return false;
  p.std_type.offset = -west;
  if (p.std_type.abbr.empty()) p.std_type.abbr = offset_name(p.std_type.offset);
  if (!c.at_end()) {
    p.has_dst = true;
    if (!parse_abbr(c, p.dst_type.abbr)) return false;
    p.dst_type.dst = true;
    p.dst_type.offset = p.std_type.offset + 3600;
    if (!c.at_end() && c.peek() != ',') {
      int32_t dwest = 0;
      if (!parse_hms(c, dwest, 167)) return false;
      p.dst_type.offset = -dwest;
    }
    if (c.at_end()) {
      // No rules: tzcode's fallback is the US rules (second Sunday of March, first of November).
      p.start = {PosixRule::Kind::kMonthWeekDay, 0, 3, 2, 7200};
      p.end = {PosixRule::Kind::kMonthWeekDay, 0, 11, 1, 7200};
    } else {
      if (c.peek() != ',') return false;
      ++c.i;
      if (!parse_rule(c, p.start)) return false;
      if (c.peek() != ',') return false;
      ++c.i;
      if (!parse_rule(c, p.end)) return false;
    }
  }
  if (!c.at_end()) return false;
  out = std::move(p);
  return true;
}

const TimeZone::LocalType& TimeZone::posix_type_at(int64_t t) const {
  if (!posix_.has_dst) return posix_.std_type;
  int64_t y;
  int m, d;
  civil_from_days(floor_div(t + posix_.std_type.offset, 86400), y, m, d);
  int64_t start = rule_local_time(posix_.start, y) - posix_.std_type.offset;
  int64_t end = rule_local_time(posix_.end, y) - posix_.dst_type.offset;
  bool dst = start < end ? (t >= start && t < end) : !(t >= end && t < start);
  return dst ? posix_.dst_type : posix_.std_type;
}

const TimeZone::LocalType& TimeZone::type_at(int64_t t) const {
  if (transitions_.empty() || t >= transitions_.back()) {
    if (has_posix_) return posix_type_at(t);
    if (transitions_.empty()) return types_[0];
    return types_[transition_types_.back()];
  }
  if (t < transitions_.front()) return types_[0];
  auto it = std::upper_bound(transitions_.begin(), transitions_.end(), t);
  return types_[transition_types_[static_cast<size_t>(it - transitions_.begin()) - 1]];
}

int32_t TimeZone::utc_offset(int64_t t) const { return type_at(t).offset; }
std::string TimeZone::abbreviation(int64_t t) const { return type_at(t).abbr; }
bool TimeZone::is_dst(int64_t t) const { return type_at(t).dst; }

int32_t TimeZone::offset_for_local(int64_t local) const {
  // Candidate offsets: those in effect a day either side and what they lead to. Transitions
  // are never closer than a day in the tz database, so one of them is right.
  std::vector<int32_t> cands = {utc_offset(local - 86400), utc_offset(local + 86400),
                                utc_offset(local)};
  for (size_t i = 0, n = cands.size(); i < n; ++i) cands.push_back(utc_offset(local - cands[i]));
  bool found = false;
  int32_t best = 0;
  for (int32_t o : cands) {
    if (utc_offset(local - o) == o && (!found || o < best)) {
      best = o;
      found = true;
    }
  }
  if (found) return best;
  // In a gap: the offset at the earliest candidate instant is the one before the transition.
  int32_t max_off = *std::max_element(cands.begin(), cands.end());
  return utc_offset(local - max_off);
}

// TZif (RFC 8536): a v1 header and 32-bit data block, then for version 2+ a second header and
// a 64-bit data block, then a footer "\n<POSIX TZ string>\n" for instants past the last
// transition. Header: "TZif", version, 15 unused bytes, six big-endian counts (isutcnt,
// isstdcnt, leapcnt, timecnt, typecnt, charcnt).
bool TimeZone::read_tzif(const std::string& b, TimeZone& tz) {
  auto u32 = [&](size_t p) -> uint32_t {
    return (static_cast<uint32_t>(static_cast<unsigned char>(b[p])) << 24) |
           (static_cast<uint32_t>(static_cast<unsigned char>(b[p + 1])) << 16) |
           (static_cast<uint32_t>(static_cast<unsigned char>(b[p + 2])) << 8) |
           static_cast<uint32_t>(static_cast<unsigned char>(b[p + 3]));
  };
  auto i64 = [&](size_t p) -> int64_t {
    return static_cast<int64_t>((static_cast<uint64_t>(u32(p)) << 32) | u32(p + 4));
  };
  struct Counts {
    uint32_t isut, isstd, leap, time, type, chars;
  };
  auto header = [&](size_t p, Counts& c) {
    if (p + 44 > b.size() || b.compare(p, 4, "TZif") != 0) return false;
    c = {u32(p + 20), u32(p + 24), u32(p + 28), u32(p + 32), u32(p + 36), u32(p + 40)};
    return c.type >= 1 && c.type <= 256 && c.chars <= 65536 && c.time <= 1000000 && c.leap <= 100000;
  };
  Counts c{};
  if (!header(0, c)) return false;
  const char version = b[4];
  size_t p = 44;
  size_t time_size = 4;
  if (version >= '2') {
    p += c.time * 5ull + c.type * 6ull + c.chars + c.leap * 8ull + c.isstd + c.isut;
    if (!header(p, c)) return false;
    p += 44;
    time_size = 8;
  }
  const size_t need = c.time * (time_size + 1) + c.type * 6ull + c.chars +
                      c.leap * (time_size + 4) + c.isstd + c.isut;
  if (p + need > b.size()) return false;
  for (uint32_t i = 0; i < c.time; ++i) {
    int64_t t = time_size == 8 ? i64(p + i * 8) : static_cast<int32_t>(u32(p + i * 4));
    tz.transitions_.push_back(t);
  }
  p += c.time * time_size;
  for (uint32_t i = 0; i < c.time; ++i) {
    auto idx = static_cast<uint8_t>(b[p + i]);
    if (idx >= c.type) return false;
    tz.transition_types_.push_back(idx);
  }
  p += c.time;
  const size_t types_at = p;
  const size_t chars_at = p + c.type * 6;
  for (uint32_t i = 0; i < c.type; ++i) {
    LocalType lt;
    lt.offset = static_cast<int32_t>(u32(types_at + i * 6));
    lt.dst = b[types_at + i * 6 + 4] != 0;
    auto ai = static_cast<unsigned char>(b[types_at + i * 6 + 5]);
    if (ai < c.chars) {
      size_t end = b.find('\0', chars_at + ai);
      if (end == std::string::npos || end > chars_at + c.chars) end = chars_at + c.chars;
      lt.abbr = b.substr(chars_at + ai, end - chars_at - ai);
    }
    tz.types_.push_back(std::move(lt));
  }
  p += need - c.time * (time_size + 1);
  if (version >= '2' && p < b.size() && b[p] == '\n') {
    size_t end = b.find('\n', p + 1);
    if (end != std::string::npos && end > p + 1) {
      tz.has_posix_ = parse_posix(std::string_view(b).substr(p + 1, end - p - 1), tz.posix_);
    }
  }
  return std::is_sorted(tz.transitions_.begin(), tz.transitions_.end());
}

std::shared_ptr<const TimeZone> TimeZone::utc() {
  static const std::shared_ptr<const TimeZone> kUtc = fixed(0, "UTC");
  return kUtc;
}

std::shared_ptr<const TimeZone> TimeZone::fixed(int32_t seconds_east, std::string name) {
  auto tz = std::shared_ptr<TimeZone>(new TimeZone());
  tz->name_ = std::move(name);
  LocalType lt;
  lt.offset = seconds_east;
  lt.abbr = seconds_east == 0 ? "UTC" : offset_name(seconds_east);
  tz->types_.push_back(std::move(lt));
  return tz;
}

Result<std::shared_ptr<const TimeZone>> TimeZone::load_uncached(const std::string& name) {
  std::string l = lower(name);
  if (l == "utc" || l == "gmt" || l == "z" || l == "etc/utc" || l == "uct" || l == "zulu") {
    return fixed(0, l == "z" ? "UTC" : name);
  }
  std::string found;
  if (safe_zone_name(name) && find_zone_file(name, found)) {
    std::ifstream f(std::string(kZoneDir) + "/" + found, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    auto tz = std::shared_ptr<TimeZone>(new TimeZone());
    tz->name_ = found;
    if (read_tzif(ss.str(), *tz) && !tz->types_.empty()) return std::shared_ptr<const TimeZone>(tz);
  }
  Posix p;
  if (parse_posix(name, p)) {
    auto tz = std::shared_ptr<TimeZone>(new TimeZone());
    tz->name_ = name;
    tz->types_.push_back(p.std_type);
    tz->has_posix_ = true;
    tz->posix_ = std::move(p);
    return std::shared_ptr<const TimeZone>(tz);
  }
  return not_recognized(name);
}

Result<std::shared_ptr<const TimeZone>> TimeZone::load(std::string_view name) {
  // SET TIME ZONE with a plain number means hours east of UTC (ISO sign convention).
  std::string text(name);
  char* end = nullptr;
  double hours = std::strtod(text.c_str(), &end);
  if (!text.empty() && end == text.c_str() + text.size() && std::isfinite(hours) &&
      std::fabs(hours) <= 15 * 1.0 + 59.0 / 60) {
    auto secs = static_cast<int32_t>(std::lround(hours * 3600));
    return fixed(secs, offset_name(secs));
  }
  return load_named(name);
}

Result<std::shared_ptr<const TimeZone>> TimeZone::load_named(std::string_view name) {
  static std::mutex mu;
  static std::map<std::string, std::shared_ptr<const TimeZone>, std::less<>> cache;
  {
    std::lock_guard<std::mutex> lock(mu);
    auto it = cache.find(name);
    if (it != cache.end()) return it->second;
  }
  std::string key(name);
  LITEWIRE_TRY_ASSIGN(tz, load_uncached(key));
  std::lock_guard<std::mutex> lock(mu);
  // Unknown names are not cached, so a misspelling cannot grow the cache without bound; known
  // names are finite (the zoneinfo tree) apart from POSIX strings, which are cheap to keep.
  if (cache.size() < 4096) cache.emplace(std::move(key), tz);
  return tz;
}

}  // namespace litewire::protocol
