// numeric: text and binary forms, typmod rounding, and the storage mapping of the contract.
//
// Values travel between functions as canonical text (what numeric_out prints). Arithmetic is
// decimal string work on that text, so no precision is ever lost to binary floating point.

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>

#include "protocol/codec_internal.h"
#include "protocol/wire.h"

namespace litewire::protocol::detail {

namespace {

enum class Kind { kFinite, kNaN, kPosInf, kNegInf };

// A finite decimal: sign, integer digits without leading zeros, fraction digits whose count is
// the display scale (numeric's dscale).
struct Decimal {
  Kind kind = Kind::kFinite;
  bool negative = false;
  std::string int_digits;
  std::string frac_digits;

  bool is_zero() const {
    return int_digits.find_first_not_of('0') == std::string::npos &&
           frac_digits.find_first_not_of('0') == std::string::npos;
  }
  std::string text() const {
    switch (kind) {
      case Kind::kNaN: return "NaN";
      case Kind::kPosInf: return "Infinity";
      case Kind::kNegInf: return "-Infinity";
      case Kind::kFinite: break;
    }
    std::string s;
    if (negative && !is_zero()) s.push_back('-');
    s += int_digits.empty() ? "0" : int_digits;
    if (!frac_digits.empty()) {
      s.push_back('.');
      s += frac_digits;
    }
    return s;
  }
};

bool ieq(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (x != b[i]) return false;
  }
  return true;
}

void strip_leading_zeros(std::string& s) {
  size_t nz = s.find_first_not_of('0');
  s.erase(0, nz == std::string::npos ? s.size() : nz);
}

// PostgreSQL keeps the input's scale: digits after the point minus the exponent (never below 0).
// numeric_in accepts NaN, [+-]Infinity and [+-]inf in any case (PostgreSQL 14+).
Result<Decimal> parse_decimal(std::string_view input) {
  std::string_view s = trim_space(input);
  Decimal d;
  if (ieq(s, "nan")) {
    d.kind = Kind::kNaN;
    return d;
  }
  std::string_view body = s;
  bool neg = false;
  if (!body.empty() && (body[0] == '+' || body[0] == '-')) {
    neg = body[0] == '-';
    body.remove_prefix(1);
  }
  if (ieq(body, "infinity") || ieq(body, "inf")) {
    d.kind = neg ? Kind::kNegInf : Kind::kPosInf;
    return d;
  }
  std::string digits;
  size_t int_count = 0;
  bool seen_point = false;
  size_t i = 0;
  for (; i < body.size(); ++i) {
    char c = body[i];
    if (c >= '0' && c <= '9') {
      digits.push_back(c);
      if (!seen_point) ++int_count;
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
  }
  if (digits.empty()) return invalid_syntax("numeric", input);
  long exponent = 0;
  if (i < body.size() && (body[i] == 'e' || body[i] == 'E')) {
    ++i;
    bool eneg = false;
    if (i < body.size() && (body[i] == '+' || body[i] == '-')) {
      eneg = body[i] == '-';
      ++i;
    }
    size_t start = i;
    while (i < body.size() && body[i] >= '0' && body[i] <= '9') {
      // PostgreSQL rejects exponents beyond what the format could ever hold.
      if (exponent > 100000000) return invalid_syntax("numeric", input);
      exponent = exponent * 10 + (body[i] - '0');
      ++i;
    }
    if (i == start) return invalid_syntax("numeric", input);
    if (eneg) exponent = -exponent;
  }
  if (i != body.size()) return invalid_syntax("numeric", input);
  // numeric's limits: 131072 digits before the point, 16383 after.
  const long frac_count = static_cast<long>(digits.size() - int_count);
  const long point = static_cast<long>(int_count) + exponent;
  const long dscale = std::max(0L, frac_count - exponent);
  if (point > 131072 || dscale > 16383) {
    return PgError(sqlstate::kNumericValueOutOfRange, "value overflows numeric format");
  }
  long p = point;
  if (p < 0) {
    digits.insert(0, static_cast<size_t>(-p), '0');
    p = 0;
  }
  if (static_cast<long>(digits.size()) < p) digits.append(static_cast<size_t>(p) - digits.size(), '0');
  d.negative = neg;
  d.int_digits = digits.substr(0, static_cast<size_t>(p));
  d.frac_digits = digits.substr(static_cast<size_t>(p));
  d.frac_digits.resize(static_cast<size_t>(dscale), '0');
  strip_leading_zeros(d.int_digits);
  if (d.is_zero()) d.negative = false;
  return d;
}

// Adds one unit in the last place of a digit string; returns true on carry out.
bool increment(std::string& digits) {
  for (size_t i = digits.size(); i-- > 0;) {
    if (digits[i] == '9') {
      digits[i] = '0';
    } else {
      ++digits[i];
      return false;
    }
  }
  return true;
}

// Rounds half away from zero to `scale` fraction digits (negative: to 10^-scale), as
// numeric's round_var does, and sets the display scale to max(scale, 0).
void round_to_scale(Decimal& d, int scale) {
  if (d.kind != Kind::kFinite) return;
  if (scale >= 0) {
    const auto s = static_cast<size_t>(scale);
    if (d.frac_digits.size() > s) {
      bool up = d.frac_digits[s] >= '5';
      d.frac_digits.resize(s);
      if (up && increment(d.frac_digits)) {
        if (d.int_digits.empty() || increment(d.int_digits)) d.int_digits.insert(0, "1");
      }
    } else {
      d.frac_digits.resize(s, '0');
    }
  } else {
    const auto drop = static_cast<size_t>(-scale);
    bool up = false;
    if (d.int_digits.size() >= drop) {
      up = d.int_digits[d.int_digits.size() - drop] >= '5';
      d.int_digits.resize(d.int_digits.size() - drop);
      if (up && (d.int_digits.empty() || increment(d.int_digits))) d.int_digits.insert(0, "1");
      if (!d.int_digits.empty()) d.int_digits.append(drop, '0');
    } else {
      d.int_digits.clear();
    }
    d.frac_digits.clear();
  }
  strip_leading_zeros(d.int_digits);
  if (d.is_zero()) d.negative = false;
}

struct Typmod {
  int precision;
  int scale;
};
// numeric's typmod is ((precision << 16) | (scale & 0x7ff)) + VARHDRSZ; scale is an 11-bit
// signed field since PostgreSQL 15 (negative scales round to the left of the point).
bool decode_typmod(int32_t typmod, Typmod& out) {
  if (typmod < 4) return false;
  const int32_t t = typmod - 4;
  out.precision = (t >> 16) & 0xffff;
  out.scale = ((t & 0x7ff) ^ 1024) - 1024;
  return true;
}

Result<void> apply_typmod(Decimal& d, int32_t typmod) {
  Typmod tm;
  if (!decode_typmod(typmod, tm)) return {};
  if (d.kind == Kind::kNaN) return {};
  if (d.kind != Kind::kFinite) {
    return PgError(sqlstate::kNumericValueOutOfRange, "numeric field overflow")
        .with_detail("A field with precision " + std::to_string(tm.precision) + ", scale " +
                     std::to_string(tm.scale) + " cannot hold an infinite value.");
  }
  round_to_scale(d, tm.scale);
  const int max_int_digits = tm.precision - tm.scale;
  size_t sig = d.int_digits.size();
  if (tm.scale < 0) {
    // The digits that remain significant are those left of the rounding position.
    sig = d.int_digits.size() > static_cast<size_t>(-tm.scale)
              ? d.int_digits.size() - static_cast<size_t>(-tm.scale) : 0;
    sig += static_cast<size_t>(-tm.scale);
  }
  if (!d.int_digits.empty() && static_cast<long>(sig) > max_int_digits) {
    std::string detail = "A field with precision " + std::to_string(tm.precision) + ", scale " +
                         std::to_string(tm.scale) + " must round to an absolute value less than ";
    detail += max_int_digits == 0 ? "1." : "10^" + std::to_string(max_int_digits) + ".";
    return PgError(sqlstate::kNumericValueOutOfRange, "numeric field overflow")
        .with_detail(std::move(detail));
  }
  return {};
}

// A double as numeric: 15 significant digits (DBL_DIG, what float8_numeric keeps), trailing
// fraction zeros dropped, laid out without an exponent. A REAL holding a stored numeric came
// from at most 15 significant digits (numeric_to_stored), so this gives those digits back; a
// computed REAL (0.1 * 0.1) loses its binary noise instead of printing 0.010000000000000002.
Decimal decimal_from_double(double v) {
  Decimal d;
  if (std::isnan(v)) {
    d.kind = Kind::kNaN;
    return d;
  }
  if (std::isinf(v)) {
    d.kind = v > 0 ? Kind::kPosInf : Kind::kNegInf;
    return d;
  }
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::scientific, 14);
  std::string_view sci(buf, static_cast<size_t>(res.ptr - buf));
  // Cannot fail: to_chars' own output is always a valid numeric literal.
  auto parsed = parse_decimal(sci);
  if (!parsed) return d;
  while (!parsed->frac_digits.empty() && parsed->frac_digits.back() == '0') parsed->frac_digits.pop_back();
  return *parsed;
}

Result<Decimal> decimal_from_stored(const StoredValueView& v) {
  switch (v.kind) {
    case StoredValueView::Kind::kInteger: {
      Decimal d;
      d.negative = v.i < 0;
      uint64_t u = d.negative ? 0 - static_cast<uint64_t>(v.i) : static_cast<uint64_t>(v.i);
      d.int_digits = u == 0 ? "" : std::to_string(u);
      return d;
    }
    case StoredValueView::Kind::kReal: return decimal_from_double(v.d);
    case StoredValueView::Kind::kText: return parse_decimal(v.s);
    default: return invalid_syntax("numeric", v.s);
  }
}

}  // namespace

