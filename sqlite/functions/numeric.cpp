#include "sqlite/functions/numeric.h"

#include <algorithm>
#include <cstdio>
#include <cmath>
#include <cstdlib>

namespace litewire::sqlite::numeric {

namespace sqlstate = protocol::sqlstate;
using protocol::PgError;
using protocol::Result;

namespace {

void normalize(Decimal& d) {
  size_t nz = d.digits.find_first_not_of('0');
  d.digits = nz == std::string::npos ? "0" : d.digits.substr(nz);
  if (d.digits == "0") d.negative = false;
}

std::optional<Decimal> parse(std::string_view s) {
  Decimal d;
  size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) d.negative = s[i++] == '-';
  bool point = false, any = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      d.digits.push_back(c);
      any = true;
      if (point) ++d.scale;
    } else if (c == '.' && !point) {
      point = true;
    } else if (c == 'e' || c == 'E') {
      int exp = std::atoi(std::string(s.substr(i + 1)).c_str());
      d.scale -= exp;
      if (d.scale < 0) {
        d.digits.append(static_cast<size_t>(-d.scale), '0');
        d.scale = 0;
      }
      break;
    } else {
      return std::nullopt;
    }
  }
  if (!any) return std::nullopt;
  normalize(d);
  return d;
}

// First base-10000 digit and weight of |d| (PostgreSQL's NumericVar representation).
void base10000(const Decimal& d, int& weight, int& first) {
  if (d.digits == "0") {
    weight = 0;
    first = 0;
    return;
  }
  // Decimal exponent of the leading digit.
  int lead_exp = static_cast<int>(d.digits.size()) - 1 - d.scale;
  weight = lead_exp >= 0 ? lead_exp / 4 : -((-lead_exp + 3) / 4);
  // The base-10000 digit at `weight` covers decimal exponents 4*weight .. 4*weight+3.
  int top = 4 * weight + 3;
  first = 0;
  for (int e = top; e >= 4 * weight; --e) {
    int idx = static_cast<int>(d.digits.size()) - 1 - d.scale - e;  // position from the left
    int digit = (idx >= 0 && idx < static_cast<int>(d.digits.size())) ? d.digits[static_cast<size_t>(idx)] - '0' : 0;
    first = first * 10 + digit;
  }
}

}  // namespace

Decimal from_int128(Int128 x) {
  __extension__ typedef unsigned __int128 UInt128;
  Decimal d;
  d.negative = x < 0;
  UInt128 u = x < 0 ? -static_cast<UInt128>(x) : static_cast<UInt128>(x);
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(u % 10)));
    u /= 10;
  } while (u != 0);
  d.digits = digits;
  return d;
}

std::optional<Decimal> from_stored(const protocol::StoredValueView& v) {
  using Kind = protocol::StoredValueView::Kind;
  switch (v.kind) {
    case Kind::kInteger: {
      Decimal d;
      d.negative = v.i < 0;
      uint64_t u = v.i < 0 ? 0 - static_cast<uint64_t>(v.i) : static_cast<uint64_t>(v.i);
      d.digits = std::to_string(u);
      return d;
    }
    case Kind::kReal: {
      if (std::isnan(v.d) || std::isinf(v.d)) return std::nullopt;
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.15g", v.d);
      return parse(buf);
    }
    case Kind::kText:
      return parse(v.s);
    default:
      return std::nullopt;
  }
}

std::string to_string(const Decimal& d) {
  std::string digits = d.digits;
  if (static_cast<int>(digits.size()) <= d.scale) {
    digits.insert(0, static_cast<size_t>(d.scale) - digits.size() + 1, '0');
  }
  std::string out = d.negative ? "-" : "";
  size_t int_len = digits.size() - static_cast<size_t>(d.scale);
  out += digits.substr(0, int_len);
  if (d.scale > 0) out += "." + digits.substr(int_len);
  return out;
}

