#pragma once
// Value codecs: the stored form of each PostgreSQL type in SQLite, and its text and binary
// wire forms. Pure functions; no SQLite. See protocol/README.md, "Storage contract", for what
// each type looks like when stored.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <variant>

#include "protocol/pg_error.h"

namespace litewire::protocol {

class TimeZone;  // protocol/timezone.h

// A value as SQLite holds it. Text and blob views are only valid while their source is
// (for a SQLite column: until the next step or reset).
struct StoredValueView {
  enum class Kind { kNull, kInteger, kReal, kText, kBlob } kind = Kind::kNull;
  int64_t i = 0;
  double d = 0;
  std::string_view s;  // text or blob bytes
};

// An owned stored value, ready to bind to SQLite (NULL, INTEGER, REAL, TEXT, BLOB).
struct Blob {
  std::string bytes;
};
using StoredValue = std::variant<std::monostate, int64_t, double, std::string, Blob>;

enum class DateOrder { kMDY, kDMY, kYMD };
enum class DateStyleOutput { kISO, kPostgres, kSQL, kGerman };
enum class IntervalStyleOutput { kPostgres, kPostgresVerbose, kSqlStandard, kIso8601 };

// The session settings that change how values are read and written.
struct FormatContext {
  std::shared_ptr<const TimeZone> time_zone;  // nullptr = UTC
  DateStyleOutput date_style = DateStyleOutput::kISO;
  DateOrder date_order = DateOrder::kMDY;
  IntervalStyleOutput interval_style = IntervalStyleOutput::kPostgres;
  int extra_float_digits = 1;
  bool bytea_hex = true;
  // The transaction timestamp (microseconds since 2000-01-01 UTC) that date/time input uses for
  // 'now', 'today', 'tomorrow' and 'yesterday'. Empty: the system clock.
  std::function<int64_t()> now;
};

// Appends the PostgreSQL text output of a stored value of type (oid, typmod) to `out`.
// A NULL value is the caller's business (it never reaches here). Values of unknown OIDs are
// rendered from their SQLite storage class (integer, real with shortest round-trip, text,
// blob as bytea hex).
Result<void> append_text(std::string& out, const StoredValueView& v, int32_t oid, int32_t typmod,
                         const FormatContext& ctx);

// Appends the binary send form (what PostgreSQL's typsend produces). 0A000 for types without
// a binary form here.
Result<void> append_binary(std::string& out, const StoredValueView& v, int32_t oid,
                           int32_t typmod, const FormatContext& ctx);

// Whether append_binary supports this type (so a Bind asking binary can fail up front).
bool has_binary_output(int32_t oid);

// Converts a client-supplied value (Bind parameter, COPY field, literal cast) in wire form
// `format` (0 text, 1 binary) to the stored form for type (oid, typmod). Invalid input gives
// 22P02 ("invalid input syntax for type integer: \"x\""), out of range 22003, too long 22001,
// as PostgreSQL does. oid 0 (unknown) and text types keep the text unchanged.
Result<StoredValue> parse_value(std::string_view bytes, int16_t format, int32_t oid,
                                int32_t typmod, const FormatContext& ctx);

// The form a numeric table column keeps (storage contract): INTEGER, REAL (at most 15
// significant digits; the infinities), or the TEXT 'NaN'. SQLite's NUMERIC affinity would turn
// any other TEXT into a rounded REAL, so a value that neither holds exactly is refused (0A000)
// rather than silently rounded.
Result<StoredValue> numeric_column_value(const StoredValueView& v);

}  // namespace litewire::protocol
