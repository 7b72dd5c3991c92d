#pragma once
// Exact decimal results where PostgreSQL's numeric arithmetic shows digits a double cannot:
// division and avg() (select_div_scale: at least 16 significant digits), round(numeric, n).
// Inputs are stored numeric values (INTEGER, REAL read with 15 significant digits, or TEXT
// digits); results are numeric stored as TEXT digits with PostgreSQL's display scale.

#include <cstdint>
#include <optional>
#include <string>

#include "protocol/codec.h"
#include "protocol/pg_error.h"

namespace litewire::sqlite::numeric {

// A decimal as sign, digits and scale: value = (negative ? -1 : 1) * digits * 10^-scale.
struct Decimal {
  bool negative = false;
  std::string digits;  // no leading zeros; "0" for zero
  int scale = 0;
};

__extension__ typedef __int128 Int128;

// An exact integer (sums of int64 values).
Decimal from_int128(Int128 x);

// From a stored numeric value; std::nullopt for NULL, NaN or text that is not a number.
std::optional<Decimal> from_stored(const protocol::StoredValueView& v);

// a / b rounded (half away from zero) to PostgreSQL's division scale; 22012 for b = 0.
protocol::Result<std::string> divide(const Decimal& a, const Decimal& b);

// `v` rounded half away from zero to `places` fraction digits, with that display scale.
std::string round(const Decimal& v, int places);

std::string to_string(const Decimal& d);

// -1, 0 or 1 as a < b, a == b, a > b (by value: 1.5 equals 1.50).
int compare(const Decimal& a, const Decimal& b);

// Exact a + b and a * b (display scale: the larger input scale, the sum of the scales).
Decimal add(const Decimal& a, const Decimal& b);
Decimal multiply(const Decimal& a, const Decimal& b);

// The exact running sum behind sum() and avg() of numeric and bigint: a 128-bit count of units
// of 10^-scale while it fits, decimal digits beyond. NaN and the infinities are counted apart
// (PostgreSQL: any NaN makes NaN, both infinities NaN, one infinity that infinity). Trivially
// constructible, so it can live in SQLite's zeroed aggregate context; release() frees `wide`.
struct ExactSum {
  Int128 units;
  int32_t scale;
  int64_t count;  // non-NULL values, NaN and infinities included
  int64_t nans;
  int64_t pos_inf;
  int64_t neg_inf;
  Decimal* wide;  // the sum once `units` would overflow; then `units` is unused

  // Adds (sign 1) or removes (sign -1, a moving window frame) one stored numeric value; false
  // for a value that is not a number (BLOB, non-numeric TEXT).
  bool update(const protocol::StoredValueView& v, int sign);
  // The finite sum; std::nullopt when NaN or an infinity decides the result.
  std::optional<Decimal> finite() const;
  // "NaN", "Infinity" or "-Infinity" when one of them is the result, else empty.
  std::string_view special() const;
  void release();
};

// var_samp/var_pop/stddev_samp/stddev_pop of `n` values with exact `sum` and `sum_sq`, as
// PostgreSQL's numeric_stddev_internal: (n*sum_sq - sum^2) / (n*(n-1)) (sample) or / n^2,
// with its division scale, and the square root at that scale for stddev. std::nullopt: NULL.
std::optional<std::string> variance(int64_t n, const Decimal& sum, const Decimal& sum_sq,
                                    bool sample, bool stddev);

// power(numeric, numeric) and log(numeric, numeric) with PostgreSQL's result scale (power_var,
// log_var); 2201F / 2201E / 22012 for the inputs PostgreSQL rejects. Digits beyond a long
// double's precision (about 19 significant digits) are not exact.
protocol::Result<std::string> power(const Decimal& base, const Decimal& exp);
protocol::Result<std::string> log(const Decimal& base, const Decimal& num);

}  // namespace litewire::sqlite::numeric
