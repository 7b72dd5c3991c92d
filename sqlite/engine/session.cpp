#include "sqlite/engine/session.h"

#include <algorithm>

namespace litewire::sqlite {

using protocol::PgError;
namespace sqlstate = protocol::sqlstate;

// State changes made inside callbacks happen on an engine thread while the session is
// suspended awaiting that very callback; the hand-back to the session's strand orders them
// before the session's next call. So there is never concurrent access to this object.

std::string quote_identifier(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

EngineSession::EngineSession(std::shared_ptr<Database> db, uint64_t id)
    : db_(std::move(db)), id_(id) {
  function_context_.database = db_->name();
  function_context_.sequence_values = &sequence_values_;
  function_context_.canceled = &cancel_requested_;
}

EngineSession::~EngineSession() {
  // A client that disconnects mid-transaction is rolled back and the writer freed at once.
  if (pinned_ || status_ != TxnStatus::kIdle) db_->abandon(id_);
}

char EngineSession::status_char() const {
  switch (status_) {
    case TxnStatus::kIdle: return 'I';
    case TxnStatus::kInBlock: return 'T';
    case TxnStatus::kFailed: return 'E';
  }
  return 'I';
}

IsolationLevel EngineSession::current_isolation() const {
  IsolationLevel l = isolation_ == IsolationLevel::kDefault ? default_isolation_ : isolation_;
  return l == IsolationLevel::kDefault ? IsolationLevel::kReadCommitted : l;
}

bool EngineSession::current_read_only() const { return read_only_.value_or(default_read_only_); }

SchemaPtr EngineSession::schema() const { return txn_schema_ ? txn_schema_ : db_->schema(); }

void EngineSession::mark_failed() {
  if (status_ == TxnStatus::kInBlock) status_ = TxnStatus::kFailed;
}

void EngineSession::finish(ExecOutput& out) {
  if (out.error && status_ == TxnStatus::kInBlock) status_ = TxnStatus::kFailed;
}

std::string EngineSession::savepoint_prefix() const {
  // Savepoints the client set before this transaction first needed the writer are created
  // on the writer when it is pinned, so later ROLLBACK TO / RELEASE find them.
  std::string sql;
  for (const auto& s : savepoints_) sql += "SAVEPOINT " + quote_identifier(s) + ";";
  return sql;
}

void EngineSession::interrupt() {
  std::lock_guard lk(running_mu_);
  cancel_requested_ = true;
  if (running_ != nullptr) sqlite3_interrupt(running_);
}

template <class Work>
bool EngineSession::run_watched(Connection& c, ExecOutput& out, Work& work) {
    {
      std::lock_guard lk(running_mu_);
      running_ = c.handle();
      cancel_requested_ = false;
      timed_out_ = false;
    }
    // statement_timeout, and the budget of a read run on the session's thread: SQLite's
    // progress handler is polled every N virtual machine instructions and aborts the
    // statement (SQLITE_INTERRUPT) once either has passed.
    using Clock = std::chrono::steady_clock;
    const auto timeout = statement_timeout_;
    struct Deadline {
      Clock::time_point at;
      Clock::time_point inline_until;
      bool* fired;
      bool* over_budget;
    } deadline{timeout.count() > 0 ? Clock::now() + timeout : Clock::time_point::max(),
               inline_until_, &timed_out_, &over_budget_};
    over_budget_ = false;
    const bool watched = deadline.at != Clock::time_point::max() ||
                         deadline.inline_until != Clock::time_point::max();
    if (watched) {
      sqlite3_progress_handler(
          c.handle(), 1000,
          [](void* p) -> int {
            auto* d = static_cast<Deadline*>(p);
            const auto now = Clock::now();
            if (now >= d->at) {
              *d->fired = true;
              return 1;
            }
            if (now >= d->inline_until) {
              *d->over_budget = true;
              return 1;
            }
            return 0;
          },
          &deadline);
    }
    // Functions that wait (pg_sleep) stop at the earlier of the two as well.
    function_context_.deadline = std::min(deadline.at, deadline.inline_until);
    bool ok;
    {
      // now() outside a transaction block is the statement's start time: one value for every
      // row of the statement, as in PostgreSQL.
      const bool autocommit = status_ == TxnStatus::kIdle;
      if (autocommit) {
        function_context_.transaction_start_us =
            std::chrono::duration_cast<std::chrono::microseconds>(
                std::chrono::system_clock::now().time_since_epoch())
                .count();
      }
      ScopedFunctionContext functions(function_context_);
      ok = work(c, out);
      if (autocommit) function_context_.transaction_start_us = 0;
    }
    if (watched) sqlite3_progress_handler(c.handle(), 0, nullptr, nullptr);
    std::lock_guard lk(running_mu_);
    running_ = nullptr;
    if (out.error && out.error->code == sqlstate::kQueryCanceled && !cancel_requested_ &&
        !timed_out_) {
      // A waiting function stopped at the budget (not at the statement's own deadline).
      const auto now = Clock::now();
      if (now >= deadline.inline_until && now < deadline.at) over_budget_ = true;
    }
    if (out.error && out.error->code == sqlstate::kQueryCanceled) {
      // A function that saw the deadline pass reports like SQLite's interrupt does.
      if (Clock::now() >= deadline.at) timed_out_ = true;
      out.error->message = timed_out_ ? "canceling statement due to statement timeout"
                                      : "canceling statement due to user request";
    }
    return ok;
}

std::function<bool(Connection&, ExecOutput&)> EngineSession::interruptible(
    std::function<bool(Connection&, ExecOutput&)> work) {
  return [this, work = std::move(work)](Connection& c, ExecOutput& out) mutable {
    return run_watched(c, out, work);
  };
}

template <class Work>
bool EngineSession::run_inline(Work& work, ExecOutput& out) {
  // Most reads take microseconds: running them here saves the two thread hand-offs of the
  // queue (to a reader and back), which dominate their latency. A read that outlasts the
  // budget is stopped and started afresh on a reader thread, so a long query never holds a
  // network thread for longer than the budget. Starting afresh is safe: a READ COMMITTED
  // statement takes a new snapshot anyway, nothing of the stopped run reached the client,
  // and what a read's functions do to the session (set_config, pg_notify) is idempotent.
  const auto budget = db_->options().read_inline_budget;
  if (budget.count() <= 0) return false;
  inline_until_ = std::chrono::steady_clock::now() + budget;
  const bool ran = db_->run_read_here([&](Connection& c) { run_watched(c, out, work); });
  inline_until_ = std::chrono::steady_clock::time_point::max();
  const bool finished = ran && !over_budget_;
  over_budget_ = false;
  if (finished) finish(out);
  return finished;
}

bool EngineSession::reads_anywhere() const {
  if (status_ == TxnStatus::kIdle) return true;
  return !pinned_ && current_isolation() != IsolationLevel::kRepeatableRead &&
         current_isolation() != IsolationLevel::kSerializable;
}

bool EngineSession::try_execute_inline(const ExecRequest& req, ExecOutput& out) {
  if (req.statement->kind != StatementKind::kRead || status_ == TxnStatus::kFailed ||
      !reads_anywhere()) {
    return false;
  }
  if (status_ != TxnStatus::kIdle) ran_statement_ = true;
  auto work = [&req](Connection& c, ExecOutput& o) { return execute_statement(c, req, o); };
  if (run_inline(work, out)) return true;
  // Stopped at the budget (or no inline connection was free): execute() queues it.
  queue_next_read_ = true;
  return false;
}

void EngineSession::submit_read(std::function<bool(Connection&, ExecOutput&)> work, Callback done) {
  if (!std::exchange(queue_next_read_, false)) {
    ExecOutput out;
    if (run_inline(work, out)) return done(std::move(out));
  }
  auto run = interruptible(std::move(work));
  db_->submit_read([this, work = std::move(run), done = std::move(done)](Connection& c) {
    ExecOutput out;
    // Shared mode with read validation may run the read again (a commit overlapped it); a
    // read's only effect is `out`, so each attempt starts from an empty one.
    auto checked = db_->validated_read(c, [&] {
      out = ExecOutput{};
      work(c, out);
      if (!out.error) return Database::ReadAttempt::kAnswered;
      return out.error->code == sqlstate::kQueryCanceled ? Database::ReadAttempt::kFinal
                                                         : Database::ReadAttempt::kFailed;
    });
    if (!checked) {
      out = ExecOutput{};
      out.error = checked.error();
    }
    finish(out);
    done(std::move(out));
  });
}

void EngineSession::submit_write(WriteMode mode, std::function<bool(Connection&, ExecOutput&)> work,
                                 Callback done) {
  auto job = std::make_shared<WriteJob>();
  auto out = std::make_shared<ExecOutput>();
  job->owner = id_;
  job->mode = mode;
  if (lock_timeout_.count() > 0) job->deadline = std::chrono::steady_clock::now() + lock_timeout_;
  WriteJob* raw = job.get();
  const bool pin = mode == WriteMode::kInTransaction && !pinned_;
  std::string prefix = pin ? savepoint_prefix() : std::string();
  job->run = [this, raw, out, work = interruptible(std::move(work)), prefix](Connection& c) {
    *out = ExecOutput{};
    if (!prefix.empty()) {
      if (auto r = c.exec(prefix.c_str()); !r) {
        out->error = r.error();
        return false;
      }
    }
    bool ok = work(c, *out);
    if (out->new_schema) raw->changed_schema = true;
    return ok;
  };
  job->done = [this, out, mode, done = std::move(done)](const PgError* commit_error) {
    if (commit_error != nullptr && !out->error) {
      out->error = *commit_error;
      out->rows.clear();
      out->row_count = 0;
    }
    if (mode == WriteMode::kInTransaction) {
      pinned_ = !(commit_error != nullptr && commit_error->code == sqlstate::kLockNotAvailable);
      if (out->new_schema) txn_schema_ = out->new_schema;
    }
    finish(*out);
    done(std::move(*out));
  };
  db_->submit_write(std::move(job));
}

void EngineSession::run_write(std::function<bool(Connection&, ExecOutput&)> work, Callback done) {
  if (status_ == TxnStatus::kIdle) return submit_write(WriteMode::kAutocommit, std::move(work), std::move(done));
  if (current_read_only()) {
    ExecOutput out;
    out.error = PgError(sqlstate::kReadOnlySqlTransaction,
                        "cannot execute statement in a read-only transaction");
    finish(out);
    return done(std::move(out));
  }
  submit_write(WriteMode::kInTransaction, std::move(work), std::move(done));
}

void EngineSession::run_read(std::function<bool(Connection&, ExecOutput&)> work, Callback done) {
  const bool serial = current_isolation() == IsolationLevel::kRepeatableRead ||
                      current_isolation() == IsolationLevel::kSerializable;
  if (status_ != TxnStatus::kIdle && !pinned_ && serial && current_read_only() &&
      db_->options().connection.journal == JournalMode::kWal) {
    // One snapshot for the whole transaction, as PostgreSQL's REPEATABLE READ: WAL gives a
    // reader a consistent view from its first read until its transaction ends, and such a
    // reader never blocks the writer. (A rollback journal would: shared mode stays serial.)
    auto wrapped = interruptible(std::move(work));
    db_->submit_read([this, wrapped = std::move(wrapped), done = std::move(done)](Connection&) {
      ExecOutput out;
      if (!snapshot_) {
        ConnectionOptions o = db_->options().connection;
        o.read_only = true;
        auto opened = Connection::open(db_->options().path, o);
        if (opened) {
          snapshot_ = std::move(*opened);
          if (auto b = snapshot_->exec("BEGIN"); !b) out.error = b.error();
        } else {
          out.error = opened.error();
        }
      }
      if (!out.error) wrapped(*snapshot_, out);
      finish(out);
      done(std::move(out));
    });
    return;
  }
  if (!reads_anywhere()) {
    return submit_write(WriteMode::kInTransaction, std::move(work), std::move(done));
  }
  submit_read(std::move(work), std::move(done));
}

void EngineSession::execute(std::shared_ptr<ExecRequest> req, Callback done) {
  const TranslatedStatement& st = *req->statement;
  if (status_ == TxnStatus::kFailed && st.kind != StatementKind::kTransaction) {
    ExecOutput out;
    out.error = PgError(sqlstate::kInFailedSqlTransaction,
                        "current transaction is aborted, commands ignored until end of "
                        "transaction block");
    return done(std::move(out));
  }
  if (status_ != TxnStatus::kIdle && st.kind != StatementKind::kTransaction) ran_statement_ = true;
  auto work = [req](Connection& c, ExecOutput& out) {
    bool ok = execute_statement(c, *req, out);
    return ok;
  };
  switch (st.kind) {
    case StatementKind::kTransaction:
      return transaction_command(st.txn, st.command_tag, std::move(done));
    case StatementKind::kRead:
    case StatementKind::kEmpty:
    case StatementKind::kSession:
      return run_read(std::move(work), std::move(done));
    case StatementKind::kDdl: {
      auto ddl = [req, db = db_](Connection& c, ExecOutput& out) {
        bool ok = execute_statement(c, *req, out);
        if (ok) {
          if (auto s = db->load_schema_from(c)) out.new_schema = std::move(*s);
        }
        return ok;
      };
      if (status_ != TxnStatus::kIdle && current_read_only()) break;
      if (status_ == TxnStatus::kIdle) return submit_write(WriteMode::kAutocommit, ddl, std::move(done));
      return submit_write(WriteMode::kInTransaction, ddl, std::move(done));
    }
    case StatementKind::kWrite:
    case StatementKind::kUtility:
    case StatementKind::kCopy:
    case StatementKind::kCursor:  // handled by the session; never reaches the engine
      if (status_ != TxnStatus::kIdle && current_read_only()) break;
      return run_write(std::move(work), std::move(done));
  }
  ExecOutput out;
  out.error = PgError(sqlstate::kReadOnlySqlTransaction,
                      "cannot execute " + st.command_tag + " in a read-only transaction");
  finish(out);
  done(std::move(out));
}

protocol::Result<void> EngineSession::set_transaction(const TxnCommand& o, bool session_defaults,
                                                     std::vector<PgError>& notices) {
  if (session_defaults) {
    if (o.isolation != IsolationLevel::kDefault) default_isolation_ = o.isolation;
    if (o.read_only) default_read_only_ = *o.read_only;
    return {};
  }
  if (status_ == TxnStatus::kIdle) {
    notices.push_back(PgError(protocol::Severity::kWarning, sqlstate::kNoActiveSqlTransaction,
                              "SET TRANSACTION can only be used in transaction blocks"));
    return {};
  }
  if (o.isolation != IsolationLevel::kDefault && o.isolation != current_isolation()) {
    if (ran_statement_ || pinned_) {
      return PgError(sqlstate::kActiveSqlTransaction,
                     "SET TRANSACTION ISOLATION LEVEL must be called before any query");
    }
    isolation_ = o.isolation;
  }
  if (o.read_only) {
    if (!*o.read_only && current_read_only() && ran_statement_) {
      return PgError(sqlstate::kActiveSqlTransaction,
                     "transaction read-write mode must be set before any query");
    }
    read_only_ = o.read_only;
  }
  return {};
}

void EngineSession::transaction_command(const TxnCommand& cmd, const std::string& tag_word,
                                        Callback done) {
  ExecOutput out;
  auto warn = [&](std::string msg) {
    PgError w(protocol::Severity::kWarning, sqlstate::kNoActiveSqlTransaction, std::move(msg));
    out.notices.push_back(std::move(w));
  };
  auto end_transaction = [this] {
    status_ = TxnStatus::kIdle;
    snapshot_.reset();  // ends its read transaction (sqlite3_close rolls it back)
    function_context_.transaction_start_us = 0;
    pinned_ = false;
    isolation_ = IsolationLevel::kDefault;
    read_only_.reset();
    savepoints_.clear();
    txn_schema_.reset();
  };
  switch (cmd.op) {
    case TxnOp::kBegin:
      out.command_tag = tag_word.empty() ? "BEGIN" : tag_word;  // or "START TRANSACTION"
      ran_statement_ = false;
      if (status_ != TxnStatus::kIdle) {
        out.notices.push_back(PgError(protocol::Severity::kWarning,
                                      sqlstate::kActiveSqlTransaction,
                                      "there is already a transaction in progress"));
        return done(std::move(out));
      }
      status_ = TxnStatus::kInBlock;
      // now() is the transaction's start time in PostgreSQL.
      function_context_.transaction_start_us =
          std::chrono::duration_cast<std::chrono::microseconds>(
              std::chrono::system_clock::now().time_since_epoch())
              .count();
      isolation_ = cmd.isolation;
      read_only_ = cmd.read_only;
      return done(std::move(out));
    case TxnOp::kCommit:
    case TxnOp::kRollback: {
      const bool failed = status_ == TxnStatus::kFailed;
      out.command_tag = (cmd.op == TxnOp::kCommit && !failed) ? "COMMIT" : "ROLLBACK";
      if (status_ == TxnStatus::kIdle) {
        warn("there is no transaction in progress");
        return done(std::move(out));
      }
      if (!pinned_) {
        end_transaction();
        return done(std::move(out));
      }
      const bool commit = cmd.op == TxnOp::kCommit && !failed;
      auto tag = out.command_tag;
      submit_write(commit ? WriteMode::kCommit : WriteMode::kRollback,
                   [](Connection&, ExecOutput&) { return true; },
                   [this, tag, end_transaction, done = std::move(done)](ExecOutput&& o) {
                     end_transaction();
                     if (!o.error) o.command_tag = tag;
                     done(std::move(o));
                   });
      return;
    }
    case TxnOp::kSavepoint:
    case TxnOp::kRelease:
    case TxnOp::kRollbackTo: {
      const char* what = cmd.op == TxnOp::kSavepoint ? "SAVEPOINT"
                         : cmd.op == TxnOp::kRelease ? "RELEASE"
                                                     : "ROLLBACK";
      out.command_tag = what;
      if (status_ == TxnStatus::kIdle) {
        out.error = PgError(sqlstate::kNoActiveSqlTransaction,
                            std::string(what) + " can only be used in transaction blocks");
        return done(std::move(out));
      }
      if (cmd.op != TxnOp::kSavepoint) {
        auto it = std::find(savepoints_.rbegin(), savepoints_.rend(), cmd.savepoint);
        if (it == savepoints_.rend()) {
          out.error = PgError(sqlstate::kInvalidSavepointSpecification,
                              "savepoint \"" + cmd.savepoint + "\" does not exist");
          if (status_ == TxnStatus::kInBlock) status_ = TxnStatus::kFailed;
          return done(std::move(out));
        }
        if (status_ == TxnStatus::kFailed && cmd.op == TxnOp::kRelease) {
          out.error = PgError(sqlstate::kInFailedSqlTransaction,
                              "current transaction is aborted, commands ignored until end of "
                              "transaction block");
          return done(std::move(out));
        }
        // Keep the named savepoint for ROLLBACK TO, drop it for RELEASE, and those above.
        size_t keep = savepoints_.size() - (it - savepoints_.rbegin()) -
                      (cmd.op == TxnOp::kRelease ? 1 : 0);
        savepoints_.resize(keep);
      } else {
        if (status_ == TxnStatus::kFailed) {
          out.error = PgError(sqlstate::kInFailedSqlTransaction,
                              "current transaction is aborted, commands ignored until end of "
                              "transaction block");
          return done(std::move(out));
        }
        savepoints_.push_back(cmd.savepoint);
      }
      if (cmd.op == TxnOp::kRollbackTo) status_ = TxnStatus::kInBlock;
      if (!pinned_) return done(std::move(out));
      std::string sql = cmd.op == TxnOp::kSavepoint ? "SAVEPOINT "
                        : cmd.op == TxnOp::kRelease ? "RELEASE "
                                                    : "ROLLBACK TO ";
      sql += quote_identifier(cmd.savepoint);
      auto tag = out.command_tag;
      submit_write(WriteMode::kInTransaction,
                   [sql, tag](Connection& c, ExecOutput& o) {
                     o.command_tag = tag;
                     if (auto r = c.exec(sql.c_str()); !r) {
                       o.error = r.error();
                       return false;
                     }
                     return true;
                   },
                   std::move(done));
      return;
    }
    case TxnOp::kPrepare:
      out.error = protocol::feature_not_supported("PREPARE TRANSACTION");
      finish(out);
      return done(std::move(out));
  }
}

}  // namespace litewire::sqlite
