#pragma once
// SQL functions PostgreSQL has and SQLite lacks, registered on every SQLite connection the
// engine opens. The translator (sqlite/translate) emits calls to them by these names; see
// sqlite/README.md ("functions/") for the list and what each one implements.
//
// Threading: functions run on the thread that steps the statement. What they need from the
// session (TimeZone and DateStyle, user and database names, the transaction start time) comes
// from a thread-local FunctionContext that the engine installs around each statement with
// ScopedFunctionContext; without one, UTC/ISO defaults and the wall clock are used.

#include <cstdint>
#include <memory>
#include <string>

#include "protocol/codec.h"

struct sqlite3;

namespace litewire::sqlite {

// Registers every function on `db`. Call once per connection, right after opening it.
// Returns SQLite's result code (SQLITE_OK on success).
int register_functions(sqlite3* db);

struct FunctionContext {
  protocol::FormatContext format;     // session TimeZone, DateStyle, IntervalStyle...
  std::string user = "postgres";      // current_user / session_user
  std::string database = "postgres";  // current_database()
  // now()/CURRENT_TIMESTAMP: PostgreSQL's transaction start time, microseconds since the Unix
  // epoch; 0 means "the statement's time" (each sqlite3_step sees one stable value).
  int64_t transaction_start_us = 0;
};

// Installs `ctx` for the calling thread for the guard's lifetime (nests; restores the previous
// context). `ctx` must outlive the guard.
class ScopedFunctionContext {
 public:
  explicit ScopedFunctionContext(const FunctionContext& ctx);
  ~ScopedFunctionContext();
  ScopedFunctionContext(const ScopedFunctionContext&) = delete;
  ScopedFunctionContext& operator=(const ScopedFunctionContext&) = delete;

 private:
  const FunctionContext* saved_;
};

// The context in effect on this thread (defaults when none is installed).
const FunctionContext& current_function_context();

}  // namespace litewire::sqlite
