#include "sqlite/engine/database.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

#include "sqlite/engine/log.h"
#include "sqlite/translate/translator.h"

namespace litewire::sqlite {

using protocol::PgError;
namespace sqlstate = protocol::sqlstate;
using Clock = std::chrono::steady_clock;

std::shared_ptr<spdlog::logger> engine_logger() {
  static auto l = [] {
    auto existing = spdlog::get("engine");
    return existing ? existing : spdlog::default_logger()->clone("engine");
  }();
  return l;
}

Database::Database(std::string name, DatabaseOptions options)
    : name_(std::move(name)), options_(std::move(options)) {}

protocol::Result<std::shared_ptr<Database>> Database::open(std::string name,
                                                            DatabaseOptions options) {
  std::shared_ptr<Database> db(new Database(std::move(name), std::move(options)));
  LITEWIRE_TRY(db->start());
  return db;
}

protocol::Result<void> Database::start() {
  if (options_.exclusive_lock_file) {
    // Local mode: one litewire process per file. The lock file sits beside the database so
    // that SQLite's own locks on the database file are left alone.
    std::string lock_path = options_.path + ".litewire-lock";
    lock_fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (lock_fd_ < 0) {
      return PgError(sqlstate::kIoError, "could not open lock file \"" + lock_path +
                                             "\": " + std::strerror(errno));
    }
    if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
      ::close(lock_fd_);
      lock_fd_ = -1;
      return PgError(sqlstate::kLockNotAvailable,
                     "database file \"" + options_.path +
                         "\" is in use by another litewire process")
          .with_hint("Stop the other process, or use --mode shared to share one file between instances.");
    }
  }
  ConnectionOptions wo = options_.connection;
  wo.read_only = false;
  LITEWIRE_TRY_ASSIGN(writer, Connection::open(options_.path, wo));
  writer_ = std::move(writer);
  // Readers open after the writer created the file and chose its journal mode. They are
  // opened here, on the caller's thread, so that a failure fails open(); afterwards each is
  // used by its own thread only.
  ConnectionOptions ro = options_.connection;
  ro.read_only = true;
  for (int i = 0; i < std::max(1, options_.readers); ++i) {
    LITEWIRE_TRY_ASSIGN(reader, Connection::open(options_.path, ro));
    readers_.push_back(std::move(reader));
  }
  if (!shared() && options_.read_inline_budget.count() > 0) {
    for (int i = 0; i < options_.inline_readers; ++i) {
      LITEWIRE_TRY_ASSIGN(reader, Connection::open(options_.path, ro));
      inline_idle_.push_back(std::move(reader));
    }
  }
  if (!shared()) {
    LITEWIRE_TRY(ensure_metadata(writer_->handle()));
    LITEWIRE_TRY_ASSIGN(schema, load_schema(writer_->handle()));
    schema_ = std::move(schema);
  } else {
    LITEWIRE_TRY(start_shared());
  }
  writer_thread_ = std::thread([this] { writer_main(); });
  for (size_t i = 0; i < readers_.size(); ++i) {
    reader_threads_.emplace_back([this, i] { reader_main(i); });
  }
  return {};
}

Database::~Database() { shutdown(); }

void Database::shutdown() {
  {
    std::lock_guard lk(write_mu_);
    if (shut_down_) return;
    shut_down_ = true;
    stopping_ = true;
  }
  write_cv_.notify_all();
  {
    std::lock_guard lk(read_mu_);
    readers_stopping_ = true;
  }
  read_cv_.notify_all();
  if (writer_thread_.joinable()) writer_thread_.join();
  for (auto& t : reader_threads_) {
    if (t.joinable()) t.join();
  }
  {
    // A session may still be running a read on its own thread: wait for it to hand back.
    std::unique_lock lk(inline_mu_);
    inline_stopping_ = true;
    inline_cv_.wait(lk, [&] { return inline_busy_ == 0; });
    inline_idle_.clear();
  }
  writer_.reset();
  readers_.clear();
  {
    std::lock_guard lk(schema_load_mu_);
    schema_conn_.reset();
  }
  // The writer committed or rolled back what it held: give the lease back at once, so that
  // another instance need not wait for it to expire.
  if (shared()) {
    options_.lease->on_lost([] {});
    options_.lease->release();
  }
  if (lock_fd_ >= 0) ::close(lock_fd_);
  lock_fd_ = -1;
  if (header_fd_ >= 0) ::close(header_fd_);
  header_fd_ = -1;
}