Result<std::string> divide(const Decimal& a, const Decimal& b) {
  if (b.digits == "0") return PgError(sqlstate::kDivisionByZero, "division by zero");
  // select_div_scale (numeric.c).
  int w1, f1, w2, f2;
  base10000(a, w1, f1);
  base10000(b, w2, f2);
  int qweight = w1 - w2;
  if (f1 <= f2) --qweight;
  int rscale = 16 - qweight * 4;
  rscale = std::max({rscale, a.scale, b.scale, 0});
  rscale = std::min(rscale, 1000);
  // q = (A / 10^sa) / (B / 10^sb) = A * 10^(sb - sa) / B; one extra digit for rounding.
  int shift = b.scale - a.scale + rscale + 1;
  std::string num = a.digits;
  std::string den = b.digits;
  if (shift >= 0) {
    num.append(static_cast<size_t>(shift), '0');
  } else {
    den.append(static_cast<size_t>(-shift), '0');
  }
  if (den.size() > 36) {
    // Beyond Int128 long division: fall back to double precision.
    double q = std::strtod(to_string(a).c_str(), nullptr) / std::strtod(to_string(b).c_str(), nullptr);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", std::min(rscale, 30), q);
    return std::string(buf);
  }
  Int128 divisor = 0;
  for (char c : den) divisor = divisor * 10 + (c - '0');
  Int128 rem = 0;
  std::string q;
  for (char c : num) {
    rem = rem * 10 + (c - '0');
    q.push_back(static_cast<char>('0' + static_cast<int>(rem / divisor)));
    rem %= divisor;
  }
  // q has rscale + 1 fraction digits: round half away from zero on the last one.
  bool up = q.back() >= '5';
  q.pop_back();
  if (up) {
    int k = static_cast<int>(q.size()) - 1;
    while (k >= 0 && q[static_cast<size_t>(k)] == '9') q[static_cast<size_t>(k--)] = '0';
    if (k < 0) q.insert(q.begin(), '1');
    else ++q[static_cast<size_t>(k)];
  }
  Decimal r;
  r.negative = a.negative != b.negative;
  r.digits = q;
  r.scale = rscale;
  normalize(r);
  return to_string(r);
}

std::string round(const Decimal& v, int places) {
  Decimal d = v;
  if (places < 0) places = 0;
  if (d.scale > places) {
    size_t drop = static_cast<size_t>(d.scale - places);
    std::string digits = d.digits;
    if (digits.size() < drop + 1) digits.insert(0, drop + 1 - digits.size(), '0');
    bool up = digits[digits.size() - drop] >= '5';
    digits.resize(digits.size() - drop);
    if (up) {
      int k = static_cast<int>(digits.size()) - 1;
      while (k >= 0 && digits[static_cast<size_t>(k)] == '9') digits[static_cast<size_t>(k--)] = '0';
      if (k < 0) digits.insert(digits.begin(), '1');
      else ++digits[static_cast<size_t>(k)];
    }
    d.digits = digits;
    d.scale = places;
  } else {
    d.digits.append(static_cast<size_t>(places - d.scale), '0');
    d.scale = places;
  }
  normalize(d);
  return to_string(d);
}


