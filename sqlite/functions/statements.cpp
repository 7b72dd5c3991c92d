#include "sqlite/functions/statements.h"

#include <sqlite3.h>

#include <boost/json.hpp>
#include <map>
#include <regex>
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

// pg_regexp_matches(string, pattern, flags): PostgreSQL's regexp_matches as a JSON array of
// matches, each the text[] of its capture groups (the whole match when the pattern has none;
// an unmatched group is null). Flag g: every match, else the first only; i: case-insensitive.
// Patterns use std::regex's ECMAScript grammar, as ~ does (functions.cpp).
void fn_regexp_matches(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL ||
      (argc > 2 && sqlite3_value_type(argv[2]) == SQLITE_NULL)) {
    return sqlite3_result_null(ctx);
  }
  const std::string s(text_arg(argv[0]));
  bool global = false;
  bool literal = false;
  auto syntax = std::regex::ECMAScript;
  if (argc > 2) {
    // PostgreSQL's flags (functions-matching.html, table "ARE Embedded-Option Letters"): the
    // ones std::regex can honour; the others fail loudly.
    for (char f : text_arg(argv[2])) {
      if (f == 'g') {
        global = true;
      } else if (f == 'i') {
        syntax |= std::regex::icase;
      } else if (f == 'c') {
        syntax &= ~std::regex::icase;
      } else if (f == 'q') {
        literal = true;
      } else if (std::string_view("bemnpstwx").find(f) != std::string_view::npos) {
        return set_pg_error(ctx, PgError(sqlstate::kFeatureNotSupported,
                                         "regular expression option \"" + std::string(1, f) +
                                             "\" is not supported"));
      } else {
        return set_pg_error(ctx, PgError(sqlstate::kInvalidParameterValue,
                                         "invalid regular expression option: \"" +
                                             std::string(1, f) + "\""));
      }
    }
  }
  std::string pattern(text_arg(argv[1]));
  if (literal) {
    std::string escaped;
    for (char ch : pattern) {
      if (std::string_view("\\^$.|?*+()[]{}").find(ch) != std::string_view::npos) escaped.push_back('\\');
      escaped.push_back(ch);
    }
    pattern = std::move(escaped);
  }
  boost::json::array matches;
  try {
    const std::regex re{pattern, syntax};
    for (auto it = std::sregex_iterator(s.begin(), s.end(), re); it != std::sregex_iterator(); ++it) {
      const std::smatch& m = *it;
      boost::json::array groups;
      if (m.size() == 1) {
        groups.emplace_back(m.str(0));
      } else {
        for (size_t g = 1; g < m.size(); ++g) {
          if (m[g].matched) {
            groups.emplace_back(m.str(g));
          } else {
            groups.emplace_back(nullptr);
          }
        }
      }
      matches.emplace_back(std::move(groups));
      if (!global) break;
    }
  } catch (const std::regex_error& e) {
    return set_pg_error(ctx, PgError(sqlstate::kInvalidRegularExpression,
                                     std::string("invalid regular expression: ") + e.what()));
  }
  result_json(ctx, matches);
}

}  // namespace

int register_statement_functions(sqlite3* db) {
  int rc = sqlite3_create_function_v2(db, "pg_query_plan", 2, SQLITE_UTF8, nullptr, fn_query_plan,
                                      nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return rc;
  for (int args : {2, 3}) {
    rc = sqlite3_create_function_v2(db, "pg_regexp_matches", args,
                                    SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                                    fn_regexp_matches, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return rc;
  }
  return SQLITE_OK;
}

}  // namespace litewire::sqlite
