// Shared mode of Database: the lease, the fence table and cache revalidation. See
// sqlite/README.md "Shared mode" for the reasoning; the writer loop itself is database.cpp.

#include <fcntl.h>
#include <sys/stat.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <thread>

#include "sqlite/engine/database.h"
#include "sqlite/engine/log.h"
#include "sqlite/schema.h"

namespace litewire::sqlite {

using protocol::PgError;
namespace sqlstate = protocol::sqlstate;
using Clock = std::chrono::steady_clock;

namespace {

std::string fence_table() { return "\"" + std::string(kFenceTable) + "\""; }

// The first column of the first row of `sql`, or `fallback` when there is no row.
protocol::Result<int64_t> query_int(Connection& c, const std::string& sql, int64_t fallback) {
  LITEWIRE_TRY_ASSIGN(st, c.prepare(sql));
  int rc = sqlite3_step(st);
  int64_t v = fallback;
  if (rc == SQLITE_ROW) {
    v = sqlite3_column_int64(st, 0);
    rc = sqlite3_step(st);
  }
  if (rc != SQLITE_DONE) {
    PgError e = c.last_error();
    sqlite3_reset(st);
    return e;
  }
  sqlite3_reset(st);
  return v;
}

bool is_readonly_rollback(Connection& c) {
  return sqlite3_extended_errcode(c.handle()) == SQLITE_READONLY_ROLLBACK;
}

}  // namespace

protocol::Result<void> Database::start_shared() {
  header_fd_ = ::open(options_.path.c_str(), O_RDONLY | O_CLOEXEC);
  journal_path_ = options_.path + "-journal";
  ConnectionOptions ro = options_.connection;
  ro.read_only = true;
  LITEWIRE_TRY_ASSIGN(sc, Connection::open(options_.path, ro));
  schema_conn_ = std::move(sc);
  // Dirty pages stay in the writer's cache until COMMIT: the database file is only written
  // during a commit, never mid-transaction. A holder that loses its lease mid-transaction then
  // rolls back its cache alone and never writes old pages over a newer holder's commits.
  (void)writer_->exec("PRAGMA cache_spill = OFF");
  // Last line of defence: SQLite asks this hook right before it writes a commit; without a
  // valid lease the COMMIT becomes a ROLLBACK (SQLITE_CONSTRAINT_COMMITHOOK).
  sqlite3_commit_hook(writer_->handle(), &Database::commit_hook, this);
  options_.lease->on_lost([this] {
    {
      std::lock_guard lk(write_mu_);
      lost_reason_ = "the write lease was lost (heartbeat failed or its margin ran out)";
    }
    lease_lost_.store(true);
    write_cv_.notify_all();
  });
  setup_pending_ = true;
  // Read the schema without the lease first: reads must work while DynamoDB is unreachable.
  // A read-only connection never rolls back a hot journal (SQLITE_READONLY_ROLLBACK), so
  // nothing is written here.
  auto schema = load_schema(readers_.front()->handle());
  bool has_fence = false;
  if (schema) {
    auto n = query_int(*readers_.front(),
                       "SELECT count(*) FROM sqlite_schema WHERE name = '" + std::string(kFenceTable) + "'", 0);
    has_fence = n && *n > 0;
  }
  // With read validation every page a reader caches must come from a validated read; these
  // were read without one.
  if (validating()) sqlite3_db_release_memory(readers_.front()->handle());
  if (schema && has_fence) {
    schema_ = std::move(*schema);
    return {};
  }
  // A new file, a file litewire never set up, or a hot journal: set it up (recovering the
  // journal) under the lease, now.
  auto r = ensure_transaction(Clock::now() + options_.acquire_timeout);
  if (r) r = commit();
  if (!r) {
    if (in_transaction_) (void)writer_->exec("ROLLBACK");
    in_transaction_ = false;
    if (!schema) return r.error();
    engine_logger()->warn("database {}: could not set up shared mode yet ({}); the first write will", name_,
                   r.error().message);
    schema_ = std::move(*schema);
    return {};
  }
  in_transaction_ = false;
  options_.lease->touch();
  LITEWIRE_TRY_ASSIGN(loaded, load_schema(writer_->handle()));
  schema_ = std::move(loaded);
  return {};
}

bool Database::lease_ok() const {
  return lease_held_ && !lease_lost_.load() && options_.lease->valid();
}

int Database::commit_hook(void* self) {
  auto* db = static_cast<Database*>(self);
  return db->shared() && !db->lease_ok() ? 1 : 0;
}

PgError Database::lease_lost_error(std::string reason) const {
  PgError e(sqlstate::kLockNotAvailable,
            "could not write to database \"" + name_ + "\": " + std::move(reason));
  e.hint = "The transaction was rolled back; retry it.";
  return e;
}

protocol::Result<void> Database::ensure_lease(Clock::time_point deadline) {
  if (!shared() || lease_ok()) return {};
  lease_held_ = false;
  lease_lost_.store(false);
  auto until = std::min(deadline, Clock::now() + options_.acquire_timeout);
  auto fence = options_.lease->acquire(until);
  if (!fence) {
    PgError e = fence.error();
    // Contention and an unreachable or slow DynamoDB are both "not now": 55P03, retryable.
    // Configuration errors (credentials, missing table) keep their own SQLSTATE.
    if (e.code == sqlstate::kLockNotAvailable || e.code == sqlstate::kConnectionFailure) {
      PgError busy(sqlstate::kLockNotAvailable,
                   "could not obtain the write lease of database \"" + name_ + "\"");
      busy.detail = e.message + "; holder: " + options_.lease->describe_holder();
      return busy;
    }
    return e;
  }
  fence_ = *fence;
  lease_held_ = true;
  stats_.lease_acquisitions.fetch_add(1, std::memory_order_relaxed);
  return {};
}

protocol::Result<void> Database::begin_shared() {
  if (setup_pending_) {
    LITEWIRE_TRY(ensure_metadata(writer_->handle()));
    std::string create = "CREATE TABLE IF NOT EXISTS " + fence_table() +
                         " (id INTEGER PRIMARY KEY CHECK (id = 1), fence INTEGER NOT NULL)";
    LITEWIRE_TRY(writer_->exec(create.c_str()));
    setup_pending_ = false;
  }
  auto stored = query_int(*writer_, "SELECT fence FROM " + fence_table() + " WHERE id = 1", 0);
  if (!stored) {
    setup_pending_ = true;  // e.g. the setup transaction was rolled back
    return stored.error();
  }
  if (static_cast<uint64_t>(*stored) > fence_) {
    // Another instance was granted the lease after us and wrote: we were superseded.
    stats_.lease_losses.fetch_add(1, std::memory_order_relaxed);
    engine_logger()->warn("database {}: superseded (fence {} in the file, ours {}); re-acquiring", name_,
                   *stored, fence_);
    PgError e = lease_lost_error("this instance was superseded by a newer lease holder (fence " +
                                 std::to_string(*stored) + " > " + std::to_string(fence_) + ")");
    lease_held_ = false;
    options_.lease->release();
    return e;
  }
  if (static_cast<uint64_t>(*stored) < fence_) {
    std::string record = "INSERT OR REPLACE INTO " + fence_table() + " (id, fence) VALUES (1, " +
                         std::to_string(fence_) + ")";
    LITEWIRE_TRY(writer_->exec(record.c_str()));
  }
  // Another instance may have changed the schema since our snapshot.
  LITEWIRE_TRY_ASSIGN(version, query_int(*writer_, "PRAGMA schema_version", 0));
  reload_schema_if_newer(*writer_, version);
  return {};
}

protocol::Result<void> Database::commit() {
  if (shared() && !lease_ok()) {
    std::string reason;
    {
      std::lock_guard lk(write_mu_);
      reason = lease_lost_.load() && !lost_reason_.empty() ? lost_reason_
                                                           : "the write lease expired before COMMIT";
    }
    lease_held_ = false;
    stats_.lease_losses.fetch_add(1, std::memory_order_relaxed);
    return lease_lost_error(reason);
  }
  if (shared() && batch_changed_schema_) {
    // Schema changes that only touch litewire's metadata rows (ALTER TYPE ... ADD VALUE) do not
    // move SQLite's schema cookie; bump it so that other instances reload their snapshot.
    auto v = query_int(*writer_, "PRAGMA schema_version", 0);
    if (v) (void)writer_->exec(("PRAGMA schema_version = " + std::to_string(*v + 1)).c_str());
  }
  auto c = writer_->exec(Connection::Fixed::kCommit);
  if (!c && sqlite3_extended_errcode(writer_->handle()) == SQLITE_CONSTRAINT_COMMITHOOK) {
    lease_held_ = false;
    stats_.lease_losses.fetch_add(1, std::memory_order_relaxed);
    return lease_lost_error("the write lease expired before COMMIT");
  }
  if (c && shared() && options_.lease->others_waiting()) {
    // Fairness: another instance waits for the sticky lease. Between two transactions
    // (nothing open, this commit durable) hand it over; our next write queues behind it.
    options_.lease->yield();
    lease_held_ = false;
    stats_.lease_yields.fetch_add(1, std::memory_order_relaxed);
  }
  return c;
}

void Database::check_lease() {
  if (lease_held_ && (lease_lost_.load() || !options_.lease->valid())) {
    std::string reason;
    {
      std::lock_guard lk(write_mu_);
      reason = lease_lost_.load() && !lost_reason_.empty() ? lost_reason_ : "the write lease expired";
    }
    if (in_transaction_ || pinned_ != 0) {
      lose_lease(lease_lost_error(reason));
    } else {
      // Nothing written under it (an idle release, or lost between batches): the next batch
      // simply acquires again.
      lease_held_ = false;
      lease_lost_.store(false);
    }
  } else if (!lease_held_) {
    lease_lost_.store(false);
  }
}

void Database::lose_lease(const PgError& why) {
  stats_.lease_losses.fetch_add(1, std::memory_order_relaxed);
  engine_logger()->warn("database {}: {}; rolling back and re-acquiring", name_, why.message);
  if (in_transaction_) {
    (void)writer_->exec("ROLLBACK");
    in_transaction_ = false;
    if (batch_changed_schema_) {
      batch_changed_schema_ = false;
      if (auto s = load_schema(writer_->handle())) publish_schema(std::move(*s));
    }
  }
  auto jobs = std::move(pending_);
  pending_.clear();
  for (auto& j : jobs) j->done(&why);
  if (pinned_ != 0) {
    // The pinned transaction is gone. Its queued jobs fail now; if none is queued, its next
    // one will (broken_owners_).
    std::vector<std::shared_ptr<WriteJob>> owned;
    {
      std::lock_guard lk(write_mu_);
      for (auto it = write_queue_.begin(); it != write_queue_.end();) {
        if ((*it)->owner == pinned_) {
          owned.push_back(std::move(*it));
          it = write_queue_.erase(it);
        } else {
          ++it;
        }
      }
    }
    if (owned.empty()) {
      broken_owners_.push_back(pinned_);
    } else {
      for (auto& j : owned) {
        if (j->mode == WriteMode::kRollback) {
          j->done(nullptr);
        } else {
          j->done(&why);
        }
      }
    }
    pinned_ = 0;
  }
  lease_held_ = false;
  lease_lost_.store(false);
  options_.lease->release();
}

void Database::fail_queued(const PgError& e) {
  std::vector<std::shared_ptr<WriteJob>> failed;
  {
    std::lock_guard lk(write_mu_);
    for (auto it = write_queue_.begin(); it != write_queue_.end();) {
      auto mode = (*it)->mode;
      if (mode == WriteMode::kAutocommit || mode == WriteMode::kNoTransaction ||
          (mode == WriteMode::kInTransaction && (*it)->owner != pinned_)) {
        failed.push_back(std::move(*it));
        it = write_queue_.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (auto& j : failed) j->done(&e);
}

std::chrono::milliseconds Database::read_wait() const {
  return std::max(options_.acquire_timeout, std::chrono::milliseconds(1000));
}

void Database::request_recovery() {
  if (recovery_queued_.exchange(true)) return;
  auto job = std::make_shared<WriteJob>();
  job->mode = WriteMode::kAutocommit;
  job->run = [](Connection&) { return true; };
  job->done = [this](const PgError*) { recovery_queued_.store(false); };
  submit_write(std::move(job));
}

bool Database::before_read(Connection& c) {
  // With locks that cannot be trusted, a read-only connection cannot tell a journal being
  // written by a live holder from a hot journal left by a crashed one: it refuses to read
  // (SQLITE_READONLY_ROLLBACK) rather than roll back. Wait for the commit to finish; if the
  // journal stays, ask our writer to recover it under the lease (only a lease holder may).
  // Past read_wait() the read fails with 55P03.
  const auto start = Clock::now();
  const auto limit = start + read_wait();
  std::chrono::microseconds pause(200);
  for (;;) {
    auto version = query_int(c, "PRAGMA schema_version", 0);
    if (version) {
      reload_schema_if_newer(c, *version);
      return true;
    }
    if (!is_readonly_rollback(c)) return true;  // another failure: the read reports it
    if (Clock::now() >= limit) return false;
    if (Clock::now() - start > std::chrono::milliseconds(200)) request_recovery();
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::microseconds(20000));
  }
}

Database::FileMark Database::file_mark() const {
  // The file change counter: 4 bytes big-endian at offset 24 of the header, incremented by
  // every commit in rollback-journal mode (fileformat2.html "File change counter").
  FileMark m;
  unsigned char b[4];
  if (::pread(header_fd_, b, 4, 24) != 4) return m;
  m.change_counter = (uint32_t{b[0]} << 24) | (uint32_t{b[1]} << 16) | (uint32_t{b[2]} << 8) | uint32_t{b[3]};
  struct stat st {};
  m.busy = ::stat(journal_path_.c_str(), &st) == 0 && st.st_size > 0;
  return m;
}

protocol::Result<void> Database::validated_read(Connection& c,
                                               const std::function<ReadAttempt()>& attempt) {
  if (!shared()) {
    attempt();
    return {};
  }
  if (!validating()) {
    const auto limit = Clock::now() + read_wait();
    std::chrono::microseconds pause(200);
    for (;;) {
      if (!before_read(c)) return c.last_error();  // 55P03 (errors.cpp)
      // A commit that began between the probe and the statement makes SQLite refuse the read
      // (a journal appeared): a failed read that a commit overlapped runs again once it ended.
      const FileMark before = file_mark();
      if (attempt() != ReadAttempt::kFailed || undisturbed(before, file_mark()) ||
          Clock::now() >= limit) {
        return {};
      }
      sqlite3_db_release_memory(c.handle());  // pages it cached may be torn (see below)
      std::this_thread::sleep_for(pause);
      pause = std::min(pause * 2, std::chrono::microseconds(20000));
    }
  }
  // The invariant and why it excludes torn reads: sqlite/README.md "Read validation".
  const auto start = Clock::now();
  const auto limit = start + read_wait();
  std::chrono::microseconds pause(100);
  for (;;) {
    const FileMark before = file_mark();
    if (!before.busy && before_read(c)) {
      const bool final = attempt() == ReadAttempt::kFinal;
      const FileMark after = file_mark();
      if (final || undisturbed(before, after)) return {};
      // Pages read while the commit wrote may sit in the cache under the new counter, where
      // SQLite would trust them: drop every cached page before reading again.
      sqlite3_db_release_memory(c.handle());
      stats_.read_retries.fetch_add(1, std::memory_order_relaxed);
    } else if (Clock::now() - start > std::chrono::milliseconds(200)) {
      request_recovery();
    }
    if (Clock::now() >= limit) {
      PgError e(sqlstate::kLockNotAvailable,
                "could not read database \"" + name_ +
                    "\" consistently: commits of other instances overlapped every attempt");
      e.hint = "Retry the statement.";
      return e;
    }
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::microseconds(20000));
  }
}

}  // namespace litewire::sqlite