namespace {

// Magnitudes as decimal digit strings without leading zeros ("0" for zero).
std::string trim(std::string d) {
  size_t nz = d.find_first_not_of('0');
  return nz == std::string::npos ? "0" : d.substr(nz);
}

int compare_mag(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  int c = a.compare(b);
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

std::string add_mag(const std::string& a, const std::string& b) {
  std::string out;
  int carry = 0;
  for (size_t i = 0; i < std::max(a.size(), b.size()) || carry != 0; ++i) {
    int x = carry;
    if (i < a.size()) x += a[a.size() - 1 - i] - '0';
    if (i < b.size()) x += b[b.size() - 1 - i] - '0';
    out.push_back(static_cast<char>('0' + x % 10));
    carry = x / 10;
  }
  std::reverse(out.begin(), out.end());
  return trim(out);
}

// a - b for a >= b.
std::string sub_mag(const std::string& a, const std::string& b) {
  std::string out;
  int borrow = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    int x = (a[a.size() - 1 - i] - '0') - borrow;
    if (i < b.size()) x -= b[b.size() - 1 - i] - '0';
    borrow = x < 0 ? 1 : 0;
    out.push_back(static_cast<char>('0' + (x + 10) % 10));
  }
  std::reverse(out.begin(), out.end());
  return trim(out);
}

std::string mul_mag(const std::string& a, const std::string& b) {
  std::vector<int> acc(a.size() + b.size(), 0);
  for (size_t i = 0; i < a.size(); ++i) {
    for (size_t j = 0; j < b.size(); ++j) {
      acc[i + j + 1] += (a[i] - '0') * (b[j] - '0');
    }
  }
  for (size_t k = acc.size() - 1; k > 0; --k) {
    acc[k - 1] += acc[k] / 10;
    acc[k] %= 10;
  }
  std::string out;
  for (int v : acc) out.push_back(static_cast<char>('0' + v));
  return trim(out);
}

// floor(sqrt(n)), digit by digit.
std::string isqrt_mag(const std::string& n) {
  std::string digits = n.size() % 2 == 1 ? "0" + n : n;
  std::string root = "0", rem = "0";
  for (size_t i = 0; i < digits.size(); i += 2) {
    rem = trim(rem + digits.substr(i, 2));
    std::string twenty_root = mul_mag(root, "20");
    int d = 9;
    std::string take;
    for (; d >= 0; --d) {
      take = mul_mag(add_mag(twenty_root, std::to_string(d)), std::to_string(d));
      if (compare_mag(take, rem) <= 0) break;
    }
    rem = sub_mag(rem, take);
    root = trim(root + static_cast<char>('0' + d));
  }
  return root;
}

Decimal with_scale(const Decimal& d, int scale) {
  Decimal out = d;
  if (scale > out.scale) {
    out.digits.append(static_cast<size_t>(scale - out.scale), '0');
    out.scale = scale;
  }
  out.digits = trim(out.digits);
  return out;
}

Decimal negate(Decimal d) {
  d.negative = !d.negative && d.digits != "0";
  return d;
}

// Rounds the digits of a value with `scale` fraction digits, of which `extra` are dropped
// (half away from zero).
std::string round_digits(std::string digits, size_t extra) {
  if (extra == 0) return digits;
  if (digits.size() <= extra) digits.insert(0, extra + 1 - digits.size(), '0');
  bool up = digits[digits.size() - extra] >= '5';
  digits.resize(digits.size() - extra);
  return up ? add_mag(digits, "1") : trim(digits);
}

// A long double value rounded to `rscale` fraction digits.
std::string fixed(long double v, int rscale) {
  std::vector<char> buf(static_cast<size_t>(rscale) + 5000);
  std::snprintf(buf.data(), buf.size(), "%.*Lf", rscale, v);
  std::string out(buf.data());
  if (out.find_first_not_of("-0.") == std::string::npos && out[0] == '-') out.erase(0, 1);
  return out;
}

long double to_long_double(const Decimal& d) {
  return std::strtold(to_string(d).c_str(), nullptr);
}

// PostgreSQL's estimate_ln_dweight: the decimal weight of ln(d) for d > 0.
int estimate_ln_dweight(const Decimal& d) {
  long double v = to_long_double(d);
  if (v >= 0.9L && v <= 1.1L) {
    Decimal x = add(d, negate(Decimal{false, "1", 0}));
    if (x.digits == "0") return 0;
    int w, first;
    base10000(x, w, first);
    return w * 4 + static_cast<int>(std::log10(static_cast<double>(first)));
  }
  // d ~= digits * 10^dweight with `digits` its first two base-10000 digits.
  int w, first;
  base10000(d, w, first);
  int dweight = w * 4 - 4;
  double digits = static_cast<double>(std::floor(to_long_double(d) / std::pow(10.0L, dweight)));
  double ln = std::log(digits) + dweight * 2.302585092994046;
  return static_cast<int>(std::log10(std::fabs(ln)));
}

int clamp_scale(int rscale, const Decimal& a, const Decimal& b) {
  rscale = std::max({rscale, a.scale, b.scale, 0});
  return std::min(rscale, 1000);
}

}  // namespace

Decimal add(const Decimal& a, const Decimal& b) {
  int scale = std::max(a.scale, b.scale);
  Decimal x = with_scale(a, scale), y = with_scale(b, scale);
  Decimal out;
  out.scale = scale;
  if (x.negative == y.negative) {
    out.digits = add_mag(x.digits, y.digits);
    out.negative = x.negative;
  } else if (compare_mag(x.digits, y.digits) >= 0) {
    out.digits = sub_mag(x.digits, y.digits);
    out.negative = x.negative;
  } else {
    out.digits = sub_mag(y.digits, x.digits);
    out.negative = y.negative;
  }
  if (out.digits == "0") out.negative = false;
  return out;
}

