#include "sqlite/functions/cast.h"

#include <boost/json.hpp>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "protocol/timezone.h"
#include "protocol/types.h"
#include "sqlite/functions/datetime.h"
#include "sqlite/functions/numeric.h"

namespace litewire::sqlite {

namespace oid = protocol::oid;
namespace sqlstate = protocol::sqlstate;
using protocol::PgError;
using protocol::Result;
using protocol::StoredValue;
using protocol::StoredValueView;
using Kind = StoredValueView::Kind;

namespace {

std::string_view trim(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string sql_name(int32_t type_oid) {
  const protocol::TypeInfo* t = protocol::find_type(type_oid);
  return t == nullptr ? std::to_string(type_oid) : std::string(t->sql_name);
}

PgError invalid_input(int32_t type_oid, std::string_view text) {
  return PgError(sqlstate::kInvalidTextRepresentation,
                 "invalid input syntax for type " + sql_name(type_oid) + ": \"" +
                     std::string(text) + "\"");
}

// Shortest text that reads back as the same double (PostgreSQL 12+ float output with the
// default extra_float_digits = 1).
std::string format_double(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  char buf[64];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, d);
  (void)ec;
  std::string s(buf, p);
  // to_chars gives "1e+20"; PostgreSQL prints "1e+20" as well, and "-0" for negative zero.
  return s;
}

// Numeric text of a REAL: 15 significant digits, as the storage contract reads it back, laid
// out without an exponent (1e-300 has 300 fraction digits, as float8_numeric gives).
std::string numeric_text_of_double(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  StoredValueView v;
  v.kind = StoredValueView::Kind::kReal;
  v.d = d;
  auto decimal = numeric::from_stored(v);
  return decimal ? numeric::to_string(*decimal) : std::string("NaN");
}

Result<int64_t> parse_int(std::string_view text, int32_t type_oid) {
  std::string_view t = trim(text);
  int64_t v = 0;
  const char* b = t.data();
  const char* e = t.data() + t.size();
  if (b != e && *b == '+') ++b;
  auto [p, ec] = std::from_chars(b, e, v);
  if (t.empty() || p != e || (ec != std::errc() && ec != std::errc::result_out_of_range)) {
    return invalid_input(type_oid, text);
  }
  int64_t lo = type_oid == oid::kInt2 ? INT16_MIN : type_oid == oid::kInt8 ? INT64_MIN : INT32_MIN;
  int64_t hi = type_oid == oid::kInt2 ? INT16_MAX : type_oid == oid::kInt8 ? INT64_MAX : INT32_MAX;
  if (type_oid == oid::kOid) {
    lo = INT32_MIN;
    hi = UINT32_MAX;
  }
  if (ec == std::errc::result_out_of_range || v < lo || v > hi) {
    return PgError(sqlstate::kNumericValueOutOfRange,
                   "value \"" + std::string(text) + "\" is out of range for type " +
                       sql_name(type_oid));
  }
  return v;
}

Result<int64_t> int_range(double d, int32_t type_oid) {
  const char* what = type_oid == oid::kInt2 ? "smallint" : type_oid == oid::kInt8 ? "bigint" : "integer";
  double r = std::nearbyint(d);
  double lo = type_oid == oid::kInt2 ? INT16_MIN : type_oid == oid::kInt8 ? -9223372036854775808.0 : INT32_MIN;
  double hi = type_oid == oid::kInt2 ? INT16_MAX : type_oid == oid::kInt8 ? 9223372036854775807.0 : INT32_MAX;
  if (std::isnan(d) || r < lo || r > hi || (type_oid == oid::kInt8 && r >= hi)) {
    return PgError(sqlstate::kNumericValueOutOfRange, std::string(what) + " out of range");
  }
  return static_cast<int64_t>(r);
}

Result<int64_t> int_check(int64_t v, int32_t type_oid) {
  const char* what = type_oid == oid::kInt2 ? "smallint" : type_oid == oid::kInt8 ? "bigint" : "integer";
  int64_t lo = type_oid == oid::kInt2 ? INT16_MIN : type_oid == oid::kInt8 ? INT64_MIN : INT32_MIN;
  int64_t hi = type_oid == oid::kInt2 ? INT16_MAX : type_oid == oid::kInt8 ? INT64_MAX : INT32_MAX;
  if (v < lo || v > hi) return PgError(sqlstate::kNumericValueOutOfRange, std::string(what) + " out of range");
  return v;
}

Result<double> parse_double(std::string_view text, int32_t type_oid) {
  std::string t = lower(trim(text));
  if (t == "nan") return std::nan("");
  if (t == "infinity" || t == "+infinity" || t == "inf" || t == "+inf") return HUGE_VAL;
  if (t == "-infinity" || t == "-inf") return -HUGE_VAL;
  if (t.empty()) return invalid_input(type_oid, text);
  char* end = nullptr;
  errno = 0;
  double d = std::strtod(t.c_str(), &end);
  if (end != t.c_str() + t.size() || t.find_first_of("xp") != std::string::npos) {
    return invalid_input(type_oid, text);
  }
  if (errno == ERANGE && std::isinf(d)) {
    return PgError(sqlstate::kNumericValueOutOfRange,
                   "\"" + std::string(trim(text)) + "\" is out of range for type " + sql_name(type_oid));
  }
  if (type_oid == oid::kFloat4) {
    float f = static_cast<float>(d);
    if (std::isinf(f) && !std::isinf(d)) {
      return PgError(sqlstate::kNumericValueOutOfRange,
                     "\"" + std::string(trim(text)) + "\" is out of range for type real");
    }
    d = static_cast<double>(f);
  }
  return d;
}

Result<bool> parse_bool(std::string_view text) {
  std::string t = lower(trim(text));
  // PostgreSQL's parse_bool_with_len: any unique prefix of true/false/yes/no, on/off, 1/0.
  auto prefix_of = [&](std::string_view word, size_t min) {
    return t.size() >= min && t.size() <= word.size() && word.compare(0, t.size(), t) == 0;
  };
  if (prefix_of("true", 1) || prefix_of("yes", 1) || t == "on" || t == "1") return true;
  if (prefix_of("false", 1) || prefix_of("no", 1) || prefix_of("off", 2) || t == "0") return false;
  return PgError(sqlstate::kInvalidTextRepresentation,
                 "invalid input syntax for type boolean: \"" + std::string(text) + "\"");
}

size_t utf8_length(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// Byte offset of the first `chars` characters.
size_t utf8_prefix(std::string_view s, size_t chars) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (n == chars) return i;
      ++n;
    }
  }
  return s.size();
}