SchemaPtr Database::schema() const {
  SchemaPtr current;
  {
    std::lock_guard lk(schema_mu_);
    current = schema_;
  }
  if (!shared() || header_fd_ < 0 || !current) return current;
  int64_t cookie = header_schema_cookie();
  if (cookie <= current->version) return current;
  // Another instance changed the schema. Reload through the dedicated connection; if the file
  // is in the middle of a commit (journal present: SQLITE_READONLY_ROLLBACK for a read-only
  // connection) the old snapshot is kept and the next call tries again.
  std::lock_guard load(schema_load_mu_);
  {
    std::lock_guard lk(schema_mu_);
    if (schema_->version >= cookie) return schema_;
  }
  if (!schema_conn_) return current;
  // A commit of another instance in progress (its journal present) makes the load fail for the
  // few milliseconds it lasts. Returning the stale snapshot would let a statement about a table
  // that instance just created fail with 42P01, so retry for a bounded while first.
  auto* self = const_cast<Database*>(this);
  auto read_schema = [&]() -> protocol::Result<SchemaPtr> {
    if (!validating()) return load_schema(schema_conn_->handle());
    // Read validation: a snapshot read while a commit wrote may be torn; read it again.
    FileMark before = file_mark();
    auto s = load_schema(schema_conn_->handle());
    if (undisturbed(before, file_mark())) return s;
    sqlite3_db_release_memory(schema_conn_->handle());
    self->stats_.read_retries.fetch_add(1, std::memory_order_relaxed);
    return PgError(sqlstate::kLockNotAvailable, "a commit overlapped the schema read");
  };
  auto fresh = read_schema();
  for (int attempt = 0; !fresh && attempt < 100; ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    fresh = read_schema();
  }
  if (!fresh) return current;
  self->stats_.schema_reloads.fetch_add(1, std::memory_order_relaxed);
  std::lock_guard lk(schema_mu_);
  if ((*fresh)->version > schema_->version) self->schema_ = *fresh;
  return schema_;
}

int64_t Database::header_schema_cookie() const {
  // The schema cookie: a 4-byte big-endian integer at offset 40 of the database header
  // (fileformat2.html "Schema cookie"), what PRAGMA schema_version returns.
  unsigned char b[4];
  if (::pread(header_fd_, b, 4, 40) != 4) return 0;
  return (int64_t{b[0]} << 24) | (int64_t{b[1]} << 16) | (int64_t{b[2]} << 8) | int64_t{b[3]};
}

void Database::publish_schema_if_changed() {
  if (!batch_changed_schema_) return;
  batch_changed_schema_ = false;
  if (auto s = load_schema(writer_->handle())) publish_schema(std::move(*s));
}

void Database::rollback_transaction() {
  (void)writer_->exec("ROLLBACK");
  in_transaction_ = false;
  // DDL of the rolled-back transaction may have been visible to its own session only; the
  // committed schema is what everyone translates against again.
  publish_schema_if_changed();
}

void Database::publish_schema(SchemaPtr s) {
  std::lock_guard lk(schema_mu_);
  schema_ = std::move(s);
}

void Database::begin_read_job(Connection& c) {
  // One read transaction for the whole job, opened by the schema check: the job's statements
  // run in the snapshot whose schema version was checked, and the file's read lock is taken
  // and released once per job instead of once for the check and once per statement.
  if (auto st = c.prepare(Connection::Fixed::kBegin)) {
    sqlite3_step(*st);
    sqlite3_reset(*st);
  }
  notice_outside_schema_change(c);
}

void Database::end_read_job(Connection& c) {
  if (sqlite3_get_autocommit(c.handle())) return;  // the job's error ended it already
  if (auto st = c.prepare(Connection::Fixed::kCommit)) {
    sqlite3_step(*st);
    sqlite3_reset(*st);
  }
  if (!sqlite3_get_autocommit(c.handle())) (void)c.exec("ROLLBACK");
}

