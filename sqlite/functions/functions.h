#pragma once
// SQL functions PostgreSQL has and SQLite lacks, registered on every SQLite connection the
// engine opens. The translator (sqlite/translate) emits calls to them by these names; see
// sqlite/README.md ("functions/") for the list and what each one implements.
//
// Threading: functions run on the thread that steps the statement. What they need from the
// session (TimeZone and DateStyle, user and database names, the transaction start time) comes
// from a thread-local FunctionContext that the engine installs around each statement with
// ScopedFunctionContext; without one, UTC/ISO defaults and the wall clock are used.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

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
  // current_setting(name [, missing_ok]): the session's value, std::nullopt for an unknown
  // setting. Unset: every setting is unknown.
  std::function<std::optional<std::string>(std::string_view name)> current_setting;
  // set_config(name, value, is_local): applies the setting, returns the new value or the error
  // PostgreSQL gives (unknown parameter 42704, bad value 22023). Unset: 0A000.
  std::function<protocol::Result<std::string>(std::string_view name, std::string_view value,
                                              bool is_local)>
      set_config;
  // currval()/lastval() memory of this session: sequence (table) name -> last value returned by
  // nextval(). Unset: currval falls back to the sequence's current value.
  std::map<std::string, int64_t, std::less<>>* sequence_values = nullptr;
  // Long-running functions (pg_sleep) poll these: a CancelRequest sets `canceled`; the
  // statement_timeout deadline is `deadline` (max = none). Either ends the call with 57014.
  const std::atomic<bool>* canceled = nullptr;
  // pg_notify(channel, payload): queues a notification for delivery when the transaction
  // commits. Unset: 0A000.
  std::function<void(std::string_view channel, std::string_view payload)> notify;
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
};

// Records `value` as the last value of the sequence counter `counter` in the current context's
// session memory (currval/lastval), as nextval does: for keys SQLite generates itself.
void remember_sequence_value(const std::string& counter, int64_t value);

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

// now(): the transaction start time of the context, else the system clock (microseconds since
// the Unix epoch).
int64_t now_us();

}  // namespace litewire::sqlite
