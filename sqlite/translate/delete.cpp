// DELETE [USING] [RETURNING].

#include "protocol/types.h"
#include "sqlite/translate/translator_impl.h"

namespace litewire::sqlite {

namespace oid = protocol::oid;

Result<void> Translator::delete_statement(const tree::Object* stmt, TranslatedStatement& out) {
  const tree::Object* rel = tree::object_field(stmt, "relation");
  LITEWIRE_TRY_ASSIGN(table, require_table(rel));
  std::string alias(tree::string_field(tree::object_field(rel, "alias"), "aliasname"));
  std::string ref = alias.empty() ? table->name : alias;
  out.kind = StatementKind::kWrite;
  out.command_tag = "DELETE";

  CteScope cte_scope(*this);
  LITEWIRE_TRY_ASSIGN(with, statement_with(stmt));
  std::string sql = with;

  Scope scope;
  RangeItem item;
  item.ref_name = ref;
  item.table = table;
  for (const ColumnInfo& c : table->columns) {
    item.columns.push_back(ResultColumn{c.name, c.type, table->oid, c.number});
    scope.star.push_back({quote_ident(ref) + "." + quote_ident(c.name), item.columns.back()});
  }
  scope.items.push_back(std::move(item));
  std::string using_sql;
  if (const tree::Array* u = tree::list_field(stmt, "usingClause")) {
    Scope from_scope;
    LITEWIRE_TRY_ASSIGN(fs, from_clause(u, from_scope));
    using_sql = std::move(fs);
    for (auto& i : from_scope.items) scope.items.push_back(std::move(i));
  }
  ScopeGuard guard(*this, scope);
  std::string where;
  if (const tree::Value* w = tree::field(stmt, "whereClause")) {
    if (tree::node(*w).type == "CurrentOfExpr") return unsupported("WHERE CURRENT OF");
    LITEWIRE_TRY_ASSIGN(we, expr(*w));
    infer(we, PgType{oid::kBool, -1});
    where = we.sql;
  }
  sql += "DELETE FROM " + quote_ident(table->name);
  if (!alias.empty()) sql += " AS " + quote_ident(alias);
  if (!using_sql.empty()) {
    // SQLite has no DELETE ... USING: the joined rows are selected by rowid (litewire never
    // creates WITHOUT ROWID tables).
    sql += " WHERE rowid IN (SELECT " + quote_ident(ref) + ".rowid FROM " +
           quote_ident(table->name) + (alias.empty() ? "" : " AS " + quote_ident(alias)) + ", " +
           using_sql + (where.empty() ? "" : " WHERE " + where) + ")";
  } else if (!where.empty()) {
    sql += " WHERE " + where;
  }
  const tree::Array* returning = tree::list_field(stmt, "returningList");
  Scope joined_scope;
  if (!using_sql.empty() && tree::list_size(returning) > 0) {
    // RETURNING may name the USING tables' columns, which SQLite's RETURNING cannot see.
    LITEWIRE_TRY_ASSIGN(s, joined_returning_scope(scope, with, *table, alias, using_sql, where, out));
    joined_scope = std::move(s);
  }
  LITEWIRE_TRY_ASSIGN(ret, returning_clause(returning, joined_scope.items.empty() ? scope : joined_scope, out));
  sql += ret;
  out.sqlite_sql.push_back(std::move(sql));
  return {};
}

}  // namespace litewire::sqlite