void Database::notice_outside_schema_change(Connection& c) {
  // Local mode: litewire is the only server on the file, but another program (the sqlite3
  // shell) may still change its schema. PRAGMA schema_version is a read of the header page in
  // this connection's own snapshot, the one the job then reads.
  auto st = c.prepare(Connection::Fixed::kSchemaVersion);
  if (!st) return;
  int64_t version = 0;
  if (sqlite3_step(*st) == SQLITE_ROW) version = sqlite3_column_int64(*st, 0);
  sqlite3_reset(*st);
  if (version > 0) reload_schema_if_newer(c, version);
}

void Database::reload_schema_if_newer(Connection& c, int64_t version) {
  if (auto cur = schema(); cur && version <= cur->version) return;
  auto fresh = load_schema(c.handle());
  if (!fresh) return;
  stats_.schema_reloads.fetch_add(1, std::memory_order_relaxed);
  std::lock_guard lk(schema_mu_);
  if (!schema_ || (*fresh)->version > schema_->version) schema_ = std::move(*fresh);
}

protocol::Result<SchemaPtr> Database::load_schema_from(Connection& c) {
  return load_schema(c.handle());
}

protocol::Result<PlanPtr> Database::translate(const std::string& sql,
                                              const std::vector<int32_t>& param_types,
                                              const SchemaPtr& schema) {
  std::string key;
  key.reserve(sql.size() + param_types.size() * 4 + 1);
  for (auto t : param_types) key.append(reinterpret_cast<const char*>(&t), sizeof t);
  key.push_back('\0');
  key += sql;
  {
    std::lock_guard lk(cache_mu_);
    if (auto it = cache_.find(key); it != cache_.end() && it->second.schema_version == schema->version) {
      return it->second.plan;
    }
  }
  TranslateOptions opts;
  opts.param_types = param_types;
  LITEWIRE_TRY_ASSIGN(plan, sqlite::translate(sql, *schema, opts));
  auto ptr = std::make_shared<const Plan>(std::move(plan));
  std::lock_guard lk(cache_mu_);
  if (cache_.size() > 4096) cache_.clear();
  cache_[key] = CacheEntry{ptr, schema->version};
  return PlanPtr(ptr);
}

// --- readers -------------------------------------------------------------------------------

void Database::submit_read(std::function<void(Connection&)> job) {
  {
    std::lock_guard lk(read_mu_);
    read_queue_.push_back(std::move(job));
  }
  read_cv_.notify_one();
}

Connection* Database::take_inline_reader() {
  std::unique_ptr<Connection> conn;
  {
    std::lock_guard lk(inline_mu_);
    if (inline_stopping_ || inline_idle_.empty()) return nullptr;
    conn = std::move(inline_idle_.back());
    inline_idle_.pop_back();
    ++inline_busy_;
  }
  stats_.reads.fetch_add(1, std::memory_order_relaxed);
  begin_read_job(*conn);
  return conn.release();
}

void Database::give_back_inline_reader(Connection* conn) {
  end_read_job(*conn);
  {
    std::lock_guard lk(inline_mu_);
    inline_idle_.emplace_back(conn);
    --inline_busy_;
  }
  inline_cv_.notify_all();
}

void Database::reader_main(size_t index) {
  Connection& conn = *readers_[index];
  for (;;) {
    std::function<void(Connection&)> job;
    {
      std::unique_lock lk(read_mu_);
      read_cv_.wait(lk, [&] { return !read_queue_.empty() || readers_stopping_; });
      if (read_queue_.empty()) return;
      job = std::move(read_queue_.front());
      read_queue_.pop_front();
    }
    stats_.reads.fetch_add(1, std::memory_order_relaxed);
    // Shared mode: the job waits out other instances' commits itself (validated_read), so
    // that it can fail with 55P03 or run again.
    if (shared()) {
      job(conn);
      continue;
    }
    begin_read_job(conn);
    job(conn);
    end_read_job(conn);
  }
}

// --- writer --------------------------------------------------------------------------------

