// The engine against real SQLite files: group commit, transactions on the single writer,
// timeouts, and no SQLITE_BUSY under concurrency.

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <future>
#include <optional>
#include <thread>

#include "sqlite/engine/database.h"
#include "sqlite/engine/session.h"

namespace litewire::sqlite {
namespace {

namespace sqlstate = protocol::sqlstate;

class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("litewire_engine_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++));
    std::filesystem::create_directories(dir_);
    DatabaseOptions o;
    o.path = (dir_ / "test.db").string();
    o.readers = 2;
    auto db = Database::open("test", o);
    ASSERT_TRUE(db) << db.error().message;
    db_ = *db;
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::unique_ptr<EngineSession> session() {
    return std::make_unique<EngineSession>(db_, next_id_++);
  }

  // Runs one SQL statement through translation and the engine; waits for the outcome.
  ExecOutput run(EngineSession& s, const std::string& sql) {
    auto plan = db_->translate(sql, {}, s.schema());
    if (!plan) {
      ExecOutput out;
      out.error = plan.error();
      return out;
    }
    auto req = std::make_shared<ExecRequest>();
    req->plan = *plan;
    req->statement = &(*plan)->statements.front();
    std::promise<ExecOutput> p;
    auto f = p.get_future();
    s.execute(req, [&p](ExecOutput&& out) { p.set_value(std::move(out)); });
    return f.get();
  }

  // Reads a single integer with a separate plain SQLite connection (what is committed).
  int64_t committed_count(const std::string& table) {
    sqlite3* c = nullptr;
    sqlite3_open_v2((dir_ / "test.db").c_str(), &c, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(c, ("SELECT count(*) FROM " + table).c_str(), -1, &st, nullptr);
    int64_t n = -1;
    if (sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(c);
    return n;
  }

  std::filesystem::path dir_;
  std::shared_ptr<Database> db_;
  uint64_t next_id_ = 1;
  static inline int counter_ = 0;
};

TEST_F(EngineTest, AutocommitWritesAreGroupedAndAnsweredAfterCommit) {
  auto s = session();
  ASSERT_FALSE(run(*s, "CREATE TABLE t (id int PRIMARY KEY, v text)").error);
  const uint64_t commits_before = db_->stats().commits.load();
  // Hold the writer for a moment so that the next writes queue up behind it.
  auto blocker = std::make_shared<WriteJob>();
  blocker->owner = 999;
  blocker->run = [](Connection&) {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    return true;
  };
  blocker->done = [](const protocol::PgError*) {};
  db_->submit_write(blocker);
  std::vector<std::unique_ptr<EngineSession>> sessions;
  std::vector<std::future<ExecOutput>> results;
  std::atomic<int> visible_at_reply{0};
  for (int i = 0; i < 10; ++i) {
    sessions.push_back(session());
    auto* es = sessions.back().get();
    results.push_back(std::async(std::launch::async, [this, es, i, &visible_at_reply] {
      auto out = run(*es, "INSERT INTO t VALUES (" + std::to_string(i) + ", 'x')");
      // The reply comes only once the row is durable: another connection sees it now.
      if (committed_count("t") >= 1) visible_at_reply.fetch_add(1);
      return out;
    }));
  }
  for (auto& r : results) {
    auto out = r.get();
    EXPECT_FALSE(out.error) << out.error->message;
    EXPECT_EQ(out.command_tag, "INSERT 0 1");
  }
  EXPECT_EQ(committed_count("t"), 10);
  EXPECT_EQ(visible_at_reply.load(), 10);
  // 10 inserts plus the blocker took far fewer than 11 commits.
  EXPECT_LE(db_->stats().commits.load() - commits_before, 4u);
}

TEST_F(EngineTest, AFailingJobInABatchFailsAlone) {
  auto s = session();
  ASSERT_FALSE(run(*s, "CREATE TABLE t (id int PRIMARY KEY)").error);
  ASSERT_FALSE(run(*s, "INSERT INTO t VALUES (1)").error);
  std::vector<std::unique_ptr<EngineSession>> sessions;
  std::vector<std::future<ExecOutput>> results;
  for (int id : {2, 1, 3}) {  // 1 is a duplicate
    sessions.push_back(session());
    auto* es = sessions.back().get();
    results.push_back(std::async(std::launch::async, [this, es, id] {
      return run(*es, "INSERT INTO t VALUES (" + std::to_string(id) + ")");
    }));
  }
  EXPECT_FALSE(results[0].get().error);
  auto dup = results[1].get();
  ASSERT_TRUE(dup.error);
  EXPECT_EQ(dup.error->code, sqlstate::kUniqueViolation);
  EXPECT_FALSE(results[2].get().error);
  EXPECT_EQ(committed_count("t"), 3);
}

TEST_F(EngineTest, ATransactionHoldsTheWriterAndOthersTimeOutWith55P03) {
  auto a = session();
  auto b = session();
  ASSERT_FALSE(run(*a, "CREATE TABLE t (v int)").error);
  ASSERT_FALSE(run(*a, "BEGIN").error);
  ASSERT_FALSE(run(*a, "INSERT INTO t VALUES (1)").error);
  EXPECT_TRUE(a->holds_writer());
  EXPECT_EQ(a->status_char(), 'T');
  b->set_lock_timeout(std::chrono::milliseconds(150));
  auto blocked = run(*b, "INSERT INTO t VALUES (2)");
  ASSERT_TRUE(blocked.error);
  EXPECT_EQ(blocked.error->code, sqlstate::kLockNotAvailable);
  // Uncommitted work is invisible to others; reads are not blocked by the writer.
  auto read = run(*b, "SELECT count(*) FROM t");
  EXPECT_FALSE(read.error);
  EXPECT_EQ(committed_count("t"), 0);
  ASSERT_FALSE(run(*a, "COMMIT").error);
  EXPECT_EQ(a->status_char(), 'I');
  EXPECT_FALSE(run(*b, "INSERT INTO t VALUES (3)").error);
  EXPECT_EQ(committed_count("t"), 2);
}

TEST_F(EngineTest, RollbackUndoesOnlyTheTransaction) {
  auto a = session();
  ASSERT_FALSE(run(*a, "CREATE TABLE t (v int)").error);
  ASSERT_FALSE(run(*a, "INSERT INTO t VALUES (1)").error);
  ASSERT_FALSE(run(*a, "BEGIN").error);
  ASSERT_FALSE(run(*a, "INSERT INTO t VALUES (2)").error);
  ASSERT_FALSE(run(*a, "ROLLBACK").error);
  EXPECT_EQ(committed_count("t"), 1);
  EXPECT_FALSE(a->holds_writer());
}

TEST_F(EngineTest, ADisconnectedClientIsRolledBackAndTheWriterFreed) {
  auto a = session();
  auto b = session();
  ASSERT_FALSE(run(*a, "CREATE TABLE t (v int)").error);
  ASSERT_FALSE(run(*a, "BEGIN").error);
  ASSERT_FALSE(run(*a, "INSERT INTO t VALUES (1)").error);
  a.reset();  // the client went away mid-transaction
  b->set_lock_timeout(std::chrono::milliseconds(2000));
  EXPECT_FALSE(run(*b, "INSERT INTO t VALUES (2)").error);
  EXPECT_EQ(committed_count("t"), 1);
}

TEST_F(EngineTest, AfterAnErrorEveryStatementGets25P02UntilRollbackTo) {
  auto a = session();
  ASSERT_FALSE(run(*a, "CREATE TABLE t (id int PRIMARY KEY)").error);
  ASSERT_FALSE(run(*a, "BEGIN").error);
  ASSERT_FALSE(run(*a, "INSERT INTO t VALUES (1)").error);
  ASSERT_FALSE(run(*a, "SAVEPOINT s1").error);
  auto dup = run(*a, "INSERT INTO t VALUES (1)");
  ASSERT_TRUE(dup.error);
  EXPECT_EQ(a->status_char(), 'E');
  auto ignored = run(*a, "SELECT 1");
  ASSERT_TRUE(ignored.error);
  EXPECT_EQ(ignored.error->code, sqlstate::kInFailedSqlTransaction);
  ASSERT_FALSE(run(*a, "ROLLBACK TO SAVEPOINT s1").error);
  EXPECT_EQ(a->status_char(), 'T');
  ASSERT_FALSE(run(*a, "INSERT INTO t VALUES (2)").error);
  ASSERT_FALSE(run(*a, "COMMIT").error);
  EXPECT_EQ(committed_count("t"), 2);
}

TEST_F(EngineTest, ReadOnlyTransactionsRejectWritesWith25006) {
  auto a = session();
  ASSERT_FALSE(run(*a, "CREATE TABLE t (v int)").error);
  ASSERT_FALSE(run(*a, "BEGIN READ ONLY").error);
  auto w = run(*a, "INSERT INTO t VALUES (1)");
  ASSERT_TRUE(w.error);
  EXPECT_EQ(w.error->code, sqlstate::kReadOnlySqlTransaction);
  ASSERT_FALSE(run(*a, "ROLLBACK").error);
}

std::string first_value(const ExecOutput& out) {
  // DataRow: 'D', Int32 length, Int16 columns, Int32 value length, value bytes.
  if (out.rows.size() < 11) return "";
  const auto& r = out.rows;
  uint32_t len = (uint8_t(r[7]) << 24) | (uint8_t(r[8]) << 16) | (uint8_t(r[9]) << 8) | uint8_t(r[10]);
  return r.substr(11, len);
}

TEST_F(EngineTest, RepeatableReadReadOnlyKeepsOneSnapshotWithoutBlockingWriters) {
  auto a = session();
  auto b = session();
  ASSERT_FALSE(run(*a, "CREATE TABLE t (v int)").error);
  ASSERT_FALSE(run(*a, "INSERT INTO t VALUES (1)").error);
  ASSERT_FALSE(run(*a, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").error);
  EXPECT_EQ(first_value(run(*a, "SELECT count(*) FROM t")), "1");
  b->set_lock_timeout(std::chrono::milliseconds(500));
  auto w = run(*b, "INSERT INTO t VALUES (2)");  // the writer is not held by a
  EXPECT_FALSE(w.error) << (w.error ? w.error->message : "");
  EXPECT_EQ(first_value(run(*a, "SELECT count(*) FROM t")), "1");  // same snapshot
  EXPECT_FALSE(a->holds_writer());
  ASSERT_FALSE(run(*a, "COMMIT").error);
  EXPECT_EQ(first_value(run(*a, "SELECT count(*) FROM t")), "2");
}

TEST_F(EngineTest, ReadCommittedSeesEachCommitAtItsNextStatement) {
  auto a = session();
  auto b = session();
  ASSERT_FALSE(run(*a, "CREATE TABLE t (v int)").error);
  ASSERT_FALSE(run(*a, "BEGIN").error);
  EXPECT_EQ(first_value(run(*a, "SELECT count(*) FROM t")), "0");
  ASSERT_FALSE(run(*b, "INSERT INTO t VALUES (1)").error);
  EXPECT_EQ(first_value(run(*a, "SELECT count(*) FROM t")), "1");
  ASSERT_FALSE(run(*a, "COMMIT").error);
}

TEST_F(EngineTest, ASchemaChangeByAnotherProgramIsSeenAfterTheNextRead) {
  auto a = session();
  ASSERT_FALSE(run(*a, "SELECT 1").error);
  // The sqlite3 shell (or any other program) adds a table behind litewire's back.
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open((dir_ / "test.db").c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "CREATE TABLE outside (v int); INSERT INTO outside VALUES (5);",
                         nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(other);
  const int64_t before = a->schema()->version;
  ASSERT_FALSE(run(*a, "SELECT 1").error);  // any read notices the new schema version
  EXPECT_GT(a->schema()->version, before);
  auto out = run(*a, "SELECT v FROM outside");
  ASSERT_FALSE(out.error) << out.error->message;
  EXPECT_EQ(first_value(out), "5");
}

TEST_F(EngineTest, ADeferredConstraintViolationFailsOnlyItsOwnJob) {
  auto s = session();
  ASSERT_FALSE(run(*s, "CREATE TABLE p (id int PRIMARY KEY)").error);
  ASSERT_FALSE(run(*s, "CREATE TABLE c (pid int REFERENCES p (id) DEFERRABLE INITIALLY DEFERRED)").error);
  ASSERT_FALSE(run(*s, "INSERT INTO p VALUES (1)").error);
  auto blocker = std::make_shared<WriteJob>();
  blocker->owner = 999;
  blocker->run = [](Connection&) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    return true;
  };
  blocker->done = [](const protocol::PgError*) {};
  db_->submit_write(blocker);
  std::vector<std::unique_ptr<EngineSession>> sessions;
  std::vector<std::future<ExecOutput>> results;
  for (int pid : {1, 42, 1}) {  // 42 has no parent: checked only at COMMIT
    sessions.push_back(session());
    auto* es = sessions.back().get();
    results.push_back(std::async(std::launch::async, [this, es, pid] {
      return run(*es, "INSERT INTO c VALUES (" + std::to_string(pid) + ")");
    }));
  }
  EXPECT_FALSE(results[0].get().error);
  auto bad = results[1].get();
  ASSERT_TRUE(bad.error);
  EXPECT_EQ(bad.error->code, sqlstate::kForeignKeyViolation);
  EXPECT_FALSE(results[2].get().error);
  EXPECT_EQ(committed_count("c"), 2);
}

TEST_F(EngineTest, ManyConcurrentWritersAndReadersNeverSeeBusy) {
  auto s = session();
  ASSERT_FALSE(run(*s, "CREATE TABLE t (id int PRIMARY KEY, n int)").error);
  constexpr int kThreads = 8, kPerThread = 60;
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto es = std::make_unique<EngineSession>(db_, 100 + t);
      for (int i = 0; i < kPerThread; ++i) {
        const int id = t * kPerThread + i;
        ExecOutput out;
        if (i % 3 == 0) {
          out = run(*es, "BEGIN");
          if (!out.error) out = run(*es, "SELECT count(*) FROM t");
          if (!out.error) out = run(*es, "INSERT INTO t VALUES (" + std::to_string(id) + ", 0)");
          if (!out.error) out = run(*es, "UPDATE t SET n = n + 1 WHERE id = " + std::to_string(id));
          if (!out.error) out = run(*es, "COMMIT");
        } else {
          out = run(*es, "INSERT INTO t VALUES (" + std::to_string(id) + ", 0)");
          if (!out.error) out = run(*es, "SELECT n FROM t WHERE id = " + std::to_string(id));
        }
        if (out.error) {
          ADD_FAILURE() << out.error->code.str() << " " << out.error->message;
          errors.fetch_add(1);
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(committed_count("t"), kThreads * kPerThread);
}

// Shared mode with a scripted lease: the engine's side of the protocol, deterministic.
class FakeLease : public WriteLease {
 public:
  protocol::Result<uint64_t> acquire(std::chrono::steady_clock::time_point) override {
    acquisitions++;
    if (busy) return protocol::PgError(sqlstate::kLockNotAvailable, "held by other:1:x");
    held = true;
    return next_fence;
  }
  bool valid() const override { return held.load(); }
  void touch() override {}
  void release() override { held = false; }
  bool others_waiting() const override { return waiting.load(); }
  void yield() override {
    yields++;
    waiting = false;
    held = false;
  }
  void on_lost(std::function<void()> cb) override { lost = std::move(cb); }
  std::string describe_holder() const override { return "other:1:x"; }

  std::atomic<bool> held{false};
  std::atomic<bool> busy{false};
  std::atomic<uint64_t> next_fence{1};
  std::atomic<int> acquisitions{0};
  std::atomic<bool> waiting{false};
  std::atomic<int> yields{0};
  std::function<void()> lost;
};

class SharedEngineTest : public EngineTest {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("litewire_shared_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++));
    std::filesystem::create_directories(dir_);
    lease_ = std::make_shared<FakeLease>();
    DatabaseOptions o;
    o.path = (dir_ / "test.db").string();
    o.readers = 2;
    o.connection.journal = JournalMode::kDelete;
    o.exclusive_lock_file = false;
    o.lease = lease_;
    o.acquire_timeout = std::chrono::milliseconds(100);
    o.read_validation = read_validation();
    auto db = Database::open("test", o);
    ASSERT_TRUE(db) << db.error().message;
    db_ = *db;
  }
  // Another instance was granted a newer lease and wrote its fence into the file.
  void write_fence(int64_t fence) {
    sqlite3* c = nullptr;
    sqlite3_open((dir_ / "test.db").c_str(), &c);
    std::string sql = "UPDATE _litewire_fence SET fence = " + std::to_string(fence);
    sqlite3_exec(c, sql.c_str(), nullptr, nullptr, nullptr);
    sqlite3_close(c);
  }
  virtual bool read_validation() const { return false; }

  // Moves `amount` from account 1 to account 2 in one commit of a connection of its own:
  // another instance's commit, as far as this Database can tell.
  void outside_transfer(int amount) {
    sqlite3* c = nullptr;
    sqlite3_open((dir_ / "test.db").c_str(), &c);
    std::string sql = "BEGIN IMMEDIATE; UPDATE acct SET bal = bal - " + std::to_string(amount) +
                      " WHERE id = 1; UPDATE acct SET bal = bal + " + std::to_string(amount) +
                      " WHERE id = 2; COMMIT";
    EXPECT_EQ(sqlite3_exec(c, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(c);
    sqlite3_close(c);
  }

  // A read job on a reader that sums the two balances with two statements, calling
  // `between(attempt)` between them: a fault hook standing for a commit of another instance
  // that lands in the middle of a read. Returns the total the read answered (or its error).
  struct TornReadResult {
    int64_t total = -1;
    int attempts = 0;
    std::optional<protocol::PgError> error;
  };
  TornReadResult read_total(EngineSession& s, const std::function<void(int)>& between) {
    auto attempts = std::make_shared<int>(0);
    auto work = [attempts, between](Connection& c, ExecOutput& out) {
      int n = ++*attempts;
      auto balance = [&](int id) -> int64_t {
        auto st = c.prepare("SELECT bal FROM acct WHERE id = " + std::to_string(id));
        if (!st) return -1000000;
        int64_t v = sqlite3_step(*st) == SQLITE_ROW ? sqlite3_column_int64(*st, 0) : -1000000;
        sqlite3_reset(*st);
        return v;
      };
      int64_t a = balance(1);
      between(n);
      int64_t b = balance(2);
      out.row_count = static_cast<uint64_t>(a + b);
      return true;
    };
    std::promise<ExecOutput> p;
    auto f = p.get_future();
    s.run_read(work, [&p](ExecOutput&& out) { p.set_value(std::move(out)); });
    ExecOutput out = f.get();
    TornReadResult r;
    r.attempts = *attempts;
    r.error = out.error;
    if (!out.error) r.total = static_cast<int64_t>(out.row_count);
    return r;
  }

  void create_accounts(EngineSession& s) {
    ASSERT_FALSE(run(s, "CREATE TABLE acct (id int PRIMARY KEY, bal int NOT NULL)").error);
    ASSERT_FALSE(run(s, "INSERT INTO acct VALUES (1, 50), (2, 50)").error);
  }

  std::string journal_path() const { return (dir_ / "test.db-journal").string(); }
  // A non-empty journal beside the file: to a reader, a commit in progress or a crashed one.
  void write_journal() const {
    FILE* f = std::fopen(journal_path().c_str(), "wb");
    ASSERT_NE(f, nullptr);
    std::string junk(1024, '\x5a');
    std::fwrite(junk.data(), 1, junk.size(), f);
    std::fclose(f);
  }

  std::shared_ptr<FakeLease> lease_;
};

class ValidatedSharedEngineTest : public SharedEngineTest {
 protected:
  bool read_validation() const override { return true; }
};

TEST_F(SharedEngineTest, WritesRunUnderTheLeaseAndRecordTheFence) {
  auto s = session();
  ASSERT_FALSE(run(*s, "CREATE TABLE t (id int PRIMARY KEY)").error);
  ASSERT_FALSE(run(*s, "INSERT INTO t VALUES (1)").error);
  EXPECT_EQ(committed_count("t"), 1);
  EXPECT_GE(lease_->acquisitions.load(), 1);
  EXPECT_EQ(committed_count("_litewire_fence WHERE fence = 1"), 1);
}

TEST_F(SharedEngineTest, BusyLeaseFailsWritesWith55P03AndReadsStillWork) {
  auto s = session();
  ASSERT_FALSE(run(*s, "CREATE TABLE t (id int PRIMARY KEY)").error);
  ASSERT_FALSE(run(*s, "INSERT INTO t VALUES (1)").error);
  lease_->held = false;
  lease_->busy = true;
  auto w = run(*s, "INSERT INTO t VALUES (2)");
  ASSERT_TRUE(w.error);
  EXPECT_EQ(w.error->code, sqlstate::kLockNotAvailable);
  EXPECT_NE(w.error->detail.find("other:1:x"), std::string::npos) << w.error->detail;
  auto r = run(*s, "SELECT count(*) FROM t");
  EXPECT_FALSE(r.error);
  lease_->busy = false;
  EXPECT_FALSE(run(*s, "INSERT INTO t VALUES (3)").error);
  EXPECT_EQ(committed_count("t"), 2);
}

TEST_F(SharedEngineTest, SupersededWriterAbortsAndCommitsNothingUntilReacquired) {
  auto s = session();
  ASSERT_FALSE(run(*s, "CREATE TABLE t (id int PRIMARY KEY)").error);
  lease_->held = false;  // idle: next batch acquires again
  write_fence(5);        // someone with fence 5 wrote meanwhile; our grant is still 1
  auto w = run(*s, "INSERT INTO t VALUES (1)");
  ASSERT_TRUE(w.error);
  EXPECT_EQ(w.error->code, sqlstate::kLockNotAvailable);
  EXPECT_EQ(committed_count("t"), 0);
  lease_->next_fence = 6;
  EXPECT_FALSE(run(*s, "INSERT INTO t VALUES (2)").error);
  EXPECT_EQ(committed_count("t"), 1);
  EXPECT_EQ(committed_count("_litewire_fence WHERE fence = 6"), 1);
}

TEST_F(SharedEngineTest, LostLeaseRollsBackThePinnedTransactionAndItsCommitFails) {
  auto s = session();
  ASSERT_FALSE(run(*s, "CREATE TABLE t (id int PRIMARY KEY)").error);
  ASSERT_FALSE(run(*s, "BEGIN").error);
  ASSERT_FALSE(run(*s, "INSERT INTO t VALUES (1)").error);
  lease_->held = false;
  lease_->lost();
  auto c = run(*s, "COMMIT");
  ASSERT_TRUE(c.error);
  EXPECT_EQ(c.error->code, sqlstate::kLockNotAvailable);
  EXPECT_EQ(committed_count("t"), 0);
  // The session is usable again and the writer re-acquires.
  (void)run(*s, "ROLLBACK");
  EXPECT_FALSE(run(*s, "INSERT INTO t VALUES (2)").error);
  EXPECT_EQ(committed_count("t"), 1);
}

// Reads first run on the calling thread (one connection per network thread) within a budget;
// a read that outlasts it is stopped and run again, in full, on a reader thread.
class InlineReadTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    db_.reset();
    DatabaseOptions o;
    o.path = (dir_ / "test.db").string();
    o.readers = 2;
    o.inline_readers = 1;
    o.read_inline_budget = std::chrono::microseconds(2000);
    auto db = Database::open("test", o);
    ASSERT_TRUE(db) << db.error().message;
    db_ = *db;
  }

  // Runs a read and records the thread its reply came from.
  ExecOutput run_noting_thread(EngineSession& s, const std::string& sql, std::thread::id& replied_on) {
    auto plan = db_->translate(sql, {}, s.schema());
    EXPECT_TRUE(plan);
    auto req = std::make_shared<ExecRequest>();
    req->plan = *plan;
    req->statement = &(*plan)->statements.front();
    std::promise<ExecOutput> p;
    auto f = p.get_future();
    s.execute(req, [&p, &replied_on](ExecOutput&& out) {
      replied_on = std::this_thread::get_id();
      p.set_value(std::move(out));
    });
    return f.get();
  }
};

TEST_F(InlineReadTest, ShortReadIsAnsweredOnTheCallingThread) {
  auto s = session();
  std::thread::id on;
  auto out = run_noting_thread(*s, "SELECT 1 + 1", on);
  ASSERT_FALSE(out.error) << out.error->message;
  EXPECT_EQ(out.row_count, 1u);
  EXPECT_EQ(on, std::this_thread::get_id());
}

TEST_F(InlineReadTest, LongReadMovesToAReaderAndCompletes) {
  auto s = session();
  std::thread::id on;
  // Millions of rows take far longer than the 2 ms budget on any machine.
  auto out = run_noting_thread(
      *s,
      "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 3000000) "
      "SELECT count(*), sum(n) FROM c",
      on);
  ASSERT_FALSE(out.error) << out.error->message;
  EXPECT_NE(on, std::this_thread::get_id());
  // The stopped first run left nothing behind: one row, the full answer.
  EXPECT_EQ(out.row_count, 1u);
  EXPECT_NE(out.rows.find("4500001500000"), std::string::npos);
}

TEST_F(InlineReadTest, StatementTimeoutStillAppliesAfterTheMove) {
  auto s = session();
  // The sleep passes the 2 ms budget first (moved to a reader), then the timeout there.
  s->set_statement_timeout(std::chrono::milliseconds(50));
  std::thread::id on;
  auto out = run_noting_thread(*s, "SELECT pg_sleep(0.5)", on);
  ASSERT_TRUE(out.error);
  EXPECT_EQ(out.error->code, sqlstate::kQueryCanceled);
  EXPECT_EQ(out.error->message, "canceling statement due to statement timeout");
  EXPECT_NE(on, std::this_thread::get_id());
}

TEST_F(InlineReadTest, StatementTimeoutWithinTheBudgetIsReportedAtOnce) {
  auto s = session();
  s->set_statement_timeout(std::chrono::milliseconds(1));
  std::thread::id on;
  auto out = run_noting_thread(*s, "SELECT pg_sleep(0.5)", on);
  ASSERT_TRUE(out.error);
  EXPECT_EQ(out.error->code, sqlstate::kQueryCanceled);
  EXPECT_EQ(out.error->message, "canceling statement due to statement timeout");
  EXPECT_EQ(on, std::this_thread::get_id());
}

TEST_F(InlineReadTest, WithoutABudgetEveryReadIsQueued) {
  db_.reset();
  DatabaseOptions o;
  o.path = (dir_ / "test.db").string();
  o.readers = 1;
  o.inline_readers = 1;
  auto db = Database::open("test", o);
  ASSERT_TRUE(db) << db.error().message;
  db_ = *db;
  auto s = session();
  std::thread::id on;
  auto out = run_noting_thread(*s, "SELECT 1", on);
  ASSERT_FALSE(out.error);
  EXPECT_NE(on, std::this_thread::get_id());
}

TEST_F(SharedEngineTest, WithoutReadValidationACommitInsideAReadIsSeenTorn) {
  auto s = session();
  create_accounts(*s);
  auto r = read_total(*s, [this](int attempt) {
    if (attempt == 1) outside_transfer(10);
  });
  ASSERT_FALSE(r.error) << r.error->message;
  EXPECT_EQ(r.attempts, 1);
  EXPECT_EQ(r.total, 110);  // 50 before the transfer + 60 after it: a torn read
  EXPECT_EQ(db_->stats().read_retries.load(), 0u);
}

TEST_F(ValidatedSharedEngineTest, AReadThatACommitOverlappedIsRunAgain) {
  auto s = session();
  create_accounts(*s);
  auto r = read_total(*s, [this](int attempt) {
    if (attempt == 1) outside_transfer(10);
  });
  ASSERT_FALSE(r.error) << r.error->message;
  EXPECT_EQ(r.attempts, 2);
  EXPECT_EQ(r.total, 100);
  EXPECT_EQ(db_->stats().read_retries.load(), 1u);
  // Reads nothing disturbs are answered at once.
  auto quiet = read_total(*s, [](int) {});
  EXPECT_EQ(quiet.attempts, 1);
  EXPECT_EQ(quiet.total, 100);
}

TEST_F(ValidatedSharedEngineTest, AReadDuringACommitsJournalWaitsForItsEnd) {
  auto s = session();
  create_accounts(*s);
  std::thread finisher;
  auto r = read_total(*s, [&](int attempt) {
    if (attempt != 1) return;
    // A commit starts writing: its journal appears; it ends 50 ms later.
    write_journal();
    finisher = std::thread([this] {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      std::filesystem::remove(journal_path());
    });
  });
  finisher.join();
  ASSERT_FALSE(r.error) << r.error->message;
  EXPECT_EQ(r.attempts, 2);
  EXPECT_EQ(r.total, 100);
}

TEST_F(ValidatedSharedEngineTest, CommitsOverlappingEveryAttemptEndIn55P03) {
  auto s = session();
  create_accounts(*s);
  auto r = read_total(*s, [this](int) { outside_transfer(1); });
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->code, sqlstate::kLockNotAvailable) << r.error->message;
  EXPECT_GT(r.attempts, 2);
}

TEST_F(SharedEngineTest, AReadRefusedByACommitThatBeganUnderItRunsAgain) {
  auto s = session();
  create_accounts(*s);
  std::thread finisher;
  auto attempts = std::make_shared<int>(0);
  auto work = [&, attempts](Connection& c, ExecOutput& out) {
    if (++*attempts == 1) {
      // Another instance's commit starts right after this reader's probe: its journal appears
      // and SQLite refuses the statement; the commit ends 50 ms later.
      write_journal();
      finisher = std::thread([this] {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        std::filesystem::remove(journal_path());
      });
    }
    auto st = c.prepare("SELECT sum(bal) FROM acct");
    if (!st) {
      out.error = st.error();
      return false;
    }
    if (sqlite3_step(*st) != SQLITE_ROW) {
      out.error = c.last_error();
      sqlite3_reset(*st);
      return false;
    }
    out.row_count = static_cast<uint64_t>(sqlite3_column_int64(*st, 0));
    sqlite3_reset(*st);
    return true;
  };
  std::promise<ExecOutput> p;
  auto f = p.get_future();
  s->run_read(work, [&p](ExecOutput&& out) { p.set_value(std::move(out)); });
  ExecOutput out = f.get();
  finisher.join();
  ASSERT_FALSE(out.error) << out.error->message;
  EXPECT_EQ(*attempts, 2);
  EXPECT_EQ(out.row_count, 100u);
}

TEST_F(SharedEngineTest, AReaderWaitingOutAJournalPastItsTimeoutGets55P03) {
  auto s = session();
  create_accounts(*s);
  // A journal nobody can recover (the lease is held elsewhere): the read waits, then reports
  // a lock that was not available, not a read-only transaction (25006).
  lease_->held = false;
  lease_->busy = true;
  write_journal();
  auto r = run(*s, "SELECT sum(bal) FROM acct");
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->code, sqlstate::kLockNotAvailable) << r.error->message;
  // Once the lease can be had, the writer rolls the journal back and reads work again.
  lease_->busy = false;
  ExecOutput ok;
  for (int i = 0; i < 50; ++i) {
    ok = run(*s, "SELECT sum(bal) FROM acct");
    if (!ok.error) break;
  }
  EXPECT_FALSE(ok.error) << ok.error->message;
  EXPECT_FALSE(std::filesystem::exists(journal_path()));
}

TEST_F(SharedEngineTest, AnotherInstanceWaitingMakesTheWriterYieldAfterItsCommit) {
  auto s = session();
  ASSERT_FALSE(run(*s, "CREATE TABLE t (id int PRIMARY KEY)").error);
  ASSERT_FALSE(run(*s, "BEGIN").error);
  ASSERT_FALSE(run(*s, "INSERT INTO t VALUES (1)").error);
  lease_->waiting = true;  // another instance asked for the lease meanwhile
  // The open transaction is not cut short: it commits under the lease, then the writer yields.
  EXPECT_TRUE(lease_->held.load());
  ASSERT_FALSE(run(*s, "COMMIT").error);
  EXPECT_EQ(lease_->yields.load(), 1);
  EXPECT_FALSE(lease_->held.load());
  EXPECT_EQ(committed_count("t"), 1);
  EXPECT_EQ(db_->stats().lease_yields.load(), 1u);
  // Our next write acquires again.
  int before = lease_->acquisitions.load();
  ASSERT_FALSE(run(*s, "INSERT INTO t VALUES (2)").error);
  EXPECT_EQ(lease_->acquisitions.load(), before + 1);
  EXPECT_EQ(committed_count("t"), 2);
}

}  // namespace
}  // namespace litewire::sqlite
