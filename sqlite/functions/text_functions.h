#pragma once
// PostgreSQL's format() (the regular expression functions are in regex_functions.h).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/pg_error.h"

struct sqlite3;

namespace litewire::sqlite {

// format(fmt, args...): args are the arguments' text output forms (std::nullopt for NULL).
protocol::Result<std::string> format_text(std::string_view fmt,
                                          const std::vector<std::optional<std::string>>& args);

// Registers pg_format.
int register_text_functions(sqlite3* db);

}  // namespace litewire::sqlite