Result<std::string> numeric_parse_text(std::string_view s, int32_t typmod) {
  LITEWIRE_TRY_ASSIGN(d, parse_decimal(s));
  LITEWIRE_TRY(apply_typmod(d, typmod));
  return d.text();
}

// NUMERIC binary (numeric_send): Int16 ndigits, Int16 weight, UInt16 sign, UInt16 dscale, then
// ndigits base-10000 digits, most significant first; value = sum digit[i] * 10000^(weight-i).
// Sign 0x0000 positive, 0x4000 negative, 0xC000 NaN, 0xD000 +Infinity, 0xF000 -Infinity.
Result<std::string> numeric_parse_binary(std::string_view bytes, int32_t typmod) {
  Reader r(bytes);
  auto ndigits = r.i16("numeric ndigits");
  auto weight = r.i16("numeric weight");
  auto sign = r.i16("numeric sign");
  auto dscale = r.i16("numeric dscale");
  if (!ndigits || !weight || !sign || !dscale || *ndigits < 0) return bad_binary("numeric");
  const auto usign = static_cast<uint16_t>(*sign);
  Decimal d;
  if (usign == 0xC000) {
    d.kind = Kind::kNaN;
  } else if (usign == 0xD000) {
    d.kind = Kind::kPosInf;
  } else if (usign == 0xF000) {
    d.kind = Kind::kNegInf;
  } else if (usign != 0 && usign != 0x4000) {
    return PgError(sqlstate::kInvalidBinaryRepresentation,
                   "invalid sign in external \"numeric\" value");
  }
  if (static_cast<uint16_t>(*dscale) > 0x3fff) {
    return PgError(sqlstate::kInvalidBinaryRepresentation,
                   "invalid scale in external \"numeric\" value");
  }
  std::string digits;  // base-10 digits, the first belonging to 10000^weight's group
  for (int i = 0; i < *ndigits; ++i) {
    auto g = r.i16("numeric digit");
    if (!g) return bad_binary("numeric");
    if (*g < 0 || *g > 9999) {
      return PgError(sqlstate::kInvalidBinaryRepresentation,
                     "invalid digit in external \"numeric\" value");
    }
    const int gv = *g;
    const char group[4] = {static_cast<char>('0' + gv / 1000), static_cast<char>('0' + gv / 100 % 10),
                           static_cast<char>('0' + gv / 10 % 10), static_cast<char>('0' + gv % 10)};
    digits.append(group, 4);
  }
  if (!r.at_end()) return bad_binary("numeric");
  if (d.kind == Kind::kFinite) {
    d.negative = usign == 0x4000;
    long point = (static_cast<long>(*weight) + 1) * 4;  // decimal point position in `digits`
    if (point < 0) {
      digits.insert(0, static_cast<size_t>(-point), '0');
      point = 0;
    }
    if (static_cast<long>(digits.size()) < point) digits.append(point - digits.size(), '0');
    d.int_digits = digits.substr(0, static_cast<size_t>(point));
    d.frac_digits = digits.substr(static_cast<size_t>(point));
    // numeric_recv keeps dscale digits (extra digits beyond it are dropped).
    d.frac_digits.resize(static_cast<uint16_t>(*dscale), '0');
    strip_leading_zeros(d.int_digits);
    if (d.is_zero()) d.negative = false;
  }
  LITEWIRE_TRY(apply_typmod(d, typmod));
  return d.text();
}