int compare(const Decimal& a, const Decimal& b) {
  bool a_zero = a.digits == "0", b_zero = b.digits == "0";
  int a_sign = a_zero ? 0 : a.negative ? -1 : 1;
  int b_sign = b_zero ? 0 : b.negative ? -1 : 1;
  if (a_sign != b_sign) return a_sign < b_sign ? -1 : 1;
  int scale = std::max(a.scale, b.scale);
  int mag = compare_mag(trim(with_scale(a, scale).digits), trim(with_scale(b, scale).digits));
  return a_sign < 0 ? -mag : mag;
}

Decimal multiply(const Decimal& a, const Decimal& b) {
  Decimal out;
  out.digits = mul_mag(trim(a.digits), trim(b.digits));
  out.scale = a.scale + b.scale;
  out.negative = a.negative != b.negative && out.digits != "0";
  return out;
}

std::optional<std::string> variance(int64_t n, const Decimal& sum, const Decimal& sum_sq,
                                    bool sample, bool stddev) {
  if (n == 0 || (sample && n == 1)) return std::nullopt;
  Decimal count{false, std::to_string(n), 0};
  // The products are exact at the scales PostgreSQL uses (twice the sum's scale).
  Decimal numerator = add(multiply(count, sum_sq), negate(multiply(sum, sum)));
  numerator = with_scale(numerator, std::max(numerator.scale, 2 * sum.scale));
  if (numerator.negative || numerator.digits == "0") return std::string("0");
  Decimal denominator{false, std::to_string(sample ? n * (n - 1) : n * n), 0};
  auto q = divide(numerator, denominator);
  if (!q) return std::nullopt;
  if (!stddev) return *q;
  auto v = parse(*q);
  if (!v) return std::nullopt;
  int rscale = v->scale;
  // floor(sqrt(v) * 10^(rscale + 1)), then rounded to rscale digits.
  int shift = 2 * (rscale + 1) - v->scale;
  std::string radicand = v->digits + std::string(static_cast<size_t>(shift), '0');
  Decimal root{false, round_digits(isqrt_mag(radicand), 1), rscale};
  normalize(root);
  return to_string(root);
}

Result<std::string> power(const Decimal& base, const Decimal& exp) {
  bool zero_base = base.digits == "0";
  size_t fraction = std::min(static_cast<size_t>(std::max(exp.scale, 0)), exp.digits.size());
  bool integral_exp =
      exp.digits.find_first_not_of('0', exp.digits.size() - fraction) == std::string::npos;
  if (zero_base && exp.negative) {
    return PgError(sqlstate::kInvalidArgumentForPowerFunction, "zero raised to a negative power is undefined");
  }
  if (base.negative && !integral_exp) {
    return PgError(sqlstate::kInvalidArgumentForPowerFunction,
                   "a negative number raised to a non-integer power yields a complex result");
  }
  long double b = to_long_double(base), e = to_long_double(exp);
  if (zero_base) {
    // 0 ^ 0 = 1; 0 ^ positive = 0 (NUMERIC_MIN_SIG_DIGITS fraction digits for a fractional exponent).
    if (exp.digits == "0") return fixed(1.0L, clamp_scale(16, base, exp));
    return fixed(0.0L, integral_exp ? clamp_scale(16, base, exp) : 16);
  }
  // power_var_int: at least NUMERIC_MIN_SIG_DIGITS fraction digits. power_var: 16 significant
  // digits from the estimated decimal weight of the result.
  double weight = static_cast<double>(e * std::log10(std::fabs(b)));
  int rscale = integral_exp ? std::min(std::max(16, base.scale), 1000)
                            : clamp_scale(16 - static_cast<int>(weight), base, exp);
  if (integral_exp && !exp.negative && std::fabs(e) <= 100000 && std::fabs(weight) < 2000) {
    // Repeated squaring in decimal; the products keep enough fraction digits (guard digits
    // beyond rscale, more for large results, whose errors the later factors multiply) that
    // rounding to rscale comes out as for the exact power.
    int keep = rscale + 2 * std::max(0, static_cast<int>(weight)) + 40;
    auto truncate = [keep](Decimal d) {
      if (d.scale > keep) {
        size_t drop = static_cast<size_t>(d.scale - keep);
        d.digits = d.digits.size() > drop ? d.digits.substr(0, d.digits.size() - drop) : "0";
        d.scale = keep;
        normalize(d);
      }
      return d;
    };
    Decimal acc{false, "1", 0};
    Decimal factor = base;
    for (long long k = static_cast<long long>(e); k > 0; k >>= 1) {
      if ((k & 1) != 0) acc = truncate(multiply(acc, factor));
      if (k > 1) factor = truncate(multiply(factor, factor));
    }
    return round(acc, rscale);
  }
  long double r = std::pow(b, e);
  if (std::isinf(r)) return PgError(sqlstate::kNumericValueOutOfRange, "value overflows numeric format");
  return fixed(r, rscale);
}

