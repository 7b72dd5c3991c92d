#pragma once
// Database: one open SQLite file as litewire serves it. One writer thread owns the only
// writable connection; a pool of reader threads owns read-only connections. Sessions hand
// work over as jobs; a job's callback runs on the engine thread that ran it, and the caller
// moves the result back to its own executor. Nothing here blocks a caller's thread except
// open() and the destructor.
//
// Writes: autocommit jobs are grouped: BEGIN IMMEDIATE, each job inside its own SAVEPOINT (a
// failing job rolls back alone), one COMMIT, then every job's callback (group commit: no
// reply before the commit is durable). A session in an explicit transaction that needs the
// writer pins it: the writer then runs only that session's jobs until its COMMIT/ROLLBACK.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "protocol/pg_error.h"
#include "sqlite/engine/connection.h"
#include "sqlite/engine/shared.h"
#include "sqlite/schema.h"
#include "sqlite/translate/plan.h"

namespace litewire::sqlite {

struct DatabaseOptions {
  std::string path;           // the SQLite file
  ConnectionOptions connection;
  int readers = 4;            // reader threads (and connections)
  // Local mode: connections for reads run on the caller's thread (run_read_here), one per
  // network thread, and how long such a read may run there before it is stopped and handed
  // to a reader thread instead. 0 connections or a zero budget: every read is queued.
  int inline_readers = 0;
  std::chrono::microseconds read_inline_budget{0};
  size_t max_batch = 256;     // autocommit jobs per group commit, at most
  bool exclusive_lock_file = true;  // local mode: flock <path>.litewire-lock
  // Shared mode (several processes on one file; sqlite/README.md "Shared mode"): every write
  // transaction runs under this lease and the fence table. Null in local mode.
  std::shared_ptr<WriteLease> lease;
  // Longest wait for the lease before a batch (a job's lock_timeout may shorten it).
  std::chrono::milliseconds acquire_timeout{5000};
  // Shared mode on storage whose locks cannot be trusted: a read is answered only if no commit
  // overlapped it, else run again (sqlite/README.md "Read validation"). Off by default.
  bool read_validation = false;
};

enum class WriteMode {
  kAutocommit,     // own SAVEPOINT inside the current batch; callback after the batch commits
  kInTransaction,  // pins the writer to the owner; callback right after the job ran
  kCommit,         // owner's COMMIT (the owner must hold the writer); callback after COMMIT
  kRollback,       // owner's ROLLBACK; callback right after
  kNoTransaction,  // outside any transaction (VACUUM): the batch commits first
};

struct WriteJob {
  uint64_t owner = 0;
  WriteMode mode = WriteMode::kAutocommit;
  // Runs on the writer thread. Returns false when it failed (its effects are rolled back).
  // May run twice: when a batch's COMMIT fails on a deferred constraint, every job of the
  // batch is replayed alone; so it must reset whatever it reports before running.
  std::function<bool(Connection&)> run;
  // Called on the writer thread once the outcome is final. `commit_error` is non-null when the
  // job ran but its transaction could not commit (or the writer was not obtained in time).
  std::function<void(const protocol::PgError* commit_error)> done;
  // Waiting for the writer beyond this point fails the job with 55P03 (lock_timeout).
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
  // Set by run() when it changed the schema, so the writer publishes a fresh snapshot.
  bool changed_schema = false;
};

class Database {
 public:
  static protocol::Result<std::shared_ptr<Database>> open(std::string name, DatabaseOptions options);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  const std::string& name() const { return name_; }
  const DatabaseOptions& options() const { return options_; }

  // Runs job on a reader thread with that thread's read-only connection.
  void submit_read(std::function<void(Connection&)> job);
  // Runs `job` now, on the calling thread, with one of the inline_readers connections, if one
  // is free and this is local mode; returns false without running it otherwise. The caller
  // bounds the job's time (EngineSession stops it after read_inline_budget).
  template <class Job>
  bool run_read_here(Job&& job) {
    Connection* conn = take_inline_reader();
    if (conn == nullptr) return false;
    struct GiveBack {
      Database* db;
      Connection* conn;
      ~GiveBack() { db->give_back_inline_reader(conn); }
    } give_back{this, conn};
    job(*conn);
    return true;
  }
  // Queues a job for the writer.
  void submit_write(std::shared_ptr<WriteJob> job);
  // The owner disconnected: roll back its transaction if it holds the writer, drop its jobs.
  void abandon(uint64_t owner);

