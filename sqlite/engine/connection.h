#pragma once
// One SQLite connection with its prepared-statement cache. Owned and used by exactly one engine
// thread (the writer or one reader); never shared.

#include <sqlite3.h>

#include <memory>
#include <string>
#include <unordered_map>

#include "protocol/pg_error.h"

namespace litewire::sqlite {

enum class JournalMode { kWal, kDelete, kTruncate };

struct ConnectionOptions {
  bool read_only = false;              // readers: SQLITE_OPEN_READONLY + PRAGMA query_only
  JournalMode journal = JournalMode::kWal;
  bool synchronous_full = true;        // FULL (default) or NORMAL
  std::string vfs;                     // empty: SQLite's default ("unix")
  int cache_size_kib = 16384;          // PRAGMA cache_size = -N
  int64_t mmap_size = 0;               // PRAGMA mmap_size
};

class Connection {
 public:
  static protocol::Result<std::unique_ptr<Connection>> open(const std::string& path,
                                                            const ConnectionOptions& options);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  sqlite3* handle() const { return db_; }

  // A cached prepared statement for `sql`, reset and with bindings cleared. The pointer stays
  // owned by the cache; valid until clear_cache() or destruction.
  protocol::Result<sqlite3_stmt*> prepare(const std::string& sql);
  // The same for statements the engine itself runs on every job: prepared once, kept apart
  // from the cache (and its eviction), found without hashing their text.
  enum class Fixed {
    kBegin,
    kCommit,
    kSchemaVersion,
    kBeginImmediate,
    kSavepointJob,
    kReleaseJob,
    kRollbackToJob,
    kCount
  };
  protocol::Result<sqlite3_stmt*> prepare(Fixed which);
  // Runs one of them to completion (they return no rows that matter here).
  protocol::Result<void> exec(Fixed which);
  // Runs SQL with no parameters and no result (PRAGMA, BEGIN, SAVEPOINT, ...).
  protocol::Result<void> exec(const char* sql);
  void clear_cache();

  // Result of the last failed call on this connection, mapped to SQLSTATE.
  protocol::PgError last_error() const;

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
  sqlite3_stmt* fixed_[static_cast<int>(Fixed::kCount)] = {};
};

}  // namespace litewire::sqlite
