// Dispatch of the value codecs by type OID, and the scalar types that need no family file:
// bool, integers, oid, floats, the character types, bytea, uuid, json/jsonb.

#include "protocol/codec.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>

#include "protocol/codec_internal.h"
#include "protocol/types.h"
#include "protocol/wire.h"

namespace litewire::protocol {

namespace detail {

PgError invalid_syntax(std::string_view type_name, std::string_view input) {
  return PgError(sqlstate::kInvalidTextRepresentation,
                 "invalid input syntax for type " + std::string(type_name) + ": \"" +
                     std::string(input) + "\"");
}
PgError value_out_of_range(std::string_view type_name, std::string_view input) {
  return PgError(sqlstate::kNumericValueOutOfRange, "value \"" + std::string(input) +
                                                        "\" is out of range for type " +
                                                        std::string(type_name));
}
// PostgreSQL reports "incorrect binary data format in bind parameter N" (22P03); the number is
// the caller's to add, this layer does not know it.
PgError bad_binary(std::string_view type_name) {
  return PgError(sqlstate::kInvalidBinaryRepresentation,
                 "incorrect binary data format for type " + std::string(type_name));
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}
std::string_view trim_space(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// pg_strtoint*: leading/trailing white space, an optional sign, decimal digits only.
Result<int64_t> parse_int(std::string_view input, int64_t min, int64_t max,
                          std::string_view type_name) {
  std::string_view s = trim_space(input);
  bool neg = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return invalid_syntax(type_name, input);
  uint64_t acc = 0;
  bool overflow = false;
  for (char c : s) {
    if (c < '0' || c > '9') return invalid_syntax(type_name, input);
    if (acc > (std::numeric_limits<uint64_t>::max() - 9) / 10) overflow = true;
    if (!overflow) acc = acc * 10 + static_cast<uint64_t>(c - '0');
  }
  const uint64_t limit = neg ? static_cast<uint64_t>(-(min + 1)) + 1 : static_cast<uint64_t>(max);
  if (overflow || acc > limit) return value_out_of_range(type_name, input);
  return neg ? static_cast<int64_t>(0 - acc) : static_cast<int64_t>(acc);
}

namespace {

// Lays out shortest round-trip digits the way PostgreSQL's float8out/float4out do: %e style
// when the decimal exponent is below -4 or at least `precision` (DBL_DIG 15, FLT_DIG 6), else
// plain; the exponent has a sign and at least two digits.
void layout_shortest(std::string& out, std::string_view sci, int precision) {
  // sci is std::to_chars scientific output: [-]d[.ddd]e[+-]xx
  size_t e = sci.find('e');
  std::string_view mant = sci.substr(0, e);
  int exp10 = std::atoi(std::string(sci.substr(e + 1)).c_str());
  bool neg = !mant.empty() && mant[0] == '-';
  if (neg) mant.remove_prefix(1);
  std::string digits;
  for (char c : mant) {
    if (c != '.') digits.push_back(c);
  }
  if (neg) out.push_back('-');
  if (exp10 < -4 || exp10 >= precision) {
    out.push_back(digits[0]);
    if (digits.size() > 1) {
      out.push_back('.');
      out.append(digits, 1);
    }
    char buf[16];
    std::snprintf(buf, sizeof(buf), "e%c%02d", exp10 < 0 ? '-' : '+', std::abs(exp10));
    out += buf;
    return;
  }
  if (exp10 < 0) {
    out += "0.";
    out.append(static_cast<size_t>(-exp10 - 1), '0');
    out += digits;
    return;
  }
  const auto int_len = static_cast<size_t>(exp10) + 1;
  if (digits.size() <= int_len) {
    out += digits;
    out.append(int_len - digits.size(), '0');
  } else {
    out.append(digits, 0, int_len);
    out.push_back('.');
    out.append(digits, int_len);
  }
}

template <class F>
void append_float(std::string& out, F v, int extra, int precision) {
  if (std::isnan(v)) {
    out += "NaN";
    return;
  }
  if (std::isinf(v)) {
    out += v > 0 ? "Infinity" : "-Infinity";
    return;
  }
  if (extra > 0) {
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::scientific);
    layout_shortest(out, std::string_view(buf, static_cast<size_t>(r.ptr - buf)), precision);
    return;
  }
  char buf[64];
  int digits = std::max(1, precision + extra);
  std::snprintf(buf, sizeof(buf), "%.*g", digits, static_cast<double>(v));
  out += buf;
}

bool ieq(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (x != b[i]) return false;
  }
  return true;
}

// float8in/float4in accept these spellings in any case, around strtod.
bool special_float(std::string_view s, double& v) {
  if (ieq(s, "nan") || ieq(s, "+nan") || ieq(s, "-nan")) {
    v = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  if (ieq(s, "infinity") || ieq(s, "+infinity") || ieq(s, "inf") || ieq(s, "+inf")) {
    v = std::numeric_limits<double>::infinity();
    return true;
  }
  if (ieq(s, "-infinity") || ieq(s, "-inf")) {
    v = -std::numeric_limits<double>::infinity();
    return true;
  }
  return false;
}

}  // namespace

void append_float8(std::string& out, double v, int extra) { append_float(out, v, extra, 15); }
void append_float4(std::string& out, float v, int extra) { append_float(out, v, extra, 6); }

Result<double> parse_float8(std::string_view input) {
  std::string_view s = trim_space(input);
  double v;
  if (special_float(s, v)) return v;
  if (s.empty()) return invalid_syntax("double precision", input);
  std::string buf(s);
  char* end = nullptr;
  errno = 0;
  v = std::strtod(buf.c_str(), &end);
  if (end != buf.c_str() + buf.size() || end == buf.c_str()) {
    return invalid_syntax("double precision", input);
  }
  // Like float8in: ERANGE is only an error when the result is zero or infinite (denormals pass).
  if (errno == ERANGE && (v == 0.0 || std::isinf(v))) {
    return PgError(sqlstate::kNumericValueOutOfRange,
                   "\"" + std::string(input) + "\" is out of range for type double precision");
  }
  return v;
}

Result<float> parse_float4(std::string_view input) {
  std::string_view s = trim_space(input);
  double dv;
  if (special_float(s, dv)) return static_cast<float>(dv);
  if (s.empty()) return invalid_syntax("real", input);
  std::string buf(s);
  char* end = nullptr;
  errno = 0;
  float v = std::strtof(buf.c_str(), &end);
  if (end != buf.c_str() + buf.size() || end == buf.c_str()) return invalid_syntax("real", input);
  if (errno == ERANGE && (v == 0.0f || std::isinf(v))) {
    return PgError(sqlstate::kNumericValueOutOfRange,
                   "\"" + std::string(input) + "\" is out of range for type real");
  }
  return v;
}

void append_hex(std::string& out, std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
}

}  // namespace detail

namespace {

using detail::bad_binary;
using detail::invalid_syntax;
using Kind = StoredValueView::Kind;

bool is_reg_oid(int32_t t) {
  return t == oid::kOid || t == oid::kRegproc || t == oid::kRegprocedure || t == oid::kRegoper ||
         t == oid::kRegclass || t == oid::kRegtype || t == oid::kRegnamespace ||
         t == oid::kRegrole;
}

// --- UTF-8 ---------------------------------------------------------------------------------

// Length of the valid UTF-8 sequence at s[i], or 0 when invalid (overlongs, surrogates and
// code points above U+10FFFF are invalid, as in pg_utf8_islegal; NUL is never allowed).
size_t utf8_seq_len(std::string_view s, size_t i) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  unsigned char c = b(0);
  if (c == 0) return 0;
  if (c < 0x80) return 1;
  size_t n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
  if (n == 0 || c > 0xf4 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((b(k) & 0xc0) != 0x80) return 0;
  }
  if (c == 0xe0 && b(1) < 0xa0) return 0;
  if (c == 0xed && b(1) > 0x9f) return 0;
  if (c == 0xf0 && b(1) < 0x90) return 0;
  if (c == 0xf4 && b(1) > 0x8f) return 0;
  return n;
}

Result<void> check_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    size_t n = utf8_seq_len(s, i);
    if (n == 0) {
      // PostgreSQL prints as many bytes as the lead byte announces (at most what is left).
      auto c = static_cast<unsigned char>(s[i]);
      size_t show = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
      show = std::min(show, s.size() - i);
      std::string bytes;
      for (size_t k = 0; k < show; ++k) {
        char buf[8];
        std::snprintf(buf, sizeof(buf), "%s0x%02x", k ? " " : "",
                      static_cast<unsigned char>(s[i + k]));
        bytes += buf;
      }
      return PgError(sqlstate::kCharacterNotInRepertoire,
                     "invalid byte sequence for encoding \"UTF8\": " + bytes);
    }
    i += n;
  }
  return {};
}

