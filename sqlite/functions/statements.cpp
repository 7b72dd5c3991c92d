#include "sqlite/functions/statements.h"

#include <sqlite3.h>

#include <boost/json.hpp>
#include <map>
#include <string>
#include <string_view>

#include "protocol/sql_state.h"
#include "sqlite/functions/errors.h"

namespace litewire::sqlite {

namespace sqlstate = protocol::sqlstate;
using protocol::PgError;

namespace {

std::string_view text_arg(sqlite3_value* v) {
  const unsigned char* t = sqlite3_value_text(v);
  return t == nullptr ? std::string_view()
                      : std::string_view(reinterpret_cast<const char*>(t),
                                         static_cast<size_t>(sqlite3_value_bytes(v)));
}

void result_json(sqlite3_context* ctx, const boost::json::array& a) {
  std::string s = boost::json::serialize(a);
  sqlite3_result_text(ctx, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
}

// pg_query_plan(sql, top): SQLite's EXPLAIN QUERY PLAN of `sql` on this connection as a JSON
// array of lines, nested nodes drawn as PostgreSQL draws them ("  ->  " under their parent),
// below the line `top` when it is not empty ("Delete on t": SQLite plans only the row search of
// a data-modifying statement). The statement is prepared, never stepped.
void fn_query_plan(sqlite3_context* ctx, int, sqlite3_value** argv) {
  sqlite3* db = sqlite3_context_db_handle(ctx);
  const std::string sql = "EXPLAIN QUERY PLAN " + std::string(text_arg(argv[0]));
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &st, nullptr) != SQLITE_OK) {
    PgError e(sqlstate::kInternalError, std::string("could not plan statement: ") + sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return set_pg_error(ctx, e);
  }
  std::map<int64_t, int> depth;  // node id -> nesting level
  boost::json::array lines;
  const std::string_view top = text_arg(argv[1]);
  const int base = top.empty() ? 0 : 1;
  if (!top.empty()) lines.emplace_back(top);
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    const int64_t id = sqlite3_column_int64(st, 0);
    const int64_t parent = sqlite3_column_int64(st, 1);
    auto p = depth.find(parent);
    const int level = p == depth.end() ? base : p->second + 1;
    depth[id] = level;
    const char* detail = reinterpret_cast<const char*>(sqlite3_column_text(st, 3));
    std::string line = level == 0 ? std::string() : std::string(2 + 6 * (level - 1), ' ') + "->  ";
    line += detail != nullptr ? detail : "";
    lines.emplace_back(line);
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) {
    return set_pg_error(ctx, PgError(sqlstate::kInternalError,
                                     std::string("could not plan statement: ") + sqlite3_errmsg(db)));
  }
  result_json(ctx, lines);
}

}  // namespace

int register_statement_functions(sqlite3* db) {
  int rc = sqlite3_create_function_v2(db, "pg_query_plan", 2, SQLITE_UTF8, nullptr, fn_query_plan,
                                      nullptr, nullptr, nullptr);
  return rc;
}

}  // namespace litewire::sqlite
