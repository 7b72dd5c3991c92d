#pragma once
// PostgreSQL's string functions built on regular expressions and format(): SIMILAR TO (through
// similar_to_escape, as PostgreSQL rewrites it), regexp_replace, regexp_match and format().
// Regular expressions run on std::regex's ECMAScript grammar, the same engine as `~`.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/pg_error.h"

struct sqlite3;

namespace litewire::sqlite {

// similar_to_escape(pattern, escape): the regular expression PostgreSQL matches a SIMILAR TO
// pattern with (anchored at both ends). `escape` std::nullopt: no escape character; more than one
// character is 22025.
protocol::Result<std::string> similar_to_regex(std::string_view pattern,
                                               std::optional<std::string_view> escape);

// format(fmt, args...): args are the arguments' text output forms (std::nullopt for NULL).
protocol::Result<std::string> format_text(std::string_view fmt,
                                          const std::vector<std::optional<std::string>>& args);

// Registers pg_similar_escape, pg_regexp_replace, pg_regexp_match and pg_format.
int register_text_functions(sqlite3* db);

}  // namespace litewire::sqlite
