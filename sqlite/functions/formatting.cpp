#include "sqlite/functions/formatting.h"

#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <optional>
#include <vector>

#include "protocol/datetime.h"
#include "protocol/timezone.h"
#include "sqlite/functions/datetime.h"
#include "sqlite/functions/errors.h"
#include "sqlite/functions/functions.h"
#include "sqlite/functions/numeric.h"
#include "sqlite/functions/sqlite_args.h"

namespace litewire::sqlite {

namespace sqlstate = protocol::sqlstate;
using protocol::PgError;
using protocol::Result;

namespace {

constexpr const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                   "July",    "August",   "September", "October", "November", "December"};
constexpr const char* kDays[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
constexpr const char* kRoman[] = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"};

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}
std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// ---- date/time templates

// Keywords of date/time templates, longest first where one is a prefix of another. Matching is
// case-sensitive: "Month", "MONTH" and "month" are three spellings of one field.
constexpr const char* kDateKeywords[] = {
    "A.D.", "A.M.", "AD", "AM", "B.C.", "BC", "CC", "DAY", "DDD", "DD", "DY", "Day", "Dy", "D",
    "FF1", "FF2", "FF3", "FF4", "FF5", "FF6", "FX", "HH24", "HH12", "HH", "IDDD", "ID", "IW",
    "IYYY", "IYY", "IY", "I", "J", "MI", "MM", "MONTH", "MON", "MS", "Month", "Mon", "OF", "P.M.",
    "PM", "Q", "RM", "SSSSS", "SSSS", "SS", "TZH", "TZM", "TZ", "US", "WW", "W", "Y,YYY", "YYYY",
    "YYY", "YY", "Y", "a.d.", "a.m.", "ad", "am", "b.c.", "bc", "cc", "day", "ddd", "dd", "dy",
    "d", "ff1", "ff2", "ff3", "ff4", "ff5", "ff6", "fx", "hh24", "hh12", "hh", "iddd", "id", "iw",
    "iyyy", "iyy", "iy", "i", "j", "mi", "mm", "month", "mon", "ms", "of", "p.m.", "pm", "q", "rm",
    "sssss", "ssss", "ss", "tzh", "tzm", "tz", "us", "ww", "w", "y,yyy", "yyyy", "yyy", "yy", "y"};

// Keywords of numeric templates.
constexpr const char* kNumberKeywords[] = {"9", "0", ".", ",", "D", "G", "S", "MI", "PL", "SG", "PR",
                                           "L", "FM", "TH", "th", "V", "EEEE", "RN", "rn", "B",
                                           "d", "g", "s", "mi", "pl", "sg", "pr", "l", "fm", "v",
                                           "eeee", "b", "SP", "sp"};

struct Node {
  enum class Type { kKey, kText, kSpace, kSeparator } type = Type::kText;
  std::string key;   // canonical (upper case) keyword
  int letter_case = 0;  // 0 UPPER, 1 Capitalized, 2 lower (names, AM/PM, TZ)
  bool fill = false;    // FM prefix
  int th = 0;           // 1 TH, 2 th suffix
  std::string text;     // literal text, or the keyword as written
};

bool is_separator(unsigned char c) { return c < 0x80 && !std::isalnum(c) && c != ' ' && c != '"'; }

template <size_t N>
std::vector<Node> parse_template(std::string_view f, const char* const (&keywords)[N], bool dates) {
  std::vector<Node> nodes;
  size_t i = 0;
  while (i < f.size()) {
    bool fill = false;
    // Prefix modifiers of date/time fields: FM (fill mode), TM (translation mode: the C
    // locale's names anyway). In a numeric template FM is a pattern of its own, which matters
    // for where it may stand (not together with EEEE).
    for (;;) {
      std::string_view rest = f.substr(i);
      if (dates && (rest.starts_with("FM") || rest.starts_with("fm"))) {
        fill = true;
        i += 2;
      } else if (dates && (rest.starts_with("TM") || rest.starts_with("tm"))) {
        i += 2;
      } else {
        break;
      }
    }
    if (i >= f.size()) break;
    std::string_view best;
    for (const char* k : keywords) {
      std::string_view kv(k);
      if (kv.size() > best.size() && f.substr(i).starts_with(kv)) best = kv;
    }
    if (!best.empty()) {
      Node n;
      n.type = Node::Type::kKey;
      n.text = std::string(best);
      n.key = upper(n.text);
      bool has_upper = false, has_lower = false;
      for (size_t k = 0; k < best.size(); ++k) {
        if (std::isupper(static_cast<unsigned char>(best[k]))) has_upper = true;
        if (std::islower(static_cast<unsigned char>(best[k]))) has_lower = true;
      }
      n.letter_case = has_upper && has_lower ? 1 : has_lower ? 2 : 0;
      n.fill = fill;
      i += best.size();
      if (dates) {
        std::string_view rest = f.substr(i);
        if (rest.starts_with("TH")) {
          n.th = 1;
          i += 2;
        } else if (rest.starts_with("th")) {
          n.th = 2;
          i += 2;
        } else if (rest.starts_with("SP") || rest.starts_with("sp")) {
          i += 2;
        }
      }
      nodes.push_back(std::move(n));
      continue;
    }
    Node n;
    if (f[i] == '"') {
      ++i;
      while (i < f.size() && f[i] != '"') {
        if (f[i] == '\\' && i + 1 < f.size()) ++i;
        n.text += f[i++];
      }
      if (i < f.size()) ++i;
    } else if (f[i] == '\\' && i + 1 < f.size() && f[i + 1] == '"') {
      n.text = "\"";
      i += 2;
    } else {
      size_t len = 1;
      auto c = static_cast<unsigned char>(f[i]);
      if (c >= 0xC0) len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
      n.text = std::string(f.substr(i, len));
      n.type = c == ' ' ? Node::Type::kSpace : is_separator(c) ? Node::Type::kSeparator : Node::Type::kText;
      i += len;
    }
    nodes.push_back(std::move(n));
  }
  return nodes;
}

// English ordinal suffix of the number a string ends with ("1" -> st, "12" -> th).
std::string ordinal(std::string_view num, bool upper_case) {
  if (num.empty() || !std::isdigit(static_cast<unsigned char>(num.back()))) return "";
  char last = num.back();
  if (num.size() > 1 && num[num.size() - 2] == '1') last = '0';
  const char* s = last == '1' ? "st" : last == '2' ? "nd" : last == '3' ? "rd" : "th";
  return upper_case ? upper(s) : s;
}

std::string cased(const std::string& s, int letter_case) {
  if (letter_case == 0) return upper(s);
  if (letter_case == 2) return lower(s);
  return s;
}

// Broken-down time of a value being formatted.
struct Tm {
  int64_t year = 0;  // astronomical (0 = 1 BC); for intervals the interval's years
  int month = 1, day = 1;
  int64_t hour = 0;
  int minute = 0, second = 0;
  int64_t usec = 0;
  int64_t days_since_1970 = 0;
  bool interval = false;
  bool has_zone = false;
  std::string zone_abbrev;
  int32_t gmtoff = 0;
};

// `local_pg_us`: wall-clock microseconds since 2000-01-01 (PostgreSQL's epoch, which keeps
// the whole timestamp range inside int64).
Tm tm_from_local(int64_t local_pg_us) {
  Tm t;
  int64_t pg_days = protocol::floor_div(local_pg_us, datetime::kUsPerDay);
  int64_t tod = local_pg_us - pg_days * datetime::kUsPerDay;
  int64_t days = pg_days + protocol::kPgEpochDays;
  protocol::civil_from_days(days, t.year, t.month, t.day);
  t.days_since_1970 = days;
  t.hour = tod / 3600000000LL;
  t.minute = static_cast<int>(tod / 60000000LL % 60);
  t.second = static_cast<int>(tod / 1000000 % 60);
  t.usec = tod % 1000000;
  return t;
}

int day_of_year(const Tm& t) {
  return static_cast<int>(t.days_since_1970 - protocol::days_from_civil(t.year, 1, 1) + 1);
}
int day_of_week(const Tm& t) {  // 0 = Sunday
  return static_cast<int>(((t.days_since_1970 + 4) % 7 + 7) % 7);
}

// ISO 8601 week-numbering year and week of a date.
void iso_week(int64_t days, int64_t& iso_year, int& week) {
  int64_t y;
  int m, d;
  protocol::civil_from_days(days, y, m, d);
  int dow = static_cast<int>(((days + 3) % 7 + 7) % 7);  // 0 = Monday
  int64_t thursday = days - dow + 3;
  protocol::civil_from_days(thursday, iso_year, m, d);
  week = static_cast<int>((thursday - protocol::days_from_civil(iso_year, 1, 1)) / 7 + 1);
  (void)y;
}

// `v` zero-padded to `width` digits (one more position for a minus sign when `sign_extra`).
std::string padded(int64_t v, int width, bool fill, bool sign_extra = true) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%0*lld", fill ? 0 : (v >= 0 || !sign_extra ? width : width + 1),
                static_cast<long long>(v));
  return buf;
}

