#pragma once
// Helpers for the sqlite unit tests: an in-memory database with litewire's functions and
// metadata, and a runner that translates PostgreSQL SQL and executes the plan.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <string>
#include <vector>

#include "sqlite/functions/errors.h"
#include "sqlite/functions/functions.h"
#include "sqlite/schema.h"
#include "sqlite/translate/translator.h"

namespace litewire::sqlite::testing {

// Rows as text ("NULL" for NULL), as SQLite stores them.
using Rows = std::vector<std::vector<std::string>>;

class Db {
 public:
  Db() {
    sqlite3_open(":memory:", &db_);
    register_functions(db_);
    // The engine sets these on every connection (sqlite/engine/connection.cpp).
    sqlite3_exec(db_, "PRAGMA foreign_keys = ON; PRAGMA case_sensitive_like = ON;", nullptr,
                 nullptr, nullptr);
    auto r = ensure_metadata(db_);
    EXPECT_TRUE(r.has_value());
    reload();
  }
  ~Db() { sqlite3_close(db_); }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  sqlite3* handle() { return db_; }
  const Schema& schema() const { return *schema_; }
  void reload() {
    auto s = load_schema(db_);
    EXPECT_TRUE(s.has_value());
    if (s) schema_ = *s;
  }

  protocol::Result<Plan> translate(const std::string& sql, std::vector<int32_t> types = {}) {
    TranslateOptions o;
    types_ = std::move(types);
    o.param_types = types_;
    return sqlite::translate(sql, *schema_, o);
  }

  // Runs every SQLite statement of `sql`'s plan; returns the rows of the last one or the error.
  protocol::Result<Rows> run(const std::string& sql, const std::vector<std::string>& params = {}) {
    auto plan = translate(sql);
    if (!plan) return plan.error();
    Rows rows;
    for (const auto& st : plan->statements) {
      for (const auto& s : st.sqlite_sql) {
        auto r = exec(s, params);
        if (!r) return r.error();
        rows = std::move(*r);
      }
      if (st.kind == StatementKind::kDdl) reload();
    }
    return rows;
  }

  protocol::Result<Rows> exec(const std::string& sql, const std::vector<std::string>& params = {}) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
      return protocol::PgError(protocol::sqlstate::kSyntaxError,
                               std::string(sqlite3_errmsg(db_)) + " in: " + sql);
    }
    for (size_t i = 0; i < params.size(); ++i) {
      sqlite3_bind_text(st, static_cast<int>(i + 1), params[i].c_str(), -1, SQLITE_TRANSIENT);
    }
    Rows rows;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      std::vector<std::string> row;
      for (int c = 0; c < sqlite3_column_count(st); ++c) {
        const unsigned char* t = sqlite3_column_text(st, c);
        row.push_back(t == nullptr ? "NULL" : reinterpret_cast<const char*>(t));
      }
      rows.push_back(std::move(row));
    }
    std::string msg = sqlite3_errmsg(db_);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
      if (auto e = decode_function_error(msg)) return *e;
      return protocol::PgError(protocol::sqlstate::kInternalError, msg);
    }
    return rows;
  }

 private:
  sqlite3* db_ = nullptr;
  SchemaPtr schema_;
  std::vector<int32_t> types_;
};

// A fixture with a fresh database: ok() expects the statements to succeed and returns the last
// one's rows, fails() expects an error and returns its SQLSTATE.
class DbTest : public ::testing::Test {
 protected:
  Rows ok(const std::string& sql, const std::vector<std::string>& params = {}) {
    auto r = db.run(sql, params);
    EXPECT_TRUE(r.has_value()) << sql << ": " << (r ? "" : r.error().message);
    return r ? *r : Rows{};
  }
  protocol::SqlState fails(const std::string& sql, const std::vector<std::string>& params = {}) {
    auto r = db.run(sql, params);
    EXPECT_FALSE(r.has_value()) << sql;
    return r ? protocol::sqlstate::kSuccessfulCompletion : r.error().code;
  }
  Db db;
};

}  // namespace litewire::sqlite::testing