Result<std::string> fit_length(std::string_view s, int32_t type_oid, int32_t typmod, CastKind kind) {
  if (typmod < 4) return std::string(s);
  size_t max = static_cast<size_t>(typmod - 4);
  size_t len = utf8_length(s);
  if (len <= max) return std::string(s);
  size_t cut = utf8_prefix(s, max);
  if (kind == CastKind::kExplicit) return std::string(s.substr(0, cut));
  // Assignment: only trailing spaces may be dropped (PostgreSQL's varchar/bpchar input).
  if (s.find_first_not_of(' ', cut) == std::string_view::npos) return std::string(s.substr(0, cut));
  return PgError(sqlstate::kStringDataRightTruncation,
                 "value too long for type " +
                     std::string(type_oid == oid::kVarchar ? "character varying" : "character") +
                     "(" + std::to_string(max) + ")");
}

Result<StoredValue> parse_uuid(std::string_view text) {
  std::string_view t = trim(text);
  std::string hex;
  size_t i = 0;
  bool braces = !t.empty() && t.front() == '{';
  if (braces) {
    if (t.back() != '}') return invalid_input(oid::kUuid, text);
    t = t.substr(1, t.size() - 2);
  }
  for (; i < t.size(); ++i) {
    char c = t[i];
    if (c == '-') {
      // PostgreSQL accepts a hyphen after any group of four hex digits.
      if (hex.empty() || hex.size() % 4 != 0 || i + 1 == t.size() || t[i + 1] == '-') {
        return invalid_input(oid::kUuid, text);
      }
      continue;
    }
    if (!std::isxdigit(static_cast<unsigned char>(c))) return invalid_input(oid::kUuid, text);
    hex.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  if (hex.size() != 32) return invalid_input(oid::kUuid, text);
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20);
}