Result<std::string> log(const Decimal& base, const Decimal& num) {
  for (const Decimal* d : {&base, &num}) {
    if (d->digits == "0") return PgError(sqlstate::kInvalidArgumentForLogarithm, "cannot take logarithm of zero");
    if (d->negative) {
      return PgError(sqlstate::kInvalidArgumentForLogarithm, "cannot take logarithm of a negative number");
    }
  }
  long double lb = std::log(to_long_double(base)), ln = std::log(to_long_double(num));
  if (lb == 0) return PgError(sqlstate::kDivisionByZero, "division by zero");
  int result_dweight = estimate_ln_dweight(num) - estimate_ln_dweight(base);
  int rscale = clamp_scale(16 - result_dweight, base, num);
  return fixed(ln / lb, rscale);
}

namespace {

// 10^n for n <= 38, the largest power a signed 128-bit integer holds.
Int128 pow10_128(int n) {
  Int128 r = 1;
  for (int i = 0; i < n; ++i) r *= 10;
  return r;
}

// `d` as a count of units of 10^-scale; false when it does not fit 128 bits.
bool to_units(const Decimal& d, int scale, Int128& out) {
  if (scale - d.scale > 38 || scale < d.scale) return false;
  Int128 v = 0;
  for (char c : d.digits) {
    if (__builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, c - '0', &v)) return false;
  }
  if (__builtin_mul_overflow(v, pow10_128(scale - d.scale), &v)) return false;
  out = d.negative ? -v : v;
  return true;
}

Decimal units_decimal(Int128 units, int scale) {
  Decimal d = from_int128(units);
  d.scale = scale;
  if (static_cast<int>(d.digits.size()) <= scale && d.digits != "0") {
    d.digits.insert(0, static_cast<size_t>(scale) + 1 - d.digits.size(), '0');
  }
  return d;
}

}  // namespace

bool ExactSum::update(const protocol::StoredValueView& v, int sign) {
  using Kind = protocol::StoredValueView::Kind;
  if (v.kind == Kind::kNull) return true;
  if (v.kind == Kind::kReal && std::isinf(v.d)) {
    (v.d > 0 ? pos_inf : neg_inf) += sign;
    count += sign;
    return true;
  }
  if (v.kind == Kind::kText && v.s.size() == 3 && (v.s == "NaN" || v.s == "nan")) {
    nans += sign;
    count += sign;
    return true;
  }
  std::optional<Decimal> d;
  if (v.kind == Kind::kInteger) {
    if (wide == nullptr) {
      Int128 add = static_cast<Int128>(v.i) * sign;
      Int128 scaled;
      if (!__builtin_mul_overflow(add, pow10_128(scale), &scaled) &&
          !__builtin_add_overflow(units, scaled, &units)) {
        count += sign;
        return true;
      }
    }
    d = from_stored(v);
  } else {
    d = from_stored(v);
    if (!d) return false;
  }
  if (sign < 0 && d->digits != "0") d->negative = !d->negative;
  count += sign;
  if (wide == nullptr) {
    int target = std::max<int>(scale, d->scale);
    Int128 rescaled, value;
    if (target - scale <= 38 && !__builtin_mul_overflow(units, pow10_128(target - scale), &rescaled) &&
        to_units(*d, target, value) && !__builtin_add_overflow(rescaled, value, &rescaled)) {
      units = rescaled;
      scale = target;
      return true;
    }
    wide = new Decimal(units_decimal(units, scale));
  }
  *wide = add(*wide, *d);
  return true;
}

std::optional<Decimal> ExactSum::finite() const {
  if (!special().empty()) return std::nullopt;
  return wide != nullptr ? *wide : units_decimal(units, scale);
}

std::string_view ExactSum::special() const {
  if (nans > 0 || (pos_inf > 0 && neg_inf > 0)) return "NaN";
  if (pos_inf > 0) return "Infinity";
  if (neg_inf > 0) return "-Infinity";
  return {};
}

void ExactSum::release() {
  delete wide;
  wide = nullptr;
}

}  // namespace litewire::sqlite::numeric
