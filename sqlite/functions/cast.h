#pragma once
// Value conversions behind pg_cast()/pg_assign(): a stored value of one PostgreSQL type to the
// stored form of another, with PostgreSQL's cast semantics and errors. Pure functions; used by
// the SQL functions in functions.cpp and unit-tested directly.

#include <cstdint>
#include <string>
#include <string_view>

#include "protocol/codec.h"
#include "protocol/pg_error.h"

namespace litewire::sqlite {

enum class CastKind {
  kExplicit,    // CAST(x AS t), x::t: varchar(n) truncates silently
  kAssignment,  // INSERT/UPDATE into a column: too long is 22001
};

// Converts `v` (stored form of type `from_oid`; 0 = unknown, read by storage class) to the
// stored form of (to_oid, to_typmod).
protocol::Result<protocol::StoredValue> convert_value(const protocol::StoredValueView& v,
                                                      int32_t from_oid, int32_t to_oid,
                                                      int32_t to_typmod, CastKind kind,
                                                      const protocol::FormatContext& ctx);

// The PostgreSQL text output of a stored value for the types convert_value handles itself
// (bool, integers, floats, numeric, text types); other types come back as their stored text.
protocol::Result<std::string> render_text(const protocol::StoredValueView& v, int32_t oid,
                                          const protocol::FormatContext& ctx);

// Stored form of numeric text, rounded to the typmod's scale and checked against its precision
// (storage contract: INTEGER when integral and in range, REAL when it round-trips through 15
// significant digits, TEXT otherwise).
protocol::Result<protocol::StoredValue> numeric_from_text(std::string_view text, int32_t typmod);

}  // namespace litewire::sqlite