Result<StoredValue> parse_bytea(std::string_view t) {
  std::string out;
  if (t.size() >= 2 && t[0] == '\\' && (t[1] == 'x' || t[1] == 'X')) {
    int hi = -1;
    for (size_t i = 2; i < t.size(); ++i) {
      char c = t[i];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        if (hi >= 0) break;
        continue;
      }
      int v = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
              : (c >= 'a' && c <= 'f')                  ? c - 'a' + 10
              : (c >= 'A' && c <= 'F')                  ? c - 'A' + 10
                                                        : -1;
      if (v < 0) {
        return PgError(sqlstate::kInvalidTextRepresentation,
                       std::string("invalid hexadecimal digit: \"") + c + "\"");
      }
      if (hi < 0) {
        hi = v;
      } else {
        out.push_back(static_cast<char>(hi * 16 + v));
        hi = -1;
      }
    }
    if (hi >= 0) {
      return PgError(sqlstate::kInvalidTextRepresentation, "invalid hexadecimal data: odd number of digits");
    }
    return protocol::Blob{std::move(out)};
  }
  // Escape format: backslash octal triples and doubled backslashes.
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i] != '\\') {
      out.push_back(t[i]);
      continue;
    }
    if (i + 1 < t.size() && t[i + 1] == '\\') {
      out.push_back('\\');
      ++i;
    } else if (i + 3 < t.size() + 0 && t[i + 1] >= '0' && t[i + 1] <= '3' && t[i + 2] >= '0' &&
               t[i + 2] <= '7' && t[i + 3] >= '0' && t[i + 3] <= '7') {
      out.push_back(static_cast<char>((t[i + 1] - '0') * 64 + (t[i + 2] - '0') * 8 + (t[i + 3] - '0')));
      i += 3;
    } else {
      return PgError(sqlstate::kInvalidTextRepresentation, "invalid input syntax for type bytea");
    }
  }
  return protocol::Blob{std::move(out)};
}

std::string bytea_hex(std::string_view b) {
  static const char* kHex = "0123456789abcdef";
  std::string out = "\\x";
  for (unsigned char c : b) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

// Source values the codecs render: everything but the fast paths of render_text.
bool rendered_by_codec(int32_t type_oid) {
  return !(type_oid == 0 || type_oid == oid::kBool || type_oid == oid::kInt2 ||
           type_oid == oid::kInt4 || type_oid == oid::kInt8 || type_oid == oid::kOid ||
           type_oid == oid::kFloat4 || type_oid == oid::kFloat8 || type_oid == oid::kNumeric ||
           type_oid == oid::kText || type_oid == oid::kVarchar || type_oid == oid::kBpchar ||
           type_oid == oid::kName || type_oid == oid::kUnknown || type_oid == oid::kBytea);
}

}  // namespace

