#pragma once
// PostgreSQL SQL text -> Plan, through libpg_query (PostgreSQL 15's parser). Pure: no SQLite
// connection, no I/O; it reads only the schema snapshot it is given. Thread-safe (no shared
// mutable state); callers cache results by SQL text (see TranslationCache).

#include <cstdint>
#include <span>
#include <string_view>

#include "protocol/pg_error.h"
#include "sqlite/schema.h"
#include "sqlite/translate/plan.h"

namespace litewire::sqlite {

struct TranslateOptions {
  // Parameter types the client gave in Parse (0 = infer). May be shorter than the number of
  // parameters used.
  std::span<const int32_t> param_types;
  // The session's search_path, first entry first (usually {"public"}); informational for now.
  std::span<const std::string> search_path;
};

// Translates every statement of `sql`. Errors carry PostgreSQL's SQLSTATE and, for syntax
// errors, the 1-based character position. Never throws on any input.
protocol::Result<Plan> translate(std::string_view sql, const Schema& schema,
                                 const TranslateOptions& options = {});

}  // namespace litewire::sqlite
