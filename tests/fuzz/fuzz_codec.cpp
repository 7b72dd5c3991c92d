// Fuzz target: value codecs. The first byte picks a type and a wire format; the rest is the
// value as a client would send it. Whatever parse_value accepts must render back in both
// formats without crashing.

#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>

#include "protocol/codec.h"
#include "protocol/types.h"

using namespace litewire::protocol;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  static const int32_t kTypes[] = {
      oid::kBool, oid::kInt2, oid::kInt4, oid::kInt8, oid::kFloat4, oid::kFloat8, oid::kNumeric,
      oid::kText, oid::kVarchar, oid::kBpchar, oid::kBytea, oid::kDate, oid::kTime, oid::kTimetz,
      oid::kTimestamp, oid::kTimestamptz, oid::kInterval, oid::kUuid, oid::kJson, oid::kJsonb,
      oid::kOid, oid::kInt4Array, oid::kTextArray, oid::kNumericArray, oid::kTimestamptzArray};
  constexpr size_t kCount = sizeof(kTypes) / sizeof(kTypes[0]);
  const int32_t type = kTypes[data[0] % kCount];
  const int16_t format = (data[0] / kCount) % 2;
  const int32_t typmod = (data[0] & 0x80) ? 8 + 4 : -1;  // e.g. varchar(8), numeric(0,8)
  std::string_view value(reinterpret_cast<const char*>(data + 1), size - 1);
  FormatContext ctx;
  auto parsed = parse_value(value, format, type, typmod, ctx);
  if (!parsed) return 0;
  StoredValueView v;
  if (auto* i = std::get_if<int64_t>(&*parsed)) {
    v.kind = StoredValueView::Kind::kInteger;
    v.i = *i;
  } else if (auto* d = std::get_if<double>(&*parsed)) {
    v.kind = StoredValueView::Kind::kReal;
    v.d = *d;
  } else if (auto* s = std::get_if<std::string>(&*parsed)) {
    v.kind = StoredValueView::Kind::kText;
    v.s = *s;
  } else if (auto* b = std::get_if<Blob>(&*parsed)) {
    v.kind = StoredValueView::Kind::kBlob;
    v.s = b->bytes;
  } else {
    return 0;
  }
  std::string out;
  (void)append_text(out, v, type, typmod, ctx);
  out.clear();
  if (has_binary_output(type)) (void)append_binary(out, v, type, typmod, ctx);
  return 0;
}
