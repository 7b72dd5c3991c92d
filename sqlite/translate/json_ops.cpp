// json/jsonb functions and operators, array slices and array operators/functions: PostgreSQL
// expressions -> calls of the SQL functions in sqlite/functions/json.h, and the set-returning
// json functions in FROM -> the pg_json_each table-valued function.

#include <set>

#include "protocol/types.h"
#include "sqlite/functions/json.h"
#include "sqlite/translate/translator_impl.h"

namespace litewire::sqlite {

namespace oid = protocol::oid;
namespace sqlstate = protocol::sqlstate;

namespace {

Expr typed(std::string sql, int32_t type_oid) {
  Expr e;
  e.sql = std::move(sql);
  e.type = PgType{type_oid, -1};
  return e;
}

bool is_json(int32_t t) { return t == oid::kJson || t == oid::kJsonb; }

// The set-returning json functions and their pg_json_each mode.
const std::map<std::string, int, std::less<>>& json_table_functions() {
  static const std::map<std::string, int, std::less<>> k = {
      {"json_array_elements", kJsonEachElements},
      {"json_array_elements_text", kJsonEachElements | kJsonEachText},
      {"json_each", kJsonEachMembers},
      {"json_each_text", kJsonEachMembers | kJsonEachText},
      {"json_object_keys", kJsonEachKeys},
      {"jsonb_array_elements", kJsonEachElements | kJsonEachJsonb},
      {"jsonb_array_elements_text", kJsonEachElements | kJsonEachText | kJsonEachJsonb},
      {"jsonb_each", kJsonEachMembers | kJsonEachJsonb},
      {"jsonb_each_text", kJsonEachMembers | kJsonEachText | kJsonEachJsonb},
      {"jsonb_object_keys", kJsonEachKeys | kJsonEachJsonb},
  };
  return k;
}

}  // namespace

bool is_table_function(std::string_view name) {
  return name == "unnest" || json_table_functions().count(name) > 0;
}

bool json_takes_records(std::string_view name) {
  static const std::set<std::string, std::less<>> k = {
      "to_json", "to_jsonb", "row_to_json", "json_agg", "jsonb_agg", "json_build_object",
      "jsonb_build_object", "json_build_array", "jsonb_build_array", "json_object_agg",
      "jsonb_object_agg"};
  return k.count(name) > 0;
}

std::string jsonb_sort_key(std::string sql, int32_t type_oid) {
  if (type_oid != oid::kJsonb) return sql;
  // A compound SELECT's ORDER BY takes a bare output column name (with COLLATE) only.
  bool identifier = sql.size() >= 2 && sql.front() == '"' && sql.back() == '"' &&
                    sql.find('"', 1) == sql.size() - 1;
  return (identifier ? sql : "(" + sql + ")") + " COLLATE \"pg_jsonb\"";
}

PgError Translator::too_many_column_aliases(const std::string& ref_name, size_t available,
                                            size_t given, int location) const {
  return error_at(sqlstate::kInvalidColumnReference,
                  "table \"" + ref_name + "\" has " + std::to_string(available) +
                      " columns available but " + std::to_string(given) + " columns specified",
                  location);
}

PgError Translator::undefined_operator(std::string_view op, const Expr& l, const Expr& r,
                                       int location) const {
  return error_at(sqlstate::kUndefinedFunction,
                  "operator does not exist: " + sql_type_name_of(l.type.oid) + " " + std::string(op) +
                      " " + sql_type_name_of(r.type.oid),
                  location)
      .with_hint(
          "No operator matches the given name and argument types. You might need to add "
          "explicit type casts.");
}

PgError Translator::undefined_function(std::string_view name, const std::vector<Expr>& args,
                                       int location) const {
  std::string types;
  for (size_t i = 0; i < args.size(); ++i) {
    if (i > 0) types += ", ";
    types += sql_type_name_of(args[i].type.oid);
  }
  return error_at(sqlstate::kUndefinedFunction,
                  "function " + std::string(name) + "(" + types + ") does not exist", location)
      .with_hint(
          "No function matches the given name and argument types. You might need to add "
          "explicit type casts.");
}

Result<bool> Translator::coerce_to(Expr& e, const PgType& type, int location) {
  if (e.is_null) {
    e.type = type;
    return true;
  }
  infer(e, type);
  if (e.is_literal) {
    LITEWIRE_TRY_ASSIGN(c, cast(e, type, location));
    e = std::move(c);
  }
  return e.type.oid == type.oid;
}

std::string Translator::json_value_args(Expr e) {
  if (!e.fields.empty()) {
    // A record: an object of its fields, in PostgreSQL's composite layout ({"a":1,"b":2}).
    std::string sql = "pg_json_build(4";
    for (const auto& f : e.fields) {
      Expr v;
      v.sql = f.sql;
      v.type = f.type;
      v.scale = f.scale;
      sql += ", " + quote_literal(f.name) + ", " + std::to_string(oid::kText) + ", " + json_value_args(v);
    }
    return sql + "), " + std::to_string(oid::kJson);
  }
  int32_t t = e.type.oid == 0 || e.type.oid == oid::kUnknown ? oid::kText : e.type.oid;
  if (t == oid::kNumeric && e.scale >= 0) {
    // A numeric keeps its display scale in JSON (to_json(2.50) is 2.50).
    e.sql = "pg_numeric_scale(" + e.sql + ", " + std::to_string(e.scale) + ")";
  }
  return e.sql + ", " + std::to_string(t);
}

Result<std::optional<Expr>> Translator::json_operator(std::string_view op, Expr& l, Expr& r,
                                                      int location) {
  int32_t lt = l.type.oid, rt = r.type.oid;
  auto untyped = [](const Expr& e) { return e.type.oid == 0; };
  if (op == "->" || op == "->>" || op == "#>" || op == "#>>") {
    bool path = op[0] == '#';
    if (!is_json(lt)) {
      if (path) return std::optional<Expr>();
      return undefined_operator(op, l, r, location);
    }
    bool as_text = op.size() == 3;
    if (path) {
      LITEWIRE_TRY_ASSIGN(ok, coerce_to(r, PgType{oid::kTextArray, -1}, location));
      if (!ok) return undefined_operator(op, l, r, location);
    } else {
      infer(r, PgType{oid::kText, -1});
      if (!untyped(r) && !is_text_type(r.type.oid) && !is_integer_type(r.type.oid)) {
        return undefined_operator(op, l, r, location);
      }
    }
    // Both json and jsonb are text whose sub-values are cut out as written (jsonb's stored text
    // is already normalized).
    std::string fn = path ? "pg_json_get_path(" : "pg_json_get(";
    Expr out = typed(fn + l.sql + ", " + r.sql + ", " + (as_text ? "1" : "0") + ")",
                     as_text ? oid::kText : lt);
    return std::optional<Expr>(std::move(out));
  }
  if ((op == "?" || op == "?|" || op == "?&") && lt != 0 && lt != oid::kJsonb) {
    return undefined_operator(op, l, r, location);  // key existence is jsonb's only
  }
  bool jsonb_op = lt == oid::kJsonb || rt == oid::kJsonb;
  bool compare = op == "=" || op == "<>" || op == "!=" || op == "<" || op == ">" || op == "<=" ||
                 op == ">=";
  if (compare && jsonb_op && (lt == rt || untyped(l) || untyped(r))) {
    // jsonb's own order: numbers by value ('1.0' = '1'), containers by size first.
    LITEWIRE_TRY(coerce_to(l, PgType{oid::kJsonb, -1}, location));
    LITEWIRE_TRY(coerce_to(r, PgType{oid::kJsonb, -1}, location));
    std::string sop = op == "!=" ? "<>" : std::string(op);
    return std::optional<Expr>(
        typed("(pg_jsonb_cmp(" + l.sql + ", " + r.sql + ") " + sop + " 0)", oid::kBool));
  }
  bool array_op = element_of(lt) != 0 || element_of(rt) != 0;
  if (op == "@>" || op == "<@" || op == "&&") {
    bool contained = op == "<@";
    if (jsonb_op && op != "&&") {
      LITEWIRE_TRY_ASSIGN(lok, coerce_to(l, PgType{oid::kJsonb, -1}, location));
      LITEWIRE_TRY_ASSIGN(rok, coerce_to(r, PgType{oid::kJsonb, -1}, location));
      if (!lok || !rok) return undefined_operator(op, l, r, location);
      const Expr& a = contained ? r : l;
      const Expr& b = contained ? l : r;
      return std::optional<Expr>(typed("pg_jsonb_contains(" + a.sql + ", " + b.sql + ")", oid::kBool));
    }
    if (array_op) {
      int32_t arr = element_of(lt) != 0 ? lt : rt;
      LITEWIRE_TRY_ASSIGN(lok, coerce_to(l, PgType{arr, -1}, location));
      LITEWIRE_TRY_ASSIGN(rok, coerce_to(r, PgType{arr, -1}, location));
      if (!lok || !rok) return undefined_operator(op, l, r, location);
      const Expr& a = contained ? r : l;
      const Expr& b = contained ? l : r;
      return std::optional<Expr>(typed("pg_array_compare(" + a.sql + ", " + b.sql + ", " +
                                           (op == "&&" ? "1" : "0") + ")",
                                       oid::kBool));
    }
    if (lt != 0 && rt != 0) return undefined_operator(op, l, r, location);
    return std::optional<Expr>();
  }
  if (op == "||" && jsonb_op && (lt == rt || untyped(l) || untyped(r))) {
    LITEWIRE_TRY(coerce_to(l, PgType{oid::kJsonb, -1}, location));
    LITEWIRE_TRY(coerce_to(r, PgType{oid::kJsonb, -1}, location));
    return std::optional<Expr>(typed("pg_jsonb_concat(" + l.sql + ", " + r.sql + ")", oid::kJsonb));
  }
  if ((op == "-" || op == "#-") && lt == oid::kJsonb) {
    if (op == "#-") {
      LITEWIRE_TRY_ASSIGN(ok, coerce_to(r, PgType{oid::kTextArray, -1}, location));
      if (!ok) return undefined_operator(op, l, r, location);
      return std::optional<Expr>(
          typed("pg_jsonb_delete_path(" + l.sql + ", " + r.sql + ")", oid::kJsonb));
    }
    // jsonb - text (an unknown literal resolves to text), jsonb - int, jsonb - text[].
    infer(r, PgType{oid::kText, -1});
    int mode = r.type.oid == oid::kTextArray ? 2 : is_integer_type(r.type.oid) ? 1 : 0;
    if (!untyped(r) && !is_text_type(r.type.oid) && mode == 0) {
      return undefined_operator(op, l, r, location);
    }
    return std::optional<Expr>(typed(
        "pg_jsonb_delete(" + l.sql + ", " + r.sql + ", " + std::to_string(mode) + ")", oid::kJsonb));
  }
  return std::optional<Expr>();
}

Result<Expr> Translator::array_slice(Expr arg, const tree::Object* indices, int location) {
  if (arg.type.oid != 0 && element_of(arg.type.oid) == 0) {
    return error_at(sqlstate::kDatatypeMismatch,
                    "cannot subscript type " + sql_type_name_of(arg.type.oid) +
                        " because it does not support subscripting",
                    location);
  }
  // Arrays have lower bound 1: an omitted lower bound is 1, an omitted upper one the end.
  std::string bounds[2] = {"1", "2147483647"};
  const char* fields[2] = {"lidx", "uidx"};
  for (int k = 0; k < 2; ++k) {
    const tree::Value* v = tree::field(indices, fields[k]);
    if (v == nullptr) continue;
    LITEWIRE_TRY_ASSIGN(b, expr(*v));
    LITEWIRE_TRY_ASSIGN(ok, coerce_to(b, PgType{oid::kInt4, -1}, location));
    if (!ok && !is_integer_type(b.type.oid)) {
      return error_at(sqlstate::kDatatypeMismatch, "array subscript must have type integer", location);
    }
    bounds[k] = b.sql;
  }
  Expr out = typed("pg_array_slice(" + arg.sql + ", " + bounds[0] + ", " + bounds[1] + ")",
                   arg.type.oid);
  out.name = arg.name;
  out.name_strength = arg.name_strength;
  return out;
}

Result<std::optional<Expr>> Translator::json_function(const std::string& name,
                                                      std::vector<Expr>& args,
                                                      const tree::Object* call, int location) {
  static const std::set<std::string, std::less<>> kNames = {
      "to_json", "to_jsonb", "json_build_object", "jsonb_build_object", "json_build_array",
      "jsonb_build_array", "json_agg", "jsonb_agg", "json_object_agg", "jsonb_object_agg",
      "row_to_json", "jsonb_set", "jsonb_insert", "jsonb_strip_nulls", "json_strip_nulls", "jsonb_pretty",
      "array_positions", "array_remove", "array_replace", "json_extract_path",
      "json_extract_path_text", "jsonb_extract_path", "jsonb_extract_path_text", "array_to_json"};
  if (kNames.count(name) == 0) return std::optional<Expr>();
  bool jsonb = name.starts_with("jsonb") || name == "to_jsonb";
  int32_t json_type = jsonb ? oid::kJsonb : oid::kJson;
  auto arity = [&](size_t lo, size_t hi) { return args.size() >= lo && args.size() <= hi; };
  Expr out;
  out.name = name;
  out.name_strength = 2;

  if (name == "json_agg" || name == "jsonb_agg" || name == "json_object_agg" ||
      name == "jsonb_object_agg") {
    bool object = name.find("object") != std::string::npos;
    if (!arity(object ? 2 : 1, object ? 2 : 1)) return undefined_function(name, args, location);
    const tree::Object* over = tree::object_field(call, "over");
    bool distinct = tree::bool_field(call, "agg_distinct");
    const tree::Array* order = tree::list_field(call, "agg_order");
    int kind = (object ? 2 : 0) + (jsonb ? 1 : 0);
    std::string elem;
    if (object) {
      elem = "pg_json_member(" + json_value_args(args[0]) + ", pg_to_json(" +
             json_value_args(args[1]) + ", 0))";
    } else {
      if (element_of(args[0].type.oid) != 0 || !args[0].fields.empty()) kind += 4;
      elem = "pg_to_json(" + json_value_args(args[0]) + ", 0)";
    }
    std::string inner;
    if (tree::list_size(order) > 0) {
      if (distinct) return unsupported(name + "(DISTINCT ... ORDER BY ...)", location);
      if (over != nullptr) return unsupported(name + "(... ORDER BY ...) as a window function", location);
      LITEWIRE_TRY_ASSIGN(keys, agg_order_keys(order));
      inner = "pg_ordered_agg(1, " + elem + ", NULL" + keys + ")";
    } else if (distinct) {
      // PostgreSQL sorts the inputs of a DISTINCT aggregate: the values ordered by their stored
      // form (then duplicates dropped by the final step, kind +8).
      if (over != nullptr) return unsupported(name + "(DISTINCT ...) as a window function", location);
      std::string keys;
      for (const auto& a : args) {
        if (!a.fields.empty()) return unsupported(name + "(DISTINCT record)", location);
        keys += ", " + a.sql + ", 0, 0";
      }
      inner = "pg_ordered_agg(1, " + elem + ", NULL" + keys + ")";
      kind += 8;
    } else {
      inner = "json_group_array(" + elem + ")";
    }
    if (const tree::Value* filter = tree::field(call, "agg_filter")) {
      LITEWIRE_TRY_ASSIGN(cond, expr(*filter));
      infer(cond, PgType{oid::kBool, -1});
      inner += " FILTER (WHERE " + cond.sql + ")";
    }
    if (over != nullptr) {
      // json_group_array is a window function too; the final step reads each frame's result.
      LITEWIRE_TRY_ASSIGN(w, window_def(over));
      out.sql = "pg_json_agg_final(" + std::to_string(kind) + ", " + inner + " OVER " + w + ")";
      out.type = PgType{json_type, -1};
      return std::optional<Expr>(std::move(out));
    }
    out.sql = "pg_json_agg_final(" + std::to_string(kind) + ", " + inner + ")";
    out.type = PgType{json_type, -1};
    out.is_aggregate = true;
    ++aggregates_seen_;
    last_aggregate_location_ = location;
    return std::optional<Expr>(std::move(out));
  }
  if (tree::field(call, "agg_filter") != nullptr || tree::field(call, "over") != nullptr) {
    return unsupported("FILTER or OVER for non-aggregate functions", location);
  }
  if (name == "to_json" || name == "to_jsonb" || name == "row_to_json") {
    if (name == "row_to_json" && args.size() == 2) return unsupported("row_to_json(..., pretty)", location);
    if (!arity(1, 1)) return undefined_function(name, args, location);
    if (name == "row_to_json" && args[0].type.oid != oid::kRecord) {
      return undefined_function(name, args, location);
    }
    if (args[0].type.oid == oid::kRecord && args[0].fields.empty()) {
      return unsupported(name + "() of this record", location);
    }
    if (args[0].type.oid == 0 && !args[0].is_null) {
      // PostgreSQL cannot resolve an untyped literal for to_json(anyelement).
      return error_at(sqlstate::kDatatypeMismatch,
                      "could not determine polymorphic type because input has type unknown",
                      location);
    }
    out.sql = "pg_to_json(" + json_value_args(args[0]) + (jsonb ? ", 1)" : ", 2)");
    out.type = PgType{json_type, -1};
  } else if (name == "array_to_json") {
    if (!arity(1, 1) || element_of(args[0].type.oid) == 0) {
      return args.size() == 2 ? unsupported("array_to_json(..., pretty)", location)
                              : undefined_function(name, args, location);
    }
    out.sql = "pg_to_json(" + json_value_args(args[0]) + ", 2)";
    out.type = PgType{oid::kJson, -1};
  } else if (name.find("_extract_path") != std::string::npos) {
    // json(b)_extract_path[_text](doc, VARIADIC path text[]): the #> / #>> operators.
    if (args.size() < 2) return undefined_function(name, args, location);
    bool ok = true;
    for (size_t i = 0; i < args.size() && ok; ++i) {
      LITEWIRE_TRY_ASSIGN(c, coerce_to(args[i], PgType{i == 0 ? json_type : oid::kText, -1}, location));
      ok = c || (i > 0 && is_text_type(args[i].type.oid));
    }
    if (!ok) return undefined_function(name, args, location);
    bool as_text = name.ends_with("_text");
    std::vector<Expr> path(args.begin() + 1, args.end());
    std::string elements;
    for (size_t i = 0; i < path.size(); ++i) elements += (i ? ", " : "") + path[i].sql;
    out.sql = "pg_json_get_path(" + args[0].sql + ", json_array(" + elements + "), " +
              (as_text ? "1" : "0") + ")";
    out.type = PgType{as_text ? oid::kText : json_type, -1};
  } else if (name.ends_with("_build_object") || name.ends_with("_build_array")) {
    bool object = name.ends_with("_object");
    out.sql = std::string("pg_json_build(") + (object ? (jsonb ? "3" : "2") : (jsonb ? "1" : "0"));
    for (auto& a : args) {
      if (a.type.oid == oid::kRecord && a.fields.empty()) return unsupported(name + "() of this record", location);
      infer(a, PgType{oid::kText, -1});
      out.sql += ", " + json_value_args(a);
    }
    out.sql += ")";
    out.type = PgType{json_type, -1};
  } else if (name == "jsonb_set" || name == "jsonb_insert") {
    if (!arity(3, 4)) return undefined_function(name, args, location);
    LITEWIRE_TRY_ASSIGN(a0, coerce_to(args[0], PgType{oid::kJsonb, -1}, location));
    LITEWIRE_TRY_ASSIGN(a1, coerce_to(args[1], PgType{oid::kTextArray, -1}, location));
    LITEWIRE_TRY_ASSIGN(a2, coerce_to(args[2], PgType{oid::kJsonb, -1}, location));
    bool a3 = true;
    if (args.size() > 3) {
      LITEWIRE_TRY_ASSIGN(ok, coerce_to(args[3], PgType{oid::kBool, -1}, location));
      a3 = ok;
    }
    if (!a0 || !a1 || !a2 || !a3) return undefined_function(name, args, location);
    std::string flag = args.size() > 3 ? args[3].sql : (name == "jsonb_set" ? "1" : "0");
    if (name == "jsonb_set") {
      out.sql = "pg_jsonb_set(" + args[0].sql + ", " + args[1].sql + ", " + args[2].sql + ", " +
                flag + ", 0)";
    } else {
      out.sql = "pg_jsonb_set(" + args[0].sql + ", " + args[1].sql + ", " + args[2].sql +
                ", 1, CASE WHEN " + flag + " THEN 2 ELSE 1 END)";
    }
    out.type = PgType{oid::kJsonb, -1};
  } else if (name == "jsonb_strip_nulls" || name == "json_strip_nulls" || name == "jsonb_pretty") {
    if (!arity(1, 1)) return undefined_function(name, args, location);
    LITEWIRE_TRY_ASSIGN(ok, coerce_to(args[0], PgType{json_type, -1}, location));
    if (!ok) return undefined_function(name, args, location);
    if (name == "jsonb_pretty") {
      out.sql = "pg_jsonb_pretty(" + args[0].sql + ")";
      out.type = PgType{oid::kText, -1};
    } else {
      out.sql = "pg_json_strip_nulls(" + args[0].sql + ", " + (jsonb ? "1" : "0") + ")";
      out.type = PgType{json_type, -1};
    }
  } else {
    // array_positions(a, v), array_remove(a, v), array_replace(a, from, to): elements compare
    // with IS NOT DISTINCT FROM on their stored forms (json_array() makes v's stored form).
    bool replace = name == "array_replace";
    if (!arity(replace ? 3 : 2, replace ? 3 : 2)) return undefined_function(name, args, location);
    int32_t arr = args[0].type.oid;
    if (arr == 0 && args[1].type.oid != 0) arr = array_of(args[1].type.oid);
    if (arr == 0) arr = oid::kTextArray;
    int32_t elem = element_of(arr);
    LITEWIRE_TRY_ASSIGN(ok, coerce_to(args[0], PgType{arr, -1}, location));
    if (!ok || elem == 0) return undefined_function(name, args, location);
    for (size_t i = 1; i < args.size(); ++i) {
      LITEWIRE_TRY_ASSIGN(eok, coerce_to(args[i], PgType{elem, -1}, location));
      if (!eok && !(is_numeric_type(elem) && is_numeric_type(args[i].type.oid))) {
        return undefined_function(name, args, location);
      }
    }
    if (name == "array_positions") {
      out.sql = "pg_array_positions(" + args[0].sql + ", json_array(" + args[1].sql + "))";
      out.type = PgType{oid::kInt4Array, -1};
    } else {
      out.sql = "pg_array_replace(" + args[0].sql + ", json_array(" + args[1].sql + "), " +
                (replace ? "json_array(" + args[2].sql + ")" : std::string("NULL")) + ")";
      out.type = PgType{arr, -1};
    }
  }
  return std::optional<Expr>(std::move(out));
}

Result<std::string> Translator::table_function(const std::string& name, std::vector<Expr>& args,
                                                    const std::string& alias,
                                                    const std::vector<std::string>& colnames,
                                                    bool ordinality, RangeItem& item,
                                                    int location) {
  if (name == "unnest") return unnest_function(args, alias, colnames, ordinality, item, location);
  auto it = json_table_functions().find(name);
  if (it == json_table_functions().end()) return unsupported("function " + name + "() in FROM", location);
  int mode = it->second;
  bool jsonb = (mode & kJsonEachJsonb) != 0;
  if (args.size() != 1) return undefined_function(name, args, location);
  LITEWIRE_TRY_ASSIGN(ok, coerce_to(args[0], PgType{jsonb ? oid::kJsonb : oid::kJson, -1}, location));
  if (!ok) return undefined_function(name, args, location);
  item.ref_name = alias.empty() ? name : alias;
  // PostgreSQL's result columns: the value/key OUT parameters keep their names; object_keys
  // returns a bare text column, named by the alias when there is one.
  std::vector<std::pair<std::string, int32_t>> cols;  // (name, type) in the vtab's order
  std::vector<std::string> vtab_cols;
  int32_t value_type = (mode & kJsonEachText) != 0 ? oid::kText : jsonb ? oid::kJsonb : oid::kJson;
  switch (mode & 3) {
    case kJsonEachElements:
      cols = {{"value", value_type}};
      vtab_cols = {"value"};
      break;
    case kJsonEachMembers:
      cols = {{"key", oid::kText}, {"value", value_type}};
      vtab_cols = {"key", "value"};
      break;
    default:
      cols = {{alias.empty() ? name : alias, oid::kText}};
      vtab_cols = {"key"};
  }
  if (ordinality) {
    cols.emplace_back("ordinality", oid::kInt8);
    vtab_cols.emplace_back("ordinality");
  }
  if (colnames.size() > cols.size()) {
    return too_many_column_aliases(item.ref_name, cols.size(), colnames.size(), location);
  }
  std::string handle = quote_ident(item.ref_name);
  for (size_t i = 0; i < cols.size(); ++i) {
    std::string col_name = i < colnames.size() ? colnames[i] : cols[i].first;
    item.columns.push_back(ResultColumn{col_name, PgType{cols[i].second, -1}, 0, 0});
    item.column_sql.push_back(handle + "." + quote_ident(vtab_cols[i]));
  }
  item.scalar_function = item.columns.size() == 1;
  return "pg_json_each(" + args[0].sql + ", " + std::to_string(mode) + ") AS " + handle;
}

Result<std::string> Translator::unnest_function(std::vector<Expr>& args, const std::string& alias,
                                                const std::vector<std::string>& colnames,
                                                bool ordinality, RangeItem& item, int location) {
  if (args.size() != 1) return unsupported("unnest with several arrays", location);
  Expr& arr = args[0];
  if (arr.is_literal && !arr.is_null) {
    return error_at(sqlstate::kAmbiguousFunction, "function unnest(unknown) is not unique", location)
        .with_hint(
            "Could not choose a best candidate function. You might need to add explicit type "
            "casts.");
  }
  infer(arr, PgType{oid::kTextArray, -1});
  int32_t elem = element_of(arr.type.oid);
  if (arr.type.oid != 0 && elem == 0) return undefined_function("unnest", args, location);
  if (elem == 0) elem = oid::kText;
  item.ref_name = alias.empty() ? "unnest" : alias;
  std::string handle = quote_ident(item.ref_name);
  // The elements' stored forms are the values of SQLite's json_each over the stored array.
  std::vector<std::pair<std::string, int32_t>> cols = {
      {!colnames.empty() ? colnames[0] : !alias.empty() ? alias : "unnest", elem}};
  item.column_sql = {handle + ".\"value\""};
  if (ordinality) {
    cols.emplace_back(colnames.size() > 1 ? colnames[1] : "ordinality", oid::kInt8);
    item.column_sql.push_back("(" + handle + ".\"key\" + 1)");
  }
  if (colnames.size() > cols.size()) {
    return too_many_column_aliases(item.ref_name, cols.size(), colnames.size(), location);
  }
  for (const auto& [name, type] : cols) item.columns.push_back(ResultColumn{name, PgType{type, -1}, 0, 0});
  item.scalar_function = !ordinality;
  return "json_each(" + arr.sql + ") AS " + handle;
}

Result<std::string> Translator::record_function(
    const std::string& name, std::vector<Expr>& args, const std::string& alias,
    const std::vector<std::pair<std::string, PgType>>& columns, RangeItem& item, int location) {
  bool jsonb = name.starts_with("jsonb");
  if (args.size() != 1) return undefined_function(name, args, location);
  LITEWIRE_TRY_ASSIGN(ok, coerce_to(args[0], PgType{jsonb ? oid::kJsonb : oid::kJson, -1}, location));
  if (!ok) return undefined_function(name, args, location);
  bool set = name.ends_with("recordset");
  int mode = (set ? kJsonEachElements | kJsonEachObjects : kJsonEachRecord) | (jsonb ? kJsonEachJsonb : 0);
  item.ref_name = alias.empty() ? name : alias;
  std::string handle = quote_ident(item.ref_name);
  // Each column is the member of its name: json/jsonb columns take the value, others its text
  // read as the column's type (PostgreSQL's populate_record).
  for (const auto& [col, type] : columns) {
    if (element_of(type.oid) != 0 || type.oid == oid::kRecord) {
      return unsupported(name + "() columns of type " + sql_type_name_of(type.oid), location);
    }
    bool json_col = is_json(type.oid);
    std::string got = "pg_json_get(" + handle + ".\"value\", " + quote_literal(col) + ", " +
                      (json_col ? "0" : "1") + ")";
    Expr e = typed(std::move(got), json_col ? (jsonb ? oid::kJsonb : oid::kJson) : oid::kText);
    LITEWIRE_TRY_ASSIGN(c, cast(std::move(e), type, location));
    item.columns.push_back(ResultColumn{col, type, 0, 0});
    item.column_sql.push_back(c.sql);
  }
  return "pg_json_each(" + args[0].sql + ", " + std::to_string(mode) + ") AS " + handle;
}

Result<std::optional<std::string>> Translator::range_table_function(const tree::Object* range_function,
                                                                   const std::string& alias,
                                                                   const std::vector<std::string>& colnames,
                                                                   Scope& scope,
                                                                   std::vector<StarColumn>& star) {
  const tree::Array* functions = tree::list_field(range_function, "functions");
  if (tree::list_size(functions) != 1 || tree::bool_field(range_function, "is_rowsfrom")) {
    return std::optional<std::string>();
  }
  const tree::Array* pair = tree::list_field(tree::node(functions->at(0)).body, "items");
  tree::Node fn = tree::node(pair->at(0));
  if (fn.type != "FuncCall") return std::optional<std::string>();
  const tree::Array* fname = tree::list_field(fn.body, "funcname");
  std::string name(tree::string_value(fname->back()));
  bool record = name == "json_to_record" || name == "jsonb_to_record" ||
                name == "json_to_recordset" || name == "jsonb_to_recordset";
  if (!record && (!is_table_function(name) ||
                  (name == "unnest" && tree::list_size(tree::list_field(fn.body, "args")) != 1))) {
    return std::optional<std::string>();
  }
  int loc = static_cast<int>(tree::int_field(range_function, "location", -1));
  const tree::Array* coldefs = tree::list_field(range_function, "coldeflist");
  if (!record && coldefs != nullptr) return unsupported("column definition lists", loc);
  if (record && tree::bool_field(range_function, "ordinality")) {
    return error_at(sqlstate::kSyntaxError,
                    "WITH ORDINALITY cannot be used with a column definition list", loc);
  }
  if (record && coldefs == nullptr) {
    return error_at(sqlstate::kSyntaxError,
                    "a column definition list is required for functions returning \"record\"", loc);
  }
  std::vector<Expr> args;
  {
    // Arguments may refer to the FROM items before this one (PostgreSQL's implicit LATERAL for
    // functions in FROM); pg_json_each takes them as a table-valued function's arguments.
    ScopeGuard guard(*this, scope);
    for (const auto& a : *tree::list_field(fn.body, "args")) {
      LITEWIRE_TRY_ASSIGN(e, expr(a));
      args.push_back(std::move(e));
    }
  }
  RangeItem item;
  std::string sql;
  if (record) {
    std::vector<std::pair<std::string, PgType>> columns;
    for (const auto& c : *coldefs) {
      const tree::Object* def = tree::node(c).body;
      LITEWIRE_TRY_ASSIGN(type, type_name(tree::object_field(def, "typeName")));
      columns.emplace_back(std::string(tree::string_field(def, "colname")), type);
    }
    LITEWIRE_TRY_ASSIGN(s, record_function(name, args, alias, columns, item, loc));
    sql = std::move(s);
  } else {
    LITEWIRE_TRY_ASSIGN(s, table_function(name, args, alias, colnames,
                                          tree::bool_field(range_function, "ordinality"), item, loc));
    sql = std::move(s);
  }
  for (size_t i = 0; i < item.columns.size(); ++i) star.push_back({item.column_sql[i], item.columns[i]});
  scope.items.push_back(std::move(item));
  return std::optional<std::string>(std::move(sql));
}

}  // namespace litewire::sqlite
