#pragma once
// The subset of pgbench's script language that bench/workloads/*.sql use, executed directly on
// SQLite in-process (no network, no translation): the engine's own limit, and the "database is
// locked" evidence of bench/sqlite/locked_main.cpp.
//
// Supported, with pgbench's meaning:
//   \set NAME random(LO, HI)        uniform integer in [LO, HI]
//   \set NAME INT
//   \if :NAME OP INT / \else / \endif   OP one of < <= > >= = <>
//   SQL up to a terminating ';' (may span lines), with :NAME replaced by the variable.
//   -- comment lines
// A SQL line may carry an override for SQLite after the statement: "BEGIN; -- sqlite: BEGIN
// IMMEDIATE" runs BEGIN IMMEDIATE here while pgbench sends plain BEGIN to PostgreSQL.
//
// Anything else is rejected when the script is loaded, so a script never silently means
// something different here than under pgbench.

#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

namespace litewire::bench {

// One piece of a SQL statement: literal text, or a variable reference (":name").
struct SqlPiece {
  std::string text;
  bool is_variable = false;
};

struct Command {
  enum class Kind { kSetRandom, kSetConstant, kIf, kElse, kEndif, kSql };
  Kind kind = Kind::kSql;
  std::string variable;  // \set target, \if operand
  int64_t lo = 0, hi = 0;  // random bounds, or the constant in lo
  std::string op;          // \if comparison
  std::vector<SqlPiece> sql;
  std::string parameterized_sql;           // the statement with ?1..?N for the variables
  std::vector<std::string> parameter_names;  // variable bound to ?1..?N
  int jump = -1;  // \if: index after the matching \else/\endif when false; \else: after \endif
};

struct Script {
  std::string name;  // file name without directory and extension
  int weight = 1;
  std::vector<Command> commands;
};

// Loads "PATH" or "PATH@WEIGHT". Exits the process with a message on a syntax error: scripts
// are part of the benchmark, not user input.
Script load_script(const std::string& spec);

// How statements reach SQLite, mirroring pgbench -M:
//   kSimple:   variables substituted as literals, the text prepared and finalized every time
//   kExtended: text with ?N placeholders prepared every time, values bound
//   kPrepared: prepared once per connection, then reset and rebound
enum class QueryMode { kSimple, kExtended, kPrepared };
QueryMode parse_query_mode(const std::string& name);

struct ConnectionSettings {
  std::string journal_mode;  // empty: SQLite's default (rollback journal, DELETE)
  std::string synchronous;   // empty: SQLite's default (FULL)
  int busy_timeout_ms = 0;   // 0: no busy handler (SQLite's default)
  int cache_size_kib = 0;    // 0: SQLite's default page cache (2 MiB)
  bool retry_busy = false;   // rerun a transaction that failed with SQLITE_BUSY
};

// Results of one thread, merged by the caller.
struct ThreadStats {
  std::vector<std::vector<uint64_t>> latencies_ns;  // per script, per successful transaction
  std::vector<int64_t> failures;                    // per script
  std::vector<int64_t> busy_failures;               // per script: failed with SQLITE_BUSY*
  std::vector<int64_t> retries;                     // per script
  std::string first_error;                          // first non-busy error message
};

// Runs the scripts (chosen at random by weight, as pgbench does) on its own connection until
// `stop` is set. Thread-compatible: one ClientThread per thread.
class ClientThread {
 public:
  ClientThread(const std::vector<Script>& scripts, const std::string& db_path,
               const ConnectionSettings& settings, QueryMode mode, uint64_t seed);
  ~ClientThread();
  ClientThread(const ClientThread&) = delete;
  ClientThread& operator=(const ClientThread&) = delete;

  void run(const std::atomic<bool>& stop);
  const ThreadStats& stats() const { return stats_; }

 private:
  enum class Outcome { kOk, kBusy, kError };
  Outcome run_once(const Script& script, size_t script_index);
  Outcome execute(const Command& command, size_t script_index, size_t command_index);
  sqlite3_stmt* statement_for(const Command& command, size_t script_index, size_t command_index,
                              bool* owned);

  const std::vector<Script>& scripts_;
  ConnectionSettings settings_;
  QueryMode mode_;
  sqlite3* db_ = nullptr;
  std::mt19937_64 rng_;
  std::unordered_map<std::string, int64_t> variables_;
  // kPrepared: statement per (script, command).
  std::vector<std::vector<sqlite3_stmt*>> prepared_;
  int total_weight_ = 0;
  ThreadStats stats_;
};

struct ScriptResult {
  std::string name;
  int64_t transactions = 0;  // succeeded
  int64_t failures = 0;
  int64_t busy_failures = 0;  // of which SQLITE_BUSY / SQLITE_LOCKED
  int64_t retries = 0;
  double p50_us = 0, p99_us = 0;
};
struct RunResult {
  double seconds = 0;
  std::vector<ScriptResult> scripts;
  ScriptResult total;  // name "total"
  std::string first_error;
};

// Runs `threads` ClientThreads for `seconds` and merges their statistics.
RunResult run_clients(const std::vector<Script>& scripts, const std::string& db_path,
                      const ConnectionSettings& settings, QueryMode mode, int threads,
                      double seconds);

// One JSON object: {"seconds":..,"tps":..,"transactions":..,...,"scripts":[...]}.
std::string to_json(const RunResult& result);

// Opens `db_path` and runs every statement of the SQL file `setup_path` (sqlite3_exec).
// Exits with a message on failure.
void run_setup(const std::string& db_path, const std::string& setup_path,
               const ConnectionSettings& settings);

// Percentile (0..100) of sorted values by the nearest-rank method; 0 for an empty vector.
double percentile(const std::vector<uint64_t>& sorted, double p);

}  // namespace litewire::bench
