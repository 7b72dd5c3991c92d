#include "protocol/wire.h"

#include <cstring>

namespace litewire::protocol {

namespace {
PgError short_read(const char* what) {
  return protocol_violation(std::string("invalid message format: message too short reading ") +
                            what);
}
}  // namespace

int16_t get_i16(const char* p) {
  auto u = static_cast<uint16_t>((static_cast<uint8_t>(p[0]) << 8) | static_cast<uint8_t>(p[1]));
  return static_cast<int16_t>(u);
}
int32_t get_i32(const char* p) {
  uint32_t u = 0;
  for (int i = 0; i < 4; ++i) u = (u << 8) | static_cast<uint8_t>(p[i]);
  return static_cast<int32_t>(u);
}
int64_t get_i64(const char* p) {
  uint64_t u = 0;
  for (int i = 0; i < 8; ++i) u = (u << 8) | static_cast<uint8_t>(p[i]);
  return static_cast<int64_t>(u);
}
void put_i16(std::string& out, int16_t v) {
  auto u = static_cast<uint16_t>(v);
  char b[2] = {static_cast<char>(u >> 8), static_cast<char>(u)};
  out.append(b, 2);
}
void put_i32(std::string& out, int32_t v) {
  auto u = static_cast<uint32_t>(v);
  char b[4] = {static_cast<char>(u >> 24), static_cast<char>(u >> 16), static_cast<char>(u >> 8),
               static_cast<char>(u)};
  out.append(b, 4);
}
void put_i64(std::string& out, int64_t v) {
  auto u = static_cast<uint64_t>(v);
  char b[8];
  for (int i = 7; i >= 0; --i) {
    b[i] = static_cast<char>(u);
    u >>= 8;
  }
  out.append(b, 8);
}

Result<uint8_t> Reader::u8(const char* what) {
  if (remaining() < 1) return short_read(what);
  return static_cast<uint8_t>(data_[pos_++]);
}
Result<int16_t> Reader::i16(const char* what) {
  if (remaining() < 2) return short_read(what);
  int16_t v = get_i16(data_.data() + pos_);
  pos_ += 2;
  return v;
}
Result<int32_t> Reader::i32(const char* what) {
  if (remaining() < 4) return short_read(what);
  int32_t v = get_i32(data_.data() + pos_);
  pos_ += 4;
  return v;
}
Result<int64_t> Reader::i64(const char* what) {
  if (remaining() < 8) return short_read(what);
  int64_t v = get_i64(data_.data() + pos_);
  pos_ += 8;
  return v;
}
Result<std::string_view> Reader::cstring(const char* what) {
  auto nul = data_.find('\0', pos_);
  if (nul == std::string_view::npos) {
    return protocol_violation(std::string("invalid string in message: missing terminator in ") +
                              what);
  }
  auto s = data_.substr(pos_, nul - pos_);
  pos_ = nul + 1;
  return s;
}
Result<std::string_view> Reader::bytes(size_t n, const char* what) {
  if (remaining() < n) return short_read(what);
  auto s = data_.substr(pos_, n);
  pos_ += n;
  return s;
}
std::string_view Reader::rest() {
  auto s = data_.substr(pos_);
  pos_ = data_.size();
  return s;
}
Result<void> Reader::expect_end(const char* message_name) const {
  if (!at_end()) {
    return protocol_violation(std::string("invalid message format: trailing bytes in ") +
                              message_name);
  }
  return {};
}

void MessageWriter::begin(char type) {
  out_.push_back(type);
  begin_untyped();
}
void MessageWriter::begin_untyped() {
  start_ = out_.size();
  out_.append(4, '\0');
}
void MessageWriter::end() {
  auto len = static_cast<uint32_t>(out_.size() - start_);
  out_[start_] = static_cast<char>(len >> 24);
  out_[start_ + 1] = static_cast<char>(len >> 16);
  out_[start_ + 2] = static_cast<char>(len >> 8);
  out_[start_ + 3] = static_cast<char>(len);
  start_ = std::string::npos;
}
void MessageWriter::i16(int16_t v) { put_i16(out_, v); }
void MessageWriter::i32(int32_t v) { put_i32(out_, v); }
void MessageWriter::i64(int64_t v) { put_i64(out_, v); }
void MessageWriter::cstring(std::string_view s) {
  out_.append(s);
  out_.push_back('\0');
}
void MessageWriter::counted(const std::optional<std::string_view>& v) {
  if (!v) {
    i32(-1);
    return;
  }
  i32(static_cast<int32_t>(v->size()));
  out_.append(*v);
}

}  // namespace litewire::protocol
