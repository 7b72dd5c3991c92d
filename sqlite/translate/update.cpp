// UPDATE [FROM] [RETURNING]. Assigned values are coerced to the column types as in INSERT.

#include "protocol/types.h"
#include "sqlite/translate/translator_impl.h"

namespace litewire::sqlite {

namespace oid = protocol::oid;
namespace sqlstate = protocol::sqlstate;

namespace {
int location_of(const tree::Object* o) {
  return static_cast<int>(tree::int_field(o, "location", -1));
}
}  // namespace

// The value SET col = DEFAULT assigns: the column's default, or for a serial / identity primary
// key (SQLite's rowid, which has no default) the next value of its sequence.
std::string Translator::update_default(const TableInfo& t, const ColumnInfo& c) const {
  if (c.default_sql) return "(" + *c.default_sql + ")";
  for (const auto& [qn, q] : schema().sequences) {
    if (q.owned_by_table == t.name && q.owned_by_column == c.name) return nextval_sql(q);
  }
  return "NULL";
}

Result<void> Translator::update_statement(const tree::Object* stmt, TranslatedStatement& out) {
  const tree::Object* rel = tree::object_field(stmt, "relation");
  LITEWIRE_TRY_ASSIGN(table, require_table(rel));
  std::string alias(tree::string_field(tree::object_field(rel, "alias"), "aliasname"));
  out.kind = StatementKind::kWrite;
  out.command_tag = "UPDATE";

  CteScope cte_scope(*this);
  LITEWIRE_TRY_ASSIGN(with, statement_with(stmt));
  std::string sql = with;

  Scope scope;
  RangeItem item;
  item.ref_name = alias.empty() ? table->name : alias;
  item.table = table;
  for (const ColumnInfo& c : table->columns) {
    item.columns.push_back(ResultColumn{c.name, c.type, table->oid, c.number});
    scope.star.push_back({quote_ident(item.ref_name) + "." + quote_ident(c.name),
                          item.columns.back()});
  }
  scope.items.push_back(std::move(item));
  std::string from;
  if (const tree::Array* f = tree::list_field(stmt, "fromClause")) {
    Scope from_scope;
    LITEWIRE_TRY_ASSIGN(fs, from_clause(f, from_scope));
    from = std::move(fs);
    for (auto& i : from_scope.items) scope.items.push_back(std::move(i));
    for (auto& s : from_scope.star) scope.star.push_back(std::move(s));
  }
  ScopeGuard guard(*this, scope);

  sql += "UPDATE " + quote_ident(table->name);
  if (!alias.empty()) sql += " AS " + quote_ident(alias);
  sql += " SET ";
  const tree::Array* targets = tree::list_field(stmt, "targetList");
  for (size_t i = 0; i < tree::list_size(targets); ++i) {
    const tree::Object* rt = tree::node(targets->at(i)).body;
    std::string name(tree::string_field(rt, "name"));
    if (tree::field(rt, "indirection") != nullptr) {
      return unsupported("UPDATE of array elements or fields", location_of(rt));
    }
    const ColumnInfo* col = table->find_column(name);
    if (col == nullptr) {
      return error_at(sqlstate::kUndefinedColumn,
                      "column \"" + name + "\" of relation \"" + table->name + "\" does not exist",
                      location_of(rt));
    }
    tree::Node val = tree::node(tree::field(rt, "val"));
    if (val.type != "SetToDefault") LITEWIRE_TRY(check_identity_assignment(*col, true));
    std::string v;
    if (val.type == "SetToDefault") {
      v = update_default(*table, *col);
    } else if (val.type == "MultiAssignRef") {
      tree::Node source = tree::node(tree::field(val.body, "source"));
      if (source.type != "RowExpr") {
        return unsupported("multiple-column assignment from a subquery", location_of(rt));
      }
      int64_t colno = tree::int_field(val.body, "colno", 1);
      const tree::Array* args = tree::list_field(source.body, "args");
      LITEWIRE_TRY_ASSIGN(e, expr(args->at(static_cast<size_t>(colno - 1))));
      LITEWIRE_TRY_ASSIGN(cv, coerce_to_column(std::move(e), *col));
      v = std::move(cv);
    } else {
      LITEWIRE_TRY_ASSIGN(e, expr(tree::field(rt, "val")));
      LITEWIRE_TRY_ASSIGN(cv, coerce_to_column(std::move(e), *col));
      v = std::move(cv);
    }
    sql += (i ? ", " : "") + quote_ident(name) + " = " + v;
  }
  if (!from.empty()) sql += " FROM " + from;
  std::string where;
  if (const tree::Value* w = tree::field(stmt, "whereClause")) {
    if (tree::node(*w).type == "CurrentOfExpr") return unsupported("WHERE CURRENT OF");
    LITEWIRE_TRY_ASSIGN(we, expr(*w));
    infer(we, PgType{oid::kBool, -1});
    where = we.sql;
    sql += " WHERE " + we.sql;
  }
  const tree::Array* returning = tree::list_field(stmt, "returningList");
  if (!from.empty() && tree::list_size(returning) > 0) {
    // RETURNING may name the FROM tables' columns, which SQLite's RETURNING cannot see.
    LITEWIRE_TRY_ASSIGN(ret_scope, joined_returning_scope(scope, with, *table, alias, from, where, out));
    LITEWIRE_TRY_ASSIGN(ret, returning_clause(returning, ret_scope, out));
    sql += ret;
    out.sqlite_sql.push_back(std::move(sql));
    return {};
  }
  LITEWIRE_TRY_ASSIGN(ret, returning_clause(returning, scope, out));
  sql += ret;
  out.sqlite_sql.push_back(std::move(sql));
  return {};
}

}  // namespace litewire::sqlite