std::string name_field(const std::string& name, int letter_case, bool fill, int width) {
  std::string s = cased(name, letter_case);
  if (!fill && static_cast<int>(s.size()) < width) s.append(static_cast<size_t>(width) - s.size(), ' ');
  return s;
}

Result<std::string> format_datetime(const Tm& t, std::string_view fmt) {
  std::vector<Node> nodes = parse_template(fmt, kDateKeywords, true);
  std::string out;
  int64_t adj_year = t.interval ? t.year : (t.year <= 0 ? -(t.year - 1) : t.year);
  bool bc = !t.interval && t.year <= 0;
  for (const Node& n : nodes) {
    if (n.type != Node::Type::kKey) {
      out += n.text;
      continue;
    }
    const std::string& k = n.key;
    bool fm = n.fill;
    if (t.interval && (k == "AD" || k == "BC" || k == "A.D." || k == "B.C." || k == "MONTH" ||
                       k == "MON" || k == "DAY" || k == "DY" || k == "D" || k == "ID")) {
      return PgError(sqlstate::kInvalidDatetimeFormat, "invalid format specification for an interval value")
          .with_hint("Intervals are not tied to specific calendar dates.");
    }
    std::string s;
    bool numeric = true;
    int64_t h12 = t.hour % 12 == 0 ? 12 : t.hour % 12;
    if (k == "AM" || k == "PM" || k == "A.M." || k == "P.M.") {
      bool pm = t.hour % 24 >= 12;
      s = k.size() == 2 ? (pm ? "PM" : "AM") : (pm ? "P.M." : "A.M.");
      s = n.letter_case == 2 ? lower(s) : s;
      numeric = false;
    } else if (k == "AD" || k == "BC" || k == "A.D." || k == "B.C.") {
      s = k.size() == 2 ? (bc ? "BC" : "AD") : (bc ? "B.C." : "A.D.");
      s = n.letter_case == 2 ? lower(s) : s;
      numeric = false;
    } else if (k == "HH" || k == "HH12") {
      s = padded(h12, 2, fm);
    } else if (k == "HH24") {
      s = padded(t.hour, 2, fm);
    } else if (k == "MI") {
      s = padded(t.minute, 2, fm);
    } else if (k == "SS") {
      s = padded(t.second, 2, fm);
    } else if (k == "MS") {
      s = padded(t.usec / 1000, 3, false);
    } else if (k == "US") {
      s = padded(t.usec, 6, false);
    } else if (k.starts_with("FF")) {
      int digits = k[2] - '0';
      int64_t v = t.usec;
      for (int d = digits; d < 6; ++d) v /= 10;
      s = padded(v, digits, false);
    } else if (k == "SSSS" || k == "SSSSS") {
      s = std::to_string((t.hour * 60 + t.minute) * 60 + t.second);
    } else if (k == "TZ") {
      s = t.has_zone ? cased(t.zone_abbrev, n.letter_case == 2 ? 2 : 0) : "";
      numeric = false;
    } else if (k == "OF" || k == "TZH" || k == "TZM") {
      int32_t off = std::abs(t.gmtoff);
      char sign = t.gmtoff >= 0 ? '+' : '-';
      if (k == "TZM") {
        s = padded(off / 60 % 60, 2, fm);
      } else {
        s = std::string(1, sign) + padded(off / 3600, 2, fm);
        if (k == "OF" && off % 3600 != 0) s += ":" + padded(off / 60 % 60, 2, false);
      }
    } else if (k == "Y,YYY") {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%lld,%03lld", static_cast<long long>(adj_year / 1000),
                    static_cast<long long>(adj_year % 1000));
      s = buf;
    } else if (k == "YYYY") {
      s = padded(adj_year, 4, fm);
    } else if (k == "YYY") {
      s = padded(adj_year % 1000, 3, fm);
    } else if (k == "YY") {
      s = padded(adj_year % 100, 2, fm);
    } else if (k == "Y") {
      s = padded(adj_year % 10, 1, fm);
    } else if (k == "IYYY" || k == "IYY" || k == "IY" || k == "I" || k == "IW") {
      int64_t iy;
      int w;
      iso_week(t.days_since_1970, iy, w);
      if (iy <= 0) iy = 1 - iy;  // BC years show as their BC number, as YYYY does
      if (k == "IW") s = padded(w, 2, fm);
      else if (k == "IYYY") s = padded(iy, 4, fm);
      else if (k == "IYY") s = padded(iy % 1000, 3, fm);
      else if (k == "IY") s = padded(iy % 100, 2, fm);
      else s = padded(iy % 10, 1, fm);
    } else if (k == "CC") {
      int64_t cc = t.interval ? t.year / 100 : t.year > 0 ? (t.year + 99) / 100 : -((99 - (t.year - 1)) / 100);
      s = padded(cc, 2, fm);
    } else if (k == "MONTH" || k == "MON") {
      if (t.interval && t.month == 0) continue;
      std::string name = kMonths[t.month - 1];
      s = k == "MON" ? cased(name.substr(0, 3), n.letter_case) : name_field(name, n.letter_case, fm, 9);
      numeric = false;
    } else if (k == "MM") {
      s = padded(t.month, 2, fm);
    } else if (k == "RM") {
      if (t.interval && t.month == 0) continue;
      s = name_field(kRoman[t.month - 1], n.letter_case == 2 ? 2 : 0, fm, 4);
      numeric = false;
    } else if (k == "DAY" || k == "DY") {
      std::string name = kDays[day_of_week(t)];
      s = k == "DY" ? cased(name.substr(0, 3), n.letter_case) : name_field(name, n.letter_case, fm, 9);
      numeric = false;
    } else if (k == "DDD") {
      s = padded(t.interval ? (t.year * 12 + t.month) * 30 + t.day : day_of_year(t), 3, fm, false);
    } else if (k == "IDDD") {
      int64_t iy;
      int w;
      iso_week(t.days_since_1970, iy, w);
      s = padded((w - 1) * 7 + (day_of_week(t) + 6) % 7 + 1, 3, fm);
    } else if (k == "DD") {
      s = padded(t.day, 2, fm, false);
    } else if (k == "D") {
      s = std::to_string(day_of_week(t) + 1);
    } else if (k == "ID") {
      s = std::to_string((day_of_week(t) + 6) % 7 + 1);
    } else if (k == "WW") {
      s = padded((day_of_year(t) - 1) / 7 + 1, 2, fm);
    } else if (k == "W") {
      s = std::to_string((t.day - 1) / 7 + 1);
    } else if (k == "Q") {
      if (t.interval && t.month == 0) continue;
      s = std::to_string((t.month - 1) / 3 + 1);
    } else if (k == "J") {
      s = std::to_string(t.days_since_1970 + 2440588);
    } else {
      continue;  // FX
    }
    if (numeric && n.th != 0) s += ordinal(s, n.th == 1);
    out += s;
  }
  return out;
}

