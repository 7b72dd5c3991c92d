#pragma once
// Helpers shared by the codec source files (codec*.cpp, json.cpp). Not part of the library's
// public surface: sqlite/ and server/ use codec.h, datetime.h, json.h.

#include <cstdint>
#include <string>
#include <string_view>

#include "protocol/codec.h"
#include "protocol/pg_error.h"

namespace litewire::protocol::detail {

// 22P02 `invalid input syntax for type <type>: "<input>"` (PostgreSQL's wording for every
// scalar input function).
PgError invalid_syntax(std::string_view type_name, std::string_view input);
// 22003 `value "<input>" is out of range for type <type>` (the integer and oid wording).
PgError value_out_of_range(std::string_view type_name, std::string_view input);
// 22P03 for a malformed binary parameter.
PgError bad_binary(std::string_view type_name);

// Strips the white space PostgreSQL's scanners skip (isspace: space, \t \n \v \f \r).
std::string_view trim_space(std::string_view s);
bool is_space(char c);

// Integers as pg_strtoint16/32/64 read them: optional white space, sign, at least one digit.
Result<int64_t> parse_int(std::string_view s, int64_t min, int64_t max,
                          std::string_view type_name);

// Floats. Text output follows float8out/float4out: shortest round-trip digits when
// extra_float_digits > 0, else %.{15|6 + extra}g.
void append_float8(std::string& out, double v, int extra_float_digits);
void append_float4(std::string& out, float v, int extra_float_digits);
Result<double> parse_float8(std::string_view s);
Result<float> parse_float4(std::string_view s);

// numeric (codec_numeric.cpp). `canonical` text is what numeric_out prints: "-12.340",
// "0", "NaN", "Infinity", "-Infinity".
Result<std::string> numeric_parse_text(std::string_view s, int32_t typmod);
Result<std::string> numeric_parse_binary(std::string_view bytes, int32_t typmod);
Result<void> numeric_append_binary(std::string& out, std::string_view canonical);
// The stored form per the storage contract (INTEGER / REAL / TEXT).
StoredValue numeric_to_stored(const std::string& canonical);
// Renders a stored numeric, applying the typmod's scale when there is one.
Result<void> numeric_append_text(std::string& out, const StoredValueView& v, int32_t typmod);
// The canonical text of a stored numeric (no typmod).
Result<std::string> numeric_canonical(const StoredValueView& v);

// Per-family codecs behind the dispatch in codec.cpp. Each handles the OIDs of its family.
bool is_datetime_oid(int32_t oid);
Result<void> datetime_append_text(std::string& out, const StoredValueView& v, int32_t oid,
                                  int32_t typmod, const FormatContext& ctx);
Result<void> datetime_append_binary(std::string& out, const StoredValueView& v, int32_t oid,
                                    int32_t typmod, const FormatContext& ctx);
Result<StoredValue> datetime_parse(std::string_view bytes, int16_t format, int32_t oid,
                                   int32_t typmod, const FormatContext& ctx);

bool is_array_oid(int32_t oid);
// int2vector / oidvector text output ("1 2").
Result<void> vector_append_text(std::string& out, const StoredValueView& v, int32_t oid,
                                const FormatContext& ctx);
Result<void> array_append_text(std::string& out, const StoredValueView& v, int32_t oid,
                               const FormatContext& ctx);
Result<void> array_append_binary(std::string& out, const StoredValueView& v, int32_t oid,
                                 const FormatContext& ctx);
Result<StoredValue> array_parse(std::string_view bytes, int16_t format, int32_t oid,
                                int32_t typmod, const FormatContext& ctx);

// json / jsonb (json.cpp). Validation and jsonb normalization of text.
Result<std::string> json_validate(std::string_view text);
Result<std::string> jsonb_normalize(std::string_view text);

// Lower-case hex.
void append_hex(std::string& out, std::string_view bytes);

}  // namespace litewire::protocol::detail
