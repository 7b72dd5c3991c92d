// EXPLAIN and CREATE/DROP SCHEMA.
//
// EXPLAIN answers with SQLite's query plan (EXPLAIN QUERY PLAN) in PostgreSQL's shape: one text
// column "QUERY PLAN", one row per plan node. The statement is only prepared, never run.
//
// Schemas: a litewire database has exactly the namespaces the catalog shows (public, pg_catalog,
// information_schema, pg_toast); user schemas are not supported.

#include "protocol/types.h"
#include "sqlite/translate/translator_impl.h"

namespace litewire::sqlite {

namespace oid = protocol::oid;
namespace sqlstate = protocol::sqlstate;

namespace {

int location_of_node(const tree::Object* o) {
  return static_cast<int>(tree::int_field(o, "location", -1));
}

bool builtin_schema(std::string_view name) {
  return name == "public" || name == "pg_catalog" || name == "information_schema" ||
         name == "pg_toast";
}

}  // namespace

Result<void> Translator::explain_statement(const tree::Object* stmt, TranslatedStatement& out) {
  bool analyze = false;
  for (size_t i = 0; i < tree::list_size(tree::list_field(stmt, "options")); ++i) {
    const tree::Object* d = tree::node(tree::list_field(stmt, "options")->at(i)).body;
    const std::string opt(tree::string_field(d, "defname"));
    tree::Node arg = tree::node(tree::field(d, "arg"));
    if (opt == "analyze") {
      // EXPLAIN (ANALYZE false) is plain EXPLAIN.
      analyze = arg.body == nullptr || tree::bool_field(arg.body, "boolval") ||
                lower_ascii(tree::string_field(arg.body, "sval")) == "true" ||
                lower_ascii(tree::string_field(arg.body, "sval")) == "on";
    } else if (opt == "format") {
      const std::string f = lower_ascii(tree::string_field(arg.body, "sval"));
      if (f != "text") return unsupported("EXPLAIN (FORMAT " + f + ")", location_of_node(d));
    } else if (opt != "verbose" && opt != "costs" && opt != "buffers" && opt != "timing" &&
               opt != "summary" && opt != "settings" && opt != "wal") {
      return error_at(sqlstate::kSyntaxError, "unrecognized EXPLAIN option \"" + opt + "\"",
                      location_of_node(d));
    }
  }
  const tree::Value* query = tree::field(stmt, "query");
  if (query == nullptr) return unsupported("EXPLAIN without a statement");
  LITEWIRE_TRY_ASSIGN(inner, statement(*query, out.location));
  if ((inner.kind != StatementKind::kRead && inner.kind != StatementKind::kWrite) ||
      inner.sqlite_sql.empty()) {
    return unsupported("EXPLAIN of " + inner.command_tag);
  }
  if (!inner.capture_into.empty() || !inner.temp_tables.empty()) {
    return unsupported("EXPLAIN of a statement with a data-modifying WITH query or UPDATE ... FROM ... RETURNING");
  }
  if (analyze && inner.kind == StatementKind::kWrite) {
    return unsupported("EXPLAIN ANALYZE of a data-modifying statement");
  }
  // statement() reset the per-statement state for the inner statement; what it collected
  // (parameters, notices) belongs to the EXPLAIN.
  out.kind = StatementKind::kRead;
  out.command_tag = "EXPLAIN";
  out.touches_catalog = inner.touches_catalog;
  out.notices = std::move(inner.notices);
  // pg_query_plan (functions/statements.cpp) prepares the text as EXPLAIN QUERY PLAN on the
  // same connection and returns the plan lines as a JSON array.
  // PostgreSQL's top node of a data-modifying statement ("Delete on t").
  std::string top;
  const std::string_view relname =
      tree::string_field(tree::object_field(tree::node(query).body, "relation"), "relname");
  if (!relname.empty() && inner.command_tag.size() > 1) {
    top = inner.command_tag.substr(0, 1) + lower_ascii(inner.command_tag.substr(1)) + " on " +
          std::string(relname);
  }
  out.sqlite_sql.push_back("SELECT \"value\" AS \"QUERY PLAN\" FROM json_each(pg_query_plan(" +
                           quote_literal(inner.sqlite_sql.back()) + ", " + quote_literal(top) +
                           "))");
  out.columns.push_back(ResultColumn{"QUERY PLAN", PgType{oid::kText, -1}, 0, 0});
  out.returns_rows = true;
  writes_ = false;
  return {};
}

Result<void> Translator::create_schema(const tree::Object* stmt, TranslatedStatement& out) {
  out.kind = StatementKind::kDdl;
  out.command_tag = "CREATE SCHEMA";
  std::string name(tree::string_field(stmt, "schemaname"));
  if (name.empty()) {
    // CREATE SCHEMA AUTHORIZATION role: the schema is named after the role.
    name = std::string(tree::string_field(tree::object_field(stmt, "authrole"), "rolename"));
  }
  const int loc = location_of_node(stmt);
  if (name.rfind("pg_", 0) == 0) {
    PgError e = error_at(sqlstate::kReservedName, "unacceptable schema name \"" + name + "\"", -1);
    e.detail = "The prefix \"pg_\" is reserved for system schemas.";
    return e;
  }
  if (builtin_schema(name)) {
    if (tree::bool_field(stmt, "if_not_exists")) {
      notice("schema \"" + name + "\" already exists, skipping");
      return {};
    }
    return error_at(sqlstate::kDuplicateSchema, "schema \"" + name + "\" already exists", -1);
  }
  return unsupported("CREATE SCHEMA (schemas other than public)", loc);
}

Result<void> Translator::drop_schema(const tree::Object* stmt, TranslatedStatement& out) {
  out.kind = StatementKind::kDdl;
  out.command_tag = "DROP SCHEMA";
  const bool missing_ok = tree::bool_field(stmt, "missing_ok");
  std::vector<std::string> missing;
  for (size_t i = 0; i < tree::list_size(tree::list_field(stmt, "objects")); ++i) {
    std::string name(tree::string_value(tree::list_field(stmt, "objects")->at(i)));
    if (builtin_schema(name)) return unsupported("DROP SCHEMA " + name);
    if (!missing_ok) {
      return error_at(sqlstate::kInvalidSchemaName, "schema \"" + name + "\" does not exist", -1);
    }
    missing.push_back(std::move(name));
  }
  for (const auto& name : missing) notice("schema \"" + name + "\" does not exist, skipping");
  return {};
}

}  // namespace litewire::sqlite
