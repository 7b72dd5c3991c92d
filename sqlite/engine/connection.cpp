#include "sqlite/engine/connection.h"

#include <iterator>
#include <string>

#include "sqlite/engine/errors.h"
#include "sqlite/functions/functions.h"

namespace litewire::sqlite {

namespace {

const char* journal_name(JournalMode m) {
  switch (m) {
    case JournalMode::kWal: return "WAL";
    case JournalMode::kDelete: return "DELETE";
    case JournalMode::kTruncate: return "TRUNCATE";
  }
  return "WAL";
}

}  // namespace

protocol::Result<std::unique_ptr<Connection>> Connection::open(const std::string& path,
                                                               const ConnectionOptions& o) {
  // SQLite's memory statistics take a global mutex on every allocation, which the network
  // threads running reads contend for; nothing reads them. Only possible before SQLite
  // initializes (otherwise SQLITE_MISUSE, and the statistics stay on).
  static const int no_memstatus = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)no_memstatus;
  sqlite3* db = nullptr;
  // NOMUTEX: each connection is confined to one engine thread, so SQLite's own per-connection
  // mutex is pure overhead.
  int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI |
              (o.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, o.vfs.empty() ? nullptr : o.vfs.c_str());
  if (rc != SQLITE_OK) {
    protocol::PgError e = map_sqlite_error(db ? sqlite3_extended_errcode(db) : rc,
                                           db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    e.message = "could not open database file \"" + path + "\": " + e.message;
    sqlite3_close_v2(db);
    return e;
  }
  sqlite3_extended_result_codes(db, 1);
  std::unique_ptr<Connection> c(new Connection(db));
  if (int frc = register_functions(db); frc != SQLITE_OK) {
    return protocol::PgError(protocol::sqlstate::kInternalError,
                             std::string("could not register SQL functions: ") + sqlite3_errstr(frc));
  }
  // Every setting is deliberate; sqlite/README.md explains each one.
  std::string pragmas = "PRAGMA foreign_keys = ON;";
  pragmas += "PRAGMA cache_size = -" + std::to_string(o.cache_size_kib) + ";";
  pragmas += "PRAGMA mmap_size = " + std::to_string(o.mmap_size) + ";";
  // LIKE is case-sensitive in PostgreSQL.
  pragmas += "PRAGMA case_sensitive_like = ON;";
  pragmas += "PRAGMA recursive_triggers = ON;";
  if (o.read_only) {
    pragmas += "PRAGMA query_only = ON;";
  } else {
    pragmas += std::string("PRAGMA journal_mode = ") + journal_name(o.journal) + ";";
    pragmas += std::string("PRAGMA synchronous = ") + (o.synchronous_full ? "FULL" : "NORMAL") + ";";
    // The writer checkpoints itself after commits; see sqlite/README.md.
    pragmas += "PRAGMA wal_autocheckpoint = 1000;";
  }
  // No busy handler wait: the engine serializes writers itself, so a busy lock means another
  // process or a checkpoint; a short bound keeps readers from failing on WAL recovery.
  sqlite3_busy_timeout(db, 5000);
  char* err = nullptr;
  if (sqlite3_exec(db, pragmas.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    return protocol::PgError(protocol::sqlstate::kInternalError,
                             "could not configure database connection: " + msg);
  }
  return c;
}

Connection::~Connection() {
  clear_cache();
  for (auto* st : fixed_) sqlite3_finalize(st);
  sqlite3_close_v2(db_);
}

protocol::Result<sqlite3_stmt*> Connection::prepare(const std::string& sql) {
  if (auto it = cache_.find(sql); it != cache_.end()) {
    sqlite3_reset(it->second);
    sqlite3_clear_bindings(it->second);
    return it->second;
  }
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return last_error();
  }
  if (stmt == nullptr) {
    return protocol::PgError(protocol::sqlstate::kInternalError, "empty SQLite statement");
  }
  // Bound the cache so that clients generating unique SQL cannot grow it without limit.
  if (cache_.size() >= 512) clear_cache();
  cache_.emplace(sql, stmt);
  return stmt;
}

protocol::Result<sqlite3_stmt*> Connection::prepare(Fixed which) {
  sqlite3_stmt*& st = fixed_[static_cast<int>(which)];
  if (st != nullptr) {
    sqlite3_reset(st);
    return st;
  }
  static constexpr const char* kText[] = {"BEGIN",           "COMMIT",
                                          "PRAGMA schema_version", "BEGIN IMMEDIATE",
                                          "SAVEPOINT lw_job",      "RELEASE lw_job",
                                          "ROLLBACK TO lw_job"};
  static_assert(std::size(kText) == static_cast<size_t>(Fixed::kCount));
  if (sqlite3_prepare_v3(db_, kText[static_cast<int>(which)], -1, SQLITE_PREPARE_PERSISTENT, &st,
                         nullptr) != SQLITE_OK) {
    sqlite3_finalize(st);
    st = nullptr;
    return last_error();
  }
  return st;
}

protocol::Result<void> Connection::exec(Fixed which) {
  LITEWIRE_TRY_ASSIGN(st, prepare(which));
  const int rc = sqlite3_step(st);
  if (rc == SQLITE_DONE || rc == SQLITE_ROW) {
    sqlite3_reset(st);
    return {};
  }
  protocol::PgError e = last_error();
  sqlite3_reset(st);
  return e;
}

protocol::Result<void> Connection::exec(const char* sql) {
  if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) return last_error();
  return {};
}

void Connection::clear_cache() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  cache_.clear();
}

protocol::PgError Connection::last_error() const {
  return map_sqlite_error(sqlite3_extended_errcode(db_), sqlite3_errmsg(db_));
}

}  // namespace litewire::sqlite