// ---- parsing text by a date/time template (to_date, to_timestamp)

struct Parsed {
  std::optional<int64_t> year, month, day, doy, hour, minute, second, usec, julian;
  int year_digits = 4;
  bool bc = false;
  std::optional<bool> pm;
  bool twelve_hour = false;
  std::optional<int32_t> offset;  // TZH/TZM: seconds east
};

PgError invalid_value(std::string_view value, const std::string& key, std::string detail) {
  return PgError(sqlstate::kInvalidDatetimeFormat,
                 "invalid value \"" + std::string(value) + "\" for \"" + key + "\"")
      .with_detail(std::move(detail));
}

// The number of characters a numeric field takes when the next field follows without a
// separator.
int field_width(const std::string& k) {
  if (k == "YYYY" || k == "IYYY") return 4;
  if (k == "YYY" || k == "IYY" || k == "DDD" || k == "MS") return 3;
  if (k == "US") return 6;
  if (k == "Y" || k == "D" || k == "ID" || k == "Q" || k == "W" || k == "I") return 1;
  if (k.starts_with("FF")) return k[2] - '0';
  return 2;
}

bool is_name_key(const std::string& k) {
  return k == "MONTH" || k == "MON" || k == "DAY" || k == "DY" || k == "AM" || k == "PM" ||
         k == "A.M." || k == "P.M." || k == "AD" || k == "BC" || k == "A.D." || k == "B.C." ||
         k == "TZ" || k == "RM";
}

Result<Parsed> parse_by_template(std::string_view in, std::string_view fmt) {
  std::vector<Node> nodes = parse_template(fmt, kDateKeywords, true);
  Parsed p;
  size_t s = 0;
  int extra_skip = 0;
  auto skip_spaces = [&] {
    while (s < in.size() && in[s] == ' ') {
      ++s;
      ++extra_skip;
    }
  };
  for (size_t ni = 0; ni < nodes.size() && s < in.size(); ++ni) {
    const Node& n = nodes[ni];
    if (n.type == Node::Type::kKey || ni == 0) skip_spaces();
    if (n.type == Node::Type::kSpace || n.type == Node::Type::kSeparator) {
      // One separator in the template matches one separator or space of the input, or none.
      --extra_skip;
      if (s < in.size() && (in[s] == ' ' || is_separator(static_cast<unsigned char>(in[s])))) {
        ++s;
        ++extra_skip;
      }
      continue;
    }
    if (n.type == Node::Type::kText) {
      for (size_t c = 0; c < n.text.size() && s < in.size(); ++c) {
        if (extra_skip > 0) --extra_skip;
        else ++s;
      }
      continue;
    }
    const std::string& k = n.key;
    if (k == "FX") continue;
    if (is_name_key(k)) {
      auto match = [&](std::initializer_list<std::string_view> options) -> std::optional<size_t> {
        size_t idx = 0;
        for (std::string_view o : options) {
          if (in.size() - s >= o.size() && lower(std::string(in.substr(s, o.size()))) == lower(std::string(o))) {
            s += o.size();
            return idx;
          }
          ++idx;
        }
        return std::nullopt;
      };
      std::optional<size_t> m;
      if (k == "MONTH" || k == "MON") {
        for (int mo = 0; mo < 12 && !m; ++mo) {
          std::string name = kMonths[mo];
          if (k == "MON") name = name.substr(0, 3);
          if (match({name})) {
            m = 0;
            p.month = mo + 1;
          }
        }
      } else if (k == "DAY" || k == "DY") {
        for (int d = 0; d < 7 && !m; ++d) {
          std::string name = kDays[d];
          if (k == "DY") name = name.substr(0, 3);
          if (match({name})) m = 0;
        }
      } else if (k == "AM" || k == "PM" || k == "A.M." || k == "P.M.") {
        m = k.size() == 2 ? match({"am", "pm"}) : match({"a.m.", "p.m."});
        if (m) p.pm = *m == 1;
      } else if (k == "AD" || k == "BC" || k == "A.D." || k == "B.C.") {
        m = k.size() == 2 ? match({"ad", "bc"}) : match({"a.d.", "b.c."});
        if (m) p.bc = *m == 1;
      } else {
        return protocol::feature_not_supported("the \"" + n.text + "\" pattern in to_date()/to_timestamp()");
      }
      if (!m) {
        size_t end = s;
        while (end < in.size() && in[end] != ' ') ++end;
        return invalid_value(in.substr(s, end - s), n.text,
                             "The given value did not match any of the allowed values for this field.");
      }
      continue;
    }
    // A numeric field: as many digits as there are when a separator (or the end) follows,
    // otherwise exactly the field's width.
    bool slurp = n.fill || n.th != 0 || ni + 1 == nodes.size() ||
                 nodes[ni + 1].type != Node::Type::kKey || is_name_key(nodes[ni + 1].key);
    if (ni + 1 < nodes.size() && nodes[ni + 1].type == Node::Type::kText && nodes[ni + 1].text.size() == 1 &&
        std::isdigit(static_cast<unsigned char>(nodes[ni + 1].text[0]))) {
      slurp = false;
    }
    size_t start = s;
    std::string_view field_text;
    if (k == "Y,YYY") {
      size_t e = s;
      while (e < in.size() && (std::isdigit(static_cast<unsigned char>(in[e])) || in[e] == ',')) ++e;
      field_text = in.substr(s, e - s);
    } else if (slurp) {
      size_t e = s;
      if (e < in.size() && (in[e] == '-' || in[e] == '+')) ++e;
      while (e < in.size() && std::isdigit(static_cast<unsigned char>(in[e]))) ++e;
      field_text = in.substr(s, e - s);
    } else {
      size_t w = static_cast<size_t>(field_width(k));
      if (in.size() - s < w) {
        return PgError(sqlstate::kInvalidDatetimeFormat,
                       "source string too short for \"" + n.text + "\" formatting field")
            .with_detail("Field requires " + std::to_string(w) + " characters, but only " +
                         std::to_string(in.size() - s) + " remain.");
      }
      field_text = in.substr(s, w);
    }
    std::string digits;
    size_t used = 0;
    for (char c : field_text) {
      if (std::isdigit(static_cast<unsigned char>(c)) || ((c == '-' || c == '+') && used == 0)) {
        digits += c;
        ++used;
      } else if (c == ',' && k == "Y,YYY") {
        ++used;
      } else {
        break;
      }
    }
    bool has_digit = digits.find_first_of("0123456789") != std::string::npos;
    if (!has_digit) {
      size_t end = s;
      while (end < in.size() && in[end] != ' ') ++end;
      return invalid_value(in.substr(s, std::min(end - s, field_text.empty() ? end - s : std::max<size_t>(field_text.size(), end - s))),
                           n.text, "Value must be an integer.");
    }
    if (!slurp && used < field_text.size()) {
      return invalid_value(field_text, n.text,
                           "Field requires " + std::to_string(field_text.size()) + " characters, but only " +
                               std::to_string(used) + " could be parsed.");
    }
    s = start + used;
    int64_t v = 0;
    try {
      v = std::stoll(digits);
    } catch (...) {
      return PgError(sqlstate::kDatetimeFieldOverflow,
                     "value for \"" + n.text + "\" in source string is out of range");
    }
    if (k == "YYYY" || k == "YYY" || k == "YY" || k == "Y" || k == "Y,YYY") {
      p.year = v;
      p.year_digits = k == "Y,YYY" ? 4 : static_cast<int>(used);
    } else if (k == "MM") {
      p.month = v;
    } else if (k == "DD") {
      p.day = v;
    } else if (k == "DDD") {
      p.doy = v;
    } else if (k == "HH" || k == "HH12") {
      p.hour = v;
      p.twelve_hour = true;
    } else if (k == "HH24") {
      p.hour = v;
    } else if (k == "MI") {
      p.minute = v;
    } else if (k == "SS") {
      p.second = v;
    } else if (k == "MS" || k == "US" || k.starts_with("FF")) {
      // Fractions: "5" for MS is 500 milliseconds.
      for (size_t d = used; d < 6; ++d) v *= 10;
      p.usec = v;
    } else if (k == "J") {
      p.julian = v;
    } else if (k == "TZH") {
      p.offset = static_cast<int32_t>(v * 3600) + (p.offset ? *p.offset % 3600 : 0);
    } else if (k == "TZM") {
      int32_t h = p.offset ? *p.offset / 3600 : 0;
      p.offset = h * 3600 + static_cast<int32_t>(h < 0 ? -v * 60 : v * 60);
    } else if (k == "SSSS" || k == "SSSSS") {
      p.hour = v / 3600;
      p.minute = v / 60 % 60;
      p.second = v % 60;
    } else if (k == "D" || k == "ID" || k == "W" || k == "WW" || k == "IW" || k == "Q" || k == "CC") {
      // Accepted and ignored, as PostgreSQL does when a full date is given.
    } else {
      return protocol::feature_not_supported("the \"" + n.text + "\" pattern in to_date()/to_timestamp()");
    }
  }
  return p;
}

