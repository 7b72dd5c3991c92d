#pragma once
// SQL functions behind statement-level translations: EXPLAIN's plan (pg_query_plan) and the
// set-returning regexp_matches (pg_regexp_matches). Registered by register_functions.

struct sqlite3;

namespace litewire::sqlite {

// Returns an SQLite result code.
int register_statement_functions(sqlite3* db);

}  // namespace litewire::sqlite
