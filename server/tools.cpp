#include "server/tools.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include <memory>
#include <vector>

namespace litewire::server {

using protocol::PgError;
namespace sqlstate = protocol::sqlstate;

namespace {

struct Closer {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Db = std::unique_ptr<sqlite3, Closer>;

protocol::Result<Db> open_existing(const std::string& path, int flags) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return PgError(sqlstate::kInvalidCatalogName, "database file \"" + path + "\" does not exist");
  }
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Db db(raw);
  if (rc != SQLITE_OK) {
    return PgError(sqlstate::kIoError, "could not open \"" + path + "\": " +
                                           (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_busy_timeout(raw, 10000);
  return db;
}

}  // namespace

protocol::Result<void> backup_database(const std::string& path, const std::string& destination) {
  LITEWIRE_TRY_ASSIGN(src, open_existing(path, SQLITE_OPEN_READONLY));
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(destination.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  Db dst(raw);
  if (rc != SQLITE_OK) {
    return PgError(sqlstate::kIoError, "could not create \"" + destination + "\"");
  }
  sqlite3_backup* b = sqlite3_backup_init(dst.get(), "main", src.get(), "main");
  if (b == nullptr) return PgError(sqlstate::kIoError, sqlite3_errmsg(dst.get()));
  // Copy everything in one step: the copy is then one consistent snapshot of the source,
  // even while a server keeps writing to it.
  rc = sqlite3_backup_step(b, -1);
  sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) {
    return PgError(sqlstate::kIoError, std::string("backup failed: ") + sqlite3_errstr(rc));
  }
  return {};
}

protocol::Result<std::vector<std::string>> check_database(const std::string& path) {
  LITEWIRE_TRY_ASSIGN(db, open_existing(path, SQLITE_OPEN_READONLY));
  std::vector<std::string> lines;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db.get(), "PRAGMA integrity_check", -1, &st, nullptr) != SQLITE_OK) {
    return PgError(sqlstate::kIoError, sqlite3_errmsg(db.get()));
  }
  while (sqlite3_step(st) == SQLITE_ROW) {
    lines.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
  }
  int rc = sqlite3_finalize(st);
  if (rc != SQLITE_OK) return PgError(sqlstate::kDataCorrupted, sqlite3_errmsg(db.get()));
  return lines;
}

}  // namespace litewire::server

#include <iostream>

#include "locking/dynamodb.h"
#include "server/config.h"

namespace litewire::server {

int run_dynamodb_create_table(const Config& config) {
  auto settings = locking::dynamodb_settings_from_env(locking::aws::process_env());
  if (!settings) {
    std::cerr << "litewire: " << settings.error().message << "\n";
    return 1;
  }
  if (auto r = locking::create_table(*settings, config.dynamodb_table); !r) {
    std::cerr << "litewire: " << r.error().message << "\n";
    return 1;
  }
  std::cout << "table \"" << config.dynamodb_table << "\" is ACTIVE\n";
  return 0;
}

}  // namespace litewire::server