PgError out_of_range(std::string_view input) {
  return PgError(sqlstate::kDatetimeFieldOverflow,
                 "date/time field value out of range: \"" + std::string(input) + "\"");
}

// The local date (days since 2000-01-01) and time of day a parse gives (apart: a date may lie
// beyond the timestamp range).
struct LocalTime {
  int64_t days = 0;
  int64_t time_of_day = 0;
};

Result<LocalTime> local_time_of(const Parsed& p, std::string_view input) {
  int64_t year = 1;
  if (p.year) {
    year = *p.year;
    if (p.year_digits < 4 && year >= 0) {
      if (p.year_digits == 3) year += year < 520 ? 2000 : 1000;
      else if (p.year_digits == 2) year += year < 70 ? 2000 : 1900;
      else if (p.year_digits == 1) year += 2000;
    }
    if (p.bc) year = -year + 1;
    else if (year <= 0 && p.year_digits >= 4) year = year + 1;  // -44 means 44 BC
  } else if (p.bc) {
    year = 0;
  }
  int64_t days;
  if (p.julian) {
    days = *p.julian - 2440588;
  } else {
    int64_t month = p.month.value_or(1), day = p.day.value_or(1);
    if (p.doy && !p.month && !p.day) {
      int64_t len = protocol::days_in_month(year, 2) == 29 ? 366 : 365;
      if (*p.doy < 1 || *p.doy > len) return out_of_range(input);
      days = protocol::days_from_civil(year, 1, 1) + *p.doy - 1;
    } else {
      if (month < 1 || month > 12 || day < 1 || day > protocol::days_in_month(year, static_cast<int>(month))) {
        return out_of_range(input);
      }
      days = protocol::days_from_civil(year, static_cast<int>(month), static_cast<int>(day));
    }
  }
  int64_t hour = p.hour.value_or(0);
  if (p.twelve_hour || p.pm) {
    if (p.twelve_hour && (hour < 1 || hour > 12)) {
      return PgError(sqlstate::kInvalidDatetimeFormat,
                     "hour \"" + std::to_string(hour) + "\" is invalid for the 12-hour clock")
          .with_hint("Use the 24-hour clock, or give an hour between 1 and 12.");
    }
    if (p.pm.value_or(false) && hour < 12) hour += 12;
    else if (!p.pm.value_or(false) && hour == 12) hour = 0;
  }
  int64_t minute = p.minute.value_or(0), second = p.second.value_or(0), usec = p.usec.value_or(0);
  if (hour < 0 || hour >= 24 || minute < 0 || minute >= 60 || second < 0 || second >= 60 || usec < 0 ||
      usec >= 1000000) {
    return out_of_range(input);
  }
  return LocalTime{days - protocol::kPgEpochDays,
                   ((hour * 60 + minute) * 60 + second) * 1000000 + usec};
}

const protocol::TimeZone* session_zone() { return current_function_context().format.time_zone.get(); }

// Wall-clock microseconds since 2000-01-01 in `tz` as UTC.
int64_t local_to_utc_us(int64_t local_us, const protocol::TimeZone* tz) {
  if (tz == nullptr) return local_us;
  int64_t secs = protocol::floor_div(local_us, 1000000) + protocol::kPgEpochUnixSeconds;
  return local_us - static_cast<int64_t>(tz->offset_for_local(secs)) * 1000000;
}

// The fields of a timestamp (microseconds since 2000-01-01; UTC for 't' = timestamptz, shown
// in the session's zone).
Tm tm_for(int64_t pg_us, char kind) {
  if (kind != 'z') return tm_from_local(pg_us);
  const protocol::TimeZone* tz = session_zone();
  int64_t secs = protocol::floor_div(pg_us, 1000000) + protocol::kPgEpochUnixSeconds;
  int32_t off = tz == nullptr ? 0 : tz->utc_offset(secs);
  Tm t = tm_from_local(pg_us + static_cast<int64_t>(off) * 1000000);
  t.has_zone = true;
  t.gmtoff = off;
  t.zone_abbrev = tz == nullptr ? "UTC" : tz->abbreviation(secs);
  return t;
}

