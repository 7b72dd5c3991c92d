// Set-returning functions in a SELECT list (PostgreSQL 10+ semantics): each row of the FROM
// clause yields as many rows as its longest SRF result; the SRFs run in lockstep and shorter
// ones are padded with NULL; a row for which every SRF is empty disappears. WHERE runs before,
// DISTINCT, ORDER BY and LIMIT after.
//
// SQLite has no LATERAL, but its table-valued functions see the columns of the FROM items to
// their left. So every SRF call is translated as the FROM-clause function it also is (from_item,
// with ORDINALITY, correlated with the row), collected per row into a JSON array by a scalar
// subquery, and the query's FROM gets one more item, json_each over that array (over the
// longest array when there are several), whose columns replace the calls in the target list:
//
//   SELECT id, unnest(a) FROM t
//   -> SELECT id, "__srf"."c1" FROM t, json_each((SELECT json_group_array(v) FROM
//                                                 (unnest(t.a) WITH ORDINALITY ...))) AS "__srf"
//
// The target list is rewritten in the parse tree (calls become ColumnRefs "__srf"."cN"); the
// FROM item is added by simple_select once its FROM scope exists (select_list_srf_items).
// Grouped queries, aggregates and window functions alongside SRFs, and SRFs nested in SRF
// arguments, fail with 0A000.

#include <algorithm>
#include <memory>

#include "protocol/types.h"
#include "sqlite/translate/translator_impl.h"

namespace litewire::sqlite {

namespace sqlstate = protocol::sqlstate;

namespace {

constexpr const char* kSrfItem = "__srf";

std::string function_name(const tree::Object* call) {
  const tree::Array* fname = tree::list_field(call, "funcname");
  return tree::list_size(fname) == 0 ? std::string() : std::string(tree::string_value(fname->back()));
}

int location_in(const tree::Object* o) { return static_cast<int>(tree::int_field(o, "location", -1)); }

tree::Value string_node(std::string_view s) {
  return boost::json::object{{"String", boost::json::object{{"sval", s}}}};
}

}  // namespace

bool Translator::set_returning_function(std::string_view name) {
  // Functions PostgreSQL declares proretset that litewire may offer in FROM; whether one is
  // actually available is from_item's answer.
  static constexpr std::string_view kNames[] = {
      "generate_series",      "unnest",              "regexp_matches",
      "regexp_split_to_table", "string_to_table",    "generate_subscripts",
      "json_array_elements",  "jsonb_array_elements", "json_array_elements_text",
      "jsonb_array_elements_text", "json_each",       "jsonb_each",
      "json_each_text",       "jsonb_each_text",      "json_object_keys",
      "jsonb_object_keys",    "jsonb_path_query",     "pg_partition_ancestors"};
  for (std::string_view n : kNames) {
    if (n == name) return true;
  }
  return false;
}

namespace {

// Whether a function call in `v` (outside subqueries) satisfies `pred`.
template <class Pred>
bool any_call(const tree::Value& v, const Pred& pred) {
  if (v.is_array()) {
    for (const auto& x : v.get_array()) {
      if (any_call(x, pred)) return true;
    }
    return false;
  }
  if (!v.is_object()) return false;
  for (const auto& [key, x] : v.get_object()) {
    if (key == "SubLink") continue;
    if (key == "FuncCall" && x.is_object() && pred(&x.get_object())) return true;
    if (any_call(x, pred)) return true;
  }
  return false;
}

// Replaces the SRF calls of one target expression by ColumnRefs to the SRF item, collecting
// the calls; PostgreSQL's errors for SRFs where a row-by-row projection cannot put them.
struct SrfRewriter {
  Translator& t;
  std::vector<tree::Value>& calls;
  std::optional<PgError> error;

  void fail(protocol::SqlState code, std::string message, int location, std::string hint = {}) {
    if (error) return;
    PgError e = t.error_at(code, std::move(message), location);
    if (!hint.empty()) e.hint = std::move(hint);
    error = std::move(e);
  }

  static bool contains_srf(const tree::Value& v) {  // outside subqueries
    return any_call(v, [](const tree::Object* call) {
      return Translator::set_returning_function(function_name(call));
    });
  }

