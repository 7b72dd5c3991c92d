// Data-modifying statements in WITH (INSERT/UPDATE/DELETE ... RETURNING as a CTE).
//
// SQLite has no DML in CTEs and its RETURNING rows cannot feed another statement. So each such
// CTE becomes a statement of its own that runs first, on the same connection and inside the
// statement's savepoint (a later failure rolls it back): the engine stores its RETURNING rows in
// a temporary table (TranslatedStatement::capture_into) and the CTE's name reads that table.
//
// PostgreSQL runs the CTE and the main statement on one snapshot: the main statement does not
// see the CTE's changes to the tables it modified. Running the CTE first preserves that only
// when nothing else in the statement reads those tables, so other references to them fail with
// 0A000 (the main INSERT's own target is not a read).

#include "protocol/types.h"
#include "sqlite/translate/translator_impl.h"

namespace litewire::sqlite {

namespace sqlstate = protocol::sqlstate;

namespace {

int cte_location(const tree::Object* o) { return static_cast<int>(tree::int_field(o, "location", -1)); }

// Whether `v` reads relation `name` (a RangeVar of that name, unqualified or in public).
// `skip` (the main INSERT's target, the CTE bodies themselves) is not looked into.
bool reads_relation(const tree::Value& v, const std::string& name,
                    const std::vector<const tree::Value*>& skip) {
  for (const tree::Value* s : skip) {
    if (s == &v) return false;
  }
  if (v.is_array()) {
    for (const auto& x : v.get_array()) {
      if (reads_relation(x, name, skip)) return true;
    }
    return false;
  }
  if (!v.is_object()) return false;
  const auto& o = v.get_object();
  if (o.size() == 1 && o.begin()->key() == "RangeVar" && o.begin()->value().is_object()) {
    const tree::Object* rv = &o.begin()->value().get_object();
    std::string_view schema = tree::string_field(rv, "schemaname");
    if (tree::string_field(rv, "relname") == name && (schema.empty() || schema == "public")) {
      return true;
    }
  }
  for (const auto& [key, x] : o) {
    if (reads_relation(x, name, skip)) return true;
  }
  return false;
}

}  // namespace

Result<std::string> Translator::data_modifying_cte(const tree::Object* cte, tree::Node q,
                                                  const std::vector<std::string>& aliases,
                                                  const std::string& earlier_ctes) {
  const std::string name(tree::string_field(cte, "ctename"));
  const int loc = cte_location(cte);
  if (ctes_.size() > 1) {
    return error_at(sqlstate::kFeatureNotSupported,
                    "WITH clause containing a data-modifying statement must be at the top level",
                    loc);
  }
  if (tree::field(q.body, "withClause") != nullptr) {
    return unsupported("WITH inside a data-modifying statement in WITH", loc);
  }
  TranslatedStatement dml;
  if (q.type == "InsertStmt") {
    LITEWIRE_TRY(insert_statement(q.body, dml));
  } else if (q.type == "UpdateStmt") {
    LITEWIRE_TRY(update_statement(q.body, dml));
  } else if (q.type == "DeleteStmt") {
    LITEWIRE_TRY(delete_statement(q.body, dml));
  } else {
    return unsupported(std::string(q.type) + " in WITH", loc);
  }
  writes_ = true;
  const tree::Object* rel = tree::object_field(q.body, "relation");
  dml_cte_targets_.emplace_back(tree::string_field(rel, "relname"));
  // The CTE's own statement sees the CTEs defined before it.
  std::string main_sql = std::move(dml.sqlite_sql.back());
  dml.sqlite_sql.pop_back();
  if (!earlier_ctes.empty()) main_sql = earlier_ctes + " " + main_sql;
  for (auto& s : dml.sqlite_sql) pre_statements_.push_back({std::move(s), std::string()});
  if (!dml.returns_rows) {
    // Without RETURNING the CTE has no columns; PostgreSQL rejects a reference to it.
    pre_statements_.push_back({std::move(main_sql), std::string()});
    no_returning_ctes_.push_back(name);
    return std::string();
  }
  const std::string table = "_litewire_cte_" + std::to_string(pre_statements_.size() + 1);
  std::string columns, select;
  std::vector<ResultColumn> cols = dml.columns;
  for (size_t i = 0; i < cols.size(); ++i) {
    const std::string c = quote_ident("c" + std::to_string(i + 1));
    if (i < aliases.size()) {
      cols[i].name = aliases[i];
      cols[i].table_oid = 0;
      cols[i].column_number = 0;
    }
    columns += (i ? ", " : "") + c;
    select += (i ? ", " : "") + c + " AS " + quote_ident(cols[i].name);
  }
  pre_statements_.push_back({"DROP TABLE IF EXISTS temp." + quote_ident(table), std::string()});
  pre_statements_.push_back({"CREATE TEMP TABLE " + quote_ident(table) + " (" + columns + ")", std::string()});
  pre_statements_.push_back({std::move(main_sql), table});
  temp_tables_.push_back(table);
  ctes_.back()[name] = cols;
  return quote_ident(name) + " AS (SELECT " + select + " FROM temp." + quote_ident(table) + ")";
}

Result<void> Translator::check_dml_cte_snapshot(const tree::Object* stmt) {
  if (dml_cte_targets_.empty() && no_returning_ctes_.empty()) return {};
  std::vector<const tree::Value*> skip;
  if (const tree::Object* w = tree::object_field(stmt, "withClause")) {
    for (const auto& c : *tree::list_field(w, "ctes")) {
      const tree::Value* q = tree::field(tree::node(c).body, "ctequery");
      if (q != nullptr && tree::node(q).type != "SelectStmt") skip.push_back(q);
    }
  }
  // INSERT's target is written, not read; UPDATE and DELETE read theirs.
  if (top_statement_type_ == "InsertStmt") skip.push_back(tree::field(stmt, "relation"));
  auto referenced = [&](const std::string& name) {
    for (const auto& [key, v] : *stmt) {
      if (reads_relation(v, name, skip)) return true;
    }
    return false;
  };
  for (const auto& name : no_returning_ctes_) {
    if (referenced(name)) {
      return error_at(sqlstate::kFeatureNotSupported,
                      "WITH query \"" + name + "\" does not have a RETURNING clause", -1);
    }
  }
  for (const auto& table : dml_cte_targets_) {
    if (referenced(table)) {
      return unsupported("reading table \"" + table +
                         "\" in a statement whose data-modifying WITH query changes it");
    }
  }
  return {};
}

}  // namespace litewire::sqlite