void fn_to_char_dt(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (any_null(2, argv)) return sqlite3_result_null(ctx);
  std::string_view v = text_of(argv[0]);
  std::string_view kind_text = text_of(argv[2]);
  char kind = kind_text.empty() ? 't' : kind_text[0];
  if (v == "infinity" || v == "-infinity") return sqlite3_result_null(ctx);
  Tm t;
  if (kind == 'i') {
    auto iv = datetime::parse_interval(v);
    if (!iv) return set_pg_error(ctx, iv.error());
    t.interval = true;
    t.year = iv->months / 12;
    t.month = iv->months % 12;
    t.day = iv->days;
    t.hour = iv->us / 3600000000LL;
    t.minute = static_cast<int>(iv->us / 60000000LL % 60);
    t.second = static_cast<int>(iv->us / 1000000 % 60);
    t.usec = iv->us % 1000000;
  } else if (kind == 'd') {
    auto d = protocol::load_stored_date(v);
    if (!d) return set_pg_error(ctx, d.error());
    // A date is formatted as the timestamptz of its local midnight (22008 past that range).
    int64_t midnight;
    if (__builtin_mul_overflow(static_cast<int64_t>(*d), datetime::kUsPerDay, &midnight) ||
        !protocol::timestamp_in_range(midnight)) {
      return set_pg_error(
          ctx, PgError(sqlstate::kDatetimeFieldOverflow, "date out of range for timestamp"));
    }
    t = tm_for(local_to_utc_us(midnight, session_zone()), 'z');
  } else {
    auto ts = protocol::load_stored_timestamp(v, false);
    if (!ts) return set_pg_error(ctx, ts.error());
    t = tm_for(*ts, kind);
  }
  auto r = format_datetime(t, text_of(argv[1]));
  if (!r) return set_pg_error(ctx, r.error());
  result_text(ctx, *r);
}

// pg_to_date(text, fmt) / pg_to_timestamp(text, fmt)
template <bool kTimestamp>
void fn_to_date(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (any_null(2, argv)) return sqlite3_result_null(ctx);
  std::string_view in = text_of(argv[0]);
  auto p = parse_by_template(in, text_of(argv[1]));
  if (!p) return set_pg_error(ctx, p.error());
  auto local = local_time_of(*p, in);
  if (!local) return set_pg_error(ctx, local.error());
  if (!kTimestamp) {
    if (!protocol::date_in_range(local->days)) {
      return set_pg_error(ctx, PgError(sqlstate::kDatetimeFieldOverflow,
                                       "date out of range: \"" + std::string(in) + "\""));
    }
    return result_text(ctx, protocol::stored_date(static_cast<int32_t>(local->days)));
  }
  int64_t ts;
  if (__builtin_mul_overflow(local->days, datetime::kUsPerDay, &ts) ||
      __builtin_add_overflow(ts, local->time_of_day, &ts) || !protocol::timestamp_in_range(ts)) {
    return set_pg_error(ctx, PgError(sqlstate::kDatetimeFieldOverflow, "timestamp out of range"));
  }
  int64_t utc = p->offset ? ts - static_cast<int64_t>(*p->offset) * 1000000
                          : local_to_utc_us(ts, session_zone());
  result_text(ctx, protocol::stored_timestamp(utc));
}

// to_timestamp(double precision): seconds since the Unix epoch.
void fn_to_timestamp_epoch(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (any_null(1, argv)) return sqlite3_result_null(ctx);
  double secs = sqlite3_value_double(argv[0]);
  if (std::isnan(secs)) {
    return set_pg_error(ctx, PgError(sqlstate::kDatetimeFieldOverflow, "timestamp cannot be NaN"));
  }
  if (std::isinf(secs)) return result_text(ctx, secs > 0 ? "infinity" : "-infinity");
  // PostgreSQL's range: 4714-11-24 BC .. 294277 AD.
  if (secs < -210866803200.0 || secs >= 9224318016000.0) {
    return set_pg_error(ctx, PgError(sqlstate::kDatetimeFieldOverflow, "timestamp out of range: \"" +
                                                                           std::to_string(secs) + "\""));
  }
  // As PostgreSQL: to its epoch in seconds first, then microseconds.
  const double pg_secs = secs - static_cast<double>(protocol::kPgEpochUnixSeconds);
  result_text(ctx, protocol::stored_timestamp(static_cast<int64_t>(std::nearbyint(pg_secs * 1e6))));
}

// ---- numeric templates (to_char(number), to_number)

struct NumFormat {
  int pre = 0, post = 0;
  bool decimal = false, fill = false, zero = false, bracket = false, minus = false, plus = false;
  int zero_start = 0, zero_end = 0;  // 1-based digit positions of the first and last 0
  enum { kNone, kPre, kPost } lsign = kNone;
  int pre_lsign = 0;
  bool th = false;
  int multi = 0;       // V: the 9s after it shift the value by 10^multi
  bool shift = false;  // V seen
  bool eeee = false, roman = false, blank = false;
};

// The checks and counts of PostgreSQL's NUMDesc_prepare, pattern by pattern (42601 errors).
Result<NumFormat> describe(const std::vector<Node>& nodes) {
  NumFormat f;
  auto err = [](std::string m) { return PgError(sqlstate::kSyntaxError, std::move(m)); };
  for (const Node& n : nodes) {
    if (n.type != Node::Type::kKey) continue;
    const std::string& k = n.key;
    if (f.eeee && k != "EEEE") return err("\"EEEE\" must be the last pattern used");
    if (k == "9" || k == "0") {
      if (f.bracket) return err("\"" + k + "\" must be ahead of \"PR\"");
      if (k == "9" && f.shift) {
        ++f.multi;
        continue;
      }
      if (k == "0" && !f.zero && !f.decimal) {
        f.zero = true;
        f.zero_start = f.pre + 1;
      }
      if (f.decimal) ++f.post;
      else ++f.pre;
      if (k == "0") f.zero_end = f.pre + f.post;
    } else if (k == "B") {
      if (f.pre == 0 && f.post == 0 && !f.zero) f.blank = true;
    } else if (k == "." || k == "D") {
      if (f.decimal) return err("multiple decimal points");
      if (f.shift) return err("cannot use \"V\" and decimal point together");
      f.decimal = true;
    } else if (k == "FM") {
      f.fill = true;
    } else if (k == "S") {
      if (f.lsign != NumFormat::kNone) return err("cannot use \"S\" twice");
      if (f.plus || f.minus || f.bracket) return err("cannot use \"S\" and \"PL\"/\"MI\"/\"SG\"/\"PR\" together");
      if (!f.decimal) {
        f.lsign = NumFormat::kPre;
        f.pre_lsign = f.pre;
      } else {
        f.lsign = NumFormat::kPost;
      }
    } else if (k == "MI") {
      if (f.lsign != NumFormat::kNone) return err("cannot use \"S\" and \"MI\" together");
      f.minus = true;
    } else if (k == "PL") {
      if (f.lsign != NumFormat::kNone) return err("cannot use \"S\" and \"PL\" together");
      f.plus = true;
    } else if (k == "SG") {
      if (f.lsign != NumFormat::kNone) return err("cannot use \"S\" and \"SG\" together");
      f.plus = f.minus = true;
    } else if (k == "PR") {
      if (f.lsign != NumFormat::kNone || f.plus || f.minus) {
        return err("cannot use \"PR\" and \"S\"/\"PL\"/\"MI\"/\"SG\" together");
      }
      f.bracket = true;
    } else if (k == "TH") {
      f.th = true;
    } else if (k == "RN") {
      f.roman = true;  // PostgreSQL 15 lets RN repeat and stand beside digit patterns
    } else if (k == "V") {
      if (f.decimal) return err("cannot use \"V\" and decimal point together");
      f.shift = true;
    } else if (k == "EEEE") {
      if (f.eeee) return err("cannot use \"EEEE\" twice");
      if (f.blank || f.fill || f.lsign != NumFormat::kNone || f.bracket || f.minus || f.plus ||
          f.roman || f.shift) {
        return err("\"EEEE\" is incompatible with other formats")
            .with_detail(
                "\"EEEE\" may only be used together with digit and decimal point patterns.");
      }
      f.eeee = true;
    }
  }
  return f;
}