void Database::submit_write(std::shared_ptr<WriteJob> job) {
  {
    std::lock_guard lk(write_mu_);
    write_queue_.push_back(std::move(job));
  }
  write_cv_.notify_one();
}

void Database::abandon(uint64_t owner) {
  {
    std::lock_guard lk(write_mu_);
    abandoned_.push_back(owner);
  }
  write_cv_.notify_one();
}

protocol::Result<void> Database::ensure_transaction(Clock::time_point deadline) {
  if (in_transaction_) return {};
  // Before the lease is checked: from here on it must not be released for idleness.
  if (shared()) options_.lease->hold(true);
  LITEWIRE_TRY(ensure_lease(deadline));
  // BEGIN IMMEDIATE takes the write lock up front, so a transaction can never fail later on a
  // read-to-write upgrade; this is what keeps SQLITE_BUSY away from clients. In shared mode it
  // is also where a hot journal left by a crashed holder is rolled back: only ever by us, the
  // lease holder.
  if (auto r = writer_->exec(Connection::Fixed::kBeginImmediate); !r) {
    engine_logger()->error("database {}: BEGIN IMMEDIATE failed: {}", name_, r.error().message);
    return r.error();
  }
  in_transaction_ = true;
  if (shared()) {
    if (auto r = begin_shared(); !r) {
      if (!sqlite3_get_autocommit(writer_->handle())) (void)writer_->exec("ROLLBACK");
      in_transaction_ = false;
      return r.error();
    }
  }
  return {};
}

void Database::commit_batch() {
  batch_wait_until_ = Clock::time_point::min();
  if (!in_transaction_) return;
  const auto commit_started = Clock::now();
  auto committed = commit();
  if (!committed && committed.error().code != sqlstate::kLockNotAvailable &&
      !sqlite3_get_autocommit(writer_->handle()) &&
      (sqlite3_extended_errcode(writer_->handle()) & 0xff) == SQLITE_CONSTRAINT &&
      pending_.size() > 1) {
    // A deferred constraint failed at COMMIT. Which job caused it is unknown, so undo the
    // batch and replay each job in a transaction of its own: only the guilty one fails.
    writer_->exec("ROLLBACK").value();
    in_transaction_ = false;
    auto jobs = std::move(pending_);
    pending_.clear();
    for (auto& job : jobs) {
      if (auto b = ensure_transaction(Clock::now() + options_.acquire_timeout); !b) {
        PgError e = b.error();
        job->done(&e);
        continue;
      }
      bool ok = job->run(*writer_);
      auto c = commit();
      in_transaction_ = false;
      if (!c) {
        PgError e = c.error();
        if (!sqlite3_get_autocommit(writer_->handle())) (void)writer_->exec("ROLLBACK");
        job->done(&e);
      } else {
        (void)ok;
        job->done(nullptr);
      }
    }
    stats_.commits.fetch_add(jobs.size(), std::memory_order_relaxed);
    return;
  }
  if (!committed) {
    PgError e = committed.error();
    if (!sqlite3_get_autocommit(writer_->handle())) (void)writer_->exec("ROLLBACK");
    in_transaction_ = false;
    auto jobs = std::move(pending_);
    pending_.clear();
    for (auto& job : jobs) job->done(&e);
    return;
  }
  in_transaction_ = false;
  last_commit_time_ = Clock::now() - commit_started;
  if (shared()) options_.lease->touch();
  stats_.commits.fetch_add(1, std::memory_order_relaxed);
  stats_.batched_jobs.fetch_add(pending_.size(), std::memory_order_relaxed);
  publish_schema_if_changed();
  auto jobs = std::move(pending_);
  pending_.clear();
  answered_owners_.clear();
  for (auto& job : jobs) answered_owners_.push_back(job->owner);
  for (auto& job : jobs) job->done(nullptr);
}

