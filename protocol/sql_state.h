#pragma once
// SQLSTATE codes as PostgreSQL defines them (errcodes.txt), one constant per condition.

#include <array>
#include <string_view>

namespace litewire::protocol {

// A five-character SQLSTATE. Trivially copyable; compare with ==.
class SqlState {
 public:
  constexpr SqlState() : code_{'0', '0', '0', '0', '0'} {}
  constexpr explicit SqlState(const char (&code)[6])
      : code_{code[0], code[1], code[2], code[3], code[4]} {}
  // From untrusted text: anything not exactly five characters gives XX000.
  static SqlState from_string(std::string_view s);

  constexpr std::string_view str() const { return {code_.data(), code_.size()}; }
  // The two-character class ("23" for integrity constraint violations).
  constexpr std::string_view class_code() const { return str().substr(0, 2); }
  constexpr bool operator==(const SqlState&) const = default;

 private:
  std::array<char, 5> code_;
};

namespace sqlstate {
#define LITEWIRE_SQLSTATE(name, code, condition) inline constexpr SqlState name{code};
#include "protocol/sql_state_codes.inc"
#undef LITEWIRE_SQLSTATE
}  // namespace sqlstate

// PostgreSQL's condition name for a code ("unique_violation"), empty if unknown.
std::string_view condition_name(SqlState state);

}  // namespace litewire::protocol
