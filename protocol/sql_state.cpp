#include "protocol/sql_state.h"

namespace litewire::protocol {

SqlState SqlState::from_string(std::string_view s) {
  if (s.size() != 5) return sqlstate::kInternalError;
  char buf[6] = {s[0], s[1], s[2], s[3], s[4], '\0'};
  return SqlState(buf);
}

std::string_view condition_name(SqlState state) {
  struct Entry {
    SqlState state;
    std::string_view name;
  };
  static constexpr Entry kEntries[] = {
#define LITEWIRE_SQLSTATE(name, code, condition) {SqlState{code}, condition},
#include "protocol/sql_state_codes.inc"
#undef LITEWIRE_SQLSTATE
  };
  for (const auto& e : kEntries) {
    if (e.state == state) return e.name;
  }
  return {};
}

}  // namespace litewire::protocol
