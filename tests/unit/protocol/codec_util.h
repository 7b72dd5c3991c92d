#pragma once
// Helpers for codec tests: run a value through parse_value / append_text / append_binary.

#include <string>
#include <variant>

#include "protocol/codec.h"
#include "protocol/timezone.h"
#include "test_util.h"

namespace litewire::protocol::testing {

inline StoredValueView view_of(const StoredValue& v) {
  StoredValueView out;
  if (const auto* i = std::get_if<int64_t>(&v)) {
    out.kind = StoredValueView::Kind::kInteger;
    out.i = *i;
  } else if (const auto* d = std::get_if<double>(&v)) {
    out.kind = StoredValueView::Kind::kReal;
    out.d = *d;
  } else if (const auto* s = std::get_if<std::string>(&v)) {
    out.kind = StoredValueView::Kind::kText;
    out.s = *s;
  } else if (const auto* b = std::get_if<Blob>(&v)) {
    out.kind = StoredValueView::Kind::kBlob;
    out.s = b->bytes;
  }
  return out;
}

inline FormatContext ctx_in(std::string_view zone) {
  FormatContext ctx;
  auto tz = TimeZone::load(zone);
  if (tz) ctx.time_zone = *tz;
  // A fixed transaction clock: 2024-05-01 12:00:00 UTC.
  ctx.now = [] { return int64_t{767880000} * 1000000; };
  return ctx;
}

// Text in -> stored -> text out. Returns "ERROR <state>: <message>" on failure.
inline std::string text_round(std::string_view in, int32_t oid, int32_t typmod = -1,
                              const FormatContext& ctx = ctx_in("UTC")) {
  auto v = parse_value(in, 0, oid, typmod, ctx);
  if (!v) return "ERROR " + std::string(v.error().code.str()) + ": " + v.error().message;
  std::string out;
  auto r = append_text(out, view_of(*v), oid, typmod, ctx);
  if (!r) return "ERROR " + std::string(r.error().code.str()) + ": " + r.error().message;
  return out;
}

// Text in -> stored -> binary out (hex).
inline std::string text_to_binary(std::string_view in, int32_t oid, int32_t typmod = -1,
                                  const FormatContext& ctx = ctx_in("UTC")) {
  auto v = parse_value(in, 0, oid, typmod, ctx);
  if (!v) return "ERROR " + std::string(v.error().code.str()) + ": " + v.error().message;
  std::string out;
  auto r = append_binary(out, view_of(*v), oid, typmod, ctx);
  if (!r) return "ERROR " + std::string(r.error().code.str()) + ": " + r.error().message;
  return hex(out);
}

// Binary (hex) in -> stored -> text out.
inline std::string binary_to_text(std::string_view hex_in, int32_t oid, int32_t typmod = -1,
                                  const FormatContext& ctx = ctx_in("UTC")) {
  auto v = parse_value(unhex(hex_in), 1, oid, typmod, ctx);
  if (!v) return "ERROR " + std::string(v.error().code.str()) + ": " + v.error().message;
  std::string out;
  auto r = append_text(out, view_of(*v), oid, typmod, ctx);
  if (!r) return "ERROR " + std::string(r.error().code.str()) + ": " + r.error().message;
  return out;
}

}  // namespace litewire::protocol::testing