  // The current committed schema (immutable snapshot). In shared mode it first compares the
  // schema cookie in the file header with the snapshot's version and reloads the snapshot when
  // another instance changed the schema (a 4-byte pread; the reload, rare, reads SQLite on the
  // caller's thread through a dedicated read-only connection).
  SchemaPtr schema() const;

  // Commits or rolls back what the writer holds, stops the threads and releases the lease.
  // Idempotent; the destructor calls it. Jobs submitted afterwards are never answered.
  void shutdown();

  // Translation cache, shared by all sessions of this database; keyed by SQL text and the
  // parameter types given in Parse, invalidated by schema version.
  protocol::Result<PlanPtr> translate(const std::string& sql, const std::vector<int32_t>& param_types,
                                      const SchemaPtr& schema);

  // Runs `attempt`, a read on reader connection `c` (called on that reader's thread). In shared
  // mode it first waits out another instance's commit (55P03 when that takes too long) and
  // follows its schema changes; a read that failed because a commit began under it (a journal
  // appeared) runs again; with read validation `attempt` runs again, up to a bounded wait,
  // until no commit overlapped it, then 55P03.
  enum class ReadAttempt {
    kAnswered,  // ran without error
    kFailed,    // ran with an error (may be the file changing under it)
    kFinal,     // canceled: the outcome stands as it is
  };
  protocol::Result<void> validated_read(Connection& c, const std::function<ReadAttempt()>& attempt);

  // Called on the writer thread: reload the schema from the writer connection.
  protocol::Result<SchemaPtr> load_schema_from(Connection& c);

  struct Stats {
    std::atomic<uint64_t> commits{0};
    std::atomic<uint64_t> batched_jobs{0};
    std::atomic<uint64_t> reads{0};
    std::atomic<uint64_t> lease_acquisitions{0};
    std::atomic<uint64_t> lease_losses{0};
    std::atomic<uint64_t> lease_yields{0};    // handed over to a waiting instance
    std::atomic<uint64_t> schema_reloads{0};  // shared mode: another instance changed it
    std::atomic<uint64_t> read_retries{0};    // read validation: reads a commit overlapped
  };
  const Stats& stats() const { return stats_; }

 private:
  Database(std::string name, DatabaseOptions options);
  protocol::Result<void> start();
  void writer_main();
  // run_read_here: an idle inline connection (schema change noticed), or null; and its return.
  Connection* take_inline_reader();
  void give_back_inline_reader(Connection* conn);
  void reader_main(size_t index);
  void run_write_job(std::shared_ptr<WriteJob> job);
  void commit_batch();
  protocol::Result<void> ensure_transaction(std::chrono::steady_clock::time_point deadline);
  void publish_schema(SchemaPtr s);
  // Reader thread, local mode: reloads the schema when another program changed it.
  void notice_outside_schema_change(Connection& c);
  // Local mode, around every read job: BEGIN and the schema check; the job's COMMIT.
  void begin_read_job(Connection& c);
  void end_read_job(Connection& c);
  // Writer thread: after a COMMIT, publish a fresh snapshot if the batch changed the schema.
  void publish_schema_if_changed();
  // Writer thread: ROLLBACK the open transaction and republish the committed schema.
  void rollback_transaction();

