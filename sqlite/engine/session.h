#pragma once
// EngineSession: one client session's transaction state and the routing of its statements to
// readers or the writer, exactly as DESIGN.md describes:
// - autocommit reads on a reader, autocommit writes through group commit;
// - an explicit READ COMMITTED transaction reads on readers (a fresh snapshot per statement)
//   until its first write, then holds the writer until COMMIT/ROLLBACK;
// - REPEATABLE READ / SERIALIZABLE READ ONLY read from one snapshot of their own (WAL mode),
//   without holding anything the writer needs; read-write ones hold the writer from their
//   first statement, so they run serially (which satisfies both levels; no 40001 is needed);
// - READ ONLY transactions reject writes (25006); after an error, 25P02 until ROLLBACK.
//
// Threading: every method is called from the owning session's strand, one call at a time
// (the session awaits each callback before the next call). Callbacks run on an engine thread
// and only see their own ExecOutput.

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sqlite/engine/database.h"
#include "sqlite/engine/executor.h"
#include "sqlite/functions/functions.h"

namespace litewire::sqlite {

enum class TxnStatus { kIdle, kInBlock, kFailed };

class EngineSession {
 public:
  EngineSession(std::shared_ptr<Database> db, uint64_t id);
  ~EngineSession();

  Database& database() { return *db_; }
  const std::shared_ptr<Database>& database_ptr() const { return db_; }
  uint64_t id() const { return id_; }

  // 'I', 'T' or 'E' for ReadyForQuery.
  char status_char() const;
  TxnStatus status() const { return status_; }
  bool holds_writer() const { return pinned_; }

  // Session characteristics (SET SESSION CHARACTERISTICS / default_transaction_*).
  void set_default_read_only(bool v) { default_read_only_ = v; }
  void set_default_isolation(IsolationLevel v) { default_isolation_ = v; }
  IsolationLevel current_isolation() const;
  bool current_read_only() const;
  // lock_timeout: how long a write waits for the writer (0 = forever).
  void set_lock_timeout(std::chrono::milliseconds t) { lock_timeout_ = t; }
  // statement_timeout: a statement running longer is interrupted (57014; 0 = none).
  void set_statement_timeout(std::chrono::milliseconds t) { statement_timeout_ = t; }
  // From any thread (CancelRequest): interrupts the statement this session is running, if any.
  void interrupt();

  // What SQL functions see of this session (TimeZone, user, current_setting...). The session
  // updates it on its strand; statements read it on an engine thread while the session waits.
  FunctionContext& function_context() { return function_context_; }

  // The schema this session should translate against: its own uncommitted one while its
  // transaction has changed the schema, else the database's.
  SchemaPtr schema() const;

  using Callback = std::function<void(ExecOutput&&)>;
  // Runs one statement of kind kRead, kWrite, kDdl, kTransaction or kUtility.
  void execute(std::shared_ptr<ExecRequest> req, Callback done);
  // A read that execute() would run on the calling thread (local mode, outside a transaction
  // holding the writer or one snapshot, an inline connection free) runs here and now, with no
  // callback: true when it finished within the read budget, with its result in `out`. False
  // when it did not run or was stopped at the budget; execute() then queues it for a reader.
  bool try_execute_inline(const ExecRequest& req, ExecOutput& out);

  // Runs `work` in the current transaction context, as a write (COPY FROM, sequences).
  void run_write(std::function<bool(Connection&, ExecOutput&)> work, Callback done);
  // Runs `work` as a read in the current transaction context (COPY TO, catalog reads).
  void run_read(std::function<bool(Connection&, ExecOutput&)> work, Callback done);

  // Marks the transaction failed (an error happened outside the engine, e.g. in Bind).
  void mark_failed();

  // SET TRANSACTION (this transaction) or SET SESSION CHARACTERISTICS AS TRANSACTION (the
  // defaults). Outside a transaction block SET TRANSACTION only warns, as in PostgreSQL.
  protocol::Result<void> set_transaction(const TxnCommand& options, bool session_defaults,
                                         std::vector<protocol::PgError>& notices);

 private:
  void transaction_command(const TxnCommand& cmd, const std::string& tag, Callback done);
  void submit_write(WriteMode mode, std::function<bool(Connection&, ExecOutput&)> work,
                    Callback done);
  void submit_read(std::function<bool(Connection&, ExecOutput&)> work, Callback done);
  void finish(ExecOutput& out);
  // A read in this transaction state runs on any reader connection (no snapshot of its own,
  // not on the writer).
  bool reads_anywhere() const;
  // Runs `work` on an inline connection within the read budget; true when it finished there.
  template <class Work>
  bool run_inline(Work& work, ExecOutput& out);
  // Runs `work` registered for interrupt(), under statement_timeout and the inline budget.
  template <class Work>
  bool run_watched(Connection& c, ExecOutput& out, Work& work);
  std::string savepoint_prefix() const;

  std::shared_ptr<Database> db_;
  uint64_t id_;
  TxnStatus status_ = TxnStatus::kIdle;
  bool pinned_ = false;
  IsolationLevel isolation_ = IsolationLevel::kDefault;
  std::optional<bool> read_only_;
  IsolationLevel default_isolation_ = IsolationLevel::kReadCommitted;
  bool default_read_only_ = false;
  std::vector<std::string> savepoints_;
  bool ran_statement_ = false;  // a statement ran in this transaction (SET TRANSACTION ISOLATION)
  std::chrono::milliseconds lock_timeout_{0};
  SchemaPtr txn_schema_;  // set while this transaction changed the schema
  // REPEATABLE READ / SERIALIZABLE READ ONLY in WAL mode: a read-only connection of this
  // transaction alone, holding one snapshot from its first statement to its end. Used by one
  // engine thread at a time (the session awaits each statement).
  std::unique_ptr<Connection> snapshot_;
  std::chrono::milliseconds statement_timeout_{0};
  FunctionContext function_context_;
  std::map<std::string, int64_t, std::less<>> sequence_values_;

  // The connection running this session's statement right now (for interrupt()).
  std::mutex running_mu_;
  sqlite3* running_ = nullptr;
  std::atomic<bool> cancel_requested_{false};
  bool timed_out_ = false;
  // Set while a read runs on the session's own thread (Database::run_read_here): past this
  // point the read is stopped and over_budget_ set, and it runs again on a reader thread.
  std::chrono::steady_clock::time_point inline_until_ = std::chrono::steady_clock::time_point::max();
  bool over_budget_ = false;
  // try_execute_inline stopped the read at the budget: the next submit_read queues it at once.
  bool queue_next_read_ = false;
  // Wraps `work` so that it registers itself for interrupt() and honours statement_timeout.
  std::function<bool(Connection&, ExecOutput&)> interruptible(
      std::function<bool(Connection&, ExecOutput&)> work);
};

// "name" with embedded quotes doubled, for SQLite.
std::string quote_identifier(std::string_view name);

}  // namespace litewire::sqlite
