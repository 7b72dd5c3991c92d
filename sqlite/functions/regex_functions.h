#pragma once
// PostgreSQL's pattern matching on regular expressions (functions-matching.html), all on
// pg_regex.h: the ~ family, SIMILAR TO (rewritten by similar_to_escape, as PostgreSQL's parser
// does), substring(... from pattern) and substring(... similar ... escape ...), regexp_replace,
// regexp_match, regexp_matches, regexp_split_to_table/array, regexp_count, regexp_instr,
// regexp_like and regexp_substr. Arrays are stored as JSON arrays (protocol/README.md).

#include <optional>
#include <string>
#include <string_view>

#include "protocol/pg_error.h"

struct sqlite3;

namespace litewire::sqlite {

// similar_to_escape(pattern, escape): the ARE PostgreSQL matches a SIMILAR TO pattern with
// (anchored at both ends; the part between two escape-double-quote separators is the only
// capturing group). `escape` std::nullopt: no escape character; more than one character is 22025.
protocol::Result<std::string> similar_to_regex(std::string_view pattern,
                                               std::optional<std::string_view> escape);

// Registers pg_regex_match, pg_similar_escape, pg_regexp_substring, pg_similar_substring,
// pg_regexp_replace,
// pg_regexp_replace_n, pg_regexp_match, pg_regexp_matches, pg_regexp_split_to_table,
// pg_regexp_split_to_array, pg_regexp_count, pg_regexp_instr, pg_regexp_like, pg_regexp_substr.
// The translator (sqlite/translate) calls them for PostgreSQL's names.
int register_regex_functions(sqlite3* db);

}  // namespace litewire::sqlite