Result<StoredValue> numeric_from_text(std::string_view text, int32_t typmod) {
  std::string_view t = trim(text);
  std::string l = lower(t);
  if (l == "nan") return std::string("NaN");
  std::string_view unsigned_l = l;
  if (!unsigned_l.empty() && (unsigned_l[0] == '+' || unsigned_l[0] == '-')) unsigned_l.remove_prefix(1);
  if (unsigned_l == "infinity" || unsigned_l == "inf") {
    // The codec's numeric input: a REAL infinity (storage contract), or numeric(p,s)'s
    // "cannot hold an infinite value".
    return protocol::parse_value(t, 0, oid::kNumeric, typmod, protocol::FormatContext{});
  }
  // Parse sign, digits, point, exponent into a digit string and a decimal exponent.
  size_t i = 0;
  bool neg = false;
  if (i < t.size() && (t[i] == '+' || t[i] == '-')) neg = t[i++] == '-';
  std::string digits;
  int64_t point = -1;
  bool any = false;
  for (; i < t.size(); ++i) {
    char c = t[i];
    if (c >= '0' && c <= '9') {
      digits.push_back(c);
      any = true;
    } else if (c == '.' && point < 0) {
      point = static_cast<int64_t>(digits.size());
    } else {
      break;
    }
  }
  int64_t exp10 = 0;
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E') && any) {
    ++i;
    bool eneg = false;
    if (i < t.size() && (t[i] == '+' || t[i] == '-')) eneg = t[i++] == '-';
    size_t start = i;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9' && i - start < 6) exp10 = exp10 * 10 + (t[i++] - '0');
    if (i == start) return invalid_input(oid::kNumeric, text);
    if (eneg) exp10 = -exp10;
  }
  if (!any || i != t.size()) return invalid_input(oid::kNumeric, text);
  // Value = digits * 10^(exp10 - fraction_digits).
  int64_t frac = point < 0 ? 0 : static_cast<int64_t>(digits.size()) - point;
  int64_t scale = frac - exp10;  // digits after the decimal point
  std::string int_part, frac_part;
  if (scale <= 0) {
    int_part = digits + std::string(static_cast<size_t>(-scale), '0');
  } else if (static_cast<size_t>(scale) >= digits.size()) {
    int_part = "0";
    frac_part = std::string(static_cast<size_t>(scale) - digits.size(), '0') + digits;
  } else {
    int_part = digits.substr(0, digits.size() - static_cast<size_t>(scale));
    frac_part = digits.substr(digits.size() - static_cast<size_t>(scale));
  }
  if (typmod >= 4) {
    int32_t tm = typmod - 4;
    int32_t precision = (tm >> 16) & 0xffff;
    int32_t sc = tm & 0xffff;
    // Round half away from zero to the typmod's scale (PostgreSQL's round_var).
    if (frac_part.size() > static_cast<size_t>(sc)) {
      bool up = frac_part[static_cast<size_t>(sc)] >= '5';
      frac_part.resize(static_cast<size_t>(sc));
      if (up) {
        std::string all = int_part + frac_part;
        int k = static_cast<int>(all.size()) - 1;
        while (k >= 0 && all[static_cast<size_t>(k)] == '9') all[static_cast<size_t>(k--)] = '0';
        if (k < 0) all.insert(all.begin(), '1');
        else ++all[static_cast<size_t>(k)];
        int_part = all.substr(0, all.size() - frac_part.size());
        frac_part = all.substr(all.size() - frac_part.size());
      }
    }
    frac_part.resize(static_cast<size_t>(sc), '0');
    size_t lead = int_part.find_first_not_of('0');
    size_t int_digits = lead == std::string::npos ? 0 : int_part.size() - lead;
    if (int_digits > static_cast<size_t>(precision - sc)) {
      std::string detail = "A field with precision " + std::to_string(precision) + ", scale " +
                           std::to_string(sc) + " must round to an absolute value less than " +
                           (precision - sc == 0 ? std::string("1") : "10^" + std::to_string(precision - sc)) + ".";
      return PgError(sqlstate::kNumericValueOutOfRange, "numeric field overflow").with_detail(detail);
    }
  }
  size_t lead = int_part.find_first_not_of('0');
  int_part = lead == std::string::npos ? "0" : int_part.substr(lead);
  bool zero_frac = frac_part.find_first_not_of('0') == std::string::npos;
  std::string canonical = (neg ? "-" : "") + int_part + (frac_part.empty() ? "" : "." + frac_part);
  if (zero_frac && int_part.size() <= 18) {
    int64_t v = 0;
    std::from_chars(int_part.data(), int_part.data() + int_part.size(), v);
    if (v == 0) return int64_t{0};
    return neg ? -v : v;
  }
  // REAL when the value survives a round trip through 15 significant digits; else exact text.
  size_t sig = (int_part == "0" ? 0 : int_part.size()) + frac_part.size();
  if (int_part == "0") {
    size_t first = frac_part.find_first_not_of('0');
    sig = first == std::string::npos ? 0 : frac_part.size() - first;
  }
  std::string trimmed_frac = frac_part;
  while (!trimmed_frac.empty() && trimmed_frac.back() == '0') trimmed_frac.pop_back();
  if (sig <= 15 && typmod < 4) {
    return std::strtod(canonical.c_str(), nullptr);
  }
  if (sig <= 15 && trimmed_frac.size() == frac_part.size()) {
    return std::strtod(canonical.c_str(), nullptr);
  }
  return canonical;
}