std::optional<Clock::time_point> Database::batch_wait_deadline() {
  // Clients answered by the last COMMIT send their next statement a round trip later; the
  // jobs that arrived meanwhile form this batch. Committing as soon as it runs dry splits the
  // clients into cohorts that alternate, each paying a whole COMMIT (fsync) for half of
  // them. Waiting for the answered owners that have not come back, for at most half of what
  // the last COMMIT took, lets a batch carry them too. A lone client never waits: it is in
  // this batch itself.
  bool missing = false;
  for (uint64_t owner : answered_owners_) {
    bool here = false;
    for (const auto& job : pending_) here = here || job->owner == owner;
    if (!here) {
      missing = true;
      break;
    }
  }
  if (!missing || pending_.empty()) return std::nullopt;
  const auto now = Clock::now();
  if (batch_wait_until_ == Clock::time_point::min()) {
    const auto most = std::chrono::duration_cast<Clock::duration>(std::chrono::microseconds(2000));
    batch_wait_until_ = now + std::min(last_commit_time_ / 2, most);
  }
  if (now >= batch_wait_until_) return std::nullopt;
  return batch_wait_until_;
}

void Database::run_write_job(std::shared_ptr<WriteJob> job) {
  auto fail_now = [&](PgError e) { job->done(&e); };
  if (auto b = std::find(broken_owners_.begin(), broken_owners_.end(), job->owner);
      b != broken_owners_.end()) {
    // This owner's transaction was rolled back when the lease was lost. Its next job tells it
    // (55P03 unpins the session, as a lock timeout does); a ROLLBACK is simply acknowledged.
    broken_owners_.erase(b);
    if (job->mode == WriteMode::kRollback) return job->done(nullptr);
    if (job->mode != WriteMode::kAutocommit) {
      PgError e = lease_lost_error("the transaction was rolled back when the lease was lost");
      return fail_now(e);
    }
  }
  switch (job->mode) {
    case WriteMode::kAutocommit: {
      if (auto r = ensure_transaction(job->deadline); !r) {
        // Nobody can write until the lease is back: the queued writes would wait for the same
        // thing, so they fail now too instead of each waiting out the acquire timeout.
        if (r.error().code == sqlstate::kLockNotAvailable && shared()) fail_queued(r.error());
        return fail_now(r.error());
      }
      // Each job in its own savepoint: a failing job rolls back alone and the batch goes on.
      if (auto r = writer_->exec(Connection::Fixed::kSavepointJob); !r) return fail_now(r.error());
      bool ok = job->run(*writer_);
      if (!ok) (void)writer_->exec(Connection::Fixed::kRollbackToJob);
      (void)writer_->exec(Connection::Fixed::kReleaseJob);
      if (sqlite3_get_autocommit(writer_->handle())) {
        // SQLite rolled the whole transaction back (I/O error, out of memory, interrupt of
        // a statement that could not be undone alone): every job of the batch is lost.
        in_transaction_ = false;
        PgError e = writer_->last_error();
        auto jobs = std::move(pending_);
        pending_.clear();
        for (auto& j : jobs) j->done(&e);
        return job->done(ok ? &e : nullptr);
      }
      batch_changed_schema_ = batch_changed_schema_ || job->changed_schema;
      pending_.push_back(std::move(job));
      if (pending_.size() >= options_.max_batch) commit_batch();
      return;
    }
    case WriteMode::kInTransaction: {
      if (pinned_ == 0) {
        // Acknowledge everyone already waiting before this transaction holds the writer for
        // as long as its client takes.
        commit_batch();
        pinned_ = job->owner;
      }
      if (auto r = ensure_transaction(job->deadline); !r) {
        pinned_ = 0;
        return fail_now(r.error());
      }
      job->run(*writer_);
      if (job->changed_schema) batch_changed_schema_ = true;
      if (sqlite3_get_autocommit(writer_->handle())) {
        // SQLite ended the transaction on its own (see above); the owner's transaction is gone.
        in_transaction_ = false;
        pinned_ = 0;
      }
      return job->done(nullptr);
    }
    case WriteMode::kCommit: {
      job->run(*writer_);
      pinned_ = 0;
      if (!in_transaction_) return job->done(nullptr);
      // An explicit transaction commits at once: its deferred constraints are checked by this
      // COMMIT and must fail this transaction only.
      auto c = commit();
      if (!c) {
        PgError e = c.error();
        if (!sqlite3_get_autocommit(writer_->handle())) (void)writer_->exec("ROLLBACK");
        in_transaction_ = false;
        batch_changed_schema_ = false;
        if (auto s = load_schema(writer_->handle())) publish_schema(std::move(*s));
        return job->done(&e);
      }
      in_transaction_ = false;
      if (shared()) options_.lease->touch();
      stats_.commits.fetch_add(1, std::memory_order_relaxed);
      publish_schema_if_changed();
      return job->done(nullptr);
    }
    case WriteMode::kRollback: {
      job->run(*writer_);
      pinned_ = 0;
      if (in_transaction_) rollback_transaction();
      return job->done(nullptr);
    }
    case WriteMode::kNoTransaction: {
      commit_batch();
      if (auto r = ensure_lease(job->deadline); !r) return fail_now(r.error());
      job->run(*writer_);
      return job->done(nullptr);
    }
  }
}