size_t utf8_length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xc0) != 0x80;
  return n;
}

// Byte offset of the first character after `chars` characters.
size_t utf8_prefix_bytes(std::string_view s, size_t chars) {
  size_t i = 0;
  while (i < s.size() && chars > 0) {
    ++i;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xc0) == 0x80) ++i;
    --chars;
  }
  return i;
}

// varchar(n) / char(n): too long is 22001 unless every excess character is a space, which
// PostgreSQL silently drops (SQL standard behaviour).
Result<std::string> check_length(std::string_view s, int32_t typmod, bool bpchar) {
  if (typmod < 5) return std::string(s);
  const auto max = static_cast<size_t>(typmod - 4);
  if (utf8_length(s) <= max) return std::string(s);
  size_t cut = utf8_prefix_bytes(s, max);
  if (s.find_first_not_of(' ', cut) != std::string_view::npos) {
    return PgError(sqlstate::kStringDataRightTruncation,
                   std::string("value too long for type ") +
                       (bpchar ? "character(" : "character varying(") + std::to_string(max) +
                       ")");
  }
  return std::string(s.substr(0, cut));
}

// --- bool ----------------------------------------------------------------------------------

// parse_bool: any prefix of true/false/yes/no, "on", "off" (at least "of"), "1", "0";
// case-insensitive; surrounding white space ignored.
bool parse_bool_text(std::string_view input, bool& out) {
  std::string s(detail::trim_space(input));
  for (auto& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  if (s.empty()) return false;
  auto prefix_of = [&](std::string_view word) {
    return s.size() <= word.size() && word.compare(0, s.size(), s) == 0;
  };
  switch (s[0]) {
    case 't': out = true; return prefix_of("true");
    case 'f': out = false; return prefix_of("false");
    case 'y': out = true; return prefix_of("yes");
    case 'n': out = false; return prefix_of("no");
    case 'o':
      if (s == "on") {
        out = true;
        return true;
      }
      out = false;
      return s.size() >= 2 && prefix_of("off");
    case '1': out = true; return s == "1";
    case '0': out = false; return s == "0";
    default: return false;
  }
}

Result<bool> stored_bool(const StoredValueView& v) {
  switch (v.kind) {
    case Kind::kInteger: return v.i != 0;
    case Kind::kReal: return v.d != 0;
    default: {
      bool b;
      if (!parse_bool_text(v.s, b)) return invalid_syntax("boolean", v.s);
      return b;
    }
  }
}

// --- integers and floats from storage --------------------------------------------------------

Result<int64_t> stored_int(const StoredValueView& v, std::string_view type_name) {
  switch (v.kind) {
    case Kind::kInteger: return v.i;
    case Kind::kReal:
      if (!(v.d >= -9.2e18 && v.d <= 9.2e18)) return detail::value_out_of_range(type_name, "");
      return static_cast<int64_t>(std::nearbyint(v.d));
    default:
      return detail::parse_int(v.s, std::numeric_limits<int64_t>::min(),
                               std::numeric_limits<int64_t>::max(), type_name);
  }
}

Result<double> stored_double(const StoredValueView& v) {
  switch (v.kind) {
    case Kind::kInteger: return static_cast<double>(v.i);
    case Kind::kReal: return v.d;
    default: return detail::parse_float8(v.s);
  }
}

// --- bytea -----------------------------------------------------------------------------------

void append_bytea_text(std::string& out, std::string_view bytes, bool hex) {
  if (hex) {
    out += "\\x";
    detail::append_hex(out, bytes);
    return;
  }
  // bytea_output = escape: printable ASCII as is, backslash doubled, the rest as \ooo.
  for (unsigned char c : bytes) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c < 0x20 || c > 0x7e) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\%03o", c);
      out += buf;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// byteain: "\x" hex (white space allowed between digit pairs) or the escape format where
// "\\" is a backslash and "\ooo" an octal byte.
Result<std::string> parse_bytea_text(std::string_view s) {
  std::string out;
  if (s.size() >= 2 && s[0] == '\\' && s[1] == 'x') {
    for (size_t i = 2; i < s.size();) {
      if (detail::is_space(s[i])) {
        ++i;
        continue;
      }
      int hi = hex_value(s[i]);
      if (hi < 0) {
        return PgError(sqlstate::kInvalidParameterValue,
                       "invalid hexadecimal digit: \"" + std::string(1, s[i]) + "\"");
      }
      if (i + 1 >= s.size()) {
        return PgError(sqlstate::kInvalidParameterValue,
                       "invalid hexadecimal data: odd number of digits");
      }
      int lo = hex_value(s[i + 1]);
      if (lo < 0) {
        return PgError(sqlstate::kInvalidParameterValue,
                       "invalid hexadecimal digit: \"" + std::string(1, s[i + 1]) + "\"");
      }
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    }
    return out;
  }
  for (size_t i = 0; i < s.size();) {
    if (s[i] != '\\') {
      out.push_back(s[i++]);
      continue;
    }
    if (i + 1 < s.size() && s[i + 1] == '\\') {
      out.push_back('\\');
      i += 2;
      continue;
    }
    if (i + 3 < s.size() + 0 && s[i + 1] >= '0' && s[i + 1] <= '3' && s[i + 2] >= '0' &&
        s[i + 2] <= '7' && s[i + 3] >= '0' && s[i + 3] <= '7') {
      out.push_back(static_cast<char>((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 +
                                      (s[i + 3] - '0')));
      i += 4;
      continue;
    }
    return PgError(sqlstate::kInvalidTextRepresentation, "invalid input syntax for type bytea");
  }
  return out;
}

// --- uuid ------------------------------------------------------------------------------------

// string_to_uuid: optional braces around 32 hex digits, with an optional hyphen after any
// group of four digits.
Result<std::string> parse_uuid_bytes(std::string_view input) {
  std::string_view s = input;
  bool braces = !s.empty() && s[0] == '{';
  if (braces) s.remove_prefix(1);
  std::string bytes;
  size_t i = 0;
  for (int k = 0; k < 16; ++k) {
    if (i + 2 > s.size()) return invalid_syntax("uuid", input);
    int hi = hex_value(s[i]);
    int lo = hex_value(s[i + 1]);
    if (hi < 0 || lo < 0) return invalid_syntax("uuid", input);
    bytes.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
    if (k % 2 == 1 && k < 15 && i < s.size() && s[i] == '-') ++i;
  }
  if (braces) {
    if (i >= s.size() || s[i] != '}') return invalid_syntax("uuid", input);
    ++i;
  }
  if (i != s.size()) return invalid_syntax("uuid", input);
  return bytes;
}

std::string uuid_text(std::string_view bytes) {
  std::string out;
  for (size_t k = 0; k < 16; ++k) {
    if (k == 4 || k == 6 || k == 8 || k == 10) out.push_back('-');
    detail::append_hex(out, bytes.substr(k, 1));
  }
  return out;
}

// --- "char" ----------------------------------------------------------------------------------

// charout: a byte with the high bit set prints as \ooo; NUL prints as the empty string.
void append_char_text(std::string& out, std::string_view s) {
  if (s.empty() || s[0] == '\0') return;
  auto c = static_cast<unsigned char>(s[0]);
  if (c & 0x80) {
    char buf[8];
    std::snprintf(buf, sizeof(buf), "\\%03o", c);
    out += buf;
  } else {
    out.push_back(static_cast<char>(c));
  }
}

// charin: "\ooo" is one octal byte, otherwise the first byte (or NUL for an empty string).
std::string parse_char_text(std::string_view s) {
  if (s.size() == 4 && s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' &&
      s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
    return std::string(1, static_cast<char>((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0')));
  }
  return s.empty() ? std::string() : std::string(1, s[0]);
}

bool is_text_like(int32_t t) {
  return t == oid::kText || t == oid::kVarchar || t == oid::kBpchar || t == oid::kName ||
         t == oid::kUnknown || t == oid::kXml || t == oid::kCstring || t == oid::kPgNodeTree;
}

// Values of types this layer has no codec for print from their storage class.
Result<void> append_by_storage(std::string& out, const StoredValueView& v,
                               const FormatContext& ctx) {
  switch (v.kind) {
    case Kind::kNull: return {};
    case Kind::kInteger: out += std::to_string(v.i); return {};
    case Kind::kReal: detail::append_float8(out, v.d, std::max(1, ctx.extra_float_digits)); return {};
    case Kind::kText: out.append(v.s); return {};
    case Kind::kBlob: append_bytea_text(out, v.s, true); return {};
  }
  return {};
}

void append_padded(std::string& out, std::string_view s, int32_t typmod) {
  out.append(s);
  if (typmod >= 5) {
    size_t len = utf8_length(s);
    const auto want = static_cast<size_t>(typmod - 4);
    if (len < want) out.append(want - len, ' ');
  }
}

std::string_view stored_text(const StoredValueView& v, std::string& scratch) {
  switch (v.kind) {
    case Kind::kText:
    case Kind::kBlob: return v.s;
    case Kind::kInteger: scratch = std::to_string(v.i); return scratch;
    case Kind::kReal: scratch.clear(); detail::append_float8(scratch, v.d, 1); return scratch;
    case Kind::kNull: return {};
  }
  return {};
}

}  // namespace

Result<void> append_text(std::string& out, const StoredValueView& v, int32_t type_oid,
                         int32_t typmod, const FormatContext& ctx) {
  if (v.kind == Kind::kNull) return {};
  if (detail::is_datetime_oid(type_oid)) {
    return detail::datetime_append_text(out, v, type_oid, typmod, ctx);
  }
  if (detail::is_array_oid(type_oid)) return detail::array_append_text(out, v, type_oid, ctx);
  if (type_oid == oid::kInt2Vector || type_oid == oid::kOidVector) {
    return detail::vector_append_text(out, v, type_oid, ctx);
  }
  std::string scratch;
  switch (type_oid) {
    case oid::kBool: {
      LITEWIRE_TRY_ASSIGN(b, stored_bool(v));
      out.push_back(b ? 't' : 'f');
      return {};
    }
    case oid::kInt2:
    case oid::kInt4:
    case oid::kInt8: {
      LITEWIRE_TRY_ASSIGN(i, stored_int(v, find_type(type_oid)->sql_name));
      out += std::to_string(i);
      return {};
    }
    case oid::kFloat4: {
      LITEWIRE_TRY_ASSIGN(d, stored_double(v));
      detail::append_float4(out, static_cast<float>(d), ctx.extra_float_digits);
      return {};
    }
    case oid::kFloat8: {
      LITEWIRE_TRY_ASSIGN(d, stored_double(v));
      detail::append_float8(out, d, ctx.extra_float_digits);
      return {};
    }
    case oid::kNumeric: return detail::numeric_append_text(out, v, typmod);
    case oid::kBpchar: append_padded(out, stored_text(v, scratch), typmod); return {};
    case oid::kChar: append_char_text(out, stored_text(v, scratch)); return {};
    case oid::kBytea: append_bytea_text(out, stored_text(v, scratch), ctx.bytea_hex); return {};
    default: break;
  }
  if (is_reg_oid(type_oid)) {
    if (v.kind == Kind::kText) {
      out.append(v.s);
      return {};
    }
    LITEWIRE_TRY_ASSIGN(i, stored_int(v, "oid"));
    out += std::to_string(static_cast<uint32_t>(i));
    return {};
  }
  return append_by_storage(out, v, ctx);
}

bool has_binary_output(int32_t t) {
  if (detail::is_datetime_oid(t)) return true;
  if (detail::is_array_oid(t)) {
    const TypeInfo* info = find_type(t);
    return info != nullptr && has_binary_output(info->element_oid);
  }
  switch (t) {
    case oid::kBool:
    case oid::kInt2:
    case oid::kInt4:
    case oid::kInt8:
    case oid::kFloat4:
    case oid::kFloat8:
    case oid::kNumeric:
    case oid::kText:
    case oid::kVarchar:
    case oid::kBpchar:
    case oid::kName:
    case oid::kChar:
    case oid::kBytea:
    case oid::kUuid:
    case oid::kJson:
    case oid::kJsonb:
    case oid::kUnknown:
      return true;
    default: return is_reg_oid(t);
  }
}

Result<void> append_binary(std::string& out, const StoredValueView& v, int32_t type_oid,
                           int32_t typmod, const FormatContext& ctx) {
  if (v.kind == Kind::kNull) return {};
  if (detail::is_datetime_oid(type_oid)) {
    return detail::datetime_append_binary(out, v, type_oid, typmod, ctx);
  }
  if (detail::is_array_oid(type_oid)) return detail::array_append_binary(out, v, type_oid, ctx);
  std::string scratch;
  auto int_in = [&](int64_t min, int64_t max, const char* msg) -> Result<int64_t> {
    LITEWIRE_TRY_ASSIGN(i, stored_int(v, find_type(type_oid)->sql_name));
    if (i < min || i > max) return PgError(sqlstate::kNumericValueOutOfRange, msg);
    return i;
  };
  switch (type_oid) {
    case oid::kBool: {
      LITEWIRE_TRY_ASSIGN(b, stored_bool(v));
      out.push_back(b ? 1 : 0);
      return {};
    }
    case oid::kInt2: {
      LITEWIRE_TRY_ASSIGN(i, int_in(INT16_MIN, INT16_MAX, "smallint out of range"));
      put_i16(out, static_cast<int16_t>(i));
      return {};
    }
    case oid::kInt4: {
      LITEWIRE_TRY_ASSIGN(i, int_in(INT32_MIN, INT32_MAX, "integer out of range"));
      put_i32(out, static_cast<int32_t>(i));
      return {};
    }
    case oid::kInt8: {
      LITEWIRE_TRY_ASSIGN(i, int_in(INT64_MIN, INT64_MAX, "bigint out of range"));
      put_i64(out, i);
      return {};
    }
    case oid::kFloat4: {
      LITEWIRE_TRY_ASSIGN(d, stored_double(v));
      float f = static_cast<float>(d);
      uint32_t u;
      std::memcpy(&u, &f, 4);
      put_i32(out, static_cast<int32_t>(u));
      return {};
    }
    case oid::kFloat8: {
      LITEWIRE_TRY_ASSIGN(d, stored_double(v));
      uint64_t u;
      std::memcpy(&u, &d, 8);
      put_i64(out, static_cast<int64_t>(u));
      return {};
    }
    case oid::kNumeric: {
      std::string text;
      LITEWIRE_TRY(detail::numeric_append_text(text, v, typmod));
      return detail::numeric_append_binary(out, text);
    }
    case oid::kBpchar: append_padded(out, stored_text(v, scratch), typmod); return {};
    case oid::kChar: {
      std::string_view s = stored_text(v, scratch);
      out.push_back(s.empty() ? '\0' : s[0]);
      return {};
    }
    case oid::kUuid: {
      LITEWIRE_TRY_ASSIGN(bytes, parse_uuid_bytes(stored_text(v, scratch)));
      out += bytes;
      return {};
    }
    case oid::kJsonb:
      // jsonb_send: a version byte (1) and then the text form.
      out.push_back(1);
      out.append(stored_text(v, scratch));
      return {};
    default: break;
  }
  if (is_reg_oid(type_oid)) {
    LITEWIRE_TRY_ASSIGN(i, stored_int(v, "oid"));
    put_i32(out, static_cast<int32_t>(static_cast<uint32_t>(i)));
    return {};
  }
  if (is_text_like(type_oid) || type_oid == oid::kBytea || type_oid == oid::kJson) {
    out.append(stored_text(v, scratch));
    return {};
  }
  return feature_not_supported("binary output for type oid " + std::to_string(type_oid));
}

namespace {

Result<StoredValue> parse_text_value(std::string_view s, int32_t type_oid, int32_t typmod,
                                     const FormatContext& ctx) {
  switch (type_oid) {
    case oid::kBool: {
      bool b;
      if (!parse_bool_text(s, b)) return invalid_syntax("boolean", s);
      return StoredValue{int64_t{b ? 1 : 0}};
    }
    case oid::kInt2: {
      LITEWIRE_TRY_ASSIGN(i, detail::parse_int(s, INT16_MIN, INT16_MAX, "smallint"));
      return StoredValue{i};
    }
    case oid::kInt4: {
      LITEWIRE_TRY_ASSIGN(i, detail::parse_int(s, INT32_MIN, INT32_MAX, "integer"));
      return StoredValue{i};
    }
    case oid::kInt8: {
      LITEWIRE_TRY_ASSIGN(i, detail::parse_int(s, INT64_MIN, INT64_MAX, "bigint"));
      return StoredValue{i};
    }
    case oid::kFloat4: {
      LITEWIRE_TRY_ASSIGN(f, detail::parse_float4(s));
      if (std::isnan(f)) return StoredValue{std::string("NaN")};
      return StoredValue{static_cast<double>(f)};
    }
    case oid::kFloat8: {
      LITEWIRE_TRY_ASSIGN(d, detail::parse_float8(s));
      if (std::isnan(d)) return StoredValue{std::string("NaN")};
      return StoredValue{d};
    }
    case oid::kNumeric: {
      LITEWIRE_TRY_ASSIGN(text, detail::numeric_parse_text(s, typmod));
      return detail::numeric_to_stored(text);
    }
    case oid::kVarchar: {
      LITEWIRE_TRY_ASSIGN(t, check_length(s, typmod, false));
      return StoredValue{std::move(t)};
    }
    case oid::kBpchar: {
      LITEWIRE_TRY_ASSIGN(t, check_length(s, typmod, true));
      return StoredValue{std::move(t)};
    }
    case oid::kName: {
      // namein truncates to NAMEDATALEN-1 (63) bytes, at a character boundary.
      size_t cut = s.size();
      if (cut > 63) {
        cut = 63;
        while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xc0) == 0x80) --cut;
      }
      return StoredValue{std::string(s.substr(0, cut))};
    }
    case oid::kChar: return StoredValue{parse_char_text(s)};
    case oid::kBytea: {
      LITEWIRE_TRY_ASSIGN(b, parse_bytea_text(s));
      return StoredValue{Blob{std::move(b)}};
    }
    case oid::kUuid: {
      LITEWIRE_TRY_ASSIGN(b, parse_uuid_bytes(s));
      return StoredValue{uuid_text(b)};
    }
    case oid::kJson: {
      LITEWIRE_TRY(detail::json_validate(s));
      return StoredValue{std::string(s)};
    }
    case oid::kJsonb: {
      LITEWIRE_TRY_ASSIGN(t, detail::jsonb_normalize(s));
      return StoredValue{std::move(t)};
    }
    default: break;
  }
  if (is_reg_oid(type_oid)) {
    // oidin reads an unsigned 32-bit value but also takes negative numbers down to INT32_MIN
    // (they wrap). A reg* name ('pg_class'::regclass) needs the catalog: it is kept as text for
    // the layer above to resolve.
    std::string_view t = detail::trim_space(s);
    bool numeric = !t.empty();
    for (size_t i = 0; i < t.size(); ++i) {
      if (!((t[i] >= '0' && t[i] <= '9') || (i == 0 && (t[i] == '-' || t[i] == '+')))) {
        numeric = false;
      }
    }
    if (!numeric && type_oid != oid::kOid) return StoredValue{std::string(s)};
    auto r = detail::parse_int(s, INT64_MIN, INT64_MAX, "oid");
    if (!r) {
      if (r.error().code == sqlstate::kNumericValueOutOfRange) {
        return detail::value_out_of_range("oid", s);
      }
      return r.error();
    }
    if (*r < INT32_MIN || *r > UINT32_MAX) return detail::value_out_of_range("oid", s);
    return StoredValue{static_cast<int64_t>(static_cast<uint32_t>(*r))};
  }
  (void)ctx;
  return StoredValue{std::string(s)};
}

Result<StoredValue> parse_binary_value(std::string_view b, int32_t type_oid, int32_t typmod,
                                       const FormatContext& ctx) {
  const TypeInfo* info = find_type(type_oid);
  std::string_view name = info != nullptr ? info->sql_name : "unknown";
  auto need = [&](size_t n) -> Result<void> {
    if (b.size() != n) return bad_binary(name);
    return {};
  };
  switch (type_oid) {
    case oid::kBool:
      LITEWIRE_TRY(need(1));
      return StoredValue{int64_t{b[0] != 0 ? 1 : 0}};
    case oid::kInt2: LITEWIRE_TRY(need(2)); return StoredValue{int64_t{get_i16(b.data())}};
    case oid::kInt4: LITEWIRE_TRY(need(4)); return StoredValue{int64_t{get_i32(b.data())}};
    case oid::kInt8: LITEWIRE_TRY(need(8)); return StoredValue{get_i64(b.data())};
    case oid::kFloat4: {
      LITEWIRE_TRY(need(4));
      auto u = static_cast<uint32_t>(get_i32(b.data()));
      float f;
      std::memcpy(&f, &u, 4);
      if (std::isnan(f)) return StoredValue{std::string("NaN")};
      return StoredValue{static_cast<double>(f)};
    }
    case oid::kFloat8: {
      LITEWIRE_TRY(need(8));
      auto u = static_cast<uint64_t>(get_i64(b.data()));
      double d;
      std::memcpy(&d, &u, 8);
      if (std::isnan(d)) return StoredValue{std::string("NaN")};
      return StoredValue{d};
    }
    case oid::kNumeric: {
      LITEWIRE_TRY_ASSIGN(text, detail::numeric_parse_binary(b, typmod));
      return detail::numeric_to_stored(text);
    }
    case oid::kBytea: return StoredValue{Blob{std::string(b)}};
    case oid::kChar:
      LITEWIRE_TRY(need(1));
      return StoredValue{b[0] == '\0' ? std::string() : std::string(1, b[0])};
    case oid::kUuid: LITEWIRE_TRY(need(16)); return StoredValue{uuid_text(b)};
    case oid::kJsonb: {
      if (b.empty() || b[0] != 1) {
        return PgError(sqlstate::kInvalidBinaryRepresentation,
                       "unsupported jsonb version number " +
                           std::to_string(b.empty() ? 0 : static_cast<unsigned char>(b[0])));
      }
      LITEWIRE_TRY(check_utf8(b.substr(1)));
      return parse_text_value(b.substr(1), type_oid, typmod, ctx);
    }
    default: break;
  }
  if (is_reg_oid(type_oid)) {
    LITEWIRE_TRY(need(4));
    return StoredValue{static_cast<int64_t>(static_cast<uint32_t>(get_i32(b.data())))};
  }
  if (is_text_like(type_oid) || type_oid == oid::kJson || type_oid == 0) {
    // Text types' binary form is the text itself (textrecv), still subject to typmod checks.
    LITEWIRE_TRY(check_utf8(b));
    return parse_text_value(b, type_oid, typmod, ctx);
  }
  return feature_not_supported("binary input for type " + std::string(name));
}

}  // namespace

Result<StoredValue> parse_value(std::string_view bytes, int16_t format, int32_t type_oid,
                                int32_t typmod, const FormatContext& ctx) {
  if (format != 0 && format != 1) {
    return protocol_violation("unsupported format code: " + std::to_string(format));
  }
  if (detail::is_datetime_oid(type_oid)) {
    if (format == 0) LITEWIRE_TRY(check_utf8(bytes));
    return detail::datetime_parse(bytes, format, type_oid, typmod, ctx);
  }
  if (detail::is_array_oid(type_oid)) {
    if (format == 0) LITEWIRE_TRY(check_utf8(bytes));
    return detail::array_parse(bytes, format, type_oid, typmod, ctx);
  }
  if (format == 1) return parse_binary_value(bytes, type_oid, typmod, ctx);
  LITEWIRE_TRY(check_utf8(bytes));
  return parse_text_value(bytes, type_oid, typmod, ctx);
}

}  // namespace litewire::protocol