// The last digit of `num`'s fraction that is not a trailing zero (or the point itself).
std::optional<size_t> last_relevant_digit(const std::string& num) {
  size_t p = num.find('.');
  if (p == std::string::npos) return std::nullopt;
  size_t r = p;
  for (size_t i = p + 1; i < num.size(); ++i) {
    if (num[i] != '0') r = i;
  }
  return r;
}

// PostgreSQL's NUM_processor in to_char direction: `number` is the digit string (no sign) with
// `post` fraction digits, `sign` '+' or '-', `pre_spaces` integer positions without digits.
std::string number_to_text(const std::vector<Node>& nodes, NumFormat f, const std::string& number, char sign,
                           int pre_spaces) {
  std::string out;
  bool sign_wrote;
  if (f.plus || f.minus) {
    sign_wrote = !(f.plus && !f.minus);
  } else {
    if (sign != '-' && f.fill) f.bracket = false;
    sign_wrote = sign == '+' && f.fill && f.lsign == NumFormat::kNone;
    if (f.lsign == NumFormat::kPre && f.pre == f.pre_lsign) f.lsign = NumFormat::kPost;
  }
  int zero_start = f.zero_start > 0 ? f.zero_start - 1 : 0;
  int num_count = f.post + f.pre - 1;
  std::optional<size_t> last_relevant;
  if (f.fill && f.decimal) {
    last_relevant = last_relevant_digit(number);
    if (last_relevant && f.zero_end > pre_spaces) {
      size_t last_zero = std::min<size_t>(number.size() - 1, static_cast<size_t>(f.zero_end - pre_spaces));
      if (*last_relevant < last_zero) last_relevant = last_zero;
    }
  }
  if (!sign_wrote && pre_spaces == 0) ++num_count;
  bool num_in = false;
  int num_curr = 0;
  size_t np = 0;  // position in number
  auto predec_space = [&] {
    return !f.zero && np == 0 && !number.empty() && number[0] == '0' && f.post != 0;
  };
  auto numpart = [&](const std::string& id) {
    if (!sign_wrote && (num_curr >= pre_spaces || (f.zero && zero_start == num_curr)) &&
        (!predec_space() || (last_relevant && number[*last_relevant] == '.'))) {
      if (f.lsign != NumFormat::kNone) {
        if (f.lsign == NumFormat::kPre) {
          out += sign == '-' ? '-' : '+';
          sign_wrote = true;
        }
      } else if (f.bracket) {
        out += sign == '+' ? ' ' : '<';
        sign_wrote = true;
      } else if (sign == '+') {
        if (!f.fill) out += ' ';
        sign_wrote = true;
      } else if (sign == '-') {
        out += '-';
        sign_wrote = true;
      }
    }
    if (num_curr < pre_spaces && (zero_start > num_curr || !f.zero)) {
      if (!f.fill) out += ' ';
    } else if (f.zero && num_curr < pre_spaces && zero_start <= num_curr) {
      out += '0';
      num_in = true;
    } else {
      if (np < number.size() && number[np] == '.') {
        if (!last_relevant || number[*last_relevant] != '.' || f.fill) out += '.';
      } else if (last_relevant && np > *last_relevant && id != "0") {
        // a trailing fraction zero in fill mode
      } else if (predec_space()) {
        if (!f.fill) out += ' ';
        else if (last_relevant && number[*last_relevant] == '.') out += '0';
      } else if (np < number.size()) {
        out += number[np];
        num_in = true;
      }
      if (np < number.size()) ++np;
    }
    int end = num_count + (pre_spaces > 0 ? 1 : 0) + (f.decimal ? 1 : 0);
    if (last_relevant && *last_relevant == np) end = num_curr;
    if (num_curr + 1 == end) {
      if (sign_wrote && f.bracket) out += sign == '+' ? ' ' : '>';
      else if (f.lsign == NumFormat::kPost) out += sign == '-' ? '-' : '+';
    }
    ++num_curr;
  };
  for (const Node& n : nodes) {
    if (n.type != Node::Type::kKey) {
      out += n.text;
      continue;
    }
    const std::string& k = n.key;
    if (k == "9" || k == "0" || k == "." || k == "D") {
      numpart(k);
    } else if (k == "," || k == "G") {
      if (!num_in) {
        if (!f.fill) out += ' ';
      } else {
        out += ',';
      }
    } else if (k == "L") {
      out += ' ';
    } else if (k == "TH") {
      if (number[0] == '#' || sign == '-' || f.decimal) continue;
      out += ordinal(number, n.text == "TH");
    } else if (k == "MI") {
      if (sign == '-') out += '-';
      else if (!f.fill) out += ' ';
    } else if (k == "PL") {
      if (sign == '+') out += '+';
      else if (!f.fill) out += ' ';
    } else if (k == "SG") {
      out += sign;
    }
  }
  return out;
}

// The to_char(number) variants of PostgreSQL differ in V, EEEE and RN and in how many digits a
// float shows, so the translator says which one applies (pg_to_char_num's third argument).
enum class NumKind { kNumeric = 0, kFloat8 = 1, kFloat4 = 2, kInt8 = 3, kInt4 = 4 };

bool is_float(NumKind k) { return k == NumKind::kFloat8 || k == NumKind::kFloat4; }

// A float argument; NaN and the infinities may arrive as their TEXT stored forms.
double float_arg(sqlite3_value* v, NumKind kind) {
  double d = sqlite3_value_double(v);
  if (sqlite3_value_type(v) == SQLITE_TEXT) {
    std::string_view t = text_of(v);
    if (t == "NaN") d = std::nan("");
    else if (t == "Infinity") d = HUGE_VAL;
    else if (t == "-Infinity") d = -HUGE_VAL;
  }
  return kind == NumKind::kFloat4 ? static_cast<double>(static_cast<float>(d)) : d;
}

// A numeric argument; std::nullopt for NaN (and the numeric infinities).
std::optional<numeric::Decimal> decimal_arg(sqlite3_value* v) {
  return numeric::from_stored(view_of(v));
}

// The '#' text PostgreSQL shows for a number that has no digits to show in EEEE form.
std::string eeee_overflow(const NumFormat& f) {
  std::string s(static_cast<size_t>(f.pre + f.post + 6), '#');
  s[0] = ' ';
  s[static_cast<size_t>(f.pre + 1)] = '.';
  return s;
}

// printf's "%+.*e" with the plus sign as a space: float8, float4 and int4 in EEEE form.
std::string eeee_of_double(double v, int post) {
  char buf[512];
  std::snprintf(buf, sizeof buf, "%+.*e", post, v);
  if (buf[0] == '+') buf[0] = ' ';
  return buf;
}