  void walk(tree::Value& v) {
    if (error) return;
    if (v.is_array()) {
      for (auto& x : v.get_array()) walk(x);
      return;
    }
    if (!v.is_object()) return;
    auto& o = v.get_object();
    if (o.size() == 1) {
      auto& [key, body] = *o.begin();
      if (key == "SubLink") return;  // a subquery evaluates its own SRFs
      if (body.is_object()) {
        const tree::Object* b = &body.get_object();
        if (key == "CaseExpr" && contains_srf(body)) {
          return fail(sqlstate::kFeatureNotSupported, "set-returning functions are not allowed in CASE",
                      location_in(b), "You might be able to move the set-returning function into a LATERAL FROM item.");
        }
        if (key == "CoalesceExpr" && contains_srf(body)) {
          return fail(sqlstate::kFeatureNotSupported,
                      "set-returning functions are not allowed in COALESCE", location_in(b),
                      "You might be able to move the set-returning function into a LATERAL FROM item.");
        }
        if (key == "FuncCall") {
          const std::string name = function_name(b);
          if (Translator::set_returning_function(name)) {
            const tree::Value* args = tree::field(b, "args");
            if (args != nullptr && contains_srf(*args)) {
              return fail(sqlstate::kFeatureNotSupported,
                          "set-returning functions as arguments of set-returning functions are not supported",
                          location_in(b));
            }
            calls.push_back(v);
            boost::json::array fields;
            fields.push_back(string_node(kSrfItem));
            fields.push_back(string_node("c" + std::to_string(calls.size())));
            v = boost::json::object{
                {"ColumnRef", boost::json::object{{"fields", std::move(fields)},
                                                  {"location", location_in(b)}}}};
            return;
          }
          if (tree::field(b, "over") != nullptr && contains_srf(body)) {
            return fail(sqlstate::kFeatureNotSupported,
                        "window function calls cannot contain set-returning function calls",
                        location_in(b),
                        "You might be able to move the set-returning function into a LATERAL FROM item.");
          }
          if (aggregate_function(name) && contains_srf(body)) {
            return fail(sqlstate::kFeatureNotSupported,
                        "aggregate function calls cannot contain set-returning function calls",
                        location_in(b),
                        "You might be able to move the set-returning function into a LATERAL FROM item.");
          }
        }
      }
    }
    for (auto& [key, x] : o) walk(x);
  }
};

// Whether a target list has aggregate or window calls outside subqueries.
bool has_aggregate_or_window(const tree::Value& v) {
  return any_call(v, [](const tree::Object* call) {
    return tree::field(call, "over") != nullptr || aggregate_function(function_name(call));
  });
}

}  // namespace

Result<const tree::Object*> Translator::rewrite_select_list_srfs(const tree::Object* stmt) {
  const tree::Value* targets = tree::field(stmt, "targetList");
  if (targets == nullptr) return stmt;
  // Drivers' catalog queries (generate_subscripts over int2vector, pgjdbc's
  // (information_schema._pg_expandarray(a)).n) go through target_list_srfs (srf_catalog.cpp),
  // which knows those functions and record fields.
  if (catalog_target_srfs(tree::list_field(stmt, "targetList"))) return stmt;
  std::vector<tree::Value> calls;
  auto copy = std::make_unique<tree::Value>(boost::json::object(*stmt));
  SrfRewriter rw{*this, calls, std::nullopt};
  tree::Value& new_targets = copy->get_object()["targetList"];
  for (auto& target : new_targets.get_array()) {
    tree::Node rt = tree::node(target);
    if (rt.type != "ResTarget" || !target.get_object().begin()->value().is_object()) continue;
    auto& body = target.get_object().begin()->value().get_object();
    auto val = body.find("val");
    if (val == body.end()) continue;
    const size_t before = calls.size();
    // A bare SRF call keeps the function's name as the column's name.
    tree::Node top = tree::node(val->value());
    std::string top_name = top.type == "FuncCall" ? function_name(top.body) : std::string();
    rw.walk(val->value());
    if (rw.error) return *rw.error;
    if (calls.size() != before && body.find("name") == body.end() && !top_name.empty() &&
        tree::node(val->value()).type == "ColumnRef") {
      body["name"] = top_name;
    }
  }
  if (calls.empty()) return stmt;
  const int loc = location_in(tree::node(calls.front()).body);
  if (tree::field(stmt, "groupClause") != nullptr || tree::field(stmt, "havingClause") != nullptr ||
      tree::field(stmt, "windowClause") != nullptr || has_aggregate_or_window(*targets)) {
    return grouped_srf_select(stmt, loc);
  }
  const tree::Object* rewritten = &copy->get_object();
  srf_calls_[rewritten] = std::move(calls);
  owned_trees_.push_back(std::move(copy));
  return rewritten;
}

// A grouped query (or one with aggregates or window functions) computes its rows first: it
// becomes a subquery "__g" producing the SRF-free targets and the SRFs' arguments, and the SRFs
// run over its rows in an ungrouped outer query that also takes DISTINCT, ORDER BY and LIMIT.
// Supported: SRF calls as whole targets; ORDER BY output names or positions.
Result<const tree::Object*> Translator::grouped_srf_select(const tree::Object* stmt, int location) {
  auto refuse = [&](std::string what) {
    return unsupported("set-returning functions in the select list of a grouped query " + what,
                       location);
  };
  if (tree::field(stmt, "lockingClause") != nullptr) return refuse("with FOR UPDATE");
  if (const tree::Array* group = tree::list_field(stmt, "groupClause")) {
    for (const auto& g : *group) {
      if (tree::node(g).type == "A_Const") return refuse("grouped by position");
    }
  }
  auto column_ref = [](std::string_view relation, std::string_view column) {
    boost::json::array fields;
    fields.push_back(string_node(relation));
    fields.push_back(string_node(column));
    return tree::Value(boost::json::object{{"ColumnRef", boost::json::object{{"fields", std::move(fields)}}}});
  };
  auto res_target = [](tree::Value val, std::string_view name) {
    boost::json::object rt{{"val", std::move(val)}};
    if (!name.empty()) rt["name"] = name;
    return tree::Value(boost::json::object{{"ResTarget", std::move(rt)}});
  };
  boost::json::array inner_targets, outer_targets, probe_targets;
  std::vector<size_t> plain;  // outer target index -> position among probe targets (or npos)
  const tree::Array* targets = tree::list_field(stmt, "targetList");
  for (size_t i = 0; i < targets->size(); ++i) {
    const tree::Object* rt = tree::node(targets->at(i)).body;
    const tree::Value* val = tree::field(rt, "val");
    const std::string name(tree::string_field(rt, "name"));
    if (val == nullptr || !SrfRewriter::contains_srf(*val)) {
      // Kept under its own name when it has one (GROUP BY may refer to it), else by position.
      const std::string inner_name = name.empty() ? "__c" + std::to_string(i + 1) : name;
      inner_targets.push_back(res_target(val ? *val : tree::Value(), inner_name));
      probe_targets.push_back(targets->at(i));
      outer_targets.push_back(res_target(column_ref("__g", inner_name), name));
      plain.push_back(probe_targets.size() - 1);
      continue;
    }
    tree::Node call = tree::node(val);
    const tree::Value* args = call.type == "FuncCall" ? tree::field(call.body, "args") : nullptr;
    if (call.type != "FuncCall" || !set_returning_function(function_name(call.body)) ||
        (args != nullptr && SrfRewriter::contains_srf(*args))) {
      return refuse("inside expressions");
    }
    tree::Value outer_call = *val;
    auto& outer_args = outer_call.get_object().begin()->value().get_object()["args"];
    if (outer_args.is_array()) {
      for (size_t j = 0; j < outer_args.get_array().size(); ++j) {
        const std::string arg_name = "__a" + std::to_string(i + 1) + "_" + std::to_string(j + 1);
        inner_targets.push_back(res_target(outer_args.get_array()[j], arg_name));
        outer_args.get_array()[j] = column_ref("__g", arg_name);
      }
    }
    outer_targets.push_back(res_target(std::move(outer_call), name.empty() ? function_name(call.body) : name));
    plain.push_back(std::string::npos);
  }
  // Output names of the plain targets as the query itself names them.
  boost::json::object probe(*stmt);
  for (const char* k : {"sortClause", "limitCount", "limitOffset", "limitOption", "distinctClause", "withClause"}) {
    probe.erase(k);
  }
  boost::json::object inner = probe;
  probe["targetList"] = std::move(probe_targets);
  inner["targetList"] = std::move(inner_targets);
  if (!probe["targetList"].get_array().empty()) {
    LITEWIRE_TRY_ASSIGN(named, query(&probe));
    for (size_t i = 0; i < plain.size(); ++i) {
      if (plain[i] == std::string::npos) continue;
      auto& rt = outer_targets[i].get_object()["ResTarget"].get_object();
      if (rt.find("name") == rt.end()) rt["name"] = named.columns[plain[i]].name;
    }
  }
  // ORDER BY may only name output columns or positions: anything else would be evaluated in
  // the outer, ungrouped query.
  std::vector<std::string> names;
  for (const auto& t : outer_targets) {
    names.emplace_back(t.get_object().at("ResTarget").get_object().at("name").get_string());
  }
  for (size_t i = 0; i < tree::list_size(tree::list_field(stmt, "sortClause")); ++i) {
    tree::Node key = tree::node(tree::field(tree::node(tree::list_field(stmt, "sortClause")->at(i)).body, "node"));
    bool ok = key.type == "A_Const";
    if (key.type == "ColumnRef" && tree::list_size(tree::list_field(key.body, "fields")) == 1) {
      const std::string_view n = tree::string_value(tree::list_field(key.body, "fields")->at(0));
      ok = std::find(names.begin(), names.end(), n) != names.end();
    }
    if (!ok) return refuse("ordered by an expression");
  }
  boost::json::object outer;
  for (const char* k : {"sortClause", "limitCount", "limitOffset", "limitOption", "distinctClause"}) {
    if (const tree::Value* v = tree::field(stmt, k)) outer[k] = *v;
  }
  outer["targetList"] = std::move(outer_targets);
  boost::json::array from;
  from.push_back(boost::json::object{
      {"RangeSubselect",
       boost::json::object{{"subquery", boost::json::object{{"SelectStmt", std::move(inner)}}},
                           {"alias", boost::json::object{{"aliasname", "__g"}}}}}});
  outer["fromClause"] = std::move(from);
  outer["op"] = "SETOP_NONE";
  owned_trees_.push_back(std::make_unique<tree::Value>(std::move(outer)));
  return rewrite_select_list_srfs(&owned_trees_.back()->get_object());
}

Result<void> Translator::select_list_srf_items(const tree::Object* stmt, Scope& scope,
                                               std::string& from) {
  auto found = srf_calls_.find(stmt);
  if (found == srf_calls_.end()) return {};
  const std::vector<tree::Value>& calls = found->second;
  // The calls see the FROM items (their arguments are correlated with the row).
  ScopeGuard guard(*this, scope);
  RangeItem item;
  item.ref_name = kSrfItem;
  std::vector<std::string> arrays;
  for (size_t k = 0; k < calls.size(); ++k) {
    const tree::Object* call = tree::node(calls[k]).body;
    const std::string alias = "__srf_f" + std::to_string(k + 1);
    boost::json::array pair;
    pair.push_back(calls[k]);
    pair.push_back(boost::json::object());
    boost::json::array functions;
    functions.push_back(boost::json::object{{"List", boost::json::object{{"items", std::move(pair)}}}});
    tree::Value range_function = boost::json::object{
        {"RangeFunction",
         boost::json::object{{"ordinality", true},
                             {"functions", std::move(functions)},
                             {"alias", boost::json::object{{"aliasname", alias}}},
                             {"location", location_in(call)}}}};
    Scope fn_scope;
    std::vector<StarColumn> star;
    LITEWIRE_TRY_ASSIGN(fn_sql, from_item(range_function, fn_scope, star));
    const RangeItem& fn = fn_scope.items.back();
    if (fn.columns.size() != 2) {
      return unsupported("set-returning function " + function_name(call) +
                             "() returning several columns in the select list",
                         location_in(call));
    }
    // A table-valued function item reads its columns through column_sql; a subquery item
    // by name.
    auto column = [&fn](size_t i) {
      return i < fn.column_sql.size() && !fn.column_sql[i].empty()
                 ? fn.column_sql[i]
                 : quote_ident(fn.ref_name) + "." + quote_ident(fn.columns[i].name);
    };
    arrays.push_back("(SELECT json_group_array(\"v\") FROM (SELECT " + column(0) + " AS \"v\", " +
                     column(1) + " AS \"o\" FROM " + fn_sql + " ORDER BY \"o\"))");
    ResultColumn col = fn.columns[0];
    col.name = "c" + std::to_string(k + 1);
    item.columns.push_back(std::move(col));
  }
  std::string source;
  if (arrays.size() == 1) {
    source = arrays[0];
    item.column_sql.push_back(quote_ident(kSrfItem) + ".\"value\"");
  } else {
    // Lockstep: as many rows as the longest result; json_extract past the end gives NULL.
    source = "(SELECT \"a\" FROM (";
    for (size_t k = 0; k < arrays.size(); ++k) {
      source += (k ? " UNION ALL SELECT " : "SELECT ") + arrays[k] + " AS \"a\"";
    }
    source += ") ORDER BY json_array_length(\"a\") DESC LIMIT 1)";
    for (const auto& a : arrays) {
      item.column_sql.push_back("json_extract(" + a + ", '$[' || " + quote_ident(kSrfItem) +
                                ".\"key\" || ']')");
    }
  }
  from += (from.empty() ? "" : ", ") + std::string("json_each(") + source + ") AS " +
          quote_ident(kSrfItem);
  scope.items.push_back(std::move(item));
  return {};
}

Result<std::string> Translator::regexp_srf_source(const std::string& name, std::vector<Expr>& args,
                                                  int location) {
  if (args.size() < 2 || args.size() > 3) {
    return error_at(sqlstate::kUndefinedFunction, "function " + name + " does not exist", location);
  }
  std::string sql = "pg_" + name + "(";
  for (size_t i = 0; i < args.size(); ++i) {
    infer(args[i], PgType{protocol::oid::kText, -1});
    if (!is_text_type(args[i].type.oid)) {
      return error_at(sqlstate::kUndefinedFunction,
                      "function " + name + "(" + sql_type_name_of(args[i].type.oid) +
                          ", ...) does not exist",
                      location);
    }
    sql += (i ? ", " : "") + args[i].sql;
  }
  return sql + ")";
}

}  // namespace litewire::sqlite