Result<void> numeric_append_binary(std::string& out, std::string_view canonical) {
  LITEWIRE_TRY_ASSIGN(d, parse_decimal(canonical));
  auto header = [&](int16_t nd, int16_t weight, uint16_t sign, uint16_t dscale) {
    put_i16(out, nd);
    put_i16(out, weight);
    put_i16(out, static_cast<int16_t>(sign));
    put_i16(out, static_cast<int16_t>(dscale));
  };
  // PostgreSQL sends infinities with dscale 32 (observed from numeric_send in 15.18).
  switch (d.kind) {
    case Kind::kNaN: header(0, 0, 0xC000, 0); return {};
    case Kind::kPosInf: header(0, 0, 0xD000, 0x20); return {};
    case Kind::kNegInf: header(0, 0, 0xF000, 0x20); return {};
    case Kind::kFinite: break;
  }
  std::string ip = d.int_digits;
  std::string fp = d.frac_digits;
  ip.insert(0, (4 - ip.size() % 4) % 4, '0');
  fp.append((4 - fp.size() % 4) % 4, '0');
  std::vector<int16_t> groups;
  for (size_t i = 0; i < ip.size(); i += 4) groups.push_back(static_cast<int16_t>(std::stoi(ip.substr(i, 4))));
  for (size_t i = 0; i < fp.size(); i += 4) groups.push_back(static_cast<int16_t>(std::stoi(fp.substr(i, 4))));
  int weight = static_cast<int>(ip.size() / 4) - 1;
  size_t first = 0;
  while (first < groups.size() && groups[first] == 0) {
    ++first;
    --weight;
  }
  size_t last = groups.size();
  while (last > first && groups[last - 1] == 0) --last;
  if (first == last) weight = 0;
  header(static_cast<int16_t>(last - first), static_cast<int16_t>(weight),
         d.negative ? 0x4000 : 0, static_cast<uint16_t>(d.frac_digits.size()));
  for (size_t i = first; i < last; ++i) put_i16(out, groups[i]);
  return {};
}

