#include "sqlite/functions/numeric.h"

#include <algorithm>
#include <cstdio>
#include <cmath>

namespace litewire::sqlite::numeric {

namespace sqlstate = protocol::sqlstate;
using protocol::PgError;
using protocol::Result;

namespace {

__extension__ typedef __int128 Int128;

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

}  // namespace litewire::sqlite::numeric