Result<std::string> render_text(const StoredValueView& v, int32_t type_oid,
                                const protocol::FormatContext& ctx) {
  if (v.kind != Kind::kNull && rendered_by_codec(type_oid) && protocol::find_type(type_oid) != nullptr) {
    std::string out;
    LITEWIRE_TRY(protocol::append_text(out, v, type_oid, -1, ctx));
    return out;
  }
  switch (v.kind) {
    case Kind::kNull:
      return std::string();
    case Kind::kInteger:
      if (type_oid == oid::kBool) return std::string(v.i != 0 ? "true" : "false");
      return std::to_string(v.i);
    case Kind::kReal:
      if (type_oid == oid::kNumeric) return numeric_text_of_double(v.d);
      if (type_oid == oid::kFloat4) return format_double(static_cast<float>(v.d));
      return format_double(v.d);
    case Kind::kText:
      return std::string(v.s);
    case Kind::kBlob:
      if (type_oid == oid::kBytea || type_oid == 0) return bytea_hex(v.s);
      return std::string(v.s);
  }
  return std::string();
}

namespace {

// The casts PostgreSQL has between the types handled through the codecs (pg_cast plus I/O
// conversion to and from text types); anything else is 42846.
bool castable(int32_t from, int32_t to) {
  auto textual = [](int32_t o) {
    return o == 0 || o == oid::kText || o == oid::kVarchar || o == oid::kBpchar ||
           o == oid::kName || o == oid::kUnknown || o == oid::kChar;
  };
  if (from == to || textual(from) || textual(to)) return true;
  auto dt = [](int32_t o) {
    return o == oid::kDate || o == oid::kTimestamp || o == oid::kTimestamptz;
  };
  if (dt(from) && dt(to)) return true;
  if ((from == oid::kTimestamp || from == oid::kTimestamptz) && (to == oid::kTime)) return true;
  if (from == oid::kTimestamptz && to == oid::kTimetz) return true;
  if ((from == oid::kTime && to == oid::kInterval) || (from == oid::kInterval && to == oid::kTime)) return true;
  if ((from == oid::kTime && to == oid::kTimetz) || (from == oid::kTimetz && to == oid::kTime)) return true;
  if ((from == oid::kJson && to == oid::kJsonb) || (from == oid::kJsonb && to == oid::kJson)) return true;
  const protocol::TypeInfo* f = protocol::find_type(from);
  const protocol::TypeInfo* t = protocol::find_type(to);
  // Array to array when the elements cast (int4[] -> text[]).
  if (f != nullptr && t != nullptr && f->category == 'A' && t->category == 'A') return true;
  return false;
}

}  // namespace