StoredValue numeric_to_stored(const std::string& canonical) {
  auto parsed = parse_decimal(canonical);
  if (!parsed || parsed->kind == Kind::kNaN) return canonical;
  // Infinities are REAL infinities: they then order above and below every number, as
  // PostgreSQL orders them (NaN, TEXT, sorts above both, as PostgreSQL's NaN does).
  if (parsed->kind == Kind::kPosInf) return std::numeric_limits<double>::infinity();
  if (parsed->kind == Kind::kNegInf) return -std::numeric_limits<double>::infinity();
  const Decimal& d = *parsed;
  const bool integral = d.frac_digits.find_first_not_of('0') == std::string::npos;
  if (integral && d.int_digits.size() <= 19) {
    int64_t v = 0;
    std::string t = (d.negative ? "-" : "") + (d.int_digits.empty() ? "0" : d.int_digits);
    auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (ec == std::errc() && p == t.data() + t.size()) return v;
  }
  // REAL only when 15 significant digits reproduce the decimal exactly (DBL_DIG guarantees
  // decimal -> double -> decimal for 15 digits), and the magnitude is well inside double range.
  std::string all = d.int_digits + d.frac_digits;
  size_t first = all.find_first_not_of('0');
  size_t last = all.find_last_not_of('0');
  if (first != std::string::npos && last - first + 1 <= 15) {
    long exp10 = static_cast<long>(d.int_digits.size()) - static_cast<long>(first);
    if (exp10 > -290 && exp10 < 290) return std::strtod(canonical.c_str(), nullptr);
  }
  return canonical;
}

Result<std::string> numeric_canonical(const StoredValueView& v) {
  LITEWIRE_TRY_ASSIGN(d, decimal_from_stored(v));
  return d.text();
}

Result<void> numeric_append_text(std::string& out, const StoredValueView& v, int32_t typmod) {
  LITEWIRE_TRY_ASSIGN(d, decimal_from_stored(v));
  Typmod tm;
  if (decode_typmod(typmod, tm)) round_to_scale(d, tm.scale);
  out += d.text();
  return {};
}

}  // namespace litewire::protocol::detail

namespace litewire::protocol {

Result<StoredValue> numeric_column_value(const StoredValueView& v) {
  switch (v.kind) {
    case StoredValueView::Kind::kNull: return StoredValue{};
    case StoredValueView::Kind::kInteger: return StoredValue{v.i};
    case StoredValueView::Kind::kReal: return StoredValue{v.d};
    case StoredValueView::Kind::kBlob: return detail::invalid_syntax("numeric", v.s);
    case StoredValueView::Kind::kText: break;
  }
  LITEWIRE_TRY_ASSIGN(d, detail::decimal_from_stored(v));
  StoredValue out = detail::numeric_to_stored(d.text());
  if (std::holds_alternative<std::string>(out) && d.kind != detail::Kind::kNaN) {
    return PgError(sqlstate::kFeatureNotSupported,
                   "numeric value " + d.text() + " cannot be stored exactly in a table column")
        .with_detail("A stored numeric keeps at most 15 significant digits, or an integer within "
                     "the 64-bit range: litewire keeps numeric as an SQLite integer or double.")
        .with_hint("Round the value, or store it in a text column.");
  }
  return out;
}

}  // namespace litewire::protocol
