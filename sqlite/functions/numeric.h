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

// From a stored numeric value; std::nullopt for NULL, NaN or text that is not a number.
std::optional<Decimal> from_stored(const protocol::StoredValueView& v);

// a / b rounded (half away from zero) to PostgreSQL's division scale; 22012 for b = 0.
protocol::Result<std::string> divide(const Decimal& a, const Decimal& b);

// `v` rounded half away from zero to `places` fraction digits, with that display scale.
std::string round(const Decimal& v, int places);

std::string to_string(const Decimal& d);

}  // namespace litewire::sqlite::numeric