Result<StoredValue> convert_value(const StoredValueView& v, int32_t from, int32_t to,
                                  int32_t typmod, CastKind kind,
                                  const protocol::FormatContext& ctx) {
  if (v.kind == Kind::kNull) return StoredValue{};
  bool is_number = v.kind == Kind::kInteger || v.kind == Kind::kReal;
  switch (to) {
    case oid::kInt2:
    case oid::kInt4:
    case oid::kInt8:
    case oid::kOid:
    case oid::kRegclass:
    case oid::kRegtype:
    case oid::kRegproc:
    case oid::kRegnamespace:
    case oid::kRegrole: {
      int32_t check = (to == oid::kInt2 || to == oid::kInt8) ? to : oid::kInt4;
      if (to == oid::kOid || to >= 2000 || to == oid::kRegproc) check = oid::kOid;
      if (v.kind == Kind::kInteger) {
        if (from == oid::kBool && to != oid::kInt4) break;
        if (check == oid::kOid) return v.i;
        LITEWIRE_TRY_ASSIGN(i, int_check(v.i, check));
        return i;
      }
      if (v.kind == Kind::kReal) {
        // numeric -> integer rounds half away from zero (numeric_int4); float8 -> integer
        // rounds half to even (rint), as PostgreSQL does.
        if (from == oid::kNumeric && std::isinf(v.d)) {
          return PgError(sqlstate::kFeatureNotSupported,
                         std::string("cannot convert infinity to ") +
                             (check == oid::kInt2 ? "smallint" : check == oid::kInt8 ? "bigint" : "integer"));
        }
        double d = from == oid::kNumeric ? std::round(v.d) : v.d;
        LITEWIRE_TRY_ASSIGN(i, int_range(d, check == oid::kOid ? oid::kInt8 : check));
        return i;
      }
      if (from == oid::kNumeric && v.kind == Kind::kText) {
        // Exact numeric text: round half away from zero, then range-check.
        LITEWIRE_TRY_ASSIGN(n, numeric_from_text(v.s, ((60 << 16) | 0) + 4));
        if (auto* i = std::get_if<int64_t>(&n)) {
          LITEWIRE_TRY_ASSIGN(r, int_check(*i, check));
          return r;
        }
        return PgError(sqlstate::kNumericValueOutOfRange,
                       std::string(check == oid::kInt2 ? "smallint" : check == oid::kInt8 ? "bigint" : "integer") +
                           " out of range");
      }
      if (v.kind == Kind::kBlob) break;
      if (to >= 2000 && to != oid::kUuid) {
        return PgError(sqlstate::kFeatureNotSupported,
                       "cast of text to " + sql_name(to) + " is not supported");
      }
      LITEWIRE_TRY_ASSIGN(i, parse_int(v.s, check == oid::kOid ? oid::kOid : check));
      return i;
    }
    case oid::kFloat4:
    case oid::kFloat8: {
      if (v.kind == Kind::kInteger) return static_cast<double>(v.i);
      if (v.kind == Kind::kReal) {
        if (to == oid::kFloat4) return static_cast<double>(static_cast<float>(v.d));
        return v.d;
      }
      if (v.kind == Kind::kBlob) break;
      LITEWIRE_TRY_ASSIGN(d, parse_double(v.s, to));
      // SQLite stores a NaN REAL as NULL: the storage contract keeps it as the text 'NaN'.
      if (std::isnan(d)) return std::string("NaN");
      return d;
    }
    case oid::kNumeric: {
      if (v.kind == Kind::kInteger && typmod < 4) return v.i;
      if (v.kind == Kind::kBlob) break;
      if (from == oid::kBool) break;
      std::string text = v.kind == Kind::kText ? std::string(v.s)
                         : v.kind == Kind::kInteger ? std::to_string(v.i)
                                                    : numeric_text_of_double(v.d);
      return numeric_from_text(text, typmod);
    }
    case oid::kBool: {
      if (v.kind == Kind::kInteger && (from == oid::kInt4 || from == oid::kBool || from == 0)) {
        if (from == 0 && v.i != 0 && v.i != 1) break;
        return int64_t{v.i != 0};
      }
      if (is_number) break;
      if (v.kind == Kind::kBlob) break;
      LITEWIRE_TRY_ASSIGN(b, parse_bool(v.s));
      return int64_t{b};
    }
    case oid::kText:
    case oid::kVarchar:
    case oid::kBpchar:
    case oid::kName:
    case oid::kUnknown:
    case 0: {
      LITEWIRE_TRY_ASSIGN(text, render_text(v, from, ctx));
      if (to == oid::kName && text.size() > 63) text.resize(utf8_prefix(text.substr(0, 63), 63));
      if (to == oid::kVarchar || to == oid::kBpchar) return fit_length(text, to, typmod, kind);
      return text;
    }
    case oid::kBytea: {
      if (v.kind == Kind::kBlob) return protocol::Blob{std::string(v.s)};
      LITEWIRE_TRY_ASSIGN(text, render_text(v, from, ctx));
      return parse_bytea(text);
    }
    case oid::kUuid: {
      if (v.kind != Kind::kText) break;
      return parse_uuid(v.s);
    }
    case oid::kJson: {
      if (v.kind != Kind::kText) break;
      boost::system::error_code ec;
      boost::json::parse(v.s, ec);
      if (ec) {
        return PgError(sqlstate::kInvalidTextRepresentation, "invalid input syntax for type json");
      }
      return std::string(v.s);
    }
    default:
      break;
  }
  if (v.kind == Kind::kText && from == to && typmod < 0) return std::string(v.s);
  if (!castable(from, to)) {
    return PgError(sqlstate::kCannotCoerce,
                   "cannot cast type " + sql_name(from) + " to " + sql_name(to));
  }
  // Everything else goes through the text form, as PostgreSQL's I/O conversion casts do: the
  // source's output (in the session's TimeZone/DateStyle) read as the target's input. This also
  // gives timestamptz -> timestamp/date the session's local time.
  LITEWIRE_TRY_ASSIGN(text, render_text(v, from, ctx));
  return protocol::parse_value(text, 0, to, typmod, ctx);
}

}  // namespace litewire::sqlite
