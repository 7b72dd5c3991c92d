// INSERT: VALUES / SELECT / DEFAULT VALUES, ON CONFLICT, RETURNING. Every inserted value goes
// through coerce_to_column so that what SQLite stores follows the storage contract
// (protocol/README.md) and PostgreSQL's input errors (22P02, 22003, 22001) happen.

#include "protocol/types.h"
#include "sqlite/translate/translator_impl.h"

namespace litewire::sqlite {

namespace oid = protocol::oid;
namespace sqlstate = protocol::sqlstate;

namespace {

int location_of(const tree::Object* o) {
  return static_cast<int>(tree::int_field(o, "location", -1));
}

// A range item for a target table, named by its alias or its own name.
RangeItem table_item(const TableInfo& t, std::string ref_name) {
  RangeItem item;
  item.ref_name = std::move(ref_name);
  item.table = &t;
  for (const ColumnInfo& c : t.columns) {
    item.columns.push_back(ResultColumn{c.name, c.type, t.oid, c.number});
  }
  return item;
}

std::string default_of(const ColumnInfo& c) {
  // An INTEGER PRIMARY KEY (serial) column gets its next value from SQLite when given NULL.
  return c.default_sql ? "(" + *c.default_sql + ")" : "NULL";
}

}  // namespace

Result<void> Translator::check_identity_assignment(const ColumnInfo& col, bool update) {
  if (col.identity != 'a') return {};
  std::string detail =
      "Column \"" + col.name + "\" is an identity column defined as GENERATED ALWAYS.";
  if (update) {
    return PgError(sqlstate::kGeneratedAlways,
                   "column \"" + col.name + "\" can only be updated to DEFAULT")
        .with_detail(std::move(detail));
  }
  return PgError(sqlstate::kGeneratedAlways,
                 "cannot insert a non-DEFAULT value into column \"" + col.name + "\"")
      .with_detail(std::move(detail))
      .with_hint("Use OVERRIDING SYSTEM VALUE to override.");
}

Result<std::string> Translator::coerce_to_column(Expr e, const ColumnInfo& column, bool stored) {
  if (e.is_null) return std::string("NULL");
  infer(e, column.type);
  LITEWIRE_TRY_ASSIGN(c, cast(std::move(e), column.type, -1));
  // Assignment casts differ from explicit ones: varchar(n) rejects (22001) what CAST would
  // truncate (PostgreSQL's COERCION_ASSIGNMENT).
  constexpr std::string_view kCast = "pg_cast(";
  if (c.sql.compare(0, kCast.size(), kCast) == 0) c.sql = "pg_assign(" + c.sql.substr(kCast.size());
  // SQLite's NUMERIC affinity would round a numeric it cannot hold exactly (TEXT digits) to a
  // REAL; pg_numeric_column refuses such a value instead. A DEFAULT clause is left as written.
  if (stored && column.type.oid == oid::kNumeric) c.sql = "pg_numeric_column(" + c.sql + ")";
  return c.sql;
}

Result<std::string> Translator::returning_clause(const tree::Array* returning, const Scope& scope,
                                                 TranslatedStatement& out) {
  if (tree::list_size(returning) == 0) return std::string();
  std::vector<ResultColumn> cols;
  // SQLite's RETURNING sees the target table under its own name only (not its alias).
  Scope copy = scope;
  copy.star.clear();
  for (RangeItem& item : copy.items) {
    if (item.table != nullptr && &item == &copy.items.front()) {
      item.emit_as = "";
      for (const auto& c : item.columns) copy.star.push_back({quote_ident(c.name), c});
    } else if (!item.column_sql.empty()) {
      // UPDATE ... FROM items read through their snapshot (update_returning.cpp).
      for (size_t i = 0; i < item.columns.size(); ++i) {
        copy.star.push_back({item.column_sql[i], item.columns[i]});
      }
    }
  }
  ScopeGuard guard(*this, copy);
  LITEWIRE_TRY_ASSIGN(sql, target_list(returning, copy, cols, true));
  out.columns = std::move(cols);
  out.returns_rows = true;
  return " RETURNING " + sql;
}

Result<void> Translator::insert_statement(const tree::Object* stmt, TranslatedStatement& out) {
  const tree::Object* rel = tree::object_field(stmt, "relation");
  LITEWIRE_TRY_ASSIGN(table, require_table(rel));
  if (table->is_view) {
    return error_at(sqlstate::kObjectNotInPrerequisiteState,
                    "cannot insert into view \"" + table->name + "\"", location_of(rel));
  }
  std::string alias(tree::string_field(tree::object_field(rel, "alias"), "aliasname"));
  out.kind = StatementKind::kWrite;
  out.command_tag = "INSERT";

  CteScope cte_scope(*this);
  LITEWIRE_TRY_ASSIGN(with, statement_with(stmt));

  // Target columns.
  std::vector<const ColumnInfo*> targets;
  if (const tree::Array* cols = tree::list_field(stmt, "cols")) {
    for (const auto& c : *cols) {
      const tree::Object* rt = tree::node(c).body;
      if (tree::field(rt, "indirection") != nullptr) {
        return unsupported("INSERT into array elements or fields", location_of(rt));
      }
      std::string name(tree::string_field(rt, "name"));
      const ColumnInfo* col = table->find_column(name);
      if (col == nullptr) {
        return error_at(sqlstate::kUndefinedColumn,
                        "column \"" + name + "\" of relation \"" + table->name +
                            "\" does not exist",
                        location_of(rt));
      }
      for (const ColumnInfo* t : targets) {
        if (t == col) {
          return error_at(sqlstate::kDuplicateColumn,
                          "column \"" + name + "\" specified more than once", location_of(rt));
        }
      }
      targets.push_back(col);
    }
  } else {
    for (const ColumnInfo& c : table->columns) targets.push_back(&c);
  }

  // OVERRIDING USER VALUE: values given for identity columns are replaced by their defaults;
  // OVERRIDING SYSTEM VALUE: GENERATED ALWAYS columns accept them.
  std::string_view overriding = tree::string_field(stmt, "override");
  bool user_value = overriding == "OVERRIDING_USER_VALUE";
  bool system_value = overriding == "OVERRIDING_SYSTEM_VALUE";
  auto generated = [&](const ColumnInfo& c) { return user_value && c.identity != 0; };
  auto check_given = [&](const ColumnInfo& c) -> Result<void> {
    if (system_value || user_value) return {};
    return check_identity_assignment(c, false);
  };

  // A serial primary key left out is generated by SQLite (AUTOINCREMENT), not by a nextval call
  // that would tell the session: the engine records it (currval/lastval).
  for (const auto& [seq_name, seq] : schema().sequences) {
    if (seq.counter != table->name || seq.counter == seq.name) continue;
    // DEFAULT VALUES names every column and generates the key.
    bool named = tree::field(stmt, "selectStmt") != nullptr;
    if (named) {
      named = false;
      for (const ColumnInfo* t : targets) named |= t->name == seq.owned_by_column && !generated(*t);
    }
    if (!named) out.generated_key_counter = seq.counter;
  }
  std::string sql = with + "INSERT INTO " + quote_ident(table->name);
  if (!alias.empty()) sql += " AS " + quote_ident(alias);
  const tree::Object* select = tree::node(tree::field(stmt, "selectStmt")).body;
  bool needs_where_true = false;
  std::string source_sql;  // the proposed rows when there may be several (upsert_check.cpp)
  if (select == nullptr) {
    sql += " DEFAULT VALUES";
  } else if (const tree::Array* rows = tree::list_field(select, "valuesLists");
             rows != nullptr && tree::field(select, "sortClause") == nullptr &&
             tree::field(select, "limitCount") == nullptr) {
    std::string values;
    size_t width = 0;
    for (size_t r = 0; r < rows->size(); ++r) {
      const tree::Array* items = tree::list_field(tree::node(rows->at(r)).body, "items");
      if (items->size() > targets.size()) {
        return error_at(sqlstate::kSyntaxError, "INSERT has more expressions than target columns",
                        location_of(tree::node(items->at(targets.size())).body));
      }
      if (r == 0) width = items->size();
      if (items->size() != width) {
        return error_at(sqlstate::kSyntaxError, "VALUES lists must all be the same length",
                        location_of(tree::node(items->at(0)).body));
      }
      values += r ? ", (" : "(";
      for (size_t i = 0; i < items->size(); ++i) {
        if (i) values += ", ";
        tree::Node item = tree::node(items->at(i));
        if (item.type == "SetToDefault" || generated(*targets[i])) {
          // SQLite has no DEFAULT inside VALUES; the column's default expression is inlined.
          values += default_of(*targets[i]);
          continue;
        }
        LITEWIRE_TRY(check_given(*targets[i]));
        LITEWIRE_TRY_ASSIGN(e, expr(items->at(i)));
        LITEWIRE_TRY_ASSIGN(v, coerce_to_column(std::move(e), *targets[i]));
        values += v;
      }
      values += ")";
    }
    if (width < targets.size()) {
      if (tree::list_field(stmt, "cols") != nullptr) {
        return error_at(sqlstate::kSyntaxError, "INSERT has more target columns than expressions",
                        location_of(rel));
      }
      targets.resize(width);
    }
    sql += " (";
    for (size_t i = 0; i < targets.size(); ++i) sql += (i ? ", " : "") + quote_ident(targets[i]->name);
    sql += ") VALUES " + values;
    if (rows->size() > 1) source_sql = "VALUES " + values;
  } else {
    LITEWIRE_TRY_ASSIGN(q, query(select));
    if (q.columns.size() > targets.size()) {
      return error_at(sqlstate::kSyntaxError, "INSERT has more expressions than target columns",
                      location_of(select));
    }
    if (q.columns.size() < targets.size()) {
      if (tree::list_field(stmt, "cols") != nullptr) {
        return error_at(sqlstate::kSyntaxError, "INSERT has more target columns than expressions",
                        location_of(rel));
      }
      targets.resize(q.columns.size());
    }
    sql += " (";
    for (size_t i = 0; i < targets.size(); ++i) sql += (i ? ", " : "") + quote_ident(targets[i]->name);
    sql += ") ";
    // Coerce each selected column through a wrapping SELECT that names them by position.
    std::string outer = "SELECT ";
    bool identity = true;
    for (size_t i = 0; i < targets.size(); ++i) {
      if (generated(*targets[i])) {
        outer += (i ? ", " : "") + default_of(*targets[i]);
        identity = false;
        continue;
      }
      LITEWIRE_TRY(check_given(*targets[i]));
      Expr e;
      e.sql = "\"__c" + std::to_string(i + 1) + "\"";
      e.type = q.columns[i].type;
      LITEWIRE_TRY_ASSIGN(v, coerce_to_column(e, *targets[i]));
      identity &= v == e.sql;
      outer += (i ? ", " : "") + v;
    }
    source_sql = q.sql;
    if (identity) {
      sql += "SELECT * FROM (" + q.sql + ")";
    } else {
      // Column names of the inner query may repeat ("?column?"): rename by position through
      // a CTE-free trick, a VALUES-compatible compound with zero rows naming the columns.
      std::string names = "SELECT ";
      for (size_t i = 0; i < targets.size(); ++i) {
        names += (i ? ", " : "") + std::string("NULL AS \"__c") + std::to_string(i + 1) + "\"";
      }
      sql += outer + " FROM (" + names + " WHERE 0 UNION ALL SELECT * FROM (" + q.sql + "))";
    }
    needs_where_true = true;
  }

  Scope scope;
  scope.items.push_back(table_item(*table, alias.empty() ? table->name : alias));
  for (const auto& c : scope.items[0].columns) {
    scope.star.push_back({quote_ident(c.name), c});
  }

  if (const tree::Object* oc = tree::object_field(stmt, "onConflictClause")) {
    // SQLite: "the SELECT of an INSERT ... SELECT ... ON CONFLICT needs a WHERE clause" to
    // resolve a parsing ambiguity (lang_upsert.html).
    if (needs_where_true) sql += " WHERE true";
    sql += " ON CONFLICT";
    const tree::Object* infer_clause = tree::object_field(oc, "infer");
    if (infer_clause != nullptr) {
      std::string_view conname = tree::string_field(infer_clause, "conname");
      if (!conname.empty()) {
        auto it = schema().indexes.find(conname);
        if (it == schema().indexes.end() || it->second.table != table->name) {
          return error_at(sqlstate::kUndefinedObject,
                          "constraint \"" + std::string(conname) + "\" for table \"" +
                              table->name + "\" does not exist",
                          location_of(infer_clause));
        }
        sql += " (";
        for (size_t i = 0; i < it->second.columns.size(); ++i) {
          sql += (i ? ", " : "") + quote_ident(it->second.columns[i]);
        }
        sql += ")";
      } else if (const tree::Array* elems = tree::list_field(infer_clause, "indexElems")) {
        Scope s2 = scope;
        ScopeGuard guard(*this, s2);
        sql += " (";
        for (size_t i = 0; i < elems->size(); ++i) {
          const tree::Object* ie = tree::node(elems->at(i)).body;
          std::string_view name = tree::string_field(ie, "name");
          if (!name.empty()) {
            if (table->find_column(name) == nullptr) {
              return error_at(sqlstate::kUndefinedColumn,
                              "column \"" + std::string(name) + "\" does not exist",
                              location_of(infer_clause));
            }
            sql += (i ? ", " : "") + quote_ident(name);
          } else {
            LITEWIRE_TRY_ASSIGN(e, expr(tree::field(ie, "expr")));
            sql += (i ? ", " : "") + e.sql;
          }
        }
        sql += ")";
        if (const tree::Value* w = tree::field(infer_clause, "whereClause")) {
          LITEWIRE_TRY_ASSIGN(we, expr(*w));
          sql += " WHERE " + we.sql;
        }
      }
    }
    std::string_view action = tree::string_field(oc, "action");
    if (action == "ONCONFLICT_NOTHING") {
      sql += " DO NOTHING";
    } else {
      if (infer_clause == nullptr) {
        return error_at(sqlstate::kSyntaxError,
                        "ON CONFLICT DO UPDATE requires inference specification or constraint name",
                        location_of(oc))
            .with_hint("For example, ON CONFLICT (column_name).");
      }
      Scope s2 = scope;
      RangeItem excluded = table_item(*table, "excluded");
      for (auto& c : excluded.columns) c.table_oid = 0;
      s2.items.push_back(std::move(excluded));
      ScopeGuard guard(*this, s2);
      sql += " DO UPDATE SET ";
      const tree::Array* set = tree::list_field(oc, "targetList");
      for (size_t i = 0; i < tree::list_size(set); ++i) {
        const tree::Object* rt = tree::node(set->at(i)).body;
        std::string name(tree::string_field(rt, "name"));
        const ColumnInfo* col = table->find_column(name);
        if (col == nullptr) {
          return error_at(sqlstate::kUndefinedColumn,
                          "column \"" + name + "\" of relation \"" + table->name +
                              "\" does not exist",
                          location_of(rt));
        }
        std::string v;
        if (tree::node(tree::field(rt, "val")).type == "SetToDefault") {
          v = update_default(*table, *col);
        } else {
          LITEWIRE_TRY(check_identity_assignment(*col, true));
          LITEWIRE_TRY_ASSIGN(e, expr(tree::field(rt, "val")));
          LITEWIRE_TRY_ASSIGN(cv, coerce_to_column(std::move(e), *col));
          v = std::move(cv);
        }
        sql += (i ? ", " : "") + quote_ident(name) + " = " + v;
      }
      if (const tree::Value* w = tree::field(oc, "whereClause")) {
        LITEWIRE_TRY_ASSIGN(we, expr(*w));
        sql += " WHERE " + we.sql;
      }
      if (!source_sql.empty()) {
        if (auto check = upsert_twice_check(with, source_sql, targets, infer_clause)) {
          out.sqlite_sql.push_back(std::move(*check));
        }
      }
    }
  }
  LITEWIRE_TRY_ASSIGN(ret, returning_clause(tree::list_field(stmt, "returningList"), scope, out));
  sql += ret;
  out.sqlite_sql.push_back(std::move(sql));
  return {};
}

}  // namespace litewire::sqlite