void Database::writer_main() {
  std::unique_lock lk(write_mu_);
  for (;;) {
    if (shared()) {
      lk.unlock();
      check_lease();
      lk.lock();
    }
    // Disconnected owners: drop their queued jobs, roll back what they hold.
    if (!abandoned_.empty()) {
      auto gone = std::move(abandoned_);
      abandoned_.clear();
      for (uint64_t owner : gone) {
        std::erase_if(write_queue_, [&](const auto& j) { return j->owner == owner; });
        if (pinned_ == owner) {
          lk.unlock();
          pinned_ = 0;
          if (in_transaction_) rollback_transaction();
          lk.lock();
        }
      }
    }
    // Next runnable job: while a transaction holds the writer, only its owner's jobs run.
    auto it = write_queue_.begin();
    if (pinned_ != 0) {
      it = std::find_if(write_queue_.begin(), write_queue_.end(),
                        [&](const auto& j) { return j->owner == pinned_; });
    }
    if (it != write_queue_.end()) {
      auto job = std::move(*it);
      write_queue_.erase(it);
      lk.unlock();
      run_write_job(std::move(job));
      lk.lock();
      continue;
    }
    // Nothing runnable: the batch is complete, make it durable and answer it.
    if (in_transaction_ && pinned_ == 0) {
      if (!stopping_ && write_queue_.empty()) {
        if (auto until = batch_wait_deadline()) {
          write_cv_.wait_until(lk, *until);
          continue;
        }
      }
      lk.unlock();
      commit_batch();
      lk.lock();
      continue;
    }
    if (stopping_) break;
    // Jobs waiting behind a pinned transaction fail once their lock_timeout passes.
    auto now = Clock::now();
    auto next = Clock::time_point::max();
    std::vector<std::shared_ptr<WriteJob>> expired;
    for (auto j = write_queue_.begin(); j != write_queue_.end();) {
      if ((*j)->deadline <= now) {
        expired.push_back(std::move(*j));
        j = write_queue_.erase(j);
      } else {
        next = std::min(next, (*j)->deadline);
        ++j;
      }
    }
    if (!expired.empty()) {
      lk.unlock();
      PgError e(sqlstate::kLockNotAvailable,
                "canceling statement due to lock timeout");
      e.detail = "another transaction holds the database writer";
      for (auto& j : expired) j->done(&e);
      lk.lock();
      continue;
    }
    if (shared()) {
      // Nothing runnable: the lease may be released for idleness unless a transaction holds
      // the writer while its client thinks.
      options_.lease->hold(in_transaction_);
    }
    if (shared() && in_transaction_) {
      // Notice a loss without waiting for the client.
      options_.lease->touch();
      next = std::min(next, now + std::chrono::milliseconds(200));
    }
    if (next == Clock::time_point::max()) {
      write_cv_.wait(lk);
    } else {
      write_cv_.wait_until(lk, next);
    }
  }
  // Shutdown: what is still queued is refused; a pinned transaction is rolled back.
  auto rest = std::move(write_queue_);
  lk.unlock();
  if (shared()) check_lease();
  if (in_transaction_) {
    if (pinned_ != 0) {
      (void)writer_->exec("ROLLBACK");
      in_transaction_ = false;
    } else {
      commit_batch();
    }
  }
  PgError e(sqlstate::kAdminShutdown, "terminating connection due to administrator command");
  for (auto& j : rest) j->done(&e);
}

}  // namespace litewire::sqlite
