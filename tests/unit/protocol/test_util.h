#pragma once
// Helpers shared by the protocol tests: hex literals for expected bytes, and result checks.

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "protocol/pg_error.h"

namespace litewire::protocol::testing {

// "41 42" or "4142" -> "AB". Spaces are ignored so that vectors can be grouped by field.
inline std::string unhex(std::string_view hex) {
  std::string out;
  int nibble = -1;
  for (char c : hex) {
    int v;
    if (c >= '0' && c <= '9') {
      v = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      v = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      v = c - 'A' + 10;
    } else {
      continue;
    }
    if (nibble < 0) {
      nibble = v;
    } else {
      out.push_back(static_cast<char>(nibble * 16 + v));
      nibble = -1;
    }
  }
  return out;
}

inline std::string hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

// The SQLSTATE of a failed Result, or "ok".
template <class R>
std::string state_of(const R& r) {
  if (r) return "ok";
  return std::string(r.error().code.str());
}

}  // namespace litewire::protocol::testing