  // Shared mode (no-ops in local mode). All on the writer thread.
  bool shared() const { return options_.lease != nullptr; }
  protocol::Result<void> ensure_lease(std::chrono::steady_clock::time_point deadline);
  protocol::Result<void> start_shared();
  protocol::Result<void> begin_shared();  // inside BEGIN IMMEDIATE: setup, fence, schema
  protocol::Result<void> commit();        // COMMIT, refused without a valid lease
  bool lease_ok() const;
  void check_lease();                     // lost or expired: lose_lease()
  void lose_lease(const protocol::PgError& why);
  void fail_queued(const protocol::PgError& e);
  protocol::PgError lease_lost_error(std::string reason) const;
  static int commit_hook(void* self);
  // Readers in shared mode: wait out another instance's commit, follow its schema changes.
  // False when the file stayed refused (a journal in the way) past read_wait().
  bool before_read(Connection& c);
  bool validating() const { return shared() && options_.read_validation && header_fd_ >= 0; }
  // What a reader can learn of commits without locks: the header's file change counter and
  // whether a non-empty rollback journal exists (a commit writing, or a crashed one's).
  struct FileMark {
    uint32_t change_counter = 0;
    bool busy = true;  // journal present, or the header could not be read
  };
  FileMark file_mark() const;
  // Two marks between which no commit can have written to the file.
  static bool undisturbed(const FileMark& before, const FileMark& after) {
    return !before.busy && !after.busy && before.change_counter == after.change_counter;
  }
  // A reader found a journal for a while: let our writer recover it under the lease.
  void request_recovery();
  std::chrono::milliseconds read_wait() const;
  void reload_schema_if_newer(Connection& c, int64_t version);
  int64_t header_schema_cookie() const;

  std::string name_;
  DatabaseOptions options_;
  int lock_fd_ = -1;

  // Writer state: the queue is guarded by write_mu_; the rest is touched by the writer only.
  std::mutex write_mu_;
  std::condition_variable write_cv_;
  std::deque<std::shared_ptr<WriteJob>> write_queue_;
  std::vector<uint64_t> abandoned_;
  bool stopping_ = false;
  std::unique_ptr<Connection> writer_;
  std::thread writer_thread_;
  bool in_transaction_ = false;
  uint64_t pinned_ = 0;   // owner holding the writer, 0 = none
  std::vector<std::shared_ptr<WriteJob>> pending_;  // ran, waiting for the batch COMMIT
  // Group commit: the owners the last batch COMMIT answered, and how long that COMMIT took.
  // Their clients usually send their next write at once; a batch whose queue ran dry waits a
  // little for them (at most half a COMMIT) rather than commit without them.
  std::vector<uint64_t> answered_owners_;
  std::chrono::steady_clock::duration last_commit_time_{};
  std::chrono::steady_clock::time_point batch_wait_until_ =
      std::chrono::steady_clock::time_point::min();
  // Writer thread, the queue empty and a batch open: the point until which to wait for more
  // jobs, or nothing when the batch should commit now.
  std::optional<std::chrono::steady_clock::time_point> batch_wait_deadline();
  bool batch_changed_schema_ = false;
  bool shut_down_ = false;

  // Shared mode, writer thread only (except lease_lost_, set by the lease's thread).
  bool lease_held_ = false;      // acquired and not known lost
  uint64_t fence_ = 0;           // token of our current grant
  bool setup_pending_ = false;   // metadata and fence table not yet ensured under the lease
  std::atomic<bool> lease_lost_{false};
  std::string lost_reason_;      // guarded by write_mu_
  std::vector<uint64_t> broken_owners_;  // their pinned transaction was rolled back by a loss
  std::atomic<bool> recovery_queued_{false};
  int header_fd_ = -1;           // read-only fd of the database file (schema cookie)
  std::string journal_path_;     // <path>-journal
  mutable std::mutex schema_load_mu_;
  std::unique_ptr<Connection> schema_conn_;  // guarded by schema_load_mu_

  // Readers.
  std::mutex read_mu_;
  std::condition_variable read_cv_;
  std::deque<std::function<void(Connection&)>> read_queue_;
  bool readers_stopping_ = false;
  std::vector<std::unique_ptr<Connection>> readers_;
  std::mutex inline_mu_;
  std::condition_variable inline_cv_;
  std::vector<std::unique_ptr<Connection>> inline_idle_;  // guarded by inline_mu_
  int inline_busy_ = 0;                                   // guarded by inline_mu_
  bool inline_stopping_ = false;                          // guarded by inline_mu_
  std::vector<std::thread> reader_threads_;

  mutable std::mutex schema_mu_;
  SchemaPtr schema_;

  struct CacheEntry {
    PlanPtr plan;
    int64_t schema_version;
  };
  std::mutex cache_mu_;
  std::unordered_map<std::string, CacheEntry> cache_;

  Stats stats_;
};

}  // namespace litewire::sqlite
