#pragma once
// Bounds-checked reading of message payloads and length-patching writing of messages.
// All integers on the wire are big-endian (network order).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "protocol/pg_error.h"

namespace litewire::protocol {

// Reads from a view it does not own; the view must outlive the Reader and what it returns.
// Every read checks bounds; a short read returns an 08P01 error naming what was being read.
class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}

  Result<uint8_t> u8(const char* what);
  Result<int16_t> i16(const char* what);
  Result<int32_t> i32(const char* what);
  Result<int64_t> i64(const char* what);
  // A NUL-terminated string (the terminator is consumed, not returned).
  Result<std::string_view> cstring(const char* what);
  Result<std::string_view> bytes(size_t n, const char* what);
  // Everything left.
  std::string_view rest();
  size_t remaining() const { return data_.size() - pos_; }
  bool at_end() const { return pos_ == data_.size(); }
  // 08P01 unless every byte was consumed.
  Result<void> expect_end(const char* message_name) const;

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

// Appends messages to a caller-owned buffer. begin() writes the type byte and a length
// placeholder; end() fills the length in. Messages do not nest.
class MessageWriter {
 public:
  explicit MessageWriter(std::string& out) : out_(out) {}

  void begin(char type);
  // A startup-style packet: no type byte, only the length.
  void begin_untyped();
  void end();

  void u8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void i16(int16_t v);
  void i32(int32_t v);
  void i64(int64_t v);
  void cstring(std::string_view s);  // writes s and a NUL
  void bytes(std::string_view s) { out_.append(s); }
  // An Int32 length followed by the bytes, or -1 for NULL.
  void counted(const std::optional<std::string_view>& v);

  std::string& buffer() { return out_; }

 private:
  std::string& out_;
  size_t start_ = std::string::npos;
};

// Big-endian helpers for code that builds binary values.
void put_i16(std::string& out, int16_t v);
void put_i32(std::string& out, int32_t v);
void put_i64(std::string& out, int64_t v);
int16_t get_i16(const char* p);
int32_t get_i32(const char* p);
int64_t get_i64(const char* p);

}  // namespace litewire::protocol