// numeric_out_sci: the first significant digit before the point, `post` digits after it
// rounded half away from zero (so 9.999 shows as "10.00e+00", as in PostgreSQL), a space for
// the plus sign and at least two exponent digits.
std::string eeee_of_decimal(const numeric::Decimal& d, int post) {
  int exponent = 0;
  numeric::Decimal mantissa = d;
  if (d.digits != "0") {
    exponent = static_cast<int>(d.digits.size()) - 1 - d.scale;
    mantissa.scale = static_cast<int>(d.digits.size()) - 1;
  }
  mantissa.negative = false;
  std::string out = d.negative && d.digits != "0" ? "-" : " ";
  out += numeric::round(mantissa, post);
  char buf[16];
  std::snprintf(buf, sizeof buf, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
  return out + buf;
}

// Roman numerals of 1..3999; other values show as fifteen '#'.
std::string roman_numeral(int64_t v) {
  if (v < 1 || v > 3999) return std::string(15, '#');
  static constexpr const char* kDigits[4][10] = {
      {"", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"},
      {"", "X", "XX", "XXX", "XL", "L", "LX", "LXX", "LXXX", "XC"},
      {"", "C", "CC", "CCC", "CD", "D", "DC", "DCC", "DCCC", "CM"},
      {"", "M", "MM", "MMM", "", "", "", "", "", ""}};
  std::string out;
  int64_t scale = 1000;
  for (int place = 3; place >= 0; --place, scale /= 10) out += kDigits[place][(v / scale) % 10];
  return out;
}

// The value RN shows: numbers are rounded and must fit an int4 (22003 otherwise, as
// PostgreSQL's numeric_int4 and int84); floats out of that range show as '#'.
Result<int64_t> roman_value(sqlite3_value* v, NumKind kind) {
  if (is_float(kind)) {
    double d = std::rint(float_arg(v, kind));
    if (std::isnan(d) || d < -2147483648.0 || d > 2147483647.0) return 0;
    return static_cast<int64_t>(d);
  }
  auto d = decimal_arg(v);
  if (!d) return PgError(sqlstate::kFeatureNotSupported, "cannot convert NaN to integer");
  std::string r = numeric::round(*d, 0);
  std::string_view digits = r;
  if (!digits.empty() && digits[0] == '-') digits.remove_prefix(1);
  const int64_t value = digits.size() > 10 ? 0 : std::stoll(r);
  if (digits.size() > 10 || value < std::numeric_limits<int32_t>::min() ||
      value > std::numeric_limits<int32_t>::max()) {
    return PgError(sqlstate::kNumericValueOutOfRange, "integer out of range");
  }
  return value;
}

// RN output: the numeral (right-aligned in 15 characters unless FM, lower case for "rn") where
// the template has RN; digit patterns show nothing, as in PostgreSQL.
std::string roman_to_text(const std::vector<Node>& nodes, const NumFormat& f,
                          const std::string& numeral) {
  std::string out;
  for (const Node& n : nodes) {
    if (n.type != Node::Type::kKey) {
      out += n.text;
      continue;
    }
    const std::string& k = n.key;
    if (k == "RN") {
      std::string r = n.text == "rn" ? lower(numeral) : numeral;
      if (!f.fill && r.size() < 15) r.insert(0, 15 - r.size(), ' ');
      out += r;
    } else if ((k == "," || k == "G" || k == "MI" || k == "PL") && !f.fill) {
      out += ' ';
    } else if (k == "L") {
      out += ' ';
    }
  }
  return out;
}

void fn_to_char_num(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (any_null(2, argv)) return sqlite3_result_null(ctx);
  std::vector<Node> nodes = parse_template(text_of(argv[1]), kNumberKeywords, false);
  auto described = describe(nodes);
  if (!described) return set_pg_error(ctx, described.error());
  NumFormat f = *described;
  const auto kind = static_cast<NumKind>(sqlite3_value_int(argv[2]));
  if (f.roman) {
    auto v = roman_value(argv[0], kind);
    if (!v) return set_pg_error(ctx, v.error());
    return result_text(ctx, roman_to_text(nodes, f, roman_numeral(*v)));
  }
  if (f.eeee) {
    if (is_float(kind)) {
      double v = float_arg(argv[0], kind);
      return result_text(ctx, std::isfinite(v) ? eeee_of_double(v, f.post) : eeee_overflow(f));
    }
    auto d = decimal_arg(argv[0]);
    if (!d) return result_text(ctx, eeee_overflow(f));
    if (kind == NumKind::kInt4) {
      return result_text(ctx, eeee_of_double(std::stod(numeric::to_string(*d)), f.post));
    }
    return result_text(ctx, eeee_of_decimal(*d, f.post));
  }
  std::string text;
  bool overflow = false;  // show '#' whatever the digits
  if (is_float(kind) && !std::isfinite(float_arg(argv[0], kind))) {
    // As PostgreSQL: NaN shows as if "NaN" were its digits, an infinity as '#'.
    const double v = float_arg(argv[0], kind);
    if (std::isnan(v)) {
      text = "NaN";
    } else {
      overflow = true;
      if (v < 0) text = "-";  // the sign still shows
    }
  } else if (is_float(kind)) {
    double v = float_arg(argv[0], kind);
    if (f.shift) {
      v = kind == NumKind::kFloat4
              ? static_cast<double>(static_cast<float>(v) *
                                    static_cast<float>(std::pow(10.0, f.multi)))
              : v * std::pow(10.0, f.multi);
    }
    // The digits a float shows: FLT_DIG (6) or DBL_DIG (15) in all.
    const int max_digits = kind == NumKind::kFloat4 ? 6 : 15;
    char buf[512];
    std::snprintf(buf, sizeof buf, "%.0f", std::fabs(v));
    int pre_len = static_cast<int>(std::strlen(buf));
    int post = f.post;
    if (pre_len >= max_digits) post = 0;
    else if (pre_len + post > max_digits) post = max_digits - pre_len;
    f.post = post;
    std::snprintf(buf, sizeof buf, "%.*f", post, v);
    text = buf;
  } else {
    auto d = decimal_arg(argv[0]);
    if (!d && text_of(argv[0]) == "NaN") {
      text = "NaN";
    } else if (!d) {
      return set_pg_error(ctx, protocol::feature_not_supported("to_char of this numeric value"));
    } else if (f.shift) {
      // value * 10^multi, exactly.
      int by = f.multi;
      int from_scale = std::min(by, d->scale);
      d->scale -= from_scale;
      if (d->digits != "0") d->digits.append(static_cast<size_t>(by - from_scale), '0');
    }
    if (d) text = numeric::round(*d, f.post);
  }
  if (f.shift) f.pre += f.multi;
  char sign = '+';
  if (!text.empty() && text[0] == '-') {
    sign = '-';
    text.erase(0, 1);
  }
  // Whole numbers of a float format as "-0" when they round to zero from below; PostgreSQL
  // keeps that sign too.
  size_t point = text.find('.');
  int pre_len = static_cast<int>(point == std::string::npos ? text.size() : point);
  int pre_spaces = 0;
  if (pre_len > f.pre || overflow) {
    text = std::string(static_cast<size_t>(f.pre + f.post + 1), '#');
    text[static_cast<size_t>(f.pre)] = '.';
  } else if (pre_len < f.pre) {
    pre_spaces = f.pre - pre_len;
  }
  result_text(ctx, number_to_text(nodes, f, text, sign, pre_spaces));
}

// to_number's reading of the input along the template (PostgreSQL's NUM_processor in the
// from-char direction): each digit pattern reads at most one digit (a sign before the first,
// a sign after the last when the template has S, MI, PL or SG), the decimal point is read where
// a digit pattern meets it, a group separator is skipped only when the input has one there,
// and every other template character skips one input character. `number` receives the sign
// (' ' for none) and the digits read; `read_post` the digits after the point.
struct NumberReader {
  const NumFormat& f;
  std::string_view in;
  size_t p = 0;
  std::string number = " ";
  int read_pre = 0, read_post = 0;
  bool read_dec = false;

  bool at_end() const { return p >= in.size(); }
  bool is_digit_at(size_t i) const {
    return i < in.size() && std::isdigit(static_cast<unsigned char>(in[i]));
  }
  // Skips up to `n` characters that cannot be part of a number.
  void skip_non_data(int n) {
    while (n-- > 0 && !at_end() && std::strchr("0123456789.,+-", in[p]) == nullptr) ++p;
  }

  void digit_pattern(bool digit_key) {
    if (at_end()) return;
    if (in[p] == ' ') ++p;
    if (at_end()) return;
    if (number[0] == ' ' && digit_key && read_pre + read_post == 0) {
      if (f.lsign == NumFormat::kPre) {
        if (in[p] == '-' || in[p] == '+') number[0] = in[p++];
      } else if (in[p] == '-' || (f.bracket && in[p] == '<')) {
        number[0] = '-';
        ++p;
      } else if (in[p] == '+') {
        number[0] = '+';
        ++p;
      }
    }
    if (at_end()) return;
    bool read = false;
    if (is_digit_at(p)) {
      if (read_dec && read_post == f.post) return;
      number += in[p];
      if (read_dec) ++read_post;
      else ++read_pre;
      read = true;
    } else if (f.decimal && !read_dec && in[p] == '.') {
      number += '.';
      read_dec = true;
      read = true;
    }
    if (at_end() || number[0] != ' ' || read_pre + read_post == 0) return;
    if (f.lsign != NumFormat::kNone) {
      // The locale sign directly after the last digit read.
      if (read && p + 1 < in.size() && !is_digit_at(p + 1) &&
          (in[p + 1] == '-' || in[p + 1] == '+')) {
        number[0] = in[++p];
      }
    } else if (!read && (f.plus || f.minus) && (in[p] == '-' || in[p] == '+')) {
      number[0] = in[p];
    }
  }

  void run(const std::vector<Node>& nodes) {
    for (const Node& n : nodes) {
      if (at_end()) break;
      if (n.type != Node::Type::kKey) {
        // One input character per template character, whatever it is.
        for (size_t i = 0; i < n.text.size(); ++i) {
          if ((static_cast<unsigned char>(n.text[i]) & 0xC0) == 0x80) continue;
          if (at_end()) break;
          ++p;
          while (!at_end() && (static_cast<unsigned char>(in[p]) & 0xC0) == 0x80) ++p;
        }
        continue;
      }
      const std::string& k = n.key;
      if (k == "9" || k == "0" || k == "." || k == "D") {
        digit_pattern(k == "9" || k == "0");
      } else if (k == "," || k == "G") {
        if (f.fill || in[p] != ',') continue;
      } else if (k == "L") {
        skip_non_data(1);
        continue;
      } else if (k == "TH") {
        if (!f.decimal) skip_non_data(2);
        continue;
      } else if (k == "MI" || k == "PL" || k == "SG") {
        const bool minus = (k == "MI" || k == "SG") && in[p] == '-';
        const bool plus = (k == "PL" || k == "SG") && in[p] == '+';
        if (!minus && !plus) {
          skip_non_data(1);
          continue;
        }
        number[0] = in[p];
      } else {
        continue;
      }
      ++p;
    }
    if (number.back() == '.') number.pop_back();
  }
};

// to_number(text, fmt): the number read as numeric(pre + V digits + digits read after the
// point, digits read after the point), so an input with more integer digits than the template
// has is 22003 as in PostgreSQL; V divides by 10^n (scale 16, as PostgreSQL's numeric_power).
void fn_to_number(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (any_null(2, argv)) return sqlite3_result_null(ctx);
  std::string_view fmt = text_of(argv[1]);
  if (fmt.empty()) return sqlite3_result_null(ctx);
  std::vector<Node> nodes = parse_template(fmt, kNumberKeywords, false);
  auto f = describe(nodes);
  if (!f) return set_pg_error(ctx, f.error());
  if (f->eeee) {
    return set_pg_error(ctx, protocol::feature_not_supported("\"EEEE\" not supported for input"));
  }
  if (f->roman) {
    return set_pg_error(ctx, protocol::feature_not_supported("\"RN\" not supported for input"));
  }
  NumberReader r{*f, text_of(argv[0])};
  r.run(nodes);
  std::string_view body = std::string_view(r.number).substr(1);
  if (body.empty() || body == ".") {
    std::string shown = r.number[0] == ' ' ? " " : std::string(1, r.number[0]);
    return set_pg_error(ctx, PgError(sqlstate::kInvalidTextRepresentation,
                                     "invalid input syntax for type numeric: \"" + shown + "\""));
  }
  numeric::Decimal d;
  size_t point = body.find('.');
  std::string digits(body.substr(0, point));
  if (point != std::string_view::npos) digits += body.substr(point + 1);
  size_t nz = digits.find_first_not_of('0');
  d.digits = nz == std::string::npos ? "0" : digits.substr(nz);
  d.scale = r.read_post;
  d.negative = r.number[0] == '-' && d.digits != "0";
  const int precision = f->pre + f->multi + r.read_post;
  const int integer_digits = static_cast<int>(d.digits.size()) - d.scale;
  if (d.digits != "0" && integer_digits > precision - d.scale) {
    return set_pg_error(
        ctx,
        PgError(sqlstate::kNumericValueOutOfRange, "numeric field overflow")
            .with_detail("A field with precision " + std::to_string(precision) + ", scale " +
                         std::to_string(d.scale) + " must round to an absolute value less than " +
                         (precision - d.scale == 0 ? std::string("1")
                                                   : "10^" + std::to_string(precision - d.scale)) +
                         "."));
  }
  if (f->shift) {
    // d * round(10^-multi, 16): the digits move right, at scale 16.
    constexpr int kScale = 16;
    if (f->multi > kScale || d.digits == "0") {
      d = numeric::Decimal{false, "0", kScale};
    } else {
      d.digits.append(static_cast<size_t>(kScale - f->multi - d.scale), '0');
      d.scale = kScale;
    }
  }
  result_text(ctx, numeric::to_string(d));
}

}  // namespace

int register_formatting(sqlite3* db) {
  static constexpr FunctionSpec kSpecs[] = {
      {"pg_to_char_dt", 3, fn_to_char_dt, false},
      {"pg_to_char_num", 3, fn_to_char_num, true},
      {"pg_to_date", 2, fn_to_date<false>, true},
      {"pg_to_timestamp", 2, fn_to_date<true>, false},
      {"pg_to_timestamp", 1, fn_to_timestamp_epoch, true},
      {"pg_to_number", 2, fn_to_number, true},
  };
  return register_scalar_functions(db, kSpecs);
}

}  // namespace litewire::sqlite
