#pragma once
// The SQL function behind EXPLAIN's plan (pg_query_plan). Registered by register_functions.

struct sqlite3;

namespace litewire::sqlite {

// Returns an SQLite result code.
int register_statement_functions(sqlite3* db);

}  // namespace litewire::sqlite
