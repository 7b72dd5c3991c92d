// SELECT, VALUES, set operations, WITH, FROM, ORDER BY / LIMIT and window definitions.

#include <algorithm>
#include <optional>
#include <set>
#include <utility>

#include "protocol/types.h"
#include "sqlite/translate/translator_impl.h"

#include "sqlite/catalog/catalog.h"

namespace litewire::sqlite {

namespace oid = protocol::oid;
namespace sqlstate = protocol::sqlstate;

namespace {

int location_of(const tree::Object* o) {
  return static_cast<int>(tree::int_field(o, "location", -1));
}

// Unknown-type output columns are reported as text (PostgreSQL >= 10 resolves them so).
PgType output_type(const PgType& t) {
  if (t.oid == 0 || t.oid == oid::kUnknown) return PgType{oid::kText, -1};
  return t;
}

// The leftmost location in an expression's tree as PostgreSQL reports it for a typed literal:
// the earlier of a cast's and its argument's.
int expr_location(const tree::Value* v) {
  tree::Node n = tree::node(v);
  if (n.body == nullptr) return -1;
  int loc = location_of(n.body);
  if (n.type == "TypeCast") {
    int arg = expr_location(tree::field(n.body, "arg"));
    if (arg >= 0 && (loc < 0 || arg < loc)) loc = arg;
  }
  return loc;
}

// Whether target `i` of a plain SELECT arm is an untyped literal or NULL (type unknown until the
// set operation resolves it; the arm's own column list already reports it as text).
bool untyped_target(const tree::Object* select, size_t i) {
  std::string_view op = tree::string_field(select, "op");
  if (!op.empty() && op != "SETOP_NONE") return false;
  const tree::Array* targets = tree::list_field(select, "targetList");
  if (i >= tree::list_size(targets)) return false;
  tree::Node v = tree::node(tree::field(tree::node(targets->at(i)).body, "val"));
  return v.type == "A_Const" &&
         (tree::field(v.body, "sval") != nullptr || tree::bool_field(v.body, "isnull"));
}

// frameOptions bits (PostgreSQL's nodes/parsenodes.h).
constexpr int64_t kFrameNonDefault = 0x00001;
constexpr int64_t kFrameRange = 0x00002;
constexpr int64_t kFrameRows = 0x00004;
constexpr int64_t kFrameGroups = 0x00008;
constexpr int64_t kFrameBetween = 0x00010;
constexpr int64_t kFrameStartUnboundedPreceding = 0x00020;
constexpr int64_t kFrameEndUnboundedPreceding = 0x00040;
constexpr int64_t kFrameStartUnboundedFollowing = 0x00080;
constexpr int64_t kFrameEndUnboundedFollowing = 0x00100;
constexpr int64_t kFrameStartCurrentRow = 0x00200;
constexpr int64_t kFrameEndCurrentRow = 0x00400;
constexpr int64_t kFrameStartOffsetPreceding = 0x00800;
constexpr int64_t kFrameEndOffsetPreceding = 0x01000;
constexpr int64_t kFrameStartOffsetFollowing = 0x02000;
constexpr int64_t kFrameEndOffsetFollowing = 0x04000;
constexpr int64_t kFrameExcludeCurrentRow = 0x08000;
constexpr int64_t kFrameExcludeGroup = 0x10000;
constexpr int64_t kFrameExcludeTies = 0x20000;

}  // namespace

Result<void> Translator::select_statement(const tree::Object* stmt, TranslatedStatement& out) {
  LITEWIRE_TRY(check_stack_depth());
  if (tree::field(stmt, "intoClause") != nullptr) {
    return unsupported("SELECT INTO", location_of(tree::object_field(stmt, "intoClause")));
  }
  outermost_select_ = stmt;
  LITEWIRE_TRY_ASSIGN(advisory, advisory_lock_statement(stmt, out));
  if (advisory) return {};
  LITEWIRE_TRY_ASSIGN(q, query(stmt));
  out.kind = StatementKind::kRead;
  out.command_tag = "SELECT";
  out.sqlite_sql.push_back(std::move(q.sql));
  out.columns = std::move(q.columns);
  for (auto& c : out.columns) c.type = output_type(c.type);
  out.returns_rows = true;
  return {};
}

Result<std::string> Translator::statement_with(const tree::Object* stmt) {
  const tree::Object* w = tree::object_field(stmt, "withClause");
  if (w == nullptr) return std::string();
  LITEWIRE_TRY_ASSIGN(sql, with_clause(w));
  if (ctes_.size() == 1) LITEWIRE_TRY(check_dml_cte_snapshot(stmt));
  return sql;
}

Result<std::string> Translator::with_clause(const tree::Object* with) {
  bool recursive = tree::bool_field(with, "recursive");
  std::string sql = recursive ? "WITH RECURSIVE " : "WITH ";
  const tree::Array* ctes = tree::list_field(with, "ctes");
  bool first = true;
  for (const auto& c : *ctes) {
    const tree::Object* cte = tree::node(c).body;
    std::string name(tree::string_field(cte, "ctename"));
    tree::Node q = tree::node(tree::field(cte, "ctequery"));
    const tree::Array* colnames = tree::list_field(cte, "aliascolnames");
    std::vector<std::string> aliases;
    for (size_t i = 0; i < tree::list_size(colnames); ++i) {
      aliases.emplace_back(tree::string_value((*colnames)[i]));
    }
    if (q.type != "SelectStmt") {
      LITEWIRE_TRY_ASSIGN(def, data_modifying_cte(cte, q, aliases, first ? std::string() : sql));
      if (!def.empty()) {
        sql += (first ? "" : ", ") + def;
        first = false;
      }
      continue;
    }
    auto rename = [&](std::vector<ResultColumn>& cols) {
      for (size_t i = 0; i < aliases.size() && i < cols.size(); ++i) {
        cols[i].name = aliases[i];
        cols[i].table_oid = 0;
        cols[i].column_number = 0;
      }
    };
    if (recursive && tree::string_field(q.body, "op") == "SETOP_UNION") {
      // The recursive term refers to the CTE itself: its columns come from the non-recursive
      // term (PostgreSQL's analyzeCTE does the same).
      LITEWIRE_TRY_ASSIGN(seed, query(tree::node_field(q.body, "larg", "SelectStmt")));
      rename(seed.columns);
      ctes_.back()[name] = seed.columns;
    }
    LITEWIRE_TRY_ASSIGN(body, query(q.body));
    rename(body.columns);
    for (auto& col : body.columns) col.type = output_type(col.type);
    ctes_.back()[name] = body.columns;
    if (!first) sql += ", ";
    first = false;
    sql += quote_ident(name);
    if (!aliases.empty()) {
      sql += "(";
      for (size_t i = 0; i < aliases.size(); ++i) sql += (i ? ", " : "") + quote_ident(aliases[i]);
      sql += ")";
    }
    std::string_view mat = tree::string_field(cte, "ctematerialized");
    sql += " AS ";
    if (mat == "CTEMaterializeAlways") sql += "MATERIALIZED ";
    if (mat == "CTEMaterializeNever") sql += "NOT MATERIALIZED ";
    sql += "(" + body.sql + ")";
  }
  // Only data-modifying queries without RETURNING: nothing left for the WITH text.
  if (first) return std::string();
  return sql + " ";
}

// The type of a set operation's output column from its two inputs (PostgreSQL's
// select_common_type): an untyped input (literal, NULL) takes the other's type; inputs of
// different type categories cannot be matched (42804); within a category the type the other
// converts to implicitly, but not back, wins (numeric promotion, name over varchar,
// timestamptz over timestamp over date).
Result<PgType> Translator::set_operation_type(std::string_view op, PgType left, PgType right,
                                              int location) const {
  if (left.oid == 0 || left.oid == oid::kUnknown) return right;
  if (right.oid == 0 || right.oid == oid::kUnknown) return left;
  if (left.oid == right.oid) {
    if (left.typmod != right.typmod) left.typmod = -1;
    return left;
  }
  const protocol::TypeInfo* a = protocol::find_type(left.oid);
  const protocol::TypeInfo* b = protocol::find_type(right.oid);
  char ca = a != nullptr ? a->category : 'E', cb = b != nullptr ? b->category : 'E';
  if (ca != cb) {
    std::string which = op == "SETOP_UNION" ? "UNION" : op == "SETOP_INTERSECT" ? "INTERSECT" : "EXCEPT";
    return error_at(sqlstate::kDatatypeMismatch,
                    which + " types " + sql_type_name_of(left.oid) + " and " +
                        sql_type_name_of(right.oid) + " cannot be matched",
                    location);
  }
  if (ca == 'N') return PgType{widen_numeric(left, right).oid, -1};
  // Strings: text, varchar and bpchar convert to each other implicitly (the left one stays);
  // name takes over varchar and bpchar, which convert to it but not back.
  if (ca == 'S') {
    bool to_name = right.oid == oid::kName && left.oid != oid::kText;
    return PgType{to_name ? oid::kName : left.oid, -1};
  }
  if (ca == 'D') {
    auto rank = [](int32_t t) {
      return t == oid::kTimestamptz ? 3 : t == oid::kTimestamp ? 2 : t == oid::kDate ? 1 : 0;
    };
    return rank(right.oid) > rank(left.oid) ? PgType{right.oid, -1} : PgType{left.oid, -1};
  }
  return PgType{left.oid, -1};
}

Result<Query> Translator::query(const tree::Object* stmt) {
  // Aggregates of a subquery belong to the subquery, not to the enclosing WHERE.
  struct KeepAggregates {
    int& count;
    int saved;
    ~KeepAggregates() { count = saved; }
  } keep{aggregates_seen_, aggregates_seen_};
  struct KeepGroupCheck {
    GroupCheck*& current;
    int& depth;
    GroupCheck* saved;
    int saved_depth;
    ~KeepGroupCheck() {
      current = saved;
      depth = saved_depth;
    }
  } keep_group{group_check_, agg_depth_, group_check_, agg_depth_};
  group_check_ = nullptr;
  agg_depth_ = 0;
  CteScope cte_scope(*this);
  LITEWIRE_TRY_ASSIGN(with, statement_with(stmt));
  Query q;
  std::string_view op = tree::string_field(stmt, "op");
  if (!op.empty() && op != "SETOP_NONE") {
    bool all = tree::bool_field(stmt, "all");
    const tree::Object* l = tree::node_field(stmt, "larg", "SelectStmt");
    const tree::Object* r = tree::node_field(stmt, "rarg", "SelectStmt");
    LITEWIRE_TRY_ASSIGN(lq, query(l));
    LITEWIRE_TRY_ASSIGN(rq, query(r));
    if (lq.columns.size() != rq.columns.size()) {
      std::string which = op == "SETOP_UNION" ? "UNION" : op == "SETOP_INTERSECT" ? "INTERSECT"
                                                                                   : "EXCEPT";
      return error_at(sqlstate::kSyntaxError,
                      "each " + which + " query must have the same number of columns",
                      location_of(r));
    }
    std::string sop;
    if (op == "SETOP_UNION") sop = all ? " UNION ALL " : " UNION ";
    if (op == "SETOP_INTERSECT") sop = " INTERSECT ";
    if (op == "SETOP_EXCEPT") sop = " EXCEPT ";
    // SQLite's compound operators all have the same precedence and its arms cannot carry
    // ORDER BY/LIMIT; PostgreSQL's tree already fixes the grouping, so nested arms are wrapped.
    auto arm = [](const tree::Object* s, const std::string& sql) {
      bool simple = (tree::string_field(s, "op").empty() || tree::string_field(s, "op") == "SETOP_NONE") &&
                    tree::field(s, "sortClause") == nullptr &&
                    tree::field(s, "limitCount") == nullptr &&
                    tree::field(s, "limitOffset") == nullptr &&
                    tree::field(s, "withClause") == nullptr;
      return simple ? sql : "SELECT * FROM (" + sql + ")";
    };
    q.sql = all && op != "SETOP_UNION"
                ? multiset_operation(sop, lq.sql, rq.sql, lq.columns)
                : arm(l, lq.sql) + sop + arm(r, rq.sql);
    q.columns = lq.columns;
    const tree::Array* rtargets = tree::list_field(r, "targetList");
    for (size_t i = 0; i < q.columns.size(); ++i) {
      q.columns[i].table_oid = 0;
      q.columns[i].column_number = 0;
      int rloc = -1;
      if (i < tree::list_size(rtargets)) {
        rloc = expr_location(tree::field(tree::node(rtargets->at(i)).body, "val"));
      }
      PgType lt = untyped_target(l, i) ? PgType{} : q.columns[i].type;
      PgType rt = untyped_target(r, i) ? PgType{} : rq.columns[i].type;
      LITEWIRE_TRY_ASSIGN(t, set_operation_type(op, lt, rt, rloc));
      q.columns[i].type = output_type(t);
    }
    // ORDER BY of a set operation refers to output columns only.
    LITEWIRE_TRY_ASSIGN(order_limit, output_order_limit(stmt, q.columns));
    q.sql = with + q.sql + order_limit;
    return q;
  }
  if (tree::field(stmt, "valuesLists") != nullptr) {
    LITEWIRE_TRY_ASSIGN(v, values_query(stmt));
    LITEWIRE_TRY_ASSIGN(order_limit, output_order_limit(stmt, v.columns));
    // SQLite takes no ORDER BY / LIMIT after a bare VALUES list.
    if (!order_limit.empty()) v.sql = "SELECT * FROM (" + v.sql + ")";
    v.sql = with + v.sql + order_limit;
    return v;
  }
  if (has_grouping_sets(stmt)) {
    LITEWIRE_TRY_ASSIGN(g, grouping_sets_query(stmt));
    g.sql = with + g.sql;
    return g;
  }
  LITEWIRE_TRY_ASSIGN(select, rewrite_select_list_srfs(stmt));
  LITEWIRE_TRY_ASSIGN(s, simple_select(select));
  s.sql = with + s.sql;
  return s;
}

Result<Query> Translator::values_query(const tree::Object* stmt) {
  Query q;
  const tree::Array* rows = tree::list_field(stmt, "valuesLists");
  std::vector<std::vector<Expr>> exprs;
  for (const auto& row : *rows) {
    std::vector<Expr> r;
    for (const auto& item : *tree::list_field(tree::node(row).body, "items")) {
      if (tree::node(item).type == "SetToDefault") {
        return unsupported("DEFAULT in VALUES outside INSERT", location_of(tree::node(item).body));
      }
      LITEWIRE_TRY_ASSIGN(e, expr(item));
      r.push_back(std::move(e));
    }
    if (!exprs.empty() && r.size() != exprs[0].size()) {
      return error_at(sqlstate::kSyntaxError, "VALUES lists must all be the same length",
                      location_of(stmt));
    }
    exprs.push_back(std::move(r));
  }
  size_t ncols = exprs.empty() ? 0 : exprs[0].size();
  q.columns.resize(ncols);
  for (size_t c = 0; c < ncols; ++c) {
    PgType t;
    for (auto& r : exprs) {
      if (t.oid == 0 && r[c].type.oid != 0) t = r[c].type;
      t = widen_numeric(t, r[c].type);
    }
    for (auto& r : exprs) {
      infer(r[c], t);
      if (r[c].is_literal && !r[c].is_null && t.oid != 0) {
        LITEWIRE_TRY_ASSIGN(cast_e, cast(r[c], t, -1));
        r[c] = std::move(cast_e);
      }
    }
    q.columns[c].name = "column" + std::to_string(c + 1);
    q.columns[c].type = output_type(t);
  }
  q.sql = "VALUES ";
  for (size_t i = 0; i < exprs.size(); ++i) {
    if (i) q.sql += ", ";
    q.sql += "(";
    for (size_t c = 0; c < ncols; ++c) {
      if (c) q.sql += ", ";
      q.sql += exprs[i][c].sql;
    }
    q.sql += ")";
  }
  // SQLite names VALUES columns column1, column2, ... exactly as PostgreSQL does.
  return q;
}

Result<Query> Translator::simple_select(const tree::Object* stmt) {
  Query q;
  Scope scope;
  std::string from;
  if (const tree::Array* f = tree::list_field(stmt, "fromClause")) {
    // FROM items see the enclosing query's scope (correlated subqueries) but not each other.
    LITEWIRE_TRY_ASSIGN(fs, from_clause(f, scope));
    from = std::move(fs);
  }
  LITEWIRE_TRY(select_list_srf_items(stmt, scope, from));
  ScopeGuard guard(*this, scope);
  int srf_items_before = srf_items_;
  LITEWIRE_TRY_ASSIGN(srf_from, target_list_srfs(tree::list_field(stmt, "targetList")));
  if (!srf_from.empty()) from += (from.empty() ? "" : ", ") + srf_from;

  std::string sql = "SELECT ";
  const tree::Array* distinct_on = nullptr;
  if (const tree::Array* d = tree::list_field(stmt, "distinctClause")) {
    bool plain = d->size() == 1 && (d->at(0).is_null() ||
                                    (d->at(0).is_object() && d->at(0).get_object().empty()));
    if (plain) {
      sql += "DISTINCT ";
    } else {
      distinct_on = d;
    }
  }
  std::vector<std::string> target_sql;
  GroupCheck group_check;
  group_check.scope = &scope;
  group_check_ = &group_check;
  int aggregates_before_targets = aggregates_seen_;
  regclass_names_ = stmt == outermost_select_;
  auto targets_result = target_list(tree::list_field(stmt, "targetList"), scope, q.columns, false,
                                    &target_sql);
  group_check_ = nullptr;
  if (!targets_result) return std::move(targets_result).error();
  std::string targets = std::move(*targets_result);
  bool target_aggregates = aggregates_seen_ != aggregates_before_targets;
  if (srf_items_ != srf_items_before &&
      (target_aggregates || tree::field(stmt, "groupClause") != nullptr ||
       tree::field(stmt, "havingClause") != nullptr)) {
    // PostgreSQL expands them after grouping; here their rows would be grouped.
    return unsupported("set-returning functions in the target list of a grouped query");
  }
  if (distinct_on != nullptr) {
    // SQLite has no DISTINCT ON: number the rows of each group in the requested order and keep
    // the first (PostgreSQL keeps the first row of each group in ORDER BY order).
    sql += targets_for_distinct_on(target_sql);
  } else {
    sql += targets;
  }
  if (!from.empty()) sql += " FROM " + from;
  if (const tree::Value* w = tree::field(stmt, "whereClause")) {
    int aggregates_before = aggregates_seen_;
    LITEWIRE_TRY_ASSIGN(we, expr(*w));
    infer(we, PgType{oid::kBool, -1});
    if (aggregates_seen_ != aggregates_before) {
      return error_at(sqlstate::kGroupingError, "aggregate functions are not allowed in WHERE",
                      last_aggregate_location_);
    }
    sql += " WHERE " + we.sql;
  }
  std::vector<std::string> group_keys;
  if (const tree::Array* g = tree::list_field(stmt, "groupClause")) {
    sql += " GROUP BY ";
    bool first = true;
    for (const auto& item : *g) {
      tree::Node gn = tree::node(item);
      std::string item_sql;
      // GROUP BY may name an output column (PostgreSQL looks at input columns first).
      if (gn.type == "ColumnRef") {
        const tree::Array* fields = tree::list_field(gn.body, "fields");
        Result<Expr> r = expr(item);
        if (!r && fields->size() == 1) {
          std::string name(tree::string_value(fields->at(0)));
          bool is_output = false;
          for (size_t i = 0; i < q.columns.size(); ++i) {
            if (q.columns[i].name != name) continue;
            // The output expression itself is then a grouping key (for the ungrouped-column
            // check), as PostgreSQL groups by the aliased expression.
            if (!is_output && i < target_sql.size()) group_keys.push_back(target_sql[i]);
            is_output = true;
          }
          if (!is_output) return std::move(r).error();
          item_sql = quote_ident(name);
        } else if (!r) {
          return std::move(r).error();
        } else {
          item_sql = r->sql;
        }
      } else {
        LITEWIRE_TRY_ASSIGN(ge, expr(item));
        item_sql = ge.sql;
      }
      // GROUP BY <position> groups by that output column.
      if (gn.type == "A_Const" && tree::object_field(gn.body, "ival") != nullptr) {
        int64_t pos = tree::int_field(tree::object_field(gn.body, "ival"), "ival", 0);
        if (pos < 1 || static_cast<size_t>(pos) > target_sql.size()) {
          return error_at(sqlstate::kInvalidColumnReference,
                          "GROUP BY position " + std::to_string(pos) + " is not in select list",
                          location_of(gn.body));
        }
        group_keys.push_back(target_sql[static_cast<size_t>(pos - 1)]);
      }
      group_keys.push_back(item_sql);
      sql += (first ? "" : ", ") + item_sql;
      first = false;
    }
  }
  bool grouped = tree::field(stmt, "groupClause") != nullptr || target_aggregates ||
                 tree::field(stmt, "havingClause") != nullptr;
  if (grouped) {
    auto grouped_sql = [&](const std::string& x) {
      return std::find(group_keys.begin(), group_keys.end(), x) != group_keys.end();
    };
    for (const GroupCheck::Ref& ref : group_check.refs) {
      if (ref.target >= 0 && static_cast<size_t>(ref.target) < target_sql.size() &&
          grouped_sql(target_sql[static_cast<size_t>(ref.target)])) {
        continue;  // the whole output expression is a GROUP BY expression
      }
      std::string qualifier = ref.item->emit_as ? *ref.item->emit_as : ref.item->ref_name;
      auto column_sql = [&](const std::string& c) {
        return qualifier.empty() ? quote_ident(c) : quote_ident(qualifier) + "." + quote_ident(c);
      };
      if (grouped_sql(column_sql(ref.column))) continue;
      // Columns of a table whose primary key is grouped are functionally dependent on it.
      bool pk_grouped = false;
      if (ref.item->table != nullptr) {
        bool any_pk = false;
        pk_grouped = true;
        for (const ColumnInfo& c : ref.item->table->columns) {
          if (!c.primary_key) continue;
          any_pk = true;
          pk_grouped &= grouped_sql(column_sql(c.name));
        }
        pk_grouped &= any_pk;
      }
      if (pk_grouped) continue;
      return error_at(sqlstate::kGroupingError,
                      "column \"" + ref.item->ref_name + "." + ref.column +
                          "\" must appear in the GROUP BY clause or be used in an aggregate function",
                      ref.location);
    }
  }
  if (const tree::Value* h = tree::field(stmt, "havingClause")) {
    LITEWIRE_TRY_ASSIGN(he, expr(*h));
    sql += " HAVING " + he.sql;
  }
  if (const tree::Array* wins = tree::list_field(stmt, "windowClause")) {
    sql += " WINDOW ";
    for (size_t i = 0; i < wins->size(); ++i) {
      const tree::Object* def = tree::node(wins->at(i)).body;
      LITEWIRE_TRY_ASSIGN(w, window_def(def, true));
      sql += (i ? ", " : "") + quote_ident(tree::string_field(def, "name")) + " AS " + w;
    }
  }
  if (distinct_on != nullptr) {
    LITEWIRE_TRY_ASSIGN(wrapped, distinct_on_query(stmt, distinct_on, sql, q.columns, target_sql));
    q.sql = std::move(wrapped);
    return q;
  }
  LITEWIRE_TRY_ASSIGN(order, sort_clause(tree::list_field(stmt, "sortClause"), q.columns));
  sql += order;
  LITEWIRE_TRY_ASSIGN(limit, limit_clause(stmt));
  sql += limit;
  LITEWIRE_TRY(locking_clause(tree::list_field(stmt, "lockingClause")));
  q.sql = std::move(sql);
  return q;
}

std::string Translator::targets_for_distinct_on(const std::vector<std::string>& target_sql) {
  std::string out;
  for (size_t i = 0; i < target_sql.size(); ++i) {
    out += (i ? ", " : "") + target_sql[i] + " AS \"__c" + std::to_string(i + 1) + "\"";
  }
  // The row number and the sort keys are appended by distinct_on_query().
  return out + "\x01";
}

Result<std::string> Translator::distinct_on_query(const tree::Object* stmt,
                                                  const tree::Array* distinct_on,
                                                  std::string inner,
                                                  const std::vector<ResultColumn>& cols,
                                                  const std::vector<std::string>& target_sql) {
  // A DISTINCT ON or ORDER BY item naming an output column or giving its position means that
  // column (PostgreSQL's findTargetlistEntrySQL92); anything else is an input expression.
  auto item_sql = [&](const tree::Value& v) -> Result<std::string> {
    tree::Node n = tree::node(v);
    if (n.type == "A_Const" && tree::object_field(n.body, "ival") != nullptr) {
      int64_t pos = tree::int_field(tree::object_field(n.body, "ival"), "ival", 0);
      if (pos < 1 || static_cast<size_t>(pos) > cols.size()) {
        return error_at(sqlstate::kInvalidColumnReference,
                        "SELECT DISTINCT ON position " + std::to_string(pos) + " is not in select list",
                        location_of(n.body));
      }
      return target_sql[static_cast<size_t>(pos - 1)];
    }
    if (n.type == "ColumnRef") {
      const tree::Array* fields = tree::list_field(n.body, "fields");
      if (fields->size() == 1) {
        std::string name(tree::string_value(fields->at(0)));
        for (size_t i = 0; i < cols.size(); ++i) {
          if (cols[i].name == name) return target_sql[i];
        }
      }
    }
    LITEWIRE_TRY_ASSIGN(e, expr(v));
    return e.sql;
  };
  std::string partition;
  for (size_t i = 0; i < distinct_on->size(); ++i) {
    LITEWIRE_TRY_ASSIGN(x, item_sql(distinct_on->at(i)));
    partition += (i ? ", " : "") + x;
  }
  std::string window_order, outer_order, keys;
  const tree::Array* sort = tree::list_field(stmt, "sortClause");
  for (size_t i = 0; i < tree::list_size(sort); ++i) {
    const tree::Object* sb = tree::node(sort->at(i)).body;
    LITEWIRE_TRY_ASSIGN(x, item_sql(*tree::field(sb, "node")));
    bool desc = tree::string_field(sb, "sortby_dir") == "SORTBY_DESC";
    std::string_view nulls = tree::string_field(sb, "sortby_nulls");
    bool nulls_first = nulls == "SORTBY_NULLS_FIRST" || (nulls != "SORTBY_NULLS_LAST" && desc);
    std::string suffix = std::string(desc ? " DESC" : " ASC") + (nulls_first ? " NULLS FIRST" : " NULLS LAST");
    std::string key = "\"__o" + std::to_string(i + 1) + "\"";
    window_order += (i ? ", " : "") + x + suffix;
    outer_order += (i ? ", " : "") + key + suffix;
    keys += ", " + x + " AS " + key;
  }
  std::string extra = ", row_number() OVER (PARTITION BY " + partition +
                      (window_order.empty() ? "" : " ORDER BY " + window_order) + ") AS \"__rn\"" + keys;
  auto marker = inner.find('\x01');
  inner.replace(marker, 1, extra);
  std::string outer = "SELECT ";
  for (size_t i = 0; i < cols.size(); ++i) {
    outer += (i ? ", " : "") + std::string("\"__c") + std::to_string(i + 1) + "\" AS " + quote_ident(cols[i].name);
  }
  outer += " FROM (" + inner + ") WHERE \"__rn\" = 1";
  if (!outer_order.empty()) outer += " ORDER BY " + outer_order;
  LITEWIRE_TRY_ASSIGN(limit, limit_clause(stmt));
  LITEWIRE_TRY(locking_clause(tree::list_field(stmt, "lockingClause")));
  return outer + limit;
}

Result<std::string> Translator::locking_clause(const tree::Array* locking) {
  if (tree::list_size(locking) == 0) return std::string();
  // SQLite has no row locks: every write runs on the single writer connection, so FOR UPDATE /
  // FOR SHARE only has to move the statement (and its transaction) onto the writer.
  writes_ = true;
  return std::string();
}

Result<std::string> Translator::target_list(const tree::Array* targets, const Scope& scope,
                                            std::vector<ResultColumn>& columns, bool returning,
                                            std::vector<std::string>* exprs) {
  std::string sql;
  const bool regclass_names = std::exchange(regclass_names_, false);
  auto add = [&](const std::string& expr_sql, ResultColumn col) {
    // A regclass/regtype/regnamespace result is stored as the OID (comparisons, joins); the
    // statement's output shows the object's name instead (reg_name_sql).
    std::string out_sql = expr_sql;
    if (regclass_names && (col.type.oid == oid::kRegclass || col.type.oid == oid::kRegtype ||
                           col.type.oid == oid::kRegnamespace)) {
      out_sql = reg_name_sql(col.type.oid, expr_sql);
      touches_catalog_ = true;
    }
    if (exprs != nullptr) exprs->push_back(out_sql);
    if (!sql.empty()) sql += ", ";
    sql += out_sql + " AS " + quote_ident(col.name);
    columns.push_back(std::move(col));
  };
  for (size_t i = 0; i < tree::list_size(targets); ++i) {
    const tree::Object* rt = tree::node(targets->at(i)).body;
    const tree::Value* val = tree::field(rt, "val");
    tree::Node vn = tree::node(val);
    if (vn.type == "ColumnRef") {
      const tree::Array* fields = tree::list_field(vn.body, "fields");
      if (tree::node(fields->back()).type == "A_Star") {
        int loc = location_of(vn.body);
        if (fields->size() == 1) {
          if (!scope.star_known) return unsupported("* over a catalog relation", loc);
          if (scope.star.empty() && !returning) {
            // SELECT * with no FROM: PostgreSQL errors the same way.
            return error_at(sqlstate::kSyntaxError, "SELECT * with no tables specified is not valid",
                            loc);
          }
          for (const StarColumn& s : scope.star) add(s.sql, s.column);
          continue;
        }
        std::string rel(tree::string_value(fields->at(fields->size() - 2)));
        const RangeItem* found = nullptr;
        for (const RangeItem& item : scope.items) {
          if (item.ref_name == rel) found = &item;
        }
        if (found == nullptr) {
          return error_at(sqlstate::kUndefinedTable,
                          "missing FROM-clause entry for table \"" + rel + "\"", loc);
        }
        if (!found->columns_known) return unsupported("* over a catalog relation", loc);
        for (size_t k = 0; k < found->columns.size(); ++k) {
          const ResultColumn& c = found->columns[k];
          // Items read through column_sql (table functions, single-row LATERAL) have no such
          // SQLite columns.
          add(!found->column_sql.empty() ? found->column_sql[k]
                                         : quote_ident(rel) + "." + quote_ident(c.name),
              c);
        }
        continue;
      }
    }
    if (group_check_ != nullptr) group_check_->target = static_cast<int>(columns.size());
    LITEWIRE_TRY_ASSIGN(e, expr(val));
    ResultColumn col;
    std::string_view alias = tree::string_field(rt, "name");
    if (!alias.empty()) {
      col.name = std::string(alias);
    } else if (e.name_strength > 0 && !e.name.empty()) {
      col.name = e.name;
    } else {
      col.name = "?column?";
    }
    col.type = output_type(e.type);
    col.table_oid = e.table_oid;
    col.column_number = e.column_number;
    // A computed numeric shows PostgreSQL's display scale (10.00, 0.3) although its stored
    // form (REAL) has none; a plain numeric(p,s) column is rendered with its typmod instead.
    if (e.type.oid == oid::kNumeric && e.scale > 0 && !(e.table_oid != 0 && e.type.typmod >= 4)) {
      e.sql = "pg_numeric_scale(" + e.sql + ", " + std::to_string(e.scale) + ")";
    }
    add(e.sql, std::move(col));
  }
  return sql;
}

// Orders TEXT digits of computed numerics by value (functions.cpp, collate_numeric).
constexpr std::string_view kNumericCollation = " COLLATE \"pg_numeric\"";

Result<std::string> Translator::sort_clause(const tree::Array* sort,
                                            const std::vector<ResultColumn>& cols) {
  if (tree::list_size(sort) == 0) return std::string();
  std::string sql = " ORDER BY ";
  for (size_t i = 0; i < sort->size(); ++i) {
    const tree::Object* sb = tree::node(sort->at(i)).body;
    const tree::Value* nv = tree::field(sb, "node");
    tree::Node n = tree::node(nv);
    std::string item;
    bool done = false;
    // ORDER BY an output column name or position (PostgreSQL's findTargetlistEntrySQL92).
    if (n.type == "ColumnRef") {
      const tree::Array* fields = tree::list_field(n.body, "fields");
      if (fields->size() == 1) {
        std::string name(tree::string_value(fields->at(0)));
        int matches = 0;
        for (const auto& c : cols) matches += c.name == name;
        if (matches >= 1) {
          item = quote_ident(name);
          done = true;
        }
      }
    } else if (n.type == "A_Const" && tree::object_field(n.body, "ival") != nullptr) {
      int64_t pos = tree::int_field(tree::object_field(n.body, "ival"), "ival", 0);
      if (pos < 1 || static_cast<size_t>(pos) > cols.size()) {
        return error_at(sqlstate::kInvalidColumnReference,
                        "ORDER BY position " + std::to_string(pos) + " is not in select list",
                        location_of(n.body));
      }
      item = std::to_string(pos);
      done = true;
      const ResultColumn& c = cols[static_cast<size_t>(pos - 1)];
      if (c.type.oid == oid::kNumeric && c.table_oid == 0) item += kNumericCollation;
    }
    if (!done) {
      LITEWIRE_TRY_ASSIGN(e, expr(nv));
      item = jsonb_sort_key(numeric_compare_sql(e), e.type.oid);
      if (const EnumInfo* en = find_enum(e.type.oid)) item = enum_ordinal(item, *en);
    } else if (n.type == "ColumnRef") {
      for (const auto& c : cols) {
        if (quote_ident(c.name) == item && c.type.oid == oid::kNumeric && c.table_oid == 0) {
          // An output column may only be named (with a COLLATE) in a compound SELECT's ORDER BY.
          item += kNumericCollation;
          break;
        }
        if (quote_ident(c.name) == item) item = jsonb_sort_key(item, c.type.oid);
        if (const EnumInfo* en = find_enum(c.type.oid); en != nullptr && quote_ident(c.name) == item) {
          item = enum_ordinal(item, *en);
          break;
        }
      }
    }
    std::string_view dir = tree::string_field(sb, "sortby_dir");
    std::string_view nulls = tree::string_field(sb, "sortby_nulls");
    if (dir == "SORTBY_USING") {
      const tree::Array* op = tree::list_field(sb, "useOp");
      std::string o = tree::list_size(op) ? std::string(tree::string_value(op->back())) : "";
      if (o == "<") dir = "SORTBY_ASC";
      else if (o == ">") dir = "SORTBY_DESC";
      else return unsupported("ORDER BY USING " + o, location_of(sb));
    }
    bool desc = dir == "SORTBY_DESC";
    // PostgreSQL sorts NULLs as larger than every value (last when ascending); SQLite as
    // smaller, so the default placement is always spelled out.
    bool nulls_first = nulls == "SORTBY_NULLS_FIRST" ||
                       (nulls != "SORTBY_NULLS_LAST" && desc);
    sql += (i ? ", " : "") + item + (desc ? " DESC" : " ASC") +
           (nulls_first ? " NULLS FIRST" : " NULLS LAST");
  }
  return sql;
}

Result<std::string> Translator::output_order_limit(const tree::Object* stmt,
                                                   const std::vector<ResultColumn>& cols) {
  Scope out_scope;
  RangeItem item;
  item.columns = cols;
  out_scope.items.push_back(std::move(item));
  ScopeGuard guard(*this, out_scope);
  LITEWIRE_TRY_ASSIGN(order, sort_clause(tree::list_field(stmt, "sortClause"), cols));
  LITEWIRE_TRY_ASSIGN(limit, limit_clause(stmt));
  return order + limit;
}

Result<std::string> Translator::limit_clause(const tree::Object* stmt) {
  std::string_view option = tree::string_field(stmt, "limitOption");
  if (option == "LIMIT_OPTION_WITH_TIES") return unsupported("FETCH ... WITH TIES");
  const tree::Value* count = tree::field(stmt, "limitCount");
  const tree::Value* offset = tree::field(stmt, "limitOffset");
  if (count == nullptr && offset == nullptr) return std::string();
  std::string sql = " LIMIT ";
  auto value = [&](const tree::Value* v, const char* what) -> Result<std::string> {
    LITEWIRE_TRY_ASSIGN(e, expr(*v));
    infer(e, PgType{oid::kInt8, -1});
    if (e.is_null) return std::string("-1");
    // Negative counts are errors in PostgreSQL; SQLite reads them as "no limit".
    return "pg_check_limit(" + e.sql + ", '" + what + "')";
  };
  if (count != nullptr) {
    LITEWIRE_TRY_ASSIGN(c, value(count, "LIMIT"));
    sql += c;
  } else {
    sql += "-1";
  }
  if (offset != nullptr) {
    LITEWIRE_TRY_ASSIGN(o, value(offset, "OFFSET"));
    sql += " OFFSET " + o;
  }
  return sql;
}

Result<std::string> Translator::window_def(const tree::Object* def, bool in_window_clause) {
  std::string_view refname = tree::string_field(def, "refname");
  std::string_view name = tree::string_field(def, "name");
  const tree::Array* partition = tree::list_field(def, "partitionClause");
  const tree::Array* order = tree::list_field(def, "orderClause");
  int64_t frame = tree::int_field(def, "frameOptions", 0);
  // `OVER w` (a reference to a WINDOW clause entry) arrives as a def with only a name.
  if (!in_window_clause && !name.empty() && refname.empty() && partition == nullptr &&
      order == nullptr && (frame & kFrameNonDefault) == 0) {
    return quote_ident(name);
  }
  std::string sql = "(";
  if (!refname.empty()) sql += quote_ident(refname);
  if (tree::list_size(partition) > 0) {
    sql += (sql.size() > 1 ? " " : "") + std::string("PARTITION BY ");
    for (size_t i = 0; i < partition->size(); ++i) {
      LITEWIRE_TRY_ASSIGN(e, expr(partition->at(i)));
      sql += (i ? ", " : "") + e.sql;
    }
  }
  if (tree::list_size(order) > 0) {
    static const std::vector<ResultColumn> kNone;
    LITEWIRE_TRY_ASSIGN(o, sort_clause(order, kNone));
    sql += o;
  }
  if (frame & kFrameNonDefault) {
    std::string mode = (frame & kFrameRows) ? "ROWS" : (frame & kFrameGroups) ? "GROUPS" : "RANGE";
    (void)kFrameRange;
    auto bound = [&](bool start) -> Result<std::string> {
      if (start) {
        if (frame & kFrameStartUnboundedPreceding) return std::string("UNBOUNDED PRECEDING");
        if (frame & kFrameStartUnboundedFollowing) return std::string("UNBOUNDED FOLLOWING");
        if (frame & kFrameStartCurrentRow) return std::string("CURRENT ROW");
        LITEWIRE_TRY_ASSIGN(off, expr(tree::field(def, "startOffset")));
        return off.sql + ((frame & kFrameStartOffsetPreceding) ? " PRECEDING" : " FOLLOWING");
      }
      if (frame & kFrameEndUnboundedPreceding) return std::string("UNBOUNDED PRECEDING");
      if (frame & kFrameEndUnboundedFollowing) return std::string("UNBOUNDED FOLLOWING");
      if (frame & kFrameEndCurrentRow) return std::string("CURRENT ROW");
      LITEWIRE_TRY_ASSIGN(off, expr(tree::field(def, "endOffset")));
      return off.sql + ((frame & kFrameEndOffsetPreceding) ? " PRECEDING" : " FOLLOWING");
    };
    (void)kFrameStartOffsetFollowing;
    (void)kFrameEndOffsetFollowing;
    LITEWIRE_TRY_ASSIGN(start, bound(true));
    sql += " " + mode + " ";
    if (frame & kFrameBetween) {
      LITEWIRE_TRY_ASSIGN(end, bound(false));
      sql += "BETWEEN " + start + " AND " + end;
    } else {
      sql += start;
    }
    if (frame & kFrameExcludeCurrentRow) sql += " EXCLUDE CURRENT ROW";
    if (frame & kFrameExcludeGroup) sql += " EXCLUDE GROUP";
    if (frame & kFrameExcludeTies) sql += " EXCLUDE TIES";
  }
  return sql + ")";
}

Result<std::string> Translator::from_clause(const tree::Array* from, Scope& scope) {
  std::string sql;
  for (size_t i = 0; i < from->size(); ++i) {
    std::vector<StarColumn> star;
    LITEWIRE_TRY_ASSIGN(item, from_item(from->at(i), scope, star));
    sql += (i ? ", " : "") + item;
    scope.star.insert(scope.star.end(), star.begin(), star.end());
  }
  return sql;
}

Result<std::string> Translator::from_item(const tree::Value& v, Scope& scope,
                                          std::vector<StarColumn>& star) {
  tree::Node n = tree::node(v);
  const tree::Object* b = n.body;
  int loc = location_of(b);
  auto alias_of = [](const tree::Object* o, std::vector<std::string>* colnames) {
    const tree::Object* alias = tree::object_field(o, "alias");
    if (colnames != nullptr) {
      const tree::Array* cn = tree::list_field(alias, "colnames");
      for (size_t i = 0; i < tree::list_size(cn); ++i) {
        colnames->emplace_back(tree::string_value(cn->at(i)));
      }
    }
    return std::string(tree::string_field(alias, "aliasname"));
  };
  // Renames columns through a wrapping subquery: SQLite has no `AS t(a, b)`.
  auto with_column_aliases = [&](std::string inner_sql, RangeItem& item,
                                 const std::vector<std::string>& colnames) -> Result<std::string> {
    if (colnames.empty()) return inner_sql;
    if (colnames.size() > item.columns.size()) {
      return error_at(sqlstate::kInvalidColumnReference,
                      "table \"" + item.ref_name + "\" has " + std::to_string(item.columns.size()) +
                          " columns available but " + std::to_string(colnames.size()) +
                          " columns specified",
                      loc);
    }
    std::string sql = "(SELECT ";
    for (size_t i = 0; i < item.columns.size(); ++i) {
      std::string new_name = i < colnames.size() ? colnames[i] : item.columns[i].name;
      sql += (i ? ", " : "") + quote_ident(item.columns[i].name) + " AS " + quote_ident(new_name);
      item.columns[i].name = new_name;
    }
    return sql + " FROM " + inner_sql + ")";
  };
  auto add_item = [&](RangeItem item) {
    for (const auto& c : item.columns) {
      star.push_back({quote_ident(item.ref_name) + "." + quote_ident(c.name), c});
    }
    if (!item.columns_known) scope.star_known = false;
    scope.items.push_back(std::move(item));
  };

  if (n.type == "RangeVar") {
    std::string relname(tree::string_field(b, "relname"));
    std::string schemaname(tree::string_field(b, "schemaname"));
    std::vector<std::string> colnames;
    std::string alias = alias_of(b, &colnames);
    RangeItem item;
    item.ref_name = alias.empty() ? relname : alias;
    std::string target;
    // CTE names shadow tables.
    const std::vector<ResultColumn>* cte = nullptr;
    if (schemaname.empty()) {
      for (auto it = ctes_.rbegin(); it != ctes_.rend() && cte == nullptr; ++it) {
        if (auto f = it->find(relname); f != it->end()) cte = &f->second;
      }
    }
    if (cte != nullptr) {
      item.columns = *cte;
      target = quote_ident(relname);
    } else if (const TableInfo* c = (schemaname.empty() || schemaname == "pg_catalog" ||
                                      schemaname == "information_schema")
                                         ? catalog::catalog_relation(schemaname, relname)
                                         : nullptr) {
      // pg_catalog is first on search_path; its relations are the catalog's virtual tables.
      touches_catalog_ = true;
      item.table = c;
      for (const ColumnInfo& col : c->columns) {
        item.columns.push_back(ResultColumn{col.name, col.type, c->oid, col.number});
      }
      target = catalog::sqlite_table_name(*c);
      if (alias.empty() && colnames.empty()) target += " AS " + quote_ident(relname);
    } else if (const TableInfo* t = (schemaname.empty() || schemaname == "public")
                                        ? schema().find_table(relname)
                                        : nullptr) {
      item.table = t;
      for (const ColumnInfo& col : t->columns) {
        item.columns.push_back(ResultColumn{col.name, col.type, t->oid, col.number});
      }
      target = quote_ident(relname);
    } else {
      LITEWIRE_TRY(require_table(b));
    }
    if (!colnames.empty()) {
      LITEWIRE_TRY_ASSIGN(wrapped, with_column_aliases(target, item, colnames));
      target = wrapped + " AS " + quote_ident(item.ref_name);
    } else if (!alias.empty()) {
      target += " AS " + quote_ident(alias);
    }
    add_item(std::move(item));
    return target;
  }
  if (n.type == "RangeSubselect") {
    std::vector<std::string> colnames;
    std::string alias = alias_of(b, &colnames);
    if (alias.empty()) {
      return error_at(sqlstate::kSyntaxError, "subquery in FROM must have an alias", loc)
          .with_hint("For example, FROM (SELECT ...) [AS] foo.");
    }
    if (tree::bool_field(b, "lateral")) {
      // SQLite has no LATERAL. A lateral subquery that yields exactly one row (no FROM, or only
      // aggregates without GROUP BY) or at most one row under LEFT JOIN (LIMIT 1) is exactly a
      // set of correlated scalar subqueries, one per column, over a one-row placeholder.
      const tree::Object* sub = tree::node(tree::field(b, "subquery")).body;
      bool single_row = false;
      if (tree::field(sub, "groupClause") == nullptr && tree::field(sub, "havingClause") == nullptr &&
          tree::field(sub, "valuesLists") == nullptr &&
          (tree::string_field(sub, "op").empty() || tree::string_field(sub, "op") == "SETOP_NONE")) {
        if (tree::field(sub, "fromClause") == nullptr && tree::field(sub, "whereClause") == nullptr) {
          single_row = true;
        } else {
          bool all_aggregates = tree::list_size(tree::list_field(sub, "targetList")) > 0;
          for (const auto& t : *tree::list_field(sub, "targetList")) {
            tree::Node v = tree::node(tree::field(tree::node(t).body, "val"));
            const tree::Array* fn = v.type == "FuncCall" ? tree::list_field(v.body, "funcname") : nullptr;
            all_aggregates &= fn != nullptr && tree::field(v.body, "over") == nullptr &&
                              aggregate_function(std::string(tree::string_value(fn->back())));
          }
          single_row = all_aggregates;
        }
        if (!single_row && lateral_left_join_) {
          tree::Node limit = tree::node(tree::field(sub, "limitCount"));
          single_row = limit.type == "A_Const" &&
                       tree::int_field(tree::object_field(limit.body, "ival"), "ival", 0) == 1;
        }
      }
      ScopeGuard guard(*this, scope);
      LITEWIRE_TRY_ASSIGN(q, query(sub));
      RangeItem item;
      item.ref_name = alias;
      // Several rows: the correlated subquery's rows become one JSON array of row arrays, the
      // argument of json_each, which (unlike a subquery in FROM) may read the FROM items to its
      // left; each column is read back from its row by position.
      std::string rows_json;
      if (!single_row) {
        std::string row = "json_array(";
        for (size_t i = 0; i < q.columns.size(); ++i) {
          if (q.columns[i].type.oid == oid::kBytea) {
            return unsupported("a bytea column of a LATERAL subquery that can return several rows", loc);
          }
          row += (i ? ", " : "") + quote_ident(q.columns[i].name);
        }
        rows_json = "(SELECT json_group_array(" + row + ")) FROM (" + q.sql + "))";
      }
      for (size_t i = 0; i < q.columns.size(); ++i) {
        ResultColumn rc = q.columns[i];
        rc.type = output_type(rc.type);
        if (i < colnames.size()) rc.name = colnames[i];
        item.column_sql.push_back(
            single_row ? "(SELECT " + quote_ident(q.columns[i].name) + " FROM (" + q.sql + "))"
                       : "json_extract(" + quote_ident(alias) + ".\"value\", '$[" + std::to_string(i) + "]')");
        star.push_back({item.column_sql.back(), rc});
        item.columns.push_back(std::move(rc));
      }
      scope.items.push_back(std::move(item));
      if (!single_row) return "json_each(" + rows_json + ") AS " + quote_ident(alias);
      return "(SELECT 1) AS " + quote_ident(alias);
    }
    LITEWIRE_TRY_ASSIGN(q, query(tree::node(tree::field(b, "subquery")).body));
    RangeItem item;
    item.ref_name = alias;
    for (auto& c : q.columns) {
      ResultColumn rc = c;
      rc.type = output_type(rc.type);
      item.columns.push_back(std::move(rc));
    }
    std::string target = "(" + q.sql + ")";
    if (!colnames.empty()) {
      LITEWIRE_TRY_ASSIGN(wrapped, with_column_aliases("(" + q.sql + ")", item, colnames));
      target = wrapped;
    }
    add_item(std::move(item));
    return target + " AS " + quote_ident(alias);
  }
  if (n.type == "JoinExpr") {
    if (tree::object_field(b, "alias") != nullptr) return unsupported("aliases on JOIN", loc);
    if (tree::object_field(b, "join_using_alias") != nullptr) {
      return unsupported("JOIN USING aliases", loc);
    }
    std::vector<StarColumn> lstar, rstar;
    size_t left_begin = scope.items.size();
    LITEWIRE_TRY_ASSIGN(l, from_item(*tree::field(b, "larg"), scope, lstar));
    size_t right_begin = scope.items.size();
    std::string_view jt = tree::string_field(b, "jointype");
    bool saved_left = lateral_left_join_;
    lateral_left_join_ = jt == "JOIN_LEFT";
    auto r_result = from_item(*tree::field(b, "rarg"), scope, rstar);
    lateral_left_join_ = saved_left;
    if (!r_result) return std::move(r_result).error();
    std::string r = std::move(*r_result);
    std::string join = jt == "JOIN_LEFT"    ? " LEFT JOIN "
                       : jt == "JOIN_RIGHT" ? " RIGHT JOIN "
                       : jt == "JOIN_FULL"  ? " FULL JOIN "
                                            : " JOIN ";
    std::vector<std::string> using_cols;
    if (const tree::Array* u = tree::list_field(b, "usingClause")) {
      for (const auto& c : *u) using_cols.emplace_back(tree::string_value(c));
    }
    if (tree::bool_field(b, "isNatural")) {
      for (const auto& lc : lstar) {
        for (const auto& rc : rstar) {
          if (lc.column.name == rc.column.name) using_cols.push_back(lc.column.name);
        }
      }
    }
    std::string sql = l + join + r;
    (void)left_begin;
    (void)right_begin;
    if (!using_cols.empty() || tree::bool_field(b, "isNatural")) {
      if (!using_cols.empty()) {
        sql += " USING (";
        for (size_t i = 0; i < using_cols.size(); ++i) sql += (i ? ", " : "") + quote_ident(using_cols[i]);
        sql += ")";
      } else if (jt == "JOIN_INNER") {
        sql = l + " CROSS JOIN " + r;
      } else {
        sql += " ON 1";
      }
      // PostgreSQL's * over a USING join: the merged columns first, then the rest of each side.
      std::set<std::string> used(using_cols.begin(), using_cols.end());
      for (const std::string& name : using_cols) {
        const StarColumn* lc = nullptr;
        const StarColumn* rc = nullptr;
        for (const auto& c : lstar) if (c.column.name == name && lc == nullptr) lc = &c;
        for (const auto& c : rstar) if (c.column.name == name && rc == nullptr) rc = &c;
        if (lc == nullptr || rc == nullptr) {
          return error_at(sqlstate::kUndefinedColumn,
                          "column \"" + name + "\" specified in USING clause does not exist in " +
                              (lc == nullptr ? "left" : "right") + " table",
                          loc);
        }
        StarColumn merged;
        merged.column = lc->column;
        if (jt == "JOIN_RIGHT") {
          merged = *rc;
        } else if (jt == "JOIN_FULL") {
          merged.sql = "coalesce(" + lc->sql + ", " + rc->sql + ")";
          merged.column.table_oid = 0;
          merged.column.column_number = 0;
        } else {
          merged.sql = lc->sql;
        }
        scope.merged[name] = merged;
        star.push_back(merged);
      }
      for (const auto& c : lstar) if (!used.count(c.column.name)) star.push_back(c);
      for (const auto& c : rstar) if (!used.count(c.column.name)) star.push_back(c);
      return sql;
    }
    if (const tree::Value* quals = tree::field(b, "quals")) {
      ScopeGuard guard(*this, scope);
      LITEWIRE_TRY_ASSIGN(q, expr(*quals));
      infer(q, PgType{oid::kBool, -1});
      sql += " ON " + q.sql;
    } else if (jt == "JOIN_INNER") {
      sql = l + " CROSS JOIN " + r;
    }
    star.insert(star.end(), lstar.begin(), lstar.end());
    star.insert(star.end(), rstar.begin(), rstar.end());
    return sql;
  }
  if (n.type == "RangeFunction") {
    {
      // unnest and the json functions (json_ops.cpp): table-valued functions, LATERAL.
      std::vector<std::string> json_colnames;
      std::string json_alias = alias_of(b, &json_colnames);
      LITEWIRE_TRY_ASSIGN(table_item, range_table_function(b, json_alias, json_colnames, scope, star));
      if (table_item) return std::move(*table_item);
    }
    if (tree::bool_field(b, "lateral")) return unsupported("LATERAL", loc);
    if (tree::bool_field(b, "is_rowsfrom")) return unsupported("ROWS FROM", loc);
    if (tree::field(b, "coldeflist") != nullptr) return unsupported("column definition lists", loc);
    const tree::Array* functions = tree::list_field(b, "functions");
    if (tree::list_size(functions) != 1) return unsupported("ROWS FROM", loc);
    const tree::Array* pair = tree::list_field(tree::node(functions->at(0)).body, "items");
    tree::Node fn = tree::node(pair->at(0));
    if (fn.type != "FuncCall") return unsupported("this function in FROM", loc);
    const tree::Array* fname = tree::list_field(fn.body, "funcname");
    std::string name(tree::string_value(fname->back()));
    // A function in FROM sees the FROM items before it (implicitly LATERAL in PostgreSQL);
    // unnest can (a bare json_each), the others are subqueries, which cannot.
    auto translate_args = [&](bool lateral) -> Result<std::vector<Expr>> {
      std::optional<ScopeGuard> guard;
      if (lateral) guard.emplace(*this, scope);
      std::vector<Expr> out;
      for (size_t i = 0; i < tree::list_size(tree::list_field(fn.body, "args")); ++i) {
        LITEWIRE_TRY_ASSIGN(a, expr(tree::list_field(fn.body, "args")->at(i)));
        out.push_back(std::move(a));
      }
      return out;
    };
    auto translated = translate_args(name == "unnest");
    if (!translated && name != "unnest" && translate_args(true)) {
      return unsupported("function " + name + "() in FROM naming an earlier FROM item", loc);
    }
    if (!translated) return std::move(translated).error();
    std::vector<Expr> args = std::move(*translated);
    std::vector<std::string> colnames;
    std::string alias = alias_of(b, &colnames);
    bool ordinality = tree::bool_field(b, "ordinality");
    RangeItem item;
    item.ref_name = alias.empty() ? name : alias;
    // A scalar function's column is named by the alias when no column names are given.
    std::string value_name = !colnames.empty() ? colnames[0] : !alias.empty() ? alias : name;
    std::string ord_name = colnames.size() > 1 ? colnames[1] : "ordinality";
    std::string sql;
    if (name == "generate_series") {
      if (args.size() < 2 || args.size() > 3) {
        return error_at(sqlstate::kUndefinedFunction, "function generate_series does not exist", loc);
      }
      auto is_dt = [](int32_t o) {
        return o == oid::kDate || o == oid::kTimestamp || o == oid::kTimestamptz;
      };
      PgType t{oid::kInt4, -1};
      const bool datetime = is_dt(args[0].type.oid) || is_dt(args[1].type.oid);
      if (datetime) {
        // generate_series(timestamp[tz], timestamp[tz], interval): a date is read as
        // timestamptz, as PostgreSQL resolves it; the step is an interval.
        t = PgType{oid::kTimestamp, -1};
        for (size_t i = 0; i < 2; ++i) {
          int32_t o = args[i].type.oid;
          if (o == oid::kTimestamptz || o == oid::kDate) t = PgType{oid::kTimestamptz, -1};
        }
        if (args.size() == 3) {
          infer(args[2], PgType{oid::kInterval, -1});
          if (args[2].is_literal && !args[2].is_null && args[2].type.oid == 0) {
            LITEWIRE_TRY_ASSIGN(c, cast(args[2], PgType{oid::kInterval, -1}, loc));
            args[2] = std::move(c);
          }
        }
        bool ok = args.size() == 3 && args[2].type.oid == oid::kInterval;
        for (size_t i = 0; i < 2; ++i) {
          ok = ok && (args[i].type.oid == 0 || is_dt(args[i].type.oid));
        }
        if (!ok) {
          std::string types;
          for (const auto& a : args) {
            types += (types.empty() ? "" : ", ") +
                     (a.type.oid == 0 ? std::string("unknown") : sql_type_name_of(a.type.oid));
          }
          return error_at(sqlstate::kUndefinedFunction,
                          "function generate_series(" + types + ") does not exist", loc)
              .with_hint(
                  "No function matches the given name and argument types. You might need to add "
                  "explicit type casts.");
        }
        for (size_t i = 0; i < 2; ++i) {
          LITEWIRE_TRY_ASSIGN(c, cast(args[i], t, loc));
          args[i] = std::move(c);
        }
      } else {
        for (auto& a : args) {
          if (a.type.oid == oid::kInt8 && t.oid == oid::kInt4) t = a.type;
          if (a.type.oid == oid::kNumeric) t = a.type;
          if (a.type.oid != 0 && !is_numeric_type(a.type.oid)) {
            return unsupported("generate_series over " + sql_type_name_of(a.type.oid), loc);
          }
        }
        for (auto& a : args) infer(a, t);
      }
      std::string start = args[0].sql, stop = args[1].sql;
      std::string step = args.size() > 2 ? args[2].sql : "1";
      // The step's sign, and the next value: timestamps move by the interval (in the session
      // zone for timestamptz) and compare as their stored text, which sorts as the values do.
      const std::string sign = datetime ? "pg_iv_key(" + step + ")" : "(" + step + ")";
      auto next = [&](const std::string& v) {
        return datetime ? "pg_ts_add(" + v + ", " + step + ", 1, " +
                              (t.oid == oid::kTimestamptz ? "1" : "0") + ")"
                        : v + " + (" + step + ")";
      };
      // A recursive CTE counts from start to stop (SQLite's generate_series is an extension
      // module that is not in the library).
      sql = "(WITH RECURSIVE \"__series\"(\"v\", \"n\") AS (SELECT " + start +
            ", 1 WHERE pg_check_step(" + sign + ") AND (CASE WHEN " + sign + " > 0 THEN " + start +
            " <= " + stop + " ELSE " + start + " >= " + stop + " END) UNION ALL SELECT " +
            next("\"v\"") +
            ", \"n\" + 1 FROM \"__series\" WHERE "
            "CASE WHEN " +
            sign + " > 0 THEN " + next("\"v\"") + " <= " + stop + " ELSE " + next("\"v\"") +
            " >= " + stop + " END) SELECT \"v\" AS " + quote_ident(value_name) +
            (ordinality ? ", \"n\" AS " + quote_ident(ord_name) : std::string()) +
            " FROM \"__series\")";
      item.columns.push_back(ResultColumn{value_name, t, 0, 0});
    } else if (name == "unnest") {
      if (args.empty()) {
        return error_at(sqlstate::kUndefinedFunction, "function unnest() does not exist", loc);
      }
      // SQLite's table-valued json_each, unlike a subquery in FROM, may take columns of the
      // FROM items to its left, so it is emitted bare and each output column is an
      // expression over its key (parallel to `columns`). Several arrays are zipped: json_each
      // walks the longest, the others give NULL past their end, as in PostgreSQL.
      std::string ref = alias.empty() ? name : alias;
      std::string key = quote_ident(ref) + ".\"key\"";
      std::string longest = args[0].sql;
      for (size_t i = 0; i < args.size(); ++i) {
        int32_t type = args[i].type.oid;
        int32_t elem = vector_element_of(type);
        if (type != 0 && elem == 0) {
          return error_at(sqlstate::kUndefinedFunction,
                          "function unnest(" + sql_type_name_of(type) + ") does not exist", loc);
        }
        if (i > 0) {
          longest = "CASE WHEN json_array_length(" + args[i].sql + ") > json_array_length(" +
                    longest + ") THEN " + args[i].sql + " ELSE " + longest + " END";
        }
        std::string col_name = i < colnames.size() ? colnames[i]
                               : args.size() == 1  ? value_name
                                                   : "unnest";
        PgType type_of_column{elem == 0 ? oid::kText : elem, -1};
        item.columns.push_back(ResultColumn{col_name, type_of_column, 0, 0});
        item.column_sql.push_back(
            args.size() == 1 ? quote_ident(ref) + ".\"value\""
                             : "json_extract(" + args[i].sql + ", '$[' || " + key + " || ']')");
      }
      if (ordinality) {
        ord_name = colnames.size() > args.size() ? colnames[args.size()] : "ordinality";
        item.columns.push_back(ResultColumn{ord_name, PgType{oid::kInt8, -1}, 0, 0});
        item.column_sql.push_back("(" + key + " + 1)");
      }
      for (size_t i = 0; i < item.columns.size(); ++i) {
        star.push_back({item.column_sql[i], item.columns[i]});
      }
      scope.items.push_back(std::move(item));
      return "json_each(" + longest + ") AS " + quote_ident(ref);
    } else if (name == "regexp_matches" || name == "regexp_split_to_table") {
      LITEWIRE_TRY_ASSIGN(rows, regexp_srf_source(name, args, loc));
      sql = "(SELECT \"value\" AS " + quote_ident(value_name) +
            (ordinality ? ", \"key\" + 1 AS " + quote_ident(ord_name) : std::string()) +
            " FROM json_each(" + rows + "))";
      const int32_t type = name == "regexp_matches" ? oid::kTextArray : oid::kText;
      item.columns.push_back(ResultColumn{value_name, PgType{type, -1}, 0, 0});
    } else if (name == "pg_partition_ancestors") {
      // litewire has no partitions: a relation's only "ancestor" is itself (psql's \d asks
      // for the ancestors of a trigger's table).
      if (args.size() != 1) {
        return error_at(sqlstate::kUndefinedFunction,
                        "function pg_partition_ancestors does not exist", loc);
      }
      infer(args[0], PgType{oid::kRegclass, -1});
      touches_catalog_ = true;
      std::string relid_name = !colnames.empty() ? colnames[0] : "relid";
      sql = "(SELECT " + args[0].sql + " AS " + quote_ident(relid_name) +
            (ordinality ? ", 1 AS " + quote_ident(ord_name) : std::string()) + ")";
      item.columns.push_back(ResultColumn{relid_name, PgType{oid::kRegclass, -1}, 0, 0});
    } else {
      return unsupported("function " + name + "() in FROM", loc);
    }
    if (ordinality) item.columns.push_back(ResultColumn{ord_name, PgType{oid::kInt8, -1}, 0, 0});
    add_item(std::move(item));
    return sql + " AS " + quote_ident(alias.empty() ? name : alias);
  }
  if (n.type == "RangeTableSample") return unsupported("TABLESAMPLE", loc);
  return unsupported(std::string(n.type) + " in FROM", loc);
}

}  // namespace litewire::sqlite
