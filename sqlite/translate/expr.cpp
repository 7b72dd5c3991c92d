// Expressions: PostgreSQL expression nodes -> SQLite expression text plus PostgreSQL's type and
// output column name for each. Where SQLite's operator differs from PostgreSQL's (division by
// zero, integer overflow, LIKE's case sensitivity, GREATEST/LEAST with NULLs) the expression
// calls one of the functions registered by sqlite/functions (see functions/functions.h).

#include <charconv>
#include <map>
#include <optional>
#include <set>

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

// Numeric type precedence for arithmetic results (PostgreSQL's operator resolution picks the
// operator of the "larger" operand type: int4 + int8 -> int8, int + numeric -> numeric,
// numeric + float8 -> float8).
int numeric_rank(int32_t o) {
  switch (o) {
    case oid::kInt2: return 1;
    case oid::kInt4: return 2;
    case oid::kOid: return 2;
    case oid::kInt8: return 3;
    case oid::kNumeric: return 4;
    case oid::kFloat4: return 5;
    case oid::kFloat8: return 6;
    default: return 0;
  }
}

bool is_datetime(int32_t o) {
  return o == oid::kDate || o == oid::kTime || o == oid::kTimetz || o == oid::kTimestamp ||
         o == oid::kTimestamptz || o == oid::kInterval;
}

// Reads an integer literal from the SQL text at `location`. libpg_query's JSON output drops the
// value of negative integer constants ({"ival": {}}), so their text is the only source.
bool integer_at(std::string_view sql, int location, int64_t& out) {
  if (location < 0 || static_cast<size_t>(location) >= sql.size()) return false;
  size_t i = static_cast<size_t>(location);
  bool negative = false;
  if (sql[i] == '-') {
    negative = true;
    ++i;
    while (i < sql.size() && (sql[i] == ' ' || sql[i] == '\t' || sql[i] == '\n' || sql[i] == '\r'))
      ++i;
  } else if (sql[i] == '+') {
    ++i;
  }
  size_t start = i;
  while (i < sql.size() && sql[i] >= '0' && sql[i] <= '9') ++i;
  if (i == start) return false;
  int64_t v = 0;
  auto [p, ec] = std::from_chars(sql.data() + start, sql.data() + i, v);
  if (ec != std::errc() || p != sql.data() + i) return false;
  out = negative ? -v : v;
  return true;
}

const std::set<std::string, std::less<>>& aggregate_names() {
  static const std::set<std::string, std::less<>> k = {
      "count", "sum", "avg", "min", "max", "string_agg", "array_agg", "bool_and", "bool_or",
      "every", "json_agg", "jsonb_agg", "json_object_agg", "jsonb_object_agg", "stddev",
      "stddev_samp", "stddev_pop", "variance", "var_samp", "var_pop", "percentile_cont",
      "percentile_disc", "mode"};
  return k;
}

}  // namespace

bool aggregate_function(const std::string& name) { return aggregate_names().count(name) > 0; }

// select_common_type within the numeric category: an input that the current type casts to
// implicitly (int2 < int4 < int8 < numeric < float4 < float8) becomes the common type.
PgType widen_numeric(PgType current, PgType next) {
  int a = numeric_rank(current.oid), b = numeric_rank(next.oid);
  if (a == 0 || b == 0 || b <= a) return current;
  return PgType{next.oid, -1};
}

namespace {

// SQLite built-in functions PostgreSQL does not have: passing them through would answer a
// query PostgreSQL rejects.
const std::set<std::string, std::less<>>& sqlite_only_functions() {
  static const std::set<std::string, std::less<>> k = {
      "typeof", "iif", "ifnull", "printf", "format_sqlite", "instr", "glob", "hex", "quote",
      "zeroblob", "total", "julianday", "strftime", "datetime", "unixepoch", "unicode", "char",
      "likelihood", "likely", "unlikely", "randomblob", "changes", "last_insert_rowid",
      "total_changes", "soundex", "load_extension", "group_concat", "json_extract", "json_group_array",
      "json_group_object", "json_insert", "json_replace", "json_set", "json_patch", "json_remove",
      "json_type", "json_valid", "json_quote", "json_each", "json_tree", "sqlite_version",
      "sqlite_source_id", "sqlite_compileoption_get", "sqlite_compileoption_used",
      "sqlite_offset", "pg_cast", "pg_div", "pg_mod", "pg_ilike"};
  return k;
}

Expr typed(std::string sql, int32_t type_oid, int32_t typmod = -1) {
  Expr e;
  e.sql = std::move(sql);
  e.type = PgType{type_oid, typmod};
  return e;
}

std::string join(const std::vector<Expr>& args, std::string_view sep = ", ") {
  std::string out;
  for (size_t i = 0; i < args.size(); ++i) {
    if (i > 0) out += sep;
    out += args[i].sql;
  }
  return out;
}

// The object name of a possibly qualified identifier written as text ('public."Name"',
// 'Seq'): the last part, its quotes removed ("" is one ") or folded to lower case.
std::string identifier_name(std::string_view text) {
  std::string name;
  bool quoted = false, last_quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        name += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        name += c;
      }
    } else if (c == '"') {
      quoted = last_quoted = true;
    } else if (c == '.') {
      name.clear();
      last_quoted = false;
    } else {
      name += c;
    }
  }
  return last_quoted ? name : lower_ascii(name);
}

// Output type of an expression as RowDescription reports it: unknown becomes text (PostgreSQL
// resolves unknown-type output columns to text since version 10).
int32_t output_oid(const PgType& t) { return t.oid == 0 || t.oid == oid::kUnknown ? oid::kText : t.oid; }

// A regular expression function of PostgreSQL 15 (functions-matching.html) translated to its
// pg_ namesake (sqlite/functions/regex_functions.h): its arguments in order ('t' text, 'i'
// integer), how many are required, and its result type. regexp_replace with a start position
// (an integer fourth argument) is pg_regexp_replace_n; regexp_matches and regexp_split_to_table
// are set-returning (srf.cpp).
struct RegexFunction {
  size_t min_args;
  std::string_view signature;
  int32_t result;
};

const std::map<std::string, RegexFunction, std::less<>>& regex_functions() {
  static const std::map<std::string, RegexFunction, std::less<>> kFunctions = {
      {"similar_to_escape", {1, "tt", oid::kText}},
      {"regexp_replace", {3, "tttt", oid::kText}},
      {"regexp_match", {2, "ttt", oid::kTextArray}},
      {"regexp_split_to_array", {2, "ttt", oid::kTextArray}},
      {"regexp_count", {2, "ttit", oid::kInt4}},
      {"regexp_instr", {2, "ttiiiti", oid::kInt4}},
      {"regexp_like", {2, "ttt", oid::kBool}},
      {"regexp_substr", {2, "ttiiti", oid::kText}},
  };
  return kFunctions;
}

// The text the ~ operators (and SIMILAR TO) match: char(n) with its padding, as PostgreSQL's
// bpchar variants of the operators see it (stored values do not keep the padding).
std::string regex_subject(const Expr& e) {
  if (e.type.oid != oid::kBpchar || e.type.typmod < 5) return e.sql;
  return "pg_rpad(" + e.sql + ", " + std::to_string(e.type.typmod - 4) + ")";
}

// Whether PostgreSQL resolves `e` as text where a function also takes an integer there
// (substring(x from 'pattern') against substring(x from 2)): text-typed values and string
// literals; untyped parameters keep the integer reading.
bool text_overload_arg(const Expr& e) {
  const int32_t t = e.type.oid;
  if (t == 0 || t == oid::kUnknown) return e.is_literal && !e.is_null;
  return is_text_type(t);
}

}  // namespace

Result<Expr> Translator::expr(const tree::Value* v) {
  if (v == nullptr) return PgError(sqlstate::kInternalError, "missing expression");
  return expr(*v);
}

Result<Expr> Translator::param_ref(int number, int location) {
  if (number < 1 || number > 65535) {
    return error_at(sqlstate::kUndefinedParameter,
                    "there is no parameter $" + std::to_string(number), location);
  }
  if (static_cast<size_t>(number) > params_.size()) params_.resize(number);
  Expr e;
  e.sql = "?" + std::to_string(number);
  e.param = number;
  e.type = params_[number - 1];
  return e;
}

void Translator::infer(Expr& e, const PgType& type) {
  if (type.oid == 0 || type.oid == oid::kUnknown) return;
  if (e.param > 0 && static_cast<size_t>(e.param) <= params_.size()) {
    PgType& p = params_[e.param - 1];
    if (p.oid == 0) p = type;
    e.type = p;
  }
}

Result<Expr> Translator::expr(const tree::Value& v) {
  LITEWIRE_TRY(check_stack_depth());
  tree::Node n = tree::node(v);
  const tree::Object* b = n.body;
  int loc = location_of(b);
  if (n.type == "ColumnRef") return column_ref(b);
  if (n.type == "A_Const") return a_const(b);
  if (n.type == "ParamRef") {
    return param_ref(static_cast<int>(tree::int_field(b, "number")), loc);
  }
  if (n.type == "A_Expr") return a_expr(b);
  if (n.type == "FuncCall") return func_call(b);
  if (n.type == "TypeCast") return type_cast(b);
  if (n.type == "SubLink") return sub_link(b);
  if (n.type == "SQLValueFunction") return sql_value_function(b);
  if (n.type == "BoolExpr") {
    std::string_view op = tree::string_field(b, "boolop");
    std::vector<Expr> args;
    for (const auto& a : *tree::list_field(b, "args")) {
      LITEWIRE_TRY_ASSIGN(e, expr(a));
      infer(e, PgType{oid::kBool, -1});
      args.push_back(std::move(e));
    }
    if (op == "NOT_EXPR") return typed("(NOT " + args.at(0).sql + ")", oid::kBool);
    return typed("(" + join(args, op == "AND_EXPR" ? " AND " : " OR ") + ")", oid::kBool);
  }
  if (n.type == "NullTest") {
    LITEWIRE_TRY_ASSIGN(arg, expr(tree::field(b, "arg")));
    bool is_null = tree::string_field(b, "nulltesttype") == "IS_NULL";
    return typed("(" + arg.sql + (is_null ? " IS NULL)" : " IS NOT NULL)"), oid::kBool);
  }
  if (n.type == "BooleanTest") {
    LITEWIRE_TRY_ASSIGN(arg, expr(tree::field(b, "arg")));
    infer(arg, PgType{oid::kBool, -1});
    std::string_view t = tree::string_field(b, "booltesttype");
    std::string test = t == "IS_TRUE"        ? " IS TRUE"
                       : t == "IS_NOT_TRUE"  ? " IS NOT TRUE"
                       : t == "IS_FALSE"     ? " IS FALSE"
                       : t == "IS_NOT_FALSE" ? " IS NOT FALSE"
                       : t == "IS_UNKNOWN"   ? " IS NULL"
                                             : " IS NOT NULL";
    return typed("(" + arg.sql + test + ")", oid::kBool);
  }
  if (n.type == "CaseExpr") {
    std::string sql = "CASE";
    PgType result;
    std::vector<Expr> results;
    std::optional<Expr> subject;
    if (const tree::Value* a = tree::field(b, "arg")) {
      LITEWIRE_TRY_ASSIGN(s, expr(*a));
      subject = std::move(s);
      sql += " " + subject->sql;
    }
    for (const auto& w : *tree::list_field(b, "args")) {
      const tree::Object* wb = tree::node(w).body;
      LITEWIRE_TRY_ASSIGN(cond, expr(tree::field(wb, "expr")));
      if (subject) {
        infer(cond, subject->type);
      } else {
        infer(cond, PgType{oid::kBool, -1});
      }
      LITEWIRE_TRY_ASSIGN(res, expr(tree::field(wb, "result")));
      sql += " WHEN " + cond.sql + " THEN ";
      results.push_back(std::move(res));
      sql += "\x01" + std::to_string(results.size() - 1) + "\x02";
    }
    std::optional<Expr> def;
    if (const tree::Value* d = tree::field(b, "defresult")) {
      LITEWIRE_TRY_ASSIGN(de, expr(*d));
      def = std::move(de);
    }
    for (const auto& r : results) {
      if (result.oid == 0 && r.type.oid != 0) result = r.type;
    }
    if (result.oid == 0 && def && def->type.oid != 0) result = def->type;
    for (const auto& r : results) result = widen_numeric(result, r.type);
    if (def) result = widen_numeric(result, def->type);
    // Results of a CASE are coerced to one common type (PostgreSQL's select_common_type): an
    // untyped literal branch becomes the typed branches' type.
    auto finish = [&](Expr& r) -> Result<std::string> {
      if (result.oid != 0 && r.type.oid == 0) {
        infer(r, result);
        if (r.is_literal && !r.is_null) {
          LITEWIRE_TRY_ASSIGN(c, cast(r, result, loc));
          return c.sql;
        }
      }
      return r.sql;
    };
    std::string final_sql;
    size_t pos = 0;
    for (size_t i = 0; i < results.size(); ++i) {
      std::string marker = "\x01" + std::to_string(i) + "\x02";
      size_t at = sql.find(marker, pos);
      LITEWIRE_TRY_ASSIGN(rs, finish(results[i]));
      final_sql += sql.substr(pos, at - pos) + rs;
      pos = at + marker.size();
    }
    final_sql += sql.substr(pos);
    if (def) {
      LITEWIRE_TRY_ASSIGN(ds, finish(*def));
      final_sql += " ELSE " + ds;
    }
    final_sql += " END";
    // select_common_type: the ELSE result comes first, then the WHEN results in order.
    std::vector<const Expr*> order;
    if (def) order.push_back(&*def);
    for (const auto& r : results) order.push_back(&r);
    const Expr* first_typed = nullptr;
    for (const Expr* r : order) {
      if (r->type.oid == 0) continue;
      if (first_typed == nullptr) {
        first_typed = r;
        continue;
      }
      int32_t a = first_typed->type.oid, b = r->type.oid;
      bool ok = a == b || (is_numeric_type(a) && is_numeric_type(b)) ||
                (is_text_type(a) && is_text_type(b)) || (is_datetime(a) && is_datetime(b));
      if (!ok) {
        return error_at(sqlstate::kDatatypeMismatch,
                        "CASE types " + sql_type_name_of(a) + " and " + sql_type_name_of(b) +
                            " cannot be matched",
                        loc);
      }
    }
    Expr e = typed(std::move(final_sql), result.oid, result.typmod);
    // FigureColname: a CASE takes the name of its ELSE result when that is a strong one.
    if (def && def->name_strength > 1) {
      e.name = def->name;
      e.name_strength = def->name_strength;
    } else {
      e.name = "case";
      e.name_strength = 1;
    }
    return e;
  }
  if (n.type == "CoalesceExpr" || n.type == "MinMaxExpr") {
    std::vector<Expr> args;
    PgType t;
    for (const auto& a : *tree::list_field(b, "args")) {
      LITEWIRE_TRY_ASSIGN(e, expr(a));
      if (t.oid == 0 && e.type.oid != 0) t = e.type;
      t = widen_numeric(t, e.type);
      args.push_back(std::move(e));
    }
    for (auto& a : args) {
      infer(a, t);
      if (a.is_literal && !a.is_null && t.oid != 0) {
        LITEWIRE_TRY_ASSIGN(c, cast(a, t, loc));
        a = std::move(c);
      }
    }
    // The common type keeps a typmod only when every argument has it (select_common_typmod).
    for (const auto& a : args) {
      if (a.type.typmod != t.typmod) t.typmod = -1;
    }
    std::string name;
    std::string sql;
    if (n.type == "CoalesceExpr") {
      name = "coalesce";
      // SQLite's coalesce() needs two arguments; PostgreSQL accepts one.
      sql = args.size() == 1 ? args[0].sql : "coalesce(" + join(args) + ")";
    } else {
      bool greatest = tree::string_field(b, "op") == "IS_GREATEST";
      name = greatest ? "greatest" : "least";
      // SQLite's multi-argument max()/min() return NULL when any argument is NULL; PostgreSQL's
      // GREATEST/LEAST ignore NULLs.
      sql = (greatest ? "pg_greatest(" : "pg_least(") + join(args) + ")";
    }
    Expr e = typed(std::move(sql), t.oid, t.typmod);
    e.name = name;
    e.name_strength = 2;
    return e;
  }
  if (n.type == "A_ArrayExpr") {
    std::vector<Expr> args;
    PgType t;
    if (const tree::Array* elems = tree::list_field(b, "elements")) {
      for (const auto& a : *elems) {
        LITEWIRE_TRY_ASSIGN(e, expr(a));
        if (t.oid == 0 && e.type.oid != 0) t = e.type;
        args.push_back(std::move(e));
      }
    }
    if (t.oid == 0) t = PgType{oid::kText, -1};
    for (auto& a : args) {
      infer(a, t);
      if (a.is_literal && !a.is_null) {
        LITEWIRE_TRY_ASSIGN(c, cast(a, t, loc));
        a = std::move(c);
      }
    }
    int32_t arr = array_of(t.oid);
    if (arr == 0) return unsupported("arrays of type " + sql_type_name_of(t.oid), loc);
    // Arrays are stored as a JSON array of the elements' stored forms (protocol/README.md).
    Expr e = typed("json_array(" + join(args) + ")", arr);
    e.name = "array";  // FigureColname treats ARRAY[] like a function call
    e.name_strength = 2;
    return e;
  }
  if (n.type == "A_Indirection") {
    if (auto srf = srf_results_.find(b); srf != srf_results_.end()) return srf->second;
    LITEWIRE_TRY_ASSIGN(arg, expr(tree::field(b, "arg")));
    const tree::Array* ind = tree::list_field(b, "indirection");
    if (tree::list_size(ind) == 1 && tree::node((*ind)[0]).type == "String" &&
        arg.type.oid == oid::kRecord) {
      // (record).field of the records srf.cpp builds as JSON objects; the field's type is not
      // carried, so it compares by its stored value.
      std::string field(tree::string_field(tree::node((*ind)[0]).body, "sval"));
      Expr e;
      e.sql = "json_extract(" + arg.sql + ", " + quote_literal("$.\"" + field + "\"") + ")";
      e.name = field;
      e.name_strength = 2;
      return e;
    }
    if (tree::list_size(ind) != 1 || tree::node((*ind)[0]).type != "A_Indices") {
      return unsupported("this kind of indirection", loc);
    }
    const tree::Object* idx = tree::node((*ind)[0]).body;
    if (tree::bool_field(idx, "is_slice")) return array_slice(std::move(arg), idx, loc);
    LITEWIRE_TRY_ASSIGN(sub, expr(tree::field(idx, "uidx")));
    infer(sub, PgType{oid::kInt4, -1});
    int32_t elem = element_of(arg.type.oid);
    // int2vector and oidvector (pg_index.indkey, ...) are arrays subscripted from 0.
    bool zero_based = arg.type.oid == oid::kInt2Vector || arg.type.oid == oid::kOidVector;
    if (zero_based) elem = arg.type.oid == oid::kInt2Vector ? oid::kInt2 : oid::kOid;
    if (elem == 0 && arg.type.oid != 0) {
      return error_at(sqlstate::kDatatypeMismatch,
                      "cannot subscript type " + sql_type_name_of(arg.type.oid) +
                          " because it does not support subscripting",
                      loc);
    }
    // PostgreSQL arrays are 1-based; JSON paths are 0-based.
    Expr e = typed("json_extract(" + arg.sql + ", '$[' || ((" + sub.sql + ")" +
                       (zero_based ? "" : " - 1") + ") || ']')",
                   elem, -1);
    e.name = arg.name;
    e.name_strength = arg.name_strength;
    return e;
  }
  if (n.type == "CollateClause") {
    LITEWIRE_TRY_ASSIGN(arg, expr(tree::field(b, "arg")));
    const tree::Array* names = tree::list_field(b, "collname");
    std::string coll = tree::list_size(names) ? std::string(tree::string_value(names->back())) : "";
    // SQLite's BINARY collation compares bytes, which is PostgreSQL's "C"/"POSIX" collation;
    // "default" is the database collation, which litewire defines as C.
    if (coll == "C" || coll == "POSIX" || coll == "default" || coll == "ucs_basic") return arg;
    return error_at(sqlstate::kUndefinedObject,
                    "collation \"" + coll + "\" for encoding \"UTF8\" does not exist", loc);
  }
  if (n.type == "RowExpr") {
    std::vector<Expr> args;
    for (const auto& a : *tree::list_field(b, "args")) {
      LITEWIRE_TRY_ASSIGN(e, expr(a));
      args.push_back(std::move(e));
    }
    Expr e = typed("(" + join(args) + ")", oid::kRecord);
    for (size_t i = 0; i < args.size(); ++i) {
      e.fields.push_back({"f" + std::to_string(i + 1), args[i].sql, args[i].type, args[i].scale});
    }
    e.name = "row";
    e.name_strength = 2;
    return e;
  }
  if (n.type == "GroupingFunc") return unsupported("GROUPING without GROUPING SETS, ROLLUP or CUBE", loc);
  if (n.type == "SetToDefault") return unsupported("DEFAULT in this position", loc);
  return unsupported("expression node " + std::string(n.type), loc);
}

Result<Expr> Translator::column_ref(const tree::Object* ref) {
  const tree::Array* fields = tree::list_field(ref, "fields");
  int loc = location_of(ref);
  std::vector<std::string> parts;
  for (const auto& f : *fields) {
    if (tree::node(f).type == "A_Star") return unsupported("* in this position", loc);
    parts.emplace_back(tree::string_value(f));
  }
  if (parts.size() > 3) return unsupported("cross-database references", loc);
  std::string col = parts.back();
  std::string rel = parts.size() >= 2 ? parts[parts.size() - 2] : "";

  bool lenient = false;
  for (const Scope* s = scope_; s != nullptr; s = s->parent) {
    if (rel.empty()) {
      if (auto m = s->merged.find(col); m != s->merged.end()) {
        Expr e;
        e.sql = m->second.sql;
        e.type = m->second.column.type;
        e.name = col;
        e.name_strength = 2;
        e.table_oid = m->second.column.table_oid;
        e.column_number = m->second.column.column_number;
        return e;
      }
    }
    const RangeItem* found_item = nullptr;
    const ResultColumn* found = nullptr;
    for (const RangeItem& item : s->items) {
      if (!rel.empty() && item.ref_name != rel) continue;
      if (!item.columns_known) lenient = true;
      for (const ResultColumn& c : item.columns) {
        if (c.name != col) continue;
        if (found != nullptr) {
          return error_at(sqlstate::kAmbiguousColumn,
                          "column reference \"" + col + "\" is ambiguous", loc);
        }
        found = &c;
        found_item = &item;
        if (!item.column_sql.empty()) {
          Expr e;
          e.sql = item.column_sql[static_cast<size_t>(&c - item.columns.data())];
          e.type = c.type;
          e.name = col;
          e.name_strength = 2;
          return e;
        }
      }
      if (!rel.empty() && found == nullptr && !lenient) {
        return error_at(sqlstate::kUndefinedColumn,
                        "column " + rel + "." + col + " does not exist", loc);
      }
    }
    if (found != nullptr) {
      if (group_check_ != nullptr && s == group_check_->scope && agg_depth_ == 0) {
        group_check_->refs.push_back({found_item, found->name, loc, group_check_->target});
      }
      Expr e;
      // Qualify unqualified references with the range item they resolved to: SQLite would
      // otherwise look in its own scopes, which differ from PostgreSQL's for correlated
      // subqueries.
      std::string qualifier = found_item->emit_as ? *found_item->emit_as
                              : rel.empty()          ? found_item->ref_name
                                                     : rel;
      e.sql = qualifier.empty() ? quote_ident(col) : quote_ident(qualifier) + "." + quote_ident(col);
      e.type = found->type;
      e.name = col;
      e.name_strength = 2;
      e.table_oid = found->table_oid;
      e.column_number = found->column_number;
      e.scale = scale_of_type(found->type);
      return e;
    }
    if (lenient) break;
  }
  if (!rel.empty() && !lenient) {
    bool found_rel = false;
    for (const Scope* s = scope_; s != nullptr && !found_rel; s = s->parent) {
      for (const RangeItem& item : s->items) found_rel |= item.ref_name == rel;
    }
    if (!found_rel) {
      // A whole-row reference or a table missing from FROM.
      return error_at(sqlstate::kUndefinedTable,
                      "missing FROM-clause entry for table \"" + rel + "\"", loc);
    }
  }
  if (rel.empty() && !lenient) {
    // A bare name may be a whole-row reference to a FROM item (SELECT t FROM t).
    for (const Scope* s = scope_; s != nullptr; s = s->parent) {
      for (const RangeItem& item : s->items) {
        if (item.ref_name != col) continue;
        if (item.scalar_function && item.column_sql.size() == 1) {
          Expr e;
          e.sql = item.column_sql[0];
          e.type = item.columns[0].type;
          e.name = col;
          e.name_strength = 2;
          return e;
        }
        if (!record_args_ || !item.columns_known || item.columns.empty()) {
          return unsupported("whole-row references", loc);
        }
        // Only the json functions read a record's fields; evaluated elsewhere it fails.
        Expr e;
        e.sql = "pg_raise('" + std::string(sqlstate::kFeatureNotSupported.str()) +
                "', 'whole-row references are not supported outside json functions', '')";
        e.type = PgType{oid::kRecord, -1};
        e.name = col;
        e.name_strength = 2;
        std::string qualifier = item.emit_as ? *item.emit_as : item.ref_name;
        for (size_t i = 0; i < item.columns.size(); ++i) {
          const ResultColumn& c = item.columns[i];
          std::string sql = !item.column_sql.empty() ? item.column_sql[i]
                            : qualifier.empty()      ? quote_ident(c.name)
                                                     : quote_ident(qualifier) + "." + quote_ident(c.name);
          e.fields.push_back({c.name, std::move(sql), c.type, scale_of_type(c.type)});
        }
        return e;
      }
    }
    return error_at(sqlstate::kUndefinedColumn, "column \"" + col + "\" does not exist", loc);
  }
  Expr e;
  e.sql = rel.empty() ? quote_ident(col) : quote_ident(rel) + "." + quote_ident(col);
  e.name = col;
  e.name_strength = 2;
  return e;
}

Result<Expr> Translator::a_const(const tree::Object* c) {
  int loc = location_of(c);
  Expr e;
  if (tree::bool_field(c, "isnull")) {
    e.sql = "NULL";
    e.is_literal = true;
    e.is_null = true;
    return e;
  }
  if (const tree::Object* iv = tree::object_field(c, "ival")) {
    int64_t v = tree::int_field(iv, "ival", 0);
    if (tree::field(iv, "ival") == nullptr) {
      int64_t parsed = 0;
      if (integer_at(sql_, loc, parsed)) v = parsed;
    }
    e.sql = std::to_string(v);
    e.type = PgType{oid::kInt4, -1};
    return e;
  }
  if (const tree::Object* fv = tree::object_field(c, "fval")) {
    std::string text(tree::string_field(fv, "fval"));
    bool integral = text.find_first_of(".eE") == std::string::npos;
    if (integral) {
      // Integer literals too large for int4 are int8, then numeric (make_const in parse_node.c).
      int64_t v = 0;
      const char* begin = text.data();
      if (!text.empty() && text[0] == '+') ++begin;
      auto [p, ec] = std::from_chars(begin, text.data() + text.size(), v);
      if (ec == std::errc() && p == text.data() + text.size()) {
        // -2147483648 reaches here as a float constant and fits int4 (make_const's test).
        e.sql = std::to_string(v);
        e.type = PgType{v >= INT32_MIN && v <= INT32_MAX ? oid::kInt4 : oid::kInt8, -1};
        return e;
      }
      // Beyond int64: exact digits as text (the numeric storage form).
      e.sql = quote_literal(text);
      e.type = PgType{oid::kNumeric, -1};
      return e;
    }
    // A decimal literal: stored as REAL when it round-trips through 15 significant digits
    // (SQLite's own parsing of the same digits), else as exact digits (storage contract).
    size_t significant = 0;
    bool leading = true;
    for (char ch : text) {
      if (ch == 'e' || ch == 'E') break;
      if (ch < '0' || ch > '9') continue;
      if (leading && ch == '0') continue;
      leading = false;
      ++significant;
    }
    if (significant > 15 && text.find_first_of("eE") == std::string::npos) {
      e.sql = quote_literal(text);
      e.type = PgType{oid::kNumeric, -1};
      auto point = text.find('.');
      e.scale = point == std::string::npos ? 0 : static_cast<int>(text.size() - point - 1);
      return e;
    }
    e.sql = text;
    if (text.find_first_of("eE") == std::string::npos) {
      auto point = text.find('.');
      e.scale = point == std::string::npos ? 0 : static_cast<int>(text.size() - point - 1);
    }
    if (!text.empty() && text[0] == '.') e.sql = "0" + text;
    if (e.sql.size() >= 2 && e.sql[0] == '-' && e.sql[1] == '.') e.sql = "-0" + e.sql.substr(1);
    if (!e.sql.empty() && e.sql.back() == '.') e.sql += "0";
    e.type = PgType{oid::kNumeric, -1};
    return e;
  }
  if (const tree::Object* bv = tree::object_field(c, "boolval")) {
    e.sql = tree::bool_field(bv, "boolval") ? "1" : "0";
    e.type = PgType{oid::kBool, -1};
    return e;
  }
  if (const tree::Object* sv = tree::object_field(c, "sval")) {
    e.literal = std::string(tree::string_field(sv, "sval"));
    e.sql = quote_literal(e.literal);
    e.is_literal = true;
    return e;
  }
  if (const tree::Object* bs = tree::object_field(c, "bsval")) {
    (void)bs;
    return unsupported("bit string literals", loc);
  }
  return unsupported("this constant", loc);
}

Result<Expr> Translator::cast(Expr e, const PgType& target, int location) {
  Expr out;
  out.type = target;
  out.name = e.name;
  out.name_strength = e.name_strength;
  if (e.is_null) {
    out.sql = "NULL";
    return out;
  }
  if (e.param > 0 && e.type.oid == 0) {
    // `$1::int4` fixes the parameter's type (PostgreSQL's variable_coerce_param_hook); the
    // engine then binds it already in the stored form.
    infer(e, target);
    out.sql = e.sql;
    out.param = e.param;
    if (target.oid == oid::kRegclass || target.oid == oid::kRegtype) {
      // A regclass/regtype parameter arrives as a name (text) or an OID: resolved here, as
      // PostgreSQL's regclassin/regtypein would.
      touches_catalog_ = true;
      out.sql = reg_input_sql(target.oid, e.sql);
      return out;
    }
    if (e.type.typmod == target.typmod || target.typmod < 0) return out;
  }
  if (e.type.oid == target.oid && (target.typmod < 0 || e.type.typmod == target.typmod)) {
    out.sql = e.sql;
    out.table_oid = e.table_oid;
    out.column_number = e.column_number;
    return out;
  }
  if (const EnumInfo* en = find_enum(target.oid)) {
    // Enum input: the label must be one of the type's (22P02 otherwise); stored as the label.
    if (!is_text_type(e.type.oid)) {
      return error_at(sqlstate::kCannotCoerce,
                      "cannot cast type " + sql_type_name_of(e.type.oid) + " to " + en->name, location);
    }
    out.sql = "pg_enum_in(" + e.sql + ", " + quote_literal(en->name);
    for (const auto& l : en->labels) out.sql += ", " + quote_literal(l);
    out.sql += ")";
    return out;
  }
  if (find_enum(e.type.oid) != nullptr && is_text_type(target.oid)) {
    out.sql = e.sql;  // enum -> text: the label
    return out;
  }
  if (e.is_literal) {
    if (target.oid == oid::kRegclass) {
      std::string name = e.literal;
      if (int32_t c = catalog::catalog_relation_oid(lower_ascii(name)); c != 0) {
        out.sql = std::to_string(c);
        return out;
      }
      if (auto dot = name.rfind('.'); dot != std::string::npos) {
        std::string ns = name.substr(0, dot);
        if (ns == "public" || ns == "\"public\"") name = name.substr(dot + 1);
      }
      if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
        name = name.substr(1, name.size() - 2);
      } else {
        name = lower_ascii(name);
      }
      if (const TableInfo* t = schema().find_table(name)) {
        out.sql = std::to_string(t->oid);
        return out;
      }
      if (auto it = schema().indexes.find(name); it != schema().indexes.end()) {
        out.sql = std::to_string(it->second.oid);
        return out;
      }
      if (auto it = schema().sequences.find(name); it != schema().sequences.end()) {
        out.sql = std::to_string(it->second.oid);
        return out;
      }
      bool digits = !e.literal.empty() &&
                    e.literal.find_first_not_of("0123456789") == std::string::npos;
      if (digits) {
        out.sql = e.literal;
        return out;
      }
      touches_catalog_ = true;
      out.sql = reg_input_sql(target.oid, e.sql);  // 42P01 when it names nothing
      return out;
    }
    if (target.oid == oid::kRegproc) {
      // The catalog keeps regproc values as the function's name (pg_type.typinput 'array_in').
      std::string name = e.literal;
      if (name.rfind("pg_catalog.", 0) == 0) name = name.substr(11);
      out.sql = quote_literal(name);
      return out;
    }
    if (target.oid == oid::kRegtype) {
      if (const protocol::TypeInfo* t = protocol::find_type_by_name(e.literal)) {
        out.sql = std::to_string(t->oid);
        return out;
      }
    }
    if (target.oid == oid::kRegnamespace) {
      // litewire's namespaces are the built-in ones (sqlite/catalog).
      std::string name = e.literal;
      if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
        name = name.substr(1, name.size() - 2);
      } else {
        name = lower_ascii(name);
      }
      int32_t ns = name == "pg_catalog" ? catalog::kPgCatalogNamespace
                   : name == "public"   ? catalog::kPublicNamespace
                   : name == "information_schema" ? catalog::kInformationSchemaNamespace
                   : name == "pg_toast" ? catalog::kPgToastNamespace
                                        : 0;
      if (ns == 0 && !name.empty() && name.find_first_not_of("0123456789") == std::string::npos) {
        out.sql = name;
        return out;
      }
      if (ns == 0) {
        return error_at(sqlstate::kInvalidSchemaName, "schema \"" + name + "\" does not exist",
                        location);
      }
      out.sql = std::to_string(ns);
      return out;
    }
    if (is_text_type(target.oid) && target.oid != oid::kName && target.typmod < 0) {
      out.sql = e.sql;
      return out;
    }
  }
  // Casts that need no conversion of the stored form.
  int32_t from = e.type.oid;
  int32_t to = target.oid;
  if ((to == oid::kRegclass || to == oid::kRegtype) && (from == 0 || is_text_type(from))) {
    touches_catalog_ = true;
    out.sql = reg_input_sql(to, e.sql);
    return out;
  }
  bool same_storage =
      (is_integer_type(from) && (to == oid::kInt8 || to == oid::kNumeric ||
                                 (to == oid::kInt4 && from != oid::kInt8 && from != oid::kOid))) ||
      (from == oid::kInt2 && to == oid::kInt4) ||
      ((from == oid::kText || from == oid::kVarchar) && to == oid::kText) ||
      (from == oid::kVarchar && to == oid::kVarchar && target.typmod < 0) ||
      (from == oid::kFloat4 && to == oid::kFloat8) || (from == oid::kJson && to == oid::kText) ||
      (from == oid::kJsonb && to == oid::kText) ||
      (is_integer_type(from) && (to == oid::kRegclass || to == oid::kOid || to == oid::kRegtype ||
                                 to == oid::kRegnamespace)) ||
      (to == oid::kOid && (from == oid::kRegclass || from == oid::kRegtype ||
                           from == oid::kRegnamespace));
  if (same_storage) {
    out.sql = e.sql;
    return out;
  }
  // reg* output is the object's name (sqlite/catalog).
  if ((from == oid::kRegclass || from == oid::kRegtype || from == oid::kRegnamespace) &&
      is_text_type(to)) {
    touches_catalog_ = true;
    out.sql = reg_name_sql(from, e.sql);
    return out;
  }
  (void)location;
  // Everything else converts through the text form with the codecs, in pg_cast(): value,
  // target oid, target typmod, source oid (0 = unknown: the value is already text-like).
  out.sql = "pg_cast(" + e.sql + ", " + std::to_string(to) + ", " +
            std::to_string(target.typmod) + ", " + std::to_string(from) + ")";
  return out;
}

std::string reg_input_sql(int32_t reg_type, const std::string& sql) {
  return std::string(reg_type == oid::kRegclass ? "pg_regclass_in(" : "pg_regtype_in(") + sql + ")";
}

// Whether `sql` is one SQL string literal ('...' with only doubled quotes inside).
bool is_string_literal_sql(const std::string& sql) {
  if (sql.size() < 2 || sql.front() != '\'' || sql.back() != '\'') return false;
  for (size_t i = 1; i + 1 < sql.size(); ++i) {
    if (sql[i] != '\'') continue;
    if (i + 2 >= sql.size() || sql[i + 1] != '\'') return false;
    ++i;
  }
  return true;
}

std::string reg_name_sql(int32_t reg_type, const std::string& sql) {
  // A name already resolved at translation (pg_typeof) is its own output.
  if (is_string_literal_sql(sql)) return sql;
  if (reg_type == oid::kRegclass) return "pg_regclass_name(" + sql + ")";
  if (reg_type == oid::kRegtype) return "pg_regtype_name(" + sql + ")";
  // regnamespace: the built-in namespaces by OID; another OID prints as its number.
  return "(CASE " + sql + " WHEN " + std::to_string(catalog::kPgCatalogNamespace) +
         " THEN 'pg_catalog' WHEN " + std::to_string(catalog::kPublicNamespace) +
         " THEN 'public' WHEN " + std::to_string(catalog::kInformationSchemaNamespace) +
         " THEN 'information_schema' WHEN " + std::to_string(catalog::kPgToastNamespace) +
         " THEN 'pg_toast' ELSE CAST(" + sql + " AS TEXT) END)";
}

Result<Expr> Translator::type_cast(const tree::Object* c) {
  int loc = location_of(c);
  const tree::Object* tn = tree::object_field(c, "typeName");
  LITEWIRE_TRY_ASSIGN(target, type_name(tn));
  LITEWIRE_TRY_ASSIGN(arg, expr(tree::field(c, "arg")));
  std::string type_last;
  if (const tree::Array* names = tree::list_field(tn, "names"); tree::list_size(names) > 0) {
    type_last = std::string(tree::string_value(names->back()));
  }
  int arg_scale = arg.scale;
  if (arg.is_literal && !arg.is_null && target.oid == oid::kNumeric) {
    // numeric input keeps the text's scale ('1.2300'::numeric is 1.2300).
    std::string t = arg.literal;
    auto point = t.find('.');
    arg_scale = t.find_first_of("eE") != std::string::npos ? -1
                : point == std::string::npos               ? 0
                                                           : static_cast<int>(t.find_last_of("0123456789") - point);
  }
  LITEWIRE_TRY_ASSIGN(out, cast(std::move(arg), target, loc));
  if (target.oid == oid::kNumeric) {
    out.scale = target.typmod >= 4 ? scale_of_type(target) : arg_scale;
  } else {
    out.scale = scale_of_type(target);
  }
  if (out.name_strength <= 1) {
    // FigureColname: a cast without a better name is named after the type.
    out.name = type_last;
    out.name_strength = 1;
  }
  return out;
}

bool numeric_may_be_text(const Expr& e) {
  // A stored column: table_oid set, or (a CHECK inside CREATE TABLE) its column number.
  if (e.type.oid != oid::kNumeric || e.table_oid != 0 || e.column_number > 0 || e.is_null) return false;
  // A number literal as the translator writes it: digits, '.', a sign, an exponent.
  std::string_view s = e.sql;
  while (!s.empty() && (s.front() == '(' || s.front() == '-')) s.remove_prefix(1);
  while (!s.empty() && s.back() == ')') s.remove_suffix(1);
  return s.empty() || s.find_first_not_of("0123456789.eE+-") != std::string_view::npos ||
         !(s.front() >= '0' && s.front() <= '9');
}

std::string numeric_compare_sql(const Expr& e) {
  return numeric_may_be_text(e) ? "pg_numeric_key(" + e.sql + ")" : e.sql;
}

Result<Expr> Translator::comparison(std::string_view op, Expr l, Expr r, int location) {
  infer(l, r.type);
  infer(r, l.type);
  // An untyped literal compared with a typed value is read as that type (PostgreSQL resolves
  // `ts_col > '2024-01-01'` with the literal as timestamptz), so its stored form must match.
  if (l.is_literal && !l.is_null && r.type.oid != 0) {
    LITEWIRE_TRY_ASSIGN(c, cast(l, PgType{r.type.oid, -1}, location));
    l = std::move(c);
  }
  if (r.is_literal && !r.is_null && l.type.oid != 0) {
    LITEWIRE_TRY_ASSIGN(c, cast(r, PgType{l.type.oid, -1}, location));
    r = std::move(c);
  }
  if (l.type.oid != 0 && r.type.oid != 0 && l.type.oid != r.type.oid) {
    bool ok = (is_numeric_type(l.type.oid) && is_numeric_type(r.type.oid)) ||
              (is_text_type(l.type.oid) && is_text_type(r.type.oid)) ||
              (is_datetime(l.type.oid) && is_datetime(r.type.oid) && l.type.oid != oid::kInterval &&
               r.type.oid != oid::kInterval) ||
              l.type.oid == oid::kRecord || r.type.oid == oid::kRecord ||
              l.type.oid == oid::kRegclass || r.type.oid == oid::kRegclass ||
              l.type.oid == oid::kOid || r.type.oid == oid::kOid;
    if (!ok) {
      return error_at(sqlstate::kUndefinedFunction,
                      "operator does not exist: " + sql_type_name_of(l.type.oid) + " " +
                          std::string(op) + " " + sql_type_name_of(r.type.oid),
                      location)
          .with_hint(
              "No operator matches the given name and argument types. You might need to add "
              "explicit type casts.");
    }
    // Mixed date/timestamp comparisons compare stored texts of different shapes: convert.
    if (is_datetime(l.type.oid) && l.type.oid != r.type.oid) {
      int32_t wider = (l.type.oid == oid::kTimestamptz || r.type.oid == oid::kTimestamptz)
                          ? oid::kTimestamptz
                          : oid::kTimestamp;
      if (l.type.oid != wider) {
        LITEWIRE_TRY_ASSIGN(c, cast(l, PgType{wider, -1}, location));
        l = std::move(c);
      }
      if (r.type.oid != wider) {
        LITEWIRE_TRY_ASSIGN(c, cast(r, PgType{wider, -1}, location));
        r = std::move(c);
      }
    }
  }
  std::string sop(op);
  if (op == "<>" || op == "!=") sop = "<>";
  if (const EnumInfo* en = find_enum(l.type.oid); en != nullptr && l.type.oid == r.type.oid &&
                                                   sop != "=" && sop != "<>") {
    // Enums order by their declaration, not by label text.
    return typed("(" + enum_ordinal(l.sql, *en) + " " + sop + " " + enum_ordinal(r.sql, *en) + ")",
                 oid::kBool);
  }
  if (l.type.oid == oid::kInterval && r.type.oid == oid::kInterval) {
    // Interval texts do not sort; PostgreSQL compares their normalized length.
    return typed("(pg_iv_key(" + l.sql + ") " + sop + " pg_iv_key(" + r.sql + "))", oid::kBool);
  }
  return typed("(" + numeric_compare_sql(l) + " " + sop + " " + numeric_compare_sql(r) + ")", oid::kBool);
}

Result<Expr> Translator::datetime_arithmetic(std::string_view op, Expr l, Expr r, int location) {
  // PostgreSQL's date/time operators (pg_operator), evaluated on the stored forms by the
  // functions in functions/datetime.h.
  auto untyped = [](const Expr& e) { return e.type.oid == 0 && !e.is_null; };
  auto resolve = [&](Expr& e, const Expr& other) -> Result<void> {
    if (!untyped(e)) return {};
    int32_t o = other.type.oid;
    PgType t{oid::kInterval, -1};
    bool digits = e.is_literal && !e.literal.empty() &&
                  e.literal.find_first_not_of("0123456789-+ ") == std::string::npos;
    if (o == oid::kDate && digits) t = PgType{oid::kInt4, -1};
    if (o == oid::kInterval && (op == "*" || op == "/")) t = PgType{oid::kFloat8, -1};
    if ((o == oid::kTimestamp || o == oid::kTimestamptz || o == oid::kDate) && op == "-" &&
        e.is_literal && e.literal.size() >= 10 && e.literal[4] == '-' && &e == &r) {
      t = PgType{o, -1};  // ts - '2024-01-01': the timestamp difference
    }
    infer(e, t);
    if (e.is_literal) {
      LITEWIRE_TRY_ASSIGN(c, cast(e, t, location));
      e = std::move(c);
    }
    e.type = t;
    return {};
  };
  LITEWIRE_TRY(resolve(l, r));
  LITEWIRE_TRY(resolve(r, l));
  int32_t lt = l.type.oid, rt = r.type.oid;
  auto is_ts = [](int32_t o) { return o == oid::kTimestamp || o == oid::kTimestamptz; };
  auto fn = [](std::string f, std::initializer_list<std::string> args, int32_t type) {
    std::string sql = f + "(";
    bool first = true;
    for (const auto& a : args) {
      sql += (first ? "" : ", ") + a;
      first = false;
    }
    return typed(sql + ")", type);
  };
  bool plus = op == "+", minus = op == "-";
  if (lt == oid::kDate && is_integer_type(rt) && (plus || minus)) {
    return fn("pg_date_add", {l.sql, plus ? r.sql : "-(" + r.sql + ")"}, oid::kDate);
  }
  if (is_integer_type(lt) && rt == oid::kDate && plus) return fn("pg_date_add", {r.sql, l.sql}, oid::kDate);
  if (lt == oid::kDate && rt == oid::kDate && minus) return fn("pg_date_diff", {l.sql, r.sql}, oid::kInt4);
  if ((lt == oid::kDate || is_ts(lt)) && (rt == oid::kInterval || rt == oid::kTime) && (plus || minus)) {
    int32_t type = lt == oid::kDate ? oid::kTimestamp : lt;
    return fn("pg_ts_add", {l.sql, r.sql, plus ? "1" : "-1", type == oid::kTimestamptz ? "1" : "0"},
              type);
  }
  if ((lt == oid::kInterval || lt == oid::kTime) && (rt == oid::kDate || is_ts(rt)) && plus) {
    return fn("pg_ts_add", {r.sql, l.sql, "1", rt == oid::kTimestamptz ? "1" : "0"},
              rt == oid::kDate ? oid::kTimestamp : rt);
  }
  if (is_ts(lt) && is_ts(rt) && minus) {
    if (lt != rt) {
      LITEWIRE_TRY_ASSIGN(lc, cast(l, PgType{oid::kTimestamptz, -1}, location));
      LITEWIRE_TRY_ASSIGN(rc, cast(r, PgType{oid::kTimestamptz, -1}, location));
      return fn("pg_ts_diff", {lc.sql, rc.sql}, oid::kInterval);
    }
    return fn("pg_ts_diff", {l.sql, r.sql}, oid::kInterval);
  }
  if (lt == oid::kInterval && rt == oid::kInterval && (plus || minus)) {
    return fn("pg_iv_add", {l.sql, r.sql, plus ? "1" : "-1"}, oid::kInterval);
  }
  if (lt == oid::kInterval && is_numeric_type(rt) && (op == "*" || op == "/")) {
    return fn("pg_iv_mul", {l.sql, r.sql, op == "/" ? "1" : "0"}, oid::kInterval);
  }
  if (is_numeric_type(lt) && rt == oid::kInterval && op == "*") {
    return fn("pg_iv_mul", {r.sql, l.sql, "0"}, oid::kInterval);
  }
  return error_at(sqlstate::kUndefinedFunction,
                  "operator does not exist: " + sql_type_name_of(lt) + " " + std::string(op) + " " +
                      sql_type_name_of(rt),
                  location)
      .with_hint(
          "No operator matches the given name and argument types. You might need to add "
          "explicit type casts.");
}

Result<Expr> Translator::arithmetic(std::string_view op, Expr l, Expr r, int location) {
  if (op == "||") {
    // textcat: untyped operands are text, whatever the other side is ('n' || 1).
    infer(l, PgType{oid::kText, -1});
    infer(r, PgType{oid::kText, -1});
    for (Expr* e : {&l, &r}) {
      if (e->is_literal && !e->is_null) {
        e->type = PgType{oid::kText, -1};
        e->is_literal = false;
      }
    }
  }
  if (op != "||" && (is_datetime(l.type.oid) || is_datetime(r.type.oid))) {
    return datetime_arithmetic(op, std::move(l), std::move(r), location);
  }
  if (op != "||" && l.type.oid == 0 && r.type.oid == 0 && !l.is_null && !r.is_null) {
    return error_at(sqlstate::kAmbiguousFunction,
                    "operator is not unique: unknown " + std::string(op) + " unknown", location)
        .with_hint(
            "Could not choose a best candidate operator. You might need to add explicit type "
            "casts.");
  }
  // Untyped operands take the other side's type (`abalance + $1` makes $1 an int4).
  infer(l, r.type);
  infer(r, l.type);
  if (l.is_literal && !l.is_null && r.type.oid != 0) {
    LITEWIRE_TRY_ASSIGN(c, cast(l, r.type, location));
    l = std::move(c);
  }
  if (r.is_literal && !r.is_null && l.type.oid != 0) {
    LITEWIRE_TRY_ASSIGN(c, cast(r, l.type, location));
    r = std::move(c);
  }
  int32_t lt = l.type.oid, rt = r.type.oid;
  if (op == "||") {
    if (element_of(lt) != 0 || element_of(rt) != 0) {
      // array || array, array || element, element || array on the JSON stored form.
      int32_t arr = element_of(lt) != 0 ? lt : rt;
      if (element_of(lt) != 0 && element_of(rt) != 0) {
        return typed("pg_array_cat(" + l.sql + ", " + r.sql + ")", arr);
      }
      if (element_of(lt) != 0) {
        infer(r, PgType{element_of(lt), -1});
        return typed("pg_array_cat(" + l.sql + ", json_array(" + r.sql + "))", arr);
      }
      infer(l, PgType{element_of(rt), -1});
      return typed("pg_array_cat(json_array(" + l.sql + "), " + r.sql + ")", arr);
    }
    if (lt == oid::kJsonb || rt == oid::kJsonb) return unsupported("jsonb concatenation", location);
    // PostgreSQL's textcat renders non-text operands in their text output form; bools and
    // timestamps would differ from their stored form.
    auto as_text = [&](Expr& e) -> Result<void> {
      if (!is_text_type(e.type.oid) && !is_integer_type(e.type.oid) && !e.is_null) {
        LITEWIRE_TRY_ASSIGN(c, cast(e, PgType{oid::kText, -1}, location));
        e = std::move(c);
      }
      return {};
    };
    LITEWIRE_TRY(as_text(l));
    LITEWIRE_TRY(as_text(r));
    return typed("(" + l.sql + " || " + r.sql + ")", oid::kText);
  }
  if ((lt != 0 && !is_numeric_type(lt)) || (rt != 0 && !is_numeric_type(rt))) {
    return error_at(sqlstate::kUndefinedFunction,
                    "operator does not exist: " + sql_type_name_of(lt) + " " + std::string(op) +
                        " " + sql_type_name_of(rt),
                    location)
        .with_hint(
            "No operator matches the given name and argument types. You might need to add "
            "explicit type casts.");
  }
  int32_t result = numeric_rank(lt) >= numeric_rank(rt) ? lt : rt;
  if (result == 0) result = oid::kNumeric;
  if (result == oid::kOid) result = oid::kInt8;
  // int2 op int2 is int2 in PostgreSQL, but mixing int2 with int4 gives int4.
  if (op == "/" || op == "%") {
    bool integral = is_integer_type(result);
    std::string fn = op == "/" ? "pg_div(" : "pg_mod(";
    std::string mode = integral ? "1" : (result == oid::kNumeric && op == "/") ? "2" : "0";
    return typed(fn + l.sql + ", " + r.sql + ", " + mode + ")", result);
  }
  if (op == "^") {
    int32_t t = result == oid::kNumeric || is_integer_type(result) ? oid::kNumeric : oid::kFloat8;
    if (result == oid::kFloat4 || result == oid::kFloat8) t = oid::kFloat8;
    if (is_integer_type(lt) && is_integer_type(rt)) t = oid::kFloat8;  // dpow(float8, float8)
    std::string fn = t == oid::kNumeric ? "pg_numeric_power(" : "pow(";
    return typed(fn + l.sql + ", " + r.sql + ")", t);
  }
  // Integer overflow: SQLite silently switches to REAL past int64 (and never notices int4
  // overflow); pg_check_int() raises 22003 like int4pl/int8pl.
  if (is_integer_type(result)) {
    return typed("pg_check_int(" + l.sql + " " + std::string(op) + " " + r.sql + ", " +
                     std::to_string(result) + ")",
                 result);
  }
  Expr out = typed("(" + l.sql + " " + std::string(op) + " " + r.sql + ")", result);
  // numeric's add/sub keep the larger display scale, mul the sum (numeric.c).
  int ls = l.scale >= 0 ? l.scale : scale_of_type(l.type);
  int rs = r.scale >= 0 ? r.scale : scale_of_type(r.type);
  if (result == oid::kNumeric && ls >= 0 && rs >= 0) out.scale = op == "*" ? ls + rs : std::max(ls, rs);
  return out;
}

Result<Expr> Translator::a_expr(const tree::Object* e) {
  std::string_view kind = tree::string_field(e, "kind");
  const tree::Array* names = tree::list_field(e, "name");
  std::string op = tree::list_size(names) ? std::string(tree::string_value(names->back())) : "";
  // The operator spellings of LIKE/ILIKE (~~ !~~ ~~* !~~*) are the same operators.
  if (kind == "AEXPR_OP" && tree::field(e, "lexpr") != nullptr) {
    if (op == "~~" || op == "!~~") kind = "AEXPR_LIKE";
    if (op == "~~*" || op == "!~~*") kind = "AEXPR_ILIKE";
  }
  int loc = location_of(e);
  const tree::Value* lv = tree::field(e, "lexpr");
  const tree::Value* rv = tree::field(e, "rexpr");

  if (kind == "AEXPR_OP") {
    if (lv == nullptr) {
      LITEWIRE_TRY_ASSIGN(r, expr(rv));
      if (op == "-" && r.type.oid == oid::kInterval) {
        return typed("pg_iv_mul(" + r.sql + ", -1, 0)", oid::kInterval);
      }
      if (op == "-") {
        infer(r, PgType{oid::kInt4, -1});
        // SQLite's unary minus turns a REAL 0.0 into 0.0; float8 negation must give -0.
        bool is_float = r.type.oid == oid::kFloat8 || r.type.oid == oid::kFloat4;
        Expr out = typed(is_float ? "(" + r.sql + " * -1.0)" : "(-" + r.sql + ")",
                         r.type.oid == 0 ? oid::kNumeric : r.type.oid, r.type.typmod);
        out.scale = r.scale;
        return out;
      }
      if (op == "+") return r;
      if (op == "@") return typed("abs(" + r.sql + ")", r.type.oid, r.type.typmod);
      if (op == "~") return typed("(~" + r.sql + ")", r.type.oid);
      if (op == "|/") return typed("sqrt(" + r.sql + ")", oid::kFloat8);
      if (op == "||/") return typed("pow(" + r.sql + ", 1.0 / 3)", oid::kFloat8);
      return unsupported("prefix operator " + op, loc);
    }
    LITEWIRE_TRY_ASSIGN(l, expr(lv));
    LITEWIRE_TRY_ASSIGN(r, expr(rv));
    LITEWIRE_TRY_ASSIGN(json_op, json_operator(op, l, r, loc));
    if (json_op) return std::move(*json_op);
    if (op == "=" || op == "<>" || op == "!=" || op == "<" || op == ">" || op == "<=" ||
        op == ">=") {
      return comparison(op, std::move(l), std::move(r), loc);
    }
    if (op == "+" || op == "-" || op == "*" || op == "/" || op == "%" || op == "^" ||
        op == "||") {
      return arithmetic(op, std::move(l), std::move(r), loc);
    }
    if (op == "~" || op == "~*" || op == "!~" || op == "!~*") {
      infer(l, PgType{oid::kText, -1});
      infer(r, PgType{oid::kText, -1});
      bool icase = op.find('*') != std::string::npos;
      bool negate = op[0] == '!';
      std::string sql = "pg_regex_match(" + regex_subject(l) + ", " + r.sql + ", " +
                        (icase ? "1" : "0") + ")";
      if (negate) sql = "(NOT " + sql + ")";
      return typed(std::move(sql), oid::kBool);
    }
    if (op == "&" || op == "|" || op == "<<" || op == ">>") {
      infer(l, r.type);
      infer(r, l.type);
      return typed("(" + l.sql + " " + op + " " + r.sql + ")",
                   l.type.oid != 0 ? l.type.oid : oid::kInt4);
    }
    if (op == "#") {
      return typed("((" + l.sql + " | " + r.sql + ") - (" + l.sql + " & " + r.sql + "))",
                   l.type.oid != 0 ? l.type.oid : oid::kInt4);
    }
    if ((op == "?" || op == "?|" || op == "?&") && l.type.oid == oid::kJsonb) {
      // A top-level object key, or a string element of a top-level array (or the string
      // scalar itself), as PostgreSQL's jsonb_exists.
      auto exists = [&](const std::string& key) {
        return "EXISTS (SELECT 1 FROM json_each(" + l.sql + ") AS \"_lw_k\" WHERE CASE json_type(" +
               l.sql + ") WHEN 'object' THEN \"_lw_k\".key = " + key +
               " ELSE \"_lw_k\".type = 'text' AND \"_lw_k\".value = " + key + " END)";
      };
      if (op == "?") {
        infer(r, PgType{oid::kText, -1});
        return typed("(CASE WHEN " + l.sql + " IS NULL OR " + r.sql + " IS NULL THEN NULL ELSE " +
                         exists(r.sql) + " END)",
                     oid::kBool);
      }
      infer(r, PgType{oid::kTextArray, -1});
      if (r.is_literal && !r.is_null) {
        LITEWIRE_TRY_ASSIGN(c, cast(r, PgType{oid::kTextArray, -1}, loc));
        r = std::move(c);
      }
      if (r.type.oid != oid::kTextArray) return unsupported("operator " + op, loc);
      // NULL elements of the key array are ignored, as in PostgreSQL.
      std::string keys = "json_each(" + r.sql + ") AS \"_lw_a\" WHERE \"_lw_a\".type = 'text'";
      std::string test = op == "?|" ? "EXISTS (SELECT 1 FROM " + keys + " AND " +
                                          exists("\"_lw_a\".value") + ")"
                                    : "NOT EXISTS (SELECT 1 FROM " + keys + " AND NOT " +
                                          exists("\"_lw_a\".value") + ")";
      return typed("(CASE WHEN " + l.sql + " IS NULL OR " + r.sql + " IS NULL THEN NULL ELSE " +
                       test + " END)",
                   oid::kBool);
    }
    return unsupported("operator " + op, loc);
  }
  if (kind == "AEXPR_DISTINCT" || kind == "AEXPR_NOT_DISTINCT") {
    LITEWIRE_TRY_ASSIGN(l, expr(lv));
    LITEWIRE_TRY_ASSIGN(r, expr(rv));
    LITEWIRE_TRY_ASSIGN(cmp, comparison("=", std::move(l), std::move(r), loc));
    // SQLite's IS / IS NOT are exactly IS NOT DISTINCT FROM / IS DISTINCT FROM.
    std::string sql = cmp.sql;
    auto eq = sql.find(" = ");
    sql.replace(eq, 3, kind == "AEXPR_DISTINCT" ? " IS NOT " : " IS ");
    return typed(std::move(sql), oid::kBool);
  }
  if (kind == "AEXPR_NULLIF") {
    LITEWIRE_TRY_ASSIGN(l, expr(lv));
    LITEWIRE_TRY_ASSIGN(r, expr(rv));
    infer(l, r.type);
    infer(r, l.type);
    if (r.is_literal && !r.is_null && l.type.oid != 0) {
      LITEWIRE_TRY_ASSIGN(c, cast(r, l.type, loc));
      r = std::move(c);
    }
    Expr out = typed("nullif(" + l.sql + ", " + r.sql + ")", l.type.oid, l.type.typmod);
    out.name = "nullif";
    out.name_strength = 2;
    return out;
  }
  if (kind == "AEXPR_IN") {
    LITEWIRE_TRY_ASSIGN(l, expr(lv));
    std::vector<Expr> items;
    for (const auto& item : *tree::list_field(tree::node(rv).body, "items")) {
      LITEWIRE_TRY_ASSIGN(x, expr(item));
      infer(x, l.type);
      if (x.is_literal && !x.is_null && l.type.oid != 0) {
        LITEWIRE_TRY_ASSIGN(c, cast(x, l.type, loc));
        x = std::move(c);
      }
      if (l.type.oid == 0) infer(l, x.type);
      items.push_back(std::move(x));
    }
    bool negate = op == "<>";
    std::string list;
    for (const Expr& x : items) list += (list.empty() ? "" : ", ") + numeric_compare_sql(x);
    return typed("(" + numeric_compare_sql(l) + (negate ? " NOT IN (" : " IN (") + list + "))", oid::kBool);
  }
  if (kind == "AEXPR_OP_ANY" || kind == "AEXPR_OP_ALL") {
    LITEWIRE_TRY_ASSIGN(l, expr(lv));
    LITEWIRE_TRY_ASSIGN(r, expr(rv));
    bool any = kind == "AEXPR_OP_ANY";
    bool ordering = op == "<" || op == "<=" || op == ">" || op == ">=" || (op == "=" && !any) ||
                    (op == "<>" && any);
    // x [NOT] LIKE / ILIKE ANY|ALL (array): ~~ !~~ ~~* !~~*, element by element.
    bool like = op == "~~" || op == "!~~" || op == "~~*" || op == "!~~*";
    if (like) infer(l, PgType{oid::kText, -1});
    if ((op != "=" || !any) && (op != "<>" || any) && !ordering && !like) {
      return unsupported(std::string(any ? "ANY" : "ALL") + " with operator " + op, loc);
    }
    // `x = ANY(array)`: the array's stored form is a JSON array (protocol/README.md).
    if (l.type.oid != 0 && r.type.oid == 0) infer(r, PgType{array_of(l.type.oid), -1});
    if (r.type.oid != 0 && l.type.oid == 0) infer(l, PgType{vector_element_of(r.type.oid), -1});
    if (r.is_literal && !r.is_null && l.type.oid != 0) {
      LITEWIRE_TRY_ASSIGN(c, cast(r, PgType{array_of(l.type.oid), -1}, loc));
      r = std::move(c);
    }
    if (r.type.oid != 0 && vector_element_of(r.type.oid) == 0) {
      return error_at(sqlstate::kWrongObjectType, "op ANY/ALL (array) requires array on right side",
                      loc);
    }
    if (ordering || like) {
      // Three-valued ANY/ALL over the elements, as for ANY/ALL (subquery) in sub_link().
      Expr el = typed("\"_lw_el\".value", vector_element_of(r.type.oid));
      Expr c;
      if (like) {
        bool negate = op[0] == '!';
        c = typed(op.find('*') == std::string::npos
                      ? "(" + l.sql + (negate ? " NOT LIKE " : " LIKE ") + el.sql + " ESCAPE '\\')"
                      : std::string(negate ? "(NOT " : "(") + "pg_ilike(" + l.sql + ", " + el.sql + ", '\\'))",
                  oid::kBool);
      } else {
        LITEWIRE_TRY_ASSIGN(cmp, comparison(op, std::move(l), std::move(el), loc));
        c = std::move(cmp);
      }
      std::string decided = any ? "max(" + c.sql + ") = 1" : "min(" + c.sql + ") = 0";
      return typed("(CASE WHEN " + r.sql + " IS NULL THEN NULL ELSE (SELECT CASE WHEN count(*) = 0 THEN " +
                       std::string(any ? "0" : "1") + " WHEN " + decided + " THEN " +
                       (any ? "1" : "0") + " WHEN count(*) > count(" + c.sql + ") THEN NULL ELSE " +
                       (any ? "0" : "1") + " END FROM json_each(" + r.sql +
                       ") AS \"_lw_el\") END)",
                   oid::kBool);
    }
    std::string sub = "(SELECT value FROM json_each(" + r.sql + "))";
    // NULL array -> NULL; an array holding NULL and no match -> NULL, like PostgreSQL's
    // three-valued ANY/ALL; x NOT IN (...) has exactly the semantics of x <> ALL(...).
    return typed("(CASE WHEN " + r.sql + " IS NULL THEN NULL ELSE " + l.sql +
                     (any ? " IN " : " NOT IN ") + sub + " END)",
                 oid::kBool);
  }
  if (kind == "AEXPR_LIKE" || kind == "AEXPR_ILIKE") {
    LITEWIRE_TRY_ASSIGN(l, expr(lv));
    infer(l, PgType{oid::kText, -1});
    std::string pattern;
    std::string escape = "'\\'";
    tree::Node rn = tree::node(rv);
    if (rn.type == "FuncCall" && tree::list_size(tree::list_field(rn.body, "funcname")) > 0 &&
        tree::string_value(tree::list_field(rn.body, "funcname")->back()) == "like_escape") {
      const tree::Array* args = tree::list_field(rn.body, "args");
      LITEWIRE_TRY_ASSIGN(p, expr((*args)[0]));
      LITEWIRE_TRY_ASSIGN(esc, expr((*args)[1]));
      infer(p, PgType{oid::kText, -1});
      infer(esc, PgType{oid::kText, -1});
      pattern = p.sql;
      escape = esc.sql;
    } else {
      LITEWIRE_TRY_ASSIGN(p, expr(rv));
      infer(p, PgType{oid::kText, -1});
      pattern = p.sql;
    }
    bool negate = op[0] == '!';
    std::string sql;
    if (kind == "AEXPR_LIKE") {
      // The registered like() is case-sensitive as PostgreSQL's LIKE; PostgreSQL's default
      // escape character is the backslash, SQLite has none unless given.
      sql = "(" + l.sql + (negate ? " NOT LIKE " : " LIKE ") + pattern + " ESCAPE " + escape + ")";
    } else {
      sql = "pg_ilike(" + l.sql + ", " + pattern + ", " + escape + ")";
      if (negate) sql = "(NOT " + sql + ")";
    }
    return typed(std::move(sql), oid::kBool);
  }
  if (kind == "AEXPR_BETWEEN" || kind == "AEXPR_NOT_BETWEEN" || kind == "AEXPR_BETWEEN_SYM" ||
      kind == "AEXPR_NOT_BETWEEN_SYM") {
    LITEWIRE_TRY_ASSIGN(l, expr(lv));
    const tree::Array* items = tree::list_field(tree::node(rv).body, "items");
    LITEWIRE_TRY_ASSIGN(lo, expr((*items)[0]));
    LITEWIRE_TRY_ASSIGN(hi, expr((*items)[1]));
    LITEWIRE_TRY_ASSIGN(c1, comparison(">=", l, std::move(lo), loc));
    LITEWIRE_TRY_ASSIGN(c2, comparison("<=", l, std::move(hi), loc));
    bool negate = kind == "AEXPR_NOT_BETWEEN" || kind == "AEXPR_NOT_BETWEEN_SYM";
    bool sym = kind == "AEXPR_BETWEEN_SYM" || kind == "AEXPR_NOT_BETWEEN_SYM";
    std::string sql;
    if (sym) {
      LITEWIRE_TRY_ASSIGN(l2, expr(lv));
      LITEWIRE_TRY_ASSIGN(lo2, expr((*items)[0]));
      LITEWIRE_TRY_ASSIGN(hi2, expr((*items)[1]));
      LITEWIRE_TRY_ASSIGN(c3, comparison("<=", l2, std::move(lo2), loc));
      LITEWIRE_TRY_ASSIGN(c4, comparison(">=", l2, std::move(hi2), loc));
      sql = "((" + c1.sql + " AND " + c2.sql + ") OR (" + c3.sql + " AND " + c4.sql + "))";
    } else {
      sql = "(" + c1.sql + " AND " + c2.sql + ")";
    }
    if (negate) sql = "(NOT " + sql + ")";
    return typed(std::move(sql), oid::kBool);
  }
  if (kind == "AEXPR_SIMILAR") {
    // PostgreSQL's parser turns `x SIMILAR TO p [ESCAPE e]` into `x ~ similar_to_escape(p[, e])`.
    LITEWIRE_TRY_ASSIGN(l, expr(lv));
    LITEWIRE_TRY_ASSIGN(r, expr(rv));
    infer(l, PgType{oid::kText, -1});
    std::string sql = "pg_regex_match(" + regex_subject(l) + ", " + r.sql + ", 0)";
    if (op[0] == '!') sql = "(NOT " + sql + ")";
    return typed(std::move(sql), oid::kBool);
  }
  if (kind == "AEXPR_OF") return unsupported("IS OF", loc);
  return unsupported("expression kind " + std::string(kind), loc);
}

Result<Expr> Translator::function_style_cast(const std::string& name, Expr arg, int location) {
  std::string declared = name;
  for (char& ch : declared) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  LITEWIRE_TRY_ASSIGN(c, cast(std::move(arg), pg_type_for_declared(declared, nullptr), location));
  c.name = name;
  c.name_strength = 2;
  return c;
}

Result<Expr> Translator::sub_link(const tree::Object* s) {
  std::string_view kind = tree::string_field(s, "subLinkType");
  int loc = location_of(s);
  const tree::Object* sub = tree::node(tree::field(s, "subselect")).body;
  if (kind == "EXISTS_SUBLINK") {
    LITEWIRE_TRY_ASSIGN(q, query(sub));
    Expr e = typed("EXISTS (" + q.sql + ")", oid::kBool);
    e.name = "exists";
    e.name_strength = 2;
    return e;
  }
  if (kind == "EXPR_SUBLINK") {
    LITEWIRE_TRY_ASSIGN(q, query(sub));
    if (q.columns.size() != 1) {
      return error_at(sqlstate::kSyntaxError, "subquery must return only one column", loc);
    }
    // PostgreSQL fails a scalar subquery that returns two rows (21000) where SQLite takes the
    // first: pg_scalar() sees at most two rows and fails on the second.
    Expr e = typed("(SELECT pg_scalar(" + quote_ident(q.columns[0].name) + ") FROM (SELECT * FROM (" +
                       q.sql + ") LIMIT 2))",
                   q.columns[0].type.oid, q.columns[0].type.typmod);
    e.name = q.columns[0].name;
    e.name_strength = 2;
    return e;
  }
  if (kind == "ANY_SUBLINK" || kind == "ALL_SUBLINK") {
    LITEWIRE_TRY_ASSIGN(l, expr(tree::field(s, "testexpr")));
    const tree::Array* opn = tree::list_field(s, "operName");
    std::string op = tree::list_size(opn) ? std::string(tree::string_value(opn->back())) : "=";
    bool any = kind == "ANY_SUBLINK";
    if ((op != "=" || !any) && (op != "<>" || any)) {
      if (op != "=" && op != "<>" && op != "<" && op != "<=" && op != ">" && op != ">=") {
        return unsupported(std::string(any ? "ANY" : "ALL") + " (subquery) with operator " + op,
                           loc);
      }
      LITEWIRE_TRY_ASSIGN(q, query(sub));
      if (q.columns.size() != 1) {
        return error_at(sqlstate::kSyntaxError, "subquery has too many columns", loc);
      }
      Expr col = typed("\"_lw_sub\"." + quote_ident(q.columns[0].name), q.columns[0].type.oid,
                       q.columns[0].type.typmod);
      LITEWIRE_TRY_ASSIGN(c, comparison(op, std::move(l), std::move(col), loc));
      // Three-valued ANY/ALL over the subquery's rows: count(c) counts the comparisons that are
      // not NULL, so "no row decides and some comparison is NULL" gives NULL as in PostgreSQL.
      std::string decided = any ? "max(" + c.sql + ") = 1" : "min(" + c.sql + ") = 0";
      return typed("(SELECT CASE WHEN count(*) = 0 THEN " + std::string(any ? "0" : "1") +
                       " WHEN " + decided + " THEN " + (any ? "1" : "0") + " WHEN count(*) > count(" +
                       c.sql + ") THEN NULL ELSE " + (any ? "0" : "1") + " END FROM (" + q.sql +
                       ") AS \"_lw_sub\")",
                   oid::kBool);
    }
    LITEWIRE_TRY_ASSIGN(q, query(sub));
    if (!q.columns.empty()) infer(l, q.columns[0].type);
    return typed("(" + l.sql + (any ? " IN (" : " NOT IN (") + q.sql + "))", oid::kBool);
  }
  if (kind == "ARRAY_SUBLINK") {
    LITEWIRE_TRY_ASSIGN(q, query(sub));
    if (q.columns.size() != 1) {
      return error_at(sqlstate::kSyntaxError, "subquery must return only one column", loc);
    }
    int32_t arr = array_of(output_oid(q.columns[0].type));
    if (arr == 0) return unsupported("ARRAY() of this type", loc);
    Expr e = typed("(SELECT json_group_array(s.\"" + q.columns[0].name + "\") FROM (" + q.sql +
                       ") AS s)",
                   arr);
    e.name = "array";
    e.name_strength = 2;
    return e;
  }
  return unsupported(std::string(kind), loc);
}

Result<Expr> Translator::sql_value_function(const tree::Object* f) {
  std::string_view op = tree::string_field(f, "op");
  int loc = location_of(f);
  Expr e;
  e.name_strength = 2;
  if (op == "SVFOP_CURRENT_TIMESTAMP" || op == "SVFOP_CURRENT_TIMESTAMP_N") {
    e = typed("pg_now()", oid::kTimestamptz);
    e.name = "current_timestamp";
  } else if (op == "SVFOP_LOCALTIMESTAMP" || op == "SVFOP_LOCALTIMESTAMP_N") {
    e = typed("pg_cast(pg_now(), 1114, -1, 1184)", oid::kTimestamp);
    e.name = "localtimestamp";
  } else if (op == "SVFOP_CURRENT_DATE") {
    e = typed("pg_cast(pg_now(), 1082, -1, 1184)", oid::kDate);
    e.name = "current_date";
  } else if (op == "SVFOP_CURRENT_TIME" || op == "SVFOP_CURRENT_TIME_N") {
    e = typed("pg_cast(pg_now(), 1266, -1, 1184)", oid::kTimetz);
    e.name = "current_time";
  } else if (op == "SVFOP_LOCALTIME" || op == "SVFOP_LOCALTIME_N") {
    e = typed("pg_cast(pg_now(), 1083, -1, 1184)", oid::kTime);
    e.name = "localtime";
  } else if (op == "SVFOP_CURRENT_USER" || op == "SVFOP_USER" || op == "SVFOP_CURRENT_ROLE") {
    e = typed("current_user()", oid::kName);
    e.name = op == "SVFOP_USER" ? "current_user" : op == "SVFOP_CURRENT_ROLE" ? "current_role"
                                                                              : "current_user";
  } else if (op == "SVFOP_SESSION_USER") {
    e = typed("current_user()", oid::kName);
    e.name = "session_user";
  } else if (op == "SVFOP_CURRENT_CATALOG") {
    e = typed("current_database()", oid::kName);
    e.name = "current_catalog";
  } else if (op == "SVFOP_CURRENT_SCHEMA") {
    e = typed("'public'", oid::kName);
    e.name = "current_schema";
  } else {
    return unsupported(std::string(op), loc);
  }
  e.name_strength = 2;
  return e;
}

Result<std::string> Translator::agg_order_keys(const tree::Array* agg_order) {
  std::string keys;
  for (size_t i = 0; i < tree::list_size(agg_order); ++i) {
    const tree::Object* sb = tree::node(agg_order->at(i)).body;
    LITEWIRE_TRY_ASSIGN(k, expr(tree::field(sb, "node")));
    bool desc = tree::string_field(sb, "sortby_dir") == "SORTBY_DESC";
    std::string_view nulls = tree::string_field(sb, "sortby_nulls");
    bool nulls_first = nulls == "SORTBY_NULLS_FIRST" || (nulls != "SORTBY_NULLS_LAST" && desc);
    keys += ", " + k.sql + ", " + (desc ? "1" : "0") + ", " + (nulls_first ? "1" : "0");
  }
  return keys;
}

Result<Expr> Translator::func_call(const tree::Object* f) {
  if (auto srf = srf_results_.find(f); srf != srf_results_.end()) return srf->second;
  int loc = location_of(f);
  const tree::Array* fn = tree::list_field(f, "funcname");
  std::string name(tree::string_value(fn->back()));
  std::string schema_name =
      fn->size() >= 2 ? std::string(tree::string_value((*fn)[fn->size() - 2])) : "";
  if (!schema_name.empty() && schema_name != "pg_catalog" && schema_name != "public") {
    return error_at(sqlstate::kInvalidSchemaName,
                    "schema \"" + schema_name + "\" does not exist", loc);
  }
  bool star = tree::bool_field(f, "agg_star");
  bool distinct = tree::bool_field(f, "agg_distinct");
  const tree::Array* agg_order = tree::list_field(f, "agg_order");
  bool within_group = tree::bool_field(f, "agg_within_group");
  bool ordered_set = name == "percentile_cont" || name == "percentile_disc" || name == "mode";
  if (within_group && !ordered_set && aggregate_names().count(name) == 0) {
    return unsupported("WITHIN GROUP for " + name + "()", loc);
  }
  if (tree::list_size(agg_order) > 0 && name != "string_agg" && name != "array_agg" &&
      !name.ends_with("json_agg") && !name.ends_with("jsonb_agg") && !name.ends_with("object_agg") &&
      !within_group) {
    return unsupported("ORDER BY inside an aggregate call other than string_agg/array_agg/json_agg", loc);
  }
  if (tree::bool_field(f, "func_variadic")) return unsupported("VARIADIC", loc);
  std::vector<Expr> args;
  // Column references inside an aggregate's arguments are not "ungrouped".
  bool aggregate_call = aggregate_names().count(name) > 0 && tree::field(f, "over") == nullptr;
  struct AggDepth {
    int& depth;
    bool on;
    AggDepth(int& d, bool o) : depth(d), on(o) { depth += on ? 1 : 0; }
    ~AggDepth() { depth -= on ? 1 : 0; }
  } agg_depth(agg_depth_, aggregate_call);
  if (advisory_function(name)) {
    return unsupported(name + "() inside a larger statement (send SELECT " + name + "(...) on its own)",
                       loc);
  }
  if (int internal = grouping_internal_call(f); internal != 0) {
    // grouping_sets.cpp. 1: a grouping expression outside the current grouping set, NULL of
    // its type (its columns read as inside an aggregate: no 42803); 2: grouping()'s mask.
    AggDepth inside(agg_depth_, true);
    LITEWIRE_TRY_ASSIGN(a, expr(tree::list_field(f, "args")->at(0)));
    Expr out = internal == 1 ? typed("NULL", a.type.oid, a.type.typmod) : a;
    out.name = internal == 1 ? a.name : "grouping";
    out.name_strength = internal == 1 ? a.name_strength : 2;
    return out;
  }
  std::vector<std::string> arg_names;  // "" for positional arguments
  // Whole-row references are values only as arguments of the json functions that take records.
  struct RecordArgs {
    bool& flag;
    bool saved;
    RecordArgs(bool& f, bool on) : flag(f), saved(f) { flag = on; }
    ~RecordArgs() { flag = saved; }
  } record_args(record_args_, json_takes_records(name));
  if (const tree::Array* a = tree::list_field(f, "args")) {
    for (const auto& v : *a) {
      tree::Node an = tree::node(v);
      if (an.type == "NamedArgExpr") {
        if (name != "make_interval") return unsupported("named arguments", loc);
        LITEWIRE_TRY_ASSIGN(e, expr(tree::field(an.body, "arg")));
        args.push_back(std::move(e));
        arg_names.emplace_back(tree::string_field(an.body, "name"));
        continue;
      }
      LITEWIRE_TRY_ASSIGN(e, expr(v));
      args.push_back(std::move(e));
      arg_names.emplace_back();
    }
  }
  auto no_such_function = [&] { return undefined_function(name, args, loc); };
  // Argument counts of the functions translated here (PostgreSQL's pg_proc entries), checked
  // before any argument is looked at.
  static const std::map<std::string, std::pair<size_t, size_t>, std::less<>> kArity = {
      {"sum", {1, 1}}, {"avg", {1, 1}}, {"min", {1, 1}}, {"max", {1, 1}},
      {"string_agg", {2, 2}}, {"array_agg", {1, 1}}, {"bool_and", {1, 1}}, {"bool_or", {1, 1}},
      {"every", {1, 1}}, {"row_number", {0, 0}}, {"rank", {0, 0}}, {"dense_rank", {0, 0}},
      {"ntile", {1, 1}}, {"percent_rank", {0, 0}}, {"cume_dist", {0, 0}}, {"lag", {1, 3}},
      {"lead", {1, 3}}, {"first_value", {1, 1}}, {"last_value", {1, 1}}, {"nth_value", {2, 2}},
      {"now", {0, 0}}, {"transaction_timestamp", {0, 0}}, {"statement_timestamp", {0, 0}},
      {"clock_timestamp", {0, 0}}, {"lower", {1, 1}}, {"upper", {1, 1}}, {"length", {1, 1}},
      {"char_length", {1, 1}}, {"character_length", {1, 1}}, {"octet_length", {1, 1}},
      {"substring", {2, 3}}, {"substr", {2, 3}}, {"btrim", {1, 2}}, {"ltrim", {1, 2}},
      {"rtrim", {1, 2}}, {"trim", {1, 2}}, {"replace", {3, 3}}, {"position", {2, 2}},
      {"strpos", {2, 2}}, {"concat_ws", {1, 1000}}, {"left", {2, 2}}, {"right", {2, 2}},
      {"repeat", {2, 2}}, {"lpad", {2, 3}}, {"rpad", {2, 3}}, {"reverse", {1, 1}},
      {"md5", {1, 1}}, {"initcap", {1, 1}}, {"split_part", {3, 3}}, {"chr", {1, 1}},
      {"translate", {3, 3}}, {"ascii", {1, 1}}, {"abs", {1, 1}}, {"round", {1, 2}},
      {"trunc", {1, 2}}, {"ceil", {1, 1}}, {"ceiling", {1, 1}}, {"floor", {1, 1}},
      {"sqrt", {1, 1}}, {"starts_with", {2, 2}}, {"jsonb_typeof", {1, 1}}, {"json_typeof", {1, 1}},
      {"jsonb_array_length", {1, 1}}, {"json_array_length", {1, 1}}, {"exp", {1, 1}}, {"ln", {1, 1}}, {"log", {1, 2}}, {"power", {2, 2}},
      {"pow", {2, 2}}, {"sign", {1, 1}}, {"mod", {2, 2}}, {"div", {2, 2}}, {"random", {0, 0}},
      {"gen_random_uuid", {0, 0}}, {"version", {0, 0}}, {"current_database", {0, 0}},
      {"nextval", {1, 1}}, {"currval", {1, 1}}, {"setval", {2, 3}}, {"lastval", {0, 0}},
      {"pg_sleep", {1, 1}}, {"pg_typeof", {1, 1}}, {"current_setting", {1, 2}},
      {"set_config", {3, 3}}, {"pg_get_serial_sequence", {2, 2}}, {"pg_notify", {2, 2}},
      {"similar_to_escape", {1, 2}}, {"stddev", {1, 1}}, {"stddev_samp", {1, 1}},
      {"stddev_pop", {1, 1}}, {"variance", {1, 1}}, {"var_samp", {1, 1}}, {"var_pop", {1, 1}},
      {"to_char", {2, 2}}, {"to_date", {2, 2}}, {"to_timestamp", {1, 2}}, {"to_number", {2, 2}},
      {"age", {1, 2}}, {"make_date", {3, 3}}, {"make_time", {3, 3}}, {"make_timestamp", {6, 6}},
      {"make_timestamptz", {6, 7}}, {"make_interval", {0, 7}}, {"percentile_cont", {1, 1}}, {"percentile_disc", {1, 1}}, {"mode", {0, 0}}, {"regexp_replace", {3, 6}}, {"regexp_match", {2, 3}},
      {"timezone", {2, 2}}, {"justify_days", {1, 1}}, {"justify_hours", {1, 1}},
      {"justify_interval", {1, 1}}, {"isfinite", {1, 1}}, {"date_bin", {3, 3}},
      {"gcd", {2, 2}}, {"lcm", {2, 2}}, {"factorial", {1, 1}}, {"width_bucket", {4, 4}},
      {"num_nulls", {1, 1000}}, {"num_nonnulls", {1, 1000}}};
  // An ordered-set aggregate without WITHIN GROUP (or a plain one with it) is a function
  // PostgreSQL does not have.
  if (ordered_set != within_group) return no_such_function();
  if (auto a = kArity.find(name); a != kArity.end() && !star &&
      (args.size() < a->second.first || args.size() > a->second.second)) {
    return no_such_function();
  }
  if (star && name != "count") {
    return error_at(sqlstate::kWrongObjectType,
                    name + "(*) specified, but " + name + " is not an aggregate function", loc);
  }
  auto arg_type = [&](size_t i) { return i < args.size() ? args[i].type : PgType{}; };
  // The text of a literal argument, also through a cast ('t_id_seq'::regclass).
  auto literal_arg = [&](size_t i) -> std::optional<std::string> {
    const tree::Value* v = &tree::list_field(f, "args")->at(i);
    tree::Node n = tree::node(*v);
    if (n.type == "TypeCast") n = tree::node(tree::field(n.body, "arg"));
    if (n.type != "A_Const") return std::nullopt;
    const tree::Object* sv = tree::object_field(n.body, "sval");
    if (sv == nullptr) return std::nullopt;
    return std::string(tree::string_field(sv, "sval"));
  };
  auto text_args = [&]() {
    for (auto& a : args) infer(a, PgType{oid::kText, -1});
  };
  // Types the arguments by `signature` ('t' text, 'i' integer, one letter per argument); false
  // when one already has another type.
  auto signature_args = [&](std::string_view signature) {
    for (size_t i = 0; i < args.size(); ++i) {
      const bool integer = signature[i] == 'i';
      infer(args[i], PgType{integer ? oid::kInt4 : oid::kText, -1});
      const int32_t have = args[i].type.oid;
      if (have != 0 && have != oid::kUnknown &&
          (integer ? !is_integer_type(have) : !is_text_type(have))) {
        return false;
      }
    }
    return true;
  };
  // An argument as `type`: parameters take it, literals and other types are cast (the date
  // and time functions' implicit conversions), an untyped NULL just gets it.
  auto convert_arg = [&](Expr& a, const PgType& type) -> Result<void> {
    int32_t t = a.type.oid;
    infer(a, type);
    if ((a.is_literal && !a.is_null) || (t != 0 && t != type.oid)) {
      LITEWIRE_TRY_ASSIGN(c, cast(a, type, loc));
      a = std::move(c);
    }
    a.type = type;
    return {};
  };
  // An argument in its text output form (concat(), format()): booleans read t/f, not the
  // cast's true/false.
  auto output_text = [&](const Expr& a) -> Result<Expr> {
    if (a.type.oid == oid::kBool) {
      return typed("(CASE " + a.sql + " WHEN 0 THEN 'f' WHEN 1 THEN 't' END)", oid::kText);
    }
    if (is_text_type(a.type.oid) || is_integer_type(a.type.oid)) return a;
    if (a.type.oid == oid::kNumeric && a.scale >= 0) {
      // The display scale the value prints with (1.50), which its stored form may not keep.
      return typed("pg_numeric_scale(" + a.sql + ", " + std::to_string(a.scale) + ")", oid::kText);
    }
    return cast(a, PgType{oid::kText, -1}, loc);
  };
  auto call = [&](std::string_view sqlite_name) {
    return std::string(sqlite_name) + "(" + (distinct ? "DISTINCT " : "") + join(args) + ")";
  };

  Expr out;
  out.name = name;
  out.name_strength = 2;
  bool aggregate = aggregate_names().count(name) > 0;
  int32_t a0 = arg_type(0).oid;

  LITEWIRE_TRY_ASSIGN(json_call, json_function(name, args, f, loc));
  if (json_call) return std::move(*json_call);

  if (name == "count") {
    out.sql = star ? "count(*)" : call("count");
    out.type = PgType{oid::kInt8, -1};
  } else if (name == "sum") {
    // numeric and bigint sums are exact (SQLite's sum() adds doubles and overflows int64).
    out.sql = call(a0 == oid::kNumeric || a0 == oid::kInt8 ? "pg_sum_numeric" : "sum");
    out.type = PgType{a0 == oid::kInt2 || a0 == oid::kInt4 ? oid::kInt8
                      : a0 == oid::kFloat4 || a0 == oid::kFloat8 ? a0
                                                                 : oid::kNumeric, -1};
    if (a0 == oid::kInterval) return unsupported("sum(interval)", loc);
  } else if (name == "avg") {
    bool is_float = a0 == oid::kFloat4 || a0 == oid::kFloat8;
    out.sql = call(is_float ? "avg" : "pg_avg");
    out.type = PgType{a0 == oid::kFloat4 || a0 == oid::kFloat8 ? oid::kFloat8 : oid::kNumeric, -1};
  } else if (name == "min" || name == "max") {
    if (args.size() != 1) {
      return error_at(sqlstate::kUndefinedFunction,
                      "function " + name + "() does not exist", loc);
    }
    bool by_value = numeric_may_be_text(args[0]) && tree::object_field(f, "over") == nullptr;
    out.sql = call(by_value ? "pg_numeric_" + name : name);
    out.type = arg_type(0);
  } else if ((name == "string_agg" || name == "array_agg") && tree::list_size(agg_order) > 0) {
    // SQLite 3.40 has no ordered aggregates: pg_ordered_agg() keeps the values with their sort
    // keys and sorts them when the group is complete.
    if (distinct) return unsupported(name + "(DISTINCT ... ORDER BY ...)", loc);
    if (name == "string_agg") text_args();
    LITEWIRE_TRY_ASSIGN(keys, agg_order_keys(agg_order));
    if (name == "string_agg") {
      out.sql = "pg_ordered_agg(0, " + args[0].sql + ", " + args[1].sql + keys + ")";
      out.type = PgType{a0 == oid::kBytea ? oid::kBytea : oid::kText, -1};
    } else {
      int32_t arr = array_of(a0 == 0 ? oid::kText : a0);
      if (arr == 0) return unsupported("array_agg of type " + sql_type_name_of(a0), loc);
      out.sql = "pg_ordered_agg(1, " + args[0].sql + ", NULL" + keys + ")";
      out.type = PgType{arr, -1};
    }
  } else if (name == "string_agg") {
    text_args();
    if (distinct && args[1].sql != "','") {
      // SQLite's group_concat(DISTINCT x) takes no separator argument.
      return unsupported("string_agg(DISTINCT ...) with a separator other than ','", loc);
    }
    if (distinct) args.pop_back();
    out.sql = std::string("group_concat(") + (distinct ? "DISTINCT " : "") + join(args) + ")";
    out.type = PgType{a0 == oid::kBytea ? oid::kBytea : oid::kText, -1};
  } else if (name == "array_agg") {
    int32_t arr = array_of(a0 == 0 ? oid::kText : a0);
    if (arr == 0) return unsupported("array_agg of type " + sql_type_name_of(a0), loc);
    out.sql = call("json_group_array");
    out.type = PgType{arr, -1};
  } else if (name == "stddev" || name == "stddev_samp" || name == "stddev_pop" ||
             name == "variance" || name == "var_samp" || name == "var_pop") {
    infer(args[0], PgType{oid::kNumeric, -1});
    bool is_float = a0 == oid::kFloat4 || a0 == oid::kFloat8;
    if (!is_float && !is_integer_type(a0) && a0 != oid::kNumeric && a0 != 0) return no_such_function();
    std::string fn = name == "stddev" ? "stddev_samp" : name == "variance" ? "var_samp" : name;
    // A numeric argument carries its display scale (numeric(8,2)'s 1.50 may be stored as 1.5).
    int scale = args[0].scale >= 0 ? args[0].scale : scale_of_type(args[0].type);
    std::string x = args[0].sql;
    if (!is_float && scale > 0) x = "pg_numeric_scale(" + x + ", " + std::to_string(scale) + ")";
    out.sql = "pg_" + fn + (is_float ? "_float(" : "(") + (distinct ? "DISTINCT " : "") + x + ")";
    out.type = PgType{is_float ? oid::kFloat8 : oid::kNumeric, -1};
  } else if (ordered_set) {
    // percentile_cont/percentile_disc/mode() WITHIN GROUP (ORDER BY x): pg_ordered_set keeps the
    // group's values and sorts them when the group is complete.
    if (distinct) return unsupported("DISTINCT in an ordered-set aggregate", loc);
    if (tree::field(f, "over") != nullptr) {
      return unsupported("OVER for ordered-set aggregate " + name, loc);
    }
    if (tree::list_size(agg_order) != 1) return no_such_function();
    const tree::Object* sb = tree::node(agg_order->at(0)).body;
    LITEWIRE_TRY_ASSIGN(key, expr(tree::field(sb, "node")));
    bool desc = tree::string_field(sb, "sortby_dir") == "SORTBY_DESC";
    bool fraction_array = false;
    std::string fraction = "NULL";
    if (name != "mode") {
      fraction_array = a0 != 0 && element_of(a0) != 0;
      infer(args[0], PgType{fraction_array ? oid::kFloat8Array : oid::kFloat8, -1});
      fraction = args[0].sql;
    }
    int kind = name == "percentile_cont" ? 0 : name == "percentile_disc" ? 1 : 2;
    if (kind == 0) {
      infer(key, PgType{oid::kFloat8, -1});
      int32_t k = key.type.oid;
      if (k == oid::kInterval) return unsupported("percentile_cont of interval", loc);
      if (!is_integer_type(k) && k != oid::kNumeric && k != oid::kFloat4 && k != oid::kFloat8) {
        return no_such_function();
      }
      out.type = PgType{fraction_array ? oid::kFloat8Array : oid::kFloat8, -1};
    } else {
      int32_t k = key.type.oid == 0 ? oid::kText : key.type.oid;
      out.type = PgType{fraction_array ? array_of(k) : k, -1};
      if (out.type.oid == 0) return unsupported(name + " of type " + sql_type_name_of(k), loc);
      if (k == oid::kNumeric && !fraction_array) {
        out.scale = key.scale >= 0 ? key.scale : scale_of_type(key.type);
      }
    }
    out.sql = "pg_ordered_set(" + std::to_string(kind) + ", " + fraction + ", " + key.sql + ", " +
              (desc ? "1" : "0") + ", " + (fraction_array ? "1" : "0") + ")";
  } else if (name == "bool_and" || name == "every") {
    out.sql = call("min");
    out.type = PgType{oid::kBool, -1};
  } else if (name == "bool_or") {
    out.sql = call("max");
    out.type = PgType{oid::kBool, -1};
  } else if (name == "row_number" || name == "rank" || name == "dense_rank") {
    out.sql = name + "()";
    out.type = PgType{oid::kInt8, -1};
  } else if (name == "ntile") {
    out.sql = call("ntile");
    out.type = PgType{oid::kInt4, -1};
  } else if (name == "percent_rank" || name == "cume_dist") {
    out.sql = name + "()";
    out.type = PgType{oid::kFloat8, -1};
  } else if (name == "lag" || name == "lead" || name == "first_value" || name == "last_value" ||
             name == "nth_value") {
    out.sql = call(name);
    out.type = arg_type(0);
  } else if (name == "now" || name == "transaction_timestamp" || name == "statement_timestamp" ||
             name == "clock_timestamp") {
    out.sql = name == "clock_timestamp" ? "pg_clock_timestamp()" : "pg_now()";
    out.type = PgType{oid::kTimestamptz, -1};
  } else if (name == "lower" || name == "upper") {
    // litewire's database collation is C: PostgreSQL then maps only ASCII letters, exactly as
    // SQLite's built-in lower()/upper() do.
    text_args();
    out.sql = call(name);
    out.type = PgType{oid::kText, -1};
  } else if (name == "length" || name == "char_length" || name == "character_length") {
    text_args();
    if (a0 == oid::kBytea) {
      out.sql = call("length");
    } else if (a0 == oid::kBpchar) {
      // char(n) length ignores trailing spaces.
      out.sql = "length(rtrim(" + args.at(0).sql + ", ' '))";
    } else {
      out.sql = call("length");
    }
    out.type = PgType{oid::kInt4, -1};
  } else if (name == "octet_length") {
    text_args();
    out.sql = "length(CAST(" + args.at(0).sql + " AS BLOB))";
    out.type = PgType{oid::kInt4, -1};
  } else if (name == "substring" && args.size() >= 2 && text_overload_arg(args[1]) &&
             (args.size() == 2 || text_overload_arg(args[2]))) {
    // substring(x from pattern), and substring(x similar pattern escape e) (also spelled
    // substring(x from pattern for e)), which PostgreSQL runs as substring(x from
    // similar_to_escape(pattern, e)).
    text_args();
    out.sql = call(args.size() == 2 ? "pg_regexp_substring" : "pg_similar_substring");
    out.type = PgType{oid::kText, -1};
  } else if (name == "substring" || name == "substr") {
    text_args();
    for (size_t i = 1; i < args.size(); ++i) infer(args[i], PgType{oid::kInt4, -1});
    // PostgreSQL's substring with a start before 1 shortens the length instead of counting
    // from the end as SQLite's substr() does.
    out.sql = call("pg_substring");
    out.type = PgType{oid::kText, -1};
  } else if (name == "btrim" || name == "ltrim" || name == "rtrim" || name == "trim") {
    text_args();
    out.sql = call(name == "btrim" || name == "trim" ? "trim" : name);
    out.type = PgType{oid::kText, -1};
  } else if (name == "replace") {
    text_args();
    out.sql = call("replace");
    out.type = PgType{oid::kText, -1};
  } else if (name == "position" || name == "strpos") {
    text_args();
    out.sql = "instr(" + args.at(0).sql + ", " + args.at(1).sql + ")";
    out.type = PgType{oid::kInt4, -1};
  } else if (name == "concat") {
    // concat() skips NULLs and renders arguments in their text output form.
    std::string sql = "(''";
    for (auto& a : args) {
      LITEWIRE_TRY_ASSIGN(t, output_text(a));
      sql += " || coalesce(" + t.sql + ", '')";
    }
    out.sql = sql + ")";
    out.type = PgType{oid::kText, -1};
  } else if (name == "format") {
    if (args.empty()) return no_such_function();
    infer(args[0], PgType{oid::kText, -1});
    std::string sql = "pg_format(" + args[0].sql;
    for (size_t i = 1; i < args.size(); ++i) {
      LITEWIRE_TRY_ASSIGN(t, output_text(args[i]));
      sql += ", " + t.sql;
    }
    out.sql = sql + ")";
    out.type = PgType{oid::kText, -1};
  } else if (name == "regexp_replace" &&
             (args.size() >= 5 || (args.size() == 4 && is_integer_type(args[3].type.oid)))) {
    // regexp_replace(source, pattern, replacement, start [, n [, flags]]).
    if (!signature_args("tttiit")) return no_such_function();
    out.sql = call("pg_regexp_replace_n");
    out.type = PgType{oid::kText, -1};
  } else if (auto regex_fn = regex_functions().find(name); regex_fn != regex_functions().end()) {
    // The text and integer arguments of each regular expression function, in PostgreSQL's
    // order (functions-matching.html); the result type.
    const RegexFunction& spec = regex_fn->second;
    if (args.size() < spec.min_args || args.size() > spec.signature.size() ||
        !signature_args(spec.signature)) {
      return no_such_function();
    }
    out.sql = call("pg_" + std::string(name == "similar_to_escape" ? "similar_escape" : name));
    out.type = PgType{spec.result, -1};
  } else if (name == "concat_ws") {
    text_args();
    out.sql = call("pg_concat_ws");
    out.type = PgType{oid::kText, -1};
  } else if (name == "left" || name == "right" || name == "repeat" || name == "lpad" ||
             name == "rpad" || name == "reverse" || name == "md5" || name == "initcap" ||
             name == "split_part" || name == "chr" || name == "translate") {
    text_args();
    out.sql = call("pg_" + name);
    out.type = PgType{oid::kText, -1};
  } else if (name == "ascii") {
    text_args();
    out.sql = call("unicode");
    out.type = PgType{oid::kInt4, -1};
  } else if (name == "abs") {
    out.sql = call("abs");
    out.type = arg_type(0);
  } else if (name == "round" || name == "trunc") {
    infer(args.at(0), PgType{oid::kNumeric, -1});
    if (args.size() > 1) infer(args[1], PgType{oid::kInt4, -1});
    bool is_float = a0 == oid::kFloat8 || a0 == oid::kFloat4;
    out.sql = call(name == "round" && !is_float ? "pg_round_numeric" : "pg_" + name);
    out.type = PgType{is_float ? oid::kFloat8 : oid::kNumeric, -1};
  } else if (name == "ceil" || name == "ceiling" || name == "floor") {
    out.sql = call(name == "floor" ? "floor" : "ceil");
    // Integers resolve to the float8 variant (the preferred type), as in PostgreSQL.
    out.type = PgType{a0 == oid::kNumeric || a0 == 0 ? oid::kNumeric : oid::kFloat8, -1};
  } else if ((name == "jsonb_typeof" || name == "json_typeof" || name == "jsonb_array_length" ||
              name == "json_array_length") &&
             (a0 == (name[4] == 'b' ? oid::kJsonb : oid::kJson) || a0 == 0)) {
    infer(args.at(0), PgType{name[4] == 'b' ? oid::kJsonb : oid::kJson, -1});
    const std::string& x = args.at(0).sql;
    if (name.ends_with("typeof")) {
      // SQLite's json_type() names, mapped to PostgreSQL's.
      out.sql = "(CASE json_type(" + x +
                ") WHEN 'true' THEN 'boolean' WHEN 'false' THEN 'boolean' WHEN 'integer' THEN "
                "'number' WHEN 'real' THEN 'number' WHEN 'text' THEN 'string' WHEN 'array' THEN "
                "'array' WHEN 'object' THEN 'object' WHEN 'null' THEN 'null' END)";
      out.type = PgType{oid::kText, -1};
    } else {
      out.sql = "(CASE WHEN json_type(" + x + ") = 'array' THEN json_array_length(" + x +
                ") WHEN " + x + " IS NOT NULL THEN pg_raise('" +
                std::string(sqlstate::kInvalidParameterValue.str()) +
                "', 'cannot get array length of a non-array', '') END)";
      out.type = PgType{oid::kInt4, -1};
    }
  } else if (name == "starts_with") {
    text_args();
    out.sql = "(instr(" + args.at(0).sql + ", " + args.at(1).sql + ") = 1)";
    out.type = PgType{oid::kBool, -1};
  } else if (name == "sqrt" || name == "exp" || name == "ln" || name == "log" || name == "power" ||
             name == "pow" || name == "sin" || name == "cos" || name == "tan" || name == "pi" ||
             name == "degrees" || name == "radians" || name == "atan" || name == "atan2" ||
             name == "asin" || name == "acos" || name == "cbrt" || name == "log10") {
    out.sql = name == "cbrt" ? "pow(" + args.at(0).sql + ", 1.0/3)" : call(name);
    if (name == "sqrt") {
      // SQLite's sqrt() of a negative number is NULL; PostgreSQL raises 2201F.
      out.sql = "pg_sqrt(" + args.at(0).sql + ")";
    }
    out.type = PgType{a0 == oid::kNumeric && name != "pi" ? oid::kNumeric : oid::kFloat8, -1};
    if ((name == "power" || name == "pow" || name == "log") && args.size() == 2) {
      // power(numeric, numeric) when no argument is a float (integer pairs resolve to the float8
      // variant, as in PostgreSQL); log(b, x) exists for numeric only.
      int32_t a1 = arg_type(1).oid;
      auto is_float = [](int32_t t) { return t == oid::kFloat4 || t == oid::kFloat8; };
      bool numeric = (a0 == oid::kNumeric || a1 == oid::kNumeric || name == "log") &&
                     !is_float(a0) && !is_float(a1);
      if (name == "log" && !numeric) return no_such_function();
      if (numeric) {
        out.sql = std::string(name == "log" ? "pg_numeric_log(" : "pg_numeric_power(") +
                  args[0].sql + ", " + args[1].sql + ")";
      }
      out.type = PgType{numeric ? oid::kNumeric : oid::kFloat8, -1};
    }
  } else if (name == "sign") {
    // sign() exists for numeric and float8 only; integers resolve to float8.
    out.sql = call("sign");
    out.type = PgType{a0 == oid::kNumeric ? oid::kNumeric : oid::kFloat8, -1};
  } else if (name == "gcd" || name == "lcm") {
    // gcd/lcm(int4|int8); int2 arguments promote to int4. numeric ones are not built.
    int32_t a1 = arg_type(1).oid;
    if (a0 == oid::kNumeric || a1 == oid::kNumeric) return unsupported(name + "(numeric, numeric)", loc);
    if ((!is_integer_type(a0) && a0 != 0) || (!is_integer_type(a1) && a1 != 0)) return no_such_function();
    int32_t t = a0 == oid::kInt8 || a1 == oid::kInt8 ? oid::kInt8 : oid::kInt4;
    out.sql = "pg_gcd(" + args[0].sql + ", " + args[1].sql + ", " + (name == "lcm" ? "1" : "0") +
              ", " + (t == oid::kInt8 ? "1" : "0") + ")";
    out.type = PgType{t, -1};
  } else if (name == "num_nulls" || name == "num_nonnulls") {
    std::string test = name == "num_nulls" ? " IS NULL)" : " IS NOT NULL)";
    out.sql = "(";
    for (size_t i = 0; i < args.size(); ++i) out.sql += (i ? " + (" : "(") + args[i].sql + test;
    out.sql += ")";
    out.type = PgType{oid::kInt4, -1};
  } else if (name == "factorial") {
    if (!is_integer_type(a0) && a0 != 0) return no_such_function();
    out.sql = "pg_factorial(" + args[0].sql + ")";
    out.type = PgType{oid::kNumeric, -1};
  } else if (name == "width_bucket") {
    for (size_t i = 0; i < 3; ++i) {
      if (!is_numeric_type(arg_type(i).oid) && arg_type(i).oid != 0) return no_such_function();
    }
    out.sql = "pg_width_bucket(" + join(args) + ")";
    out.type = PgType{oid::kInt4, -1};
  } else if (name == "mod") {
    LITEWIRE_TRY_ASSIGN(m, arithmetic("%", args.at(0), args.at(1), loc));
    m.name = "mod";
    m.name_strength = 2;
    return m;
  } else if (name == "div") {
    LITEWIRE_TRY_ASSIGN(d, arithmetic("/", args.at(0), args.at(1), loc));
    out.sql = "pg_div(" + args.at(0).sql + ", " + args.at(1).sql + ", 1)";
    out.type = d.type;
  } else if (name == "random") {
    out.sql = "pg_random()";
    out.type = PgType{oid::kFloat8, -1};
  } else if (name == "gen_random_uuid" || name == "uuid_generate_v4") {
    out.sql = "gen_random_uuid()";
    out.type = PgType{oid::kUuid, -1};
  } else if (name == "version") {
    out.sql = "version()";
    out.type = PgType{oid::kText, -1};
  } else if (name == "current_database") {
    out.sql = "current_database()";
    out.type = PgType{oid::kName, -1};
  } else if (name == "current_schema") {
    out.sql = "'public'";
    out.type = PgType{oid::kName, -1};
  } else if (name == "current_user" || name == "session_user") {
    out.sql = "current_user()";
    out.type = PgType{oid::kName, -1};
  } else if (name == "coalesce" || name == "greatest" || name == "least" || name == "nullif") {
    return unsupported(name + " called as a function", loc);
  } else if (name == "nextval" || name == "currval" || name == "setval") {
    // A serial column's sequence is SQLite's AUTOINCREMENT counter of its table
    // (sqlite_sequence), so the sequence name is resolved to the owning table here.
    if (name != "currval") writes_ = true;
    std::optional<std::string> seq = literal_arg(0);
    std::string seq_name;
    if (seq) {
      seq_name = identifier_name(*seq);
    } else if (tree::Node inner = tree::node(tree::list_field(f, "args")->at(0));
               inner.type == "FuncCall" &&
               tree::string_value(tree::list_field(inner.body, "funcname")->back()) ==
                   "pg_get_serial_sequence" &&
               args[0].sql.size() >= 2 && args[0].sql.front() == '\'') {
      // setval(pg_get_serial_sequence('"t"', 'id'), ...) (Django's sequence reset): the
      // inner call was resolved to the sequence's name at translation.
      seq = args[0].sql.substr(1, args[0].sql.size() - 2);
      seq_name = identifier_name(*seq);
    } else {
      return unsupported(name + "() with a computed sequence name", loc);
    }
    auto it = schema().sequences.find(seq_name);
    if (it == schema().sequences.end()) {
      return error_at(sqlstate::kUndefinedTable, "relation \"" + *seq + "\" does not exist", loc);
    }
    for (size_t i = 1; i < args.size(); ++i) infer(args[i], PgType{i == 1 ? oid::kInt8 : oid::kBool, -1});
    const SequenceInfo& seq_info = it->second;
    std::string counter = quote_literal(seq_info.counter.empty() ? seq_info.owned_by_table : seq_info.counter);
    std::string bounds = ", " + std::to_string(seq_info.increment) + ", " +
                         std::to_string(seq_info.min_value) + ", " + std::to_string(seq_info.max_value) +
                         ", " + (seq_info.cycle ? "1" : "0") + ", " + quote_literal(seq_name);
    if (name == "nextval") {
      out.sql = nextval_sql(seq_info);
    } else if (name == "currval") {
      out.sql = "pg_currval(" + counter + ", " + quote_literal(seq_name) + ")";
    } else {
      out.sql = "pg_setval(" + counter + ", " + args[1].sql + ", " +
                (args.size() > 2 ? args[2].sql : std::string("1")) + bounds + ")";
    }
    out.type = PgType{oid::kInt8, -1};
  } else if (name == "lastval") {
    out.sql = "pg_lastval()";
    out.type = PgType{oid::kInt8, -1};
  } else if (name == "pg_get_serial_sequence") {
    std::optional<std::string> table = literal_arg(0);
    std::optional<std::string> column = literal_arg(1);
    if (!table || !column) {
      // Computed arguments (SQLAlchemy: a.attrelid::regclass::text, a.attname): the catalog's
      // function looks the column up when the statement runs.
      text_args();
      touches_catalog_ = true;
      out.sql = call("pg_get_serial_sequence");
      out.type = PgType{oid::kText, -1};
    } else {
      // The table argument is read as an identifier, possibly qualified: '"Name"' keeps its
      // case (Django passes '"shop_author"'), an unquoted name is folded to lower case.
      std::string t = identifier_name(*table);
      if (schema().find_table(t) == nullptr) {
        return error_at(sqlstate::kUndefinedTable, "relation \"" + *table + "\" does not exist",
                        loc);
      }
      out.sql = "NULL";
      for (const auto& [sname, sinfo] : schema().sequences) {
        if (sinfo.owned_by_table == t && sinfo.owned_by_column == *column) {
          out.sql = quote_literal("public." + sname);
        }
      }
      out.type = PgType{oid::kText, -1};
    }
  } else if (name == "pg_typeof") {
    // Resolved here: the argument's type is known at translation.
    int32_t t = args[0].type.oid == 0 ? oid::kUnknown : args[0].type.oid;
    // A regtype stored as its name (protocol/README.md: reg* names are kept as TEXT).
    out.type = PgType{oid::kRegtype, -1};
    out.sql = quote_literal(sql_type_name_of(t));
  } else if (name == "current_setting") {
    text_args();
    if (args.size() > 1) infer(args[1], PgType{oid::kBool, -1});
    out.sql = call("current_setting");
    out.type = PgType{oid::kText, -1};
  } else if (name == "set_config") {
    infer(args[0], PgType{oid::kText, -1});
    infer(args[1], PgType{oid::kText, -1});
    infer(args[2], PgType{oid::kBool, -1});
    out.sql = call("set_config");
    out.type = PgType{oid::kText, -1};
  } else if (name == "pg_sleep") {
    infer(args.at(0), PgType{oid::kFloat8, -1});
    out.sql = call("pg_sleep");
    out.type = PgType{oid::kVoid, -1};
  } else if (name == "pg_notify") {
    infer(args.at(0), PgType{oid::kText, -1});
    infer(args.at(1), PgType{oid::kText, -1});
    out.sql = call("pg_notify");
    out.type = PgType{oid::kVoid, -1};
  } else if (name == "extract" || name == "date_part" || name == "date_trunc") {
    if (args.size() != 2) return no_such_function();
    infer(args[0], PgType{oid::kText, -1});
    Expr& value = args[1];
    if (value.type.oid == 0) {
      infer(value, PgType{oid::kTimestamptz, -1});
      if (value.is_literal) {
        LITEWIRE_TRY_ASSIGN(c, cast(value, PgType{oid::kTimestamptz, -1}, loc));
        value = std::move(c);
      }
      value.type = PgType{oid::kTimestamptz, -1};
    }
    int32_t vt = value.type.oid;
    char kind = vt == oid::kDate ? 'd' : vt == oid::kTimestamp ? 't' : vt == oid::kTimestamptz ? 'z'
                : vt == oid::kTime ? 'h' : vt == oid::kInterval ? 'i' : 0;
    if (kind == 0) return no_such_function();
    std::string k = std::string("'") + kind + "'";
    if (name == "date_trunc") {
      if (kind == 'i' || kind == 'h') return unsupported("date_trunc of " + sql_type_name_of(vt), loc);
      out.sql = "pg_date_trunc(" + args[0].sql + ", " + value.sql + ", " + k + ")";
      out.type = PgType{kind == 't' ? oid::kTimestamp : oid::kTimestamptz, -1};
    } else {
      bool numeric = name == "extract";
      out.sql = "pg_extract(" + args[0].sql + ", " + value.sql + ", " + k + ", " +
                (numeric ? "1" : "0") + ")";
      out.type = PgType{numeric ? oid::kNumeric : oid::kFloat8, -1};
    }
  } else if (name == "array_length" || name == "cardinality" || name == "array_upper" ||
             name == "array_lower") {
    bool with_dim = name != "cardinality";
    if (args.size() != (with_dim ? 2u : 1u) || (a0 != 0 && element_of(a0) == 0)) {
      return no_such_function();
    }
    if (with_dim) infer(args[1], PgType{oid::kInt4, -1});
    std::string n = "json_array_length(" + args[0].sql + ")";
    std::string dim_ok = with_dim ? "(" + args[1].sql + ") = 1 AND " : "";
    if (name == "cardinality") {
      out.sql = n;
    } else if (name == "array_lower") {
      out.sql = "CASE WHEN " + dim_ok + n + " > 0 THEN 1 END";
    } else {
      // One-dimensional arrays; an empty array has no dimensions (NULL), as in PostgreSQL.
      out.sql = "CASE WHEN " + dim_ok + n + " > 0 THEN " + n + " END";
    }
    out.type = PgType{oid::kInt4, -1};
  } else if (name == "array_position" && args.size() == 2 && a0 != 0 && element_of(a0) != 0) {
    // The first 1-based index whose element IS NOT DISTINCT FROM the value.
    Expr el = typed("\"_lw_el\".value", element_of(a0));
    Expr v = args[1];
    infer(v, PgType{element_of(a0), -1});
    LITEWIRE_TRY_ASSIGN(cmp, comparison("=", std::move(el), std::move(v), loc));
    std::string test = cmp.sql;
    auto eq = test.find(" = ");
    if (eq == std::string::npos) return unsupported("array_position on this type", loc);
    test.replace(eq, 3, " IS ");
    out.sql = "(SELECT min(\"_lw_el\".key) + 1 FROM json_each(" + args[0].sql + ") AS \"_lw_el\" WHERE " +
              test + ")";
    out.type = PgType{oid::kInt4, -1};
  } else if (name == "array_to_string") {
    if (args.size() < 2 || args.size() > 3 || (a0 != 0 && element_of(a0) == 0)) return no_such_function();
    for (size_t i = 1; i < args.size(); ++i) infer(args[i], PgType{oid::kText, -1});
    int32_t elem = element_of(a0);
    std::string value = "pg_out(\"value\", " + std::to_string(elem) + ")";
    if (args.size() == 3) value = "coalesce(" + value + ", " + args[2].sql + ")";
    out.sql = "(CASE WHEN " + args[0].sql + " IS NULL THEN NULL ELSE (SELECT coalesce(group_concat(" +
              value + ", " + args[1].sql + "), '') FROM json_each(" + args[0].sql + ")) END)";
    out.type = PgType{oid::kText, -1};
  } else if (name == "string_to_array") {
    if (args.size() < 2 || args.size() > 3) return no_such_function();
    text_args();
    out.sql = call("pg_string_to_array");
    out.type = PgType{oid::kTextArray, -1};
  } else if (name == "array_append" || name == "array_prepend" || name == "array_cat") {
    if (args.size() != 2) return no_such_function();
    size_t arr_i = name == "array_prepend" ? 1 : 0;
    int32_t arr = args[arr_i].type.oid != 0 ? args[arr_i].type.oid : array_of(args[1 - arr_i].type.oid);
    if (name == "array_cat") {
      out.sql = "pg_array_cat(" + args[0].sql + ", " + args[1].sql + ")";
    } else if (name == "array_append") {
      infer(args[1], PgType{element_of(arr), -1});
      out.sql = "pg_array_cat(" + args[0].sql + ", json_array(" + args[1].sql + "))";
    } else {
      infer(args[0], PgType{element_of(arr), -1});
      out.sql = "pg_array_cat(json_array(" + args[0].sql + "), " + args[1].sql + ")";
    }
    out.type = PgType{arr, -1};
  } else if (name == "to_char") {
    infer(args[1], PgType{oid::kText, -1});
    char kind = a0 == oid::kDate ? 'd' : a0 == oid::kTimestamp ? 't' : a0 == oid::kTimestamptz ? 'z'
                : a0 == oid::kInterval ? 'i' : 0;
    if (kind != 0) {
      out.sql = "pg_to_char_dt(" + args[0].sql + ", " + args[1].sql + ", '" + kind + "')";
    } else if (is_integer_type(a0) || a0 == oid::kNumeric || a0 == oid::kFloat4 || a0 == oid::kFloat8) {
      // Which of PostgreSQL's to_char(number) variants runs (NumKind in functions/formatting.cpp).
      const char* variant = a0 == oid::kFloat8    ? "1"
                            : a0 == oid::kFloat4  ? "2"
                            : a0 == oid::kInt8    ? "3"
                            : a0 == oid::kNumeric ? "0"
                                                  : "4";
      out.sql = "pg_to_char_num(" + args[0].sql + ", " + args[1].sql + ", " + variant + ")";
    } else {
      return no_such_function();
    }
    out.type = PgType{oid::kText, -1};
  } else if (name == "to_date" || name == "to_number" || (name == "to_timestamp" && args.size() == 2)) {
    text_args();
    out.sql = call("pg_" + name);
    out.type = PgType{name == "to_date" ? oid::kDate : name == "to_number" ? oid::kNumeric : oid::kTimestamptz, -1};
  } else if (name == "to_timestamp") {
    infer(args[0], PgType{oid::kFloat8, -1});
    if (a0 == oid::kInterval || is_text_type(a0) || is_datetime(a0)) return no_such_function();
    out.sql = call("pg_to_timestamp");
    out.type = PgType{oid::kTimestamptz, -1};
  } else if (name == "age") {
    // age(a, b) on timestamps (dates become timestamps); age(a) is age(current_date, a).
    bool zoned = false;
    for (auto& a : args) {
      if (a.type.oid == oid::kTimestamptz) zoned = true;
    }
    PgType target{zoned ? oid::kTimestamptz : oid::kTimestamp, -1};
    for (auto& a : args) {
      infer(a, target);
      if (a.is_literal && !a.is_null) {
        LITEWIRE_TRY_ASSIGN(c, cast(a, target, loc));
        a = std::move(c);
      }
      int32_t t = a.type.oid;
      if (t != oid::kTimestamp && t != oid::kTimestamptz && t != oid::kDate && !a.is_null) return no_such_function();
    }
    std::string today = "pg_cast(pg_now(), 1082, -1, 1184)";
    if (zoned) today = "pg_cast(" + today + ", 1184, -1, 1082)";
    std::string first = args.size() == 2 ? args[0].sql : today;
    out.sql = "pg_age(" + first + ", " + args.back().sql + ", '" + (zoned ? "z" : "t") + "')";
    out.type = PgType{oid::kInterval, -1};
  } else if (name == "timezone") {
    // value AT TIME ZONE zone (the parser's pg_catalog.timezone(zone, value)): timestamptz ->
    // timestamp, timestamp -> timestamptz, time(tz) -> timetz. An untyped value is read as
    // timestamptz, a date becomes a timestamptz, as PostgreSQL resolves it.
    Expr& zone = args[0];
    Expr& value = args[1];
    bool interval_zone = zone.type.oid == oid::kInterval;
    if (!interval_zone) infer(zone, PgType{oid::kText, -1});
    int32_t vt = value.type.oid;
    PgType target{vt == oid::kTimestamp ? oid::kTimestamp
                  : vt == oid::kTime || vt == oid::kTimetz ? oid::kTimetz : oid::kTimestamptz, -1};
    if (!is_text_type(zone.type.oid) && !interval_zone) return no_such_function();
    if (vt != 0 && vt != oid::kTimestamp && vt != oid::kTimestamptz && vt != oid::kDate &&
        vt != oid::kTime && vt != oid::kTimetz) {
      return no_such_function();
    }
    LITEWIRE_TRY(convert_arg(value, target));
    char kind = target.oid == oid::kTimestamp ? 't' : target.oid == oid::kTimetz ? 'c' : 'z';
    out.sql = "pg_timezone(" + zone.sql + ", " + value.sql + ", '" + kind + "', " + (interval_zone ? "1" : "0") + ")";
    out.type = PgType{kind == 't' ? oid::kTimestamptz : kind == 'c' ? oid::kTimetz : oid::kTimestamp, -1};
  } else if (name == "justify_days" || name == "justify_hours" || name == "justify_interval") {
    if (a0 != 0 && a0 != oid::kInterval) return no_such_function();
    LITEWIRE_TRY(convert_arg(args[0], PgType{oid::kInterval, -1}));
    out.sql = "pg_justify(" + args[0].sql + ", '" + name[8] + "')";
    out.type = PgType{oid::kInterval, -1};
  } else if (name == "isfinite") {
    if (a0 == 0 && !args[0].is_null) {
      return error_at(sqlstate::kAmbiguousFunction, "function isfinite(unknown) is not unique", loc)
          .with_hint("Could not choose a best candidate function. You might need to add explicit type casts.");
    }
    infer(args[0], PgType{oid::kTimestamptz, -1});
    int32_t t = args[0].type.oid;
    if (t == oid::kInterval) {
      out.sql = "(CASE WHEN " + args[0].sql + " IS NOT NULL THEN 1 END)";  // no infinite intervals before PostgreSQL 17
    } else if (t == oid::kDate || t == oid::kTimestamp || t == oid::kTimestamptz) {
      out.sql = "(" + args[0].sql + " NOT IN ('infinity', '-infinity'))";
    } else {
      return no_such_function();
    }
    out.type = PgType{oid::kBool, -1};
  } else if (name == "date_bin") {
    // date_bin(stride, source, origin): timestamptz when either side is (or both are untyped),
    // a date counts as a timestamp.
    int32_t st = args[1].type.oid, ot = args[2].type.oid;
    bool zoned = st == oid::kTimestamptz || ot == oid::kTimestamptz || (st == 0 && ot == 0);
    PgType target{zoned ? oid::kTimestamptz : oid::kTimestamp, -1};
    if (a0 != 0 && a0 != oid::kInterval) return no_such_function();
    LITEWIRE_TRY(convert_arg(args[0], PgType{oid::kInterval, -1}));
    for (size_t i = 1; i < 3; ++i) {
      int32_t t = args[i].type.oid;
      if (t != 0 && t != oid::kDate && t != oid::kTimestamp && t != oid::kTimestamptz) return no_such_function();
      LITEWIRE_TRY(convert_arg(args[i], target));
    }
    out.sql = call("pg_date_bin");
    out.type = target;
  } else if (name == "make_date" || name == "make_time" || name == "make_timestamp" ||
             name == "make_timestamptz") {
    for (size_t i = 0; i < args.size() && i < 6; ++i) {
      bool seconds = (name == "make_time" && i == 2) || i == 5;
      infer(args[i], PgType{seconds ? oid::kFloat8 : oid::kInt4, -1});
    }
    if (args.size() == 7) infer(args[6], PgType{oid::kText, -1});
    if (name == "make_timestamptz") {
      std::vector<Expr> fields(args.begin(), args.begin() + 6);
      out.sql = "pg_make_timestamp(" + join(fields) + ", 1" + (args.size() == 7 ? ", " + args[6].sql : "") + ")";
    } else {
      out.sql = call("pg_" + name);
    }
    out.type = PgType{name == "make_date" ? oid::kDate : name == "make_time" ? oid::kTime
                      : name == "make_timestamp" ? oid::kTimestamp : oid::kTimestamptz, -1};
  } else if (name == "make_interval") {
    // make_interval(years, months, weeks, days, hours, mins, secs), each defaulting to 0.
    static const char* const kFields[] = {"years", "months", "weeks", "days", "hours", "mins", "secs"};
    std::vector<std::string> slots(7, "0");
    for (size_t i = 0; i < args.size(); ++i) {
      size_t slot = i;
      if (!arg_names[i].empty()) {
        slot = 7;
        for (size_t k = 0; k < 7; ++k) {
          if (arg_names[i] == kFields[k]) slot = k;
        }
        if (slot == 7) return no_such_function();
      }
      infer(args[i], PgType{slot == 6 ? oid::kFloat8 : oid::kInt4, -1});
      slots[slot] = args[i].sql;
    }
    std::string sql = "pg_make_interval(";
    for (size_t k = 0; k < 7; ++k) sql += (k > 0 ? ", " : "") + slots[k];
    out.sql = sql + ")";
    out.type = PgType{oid::kInterval, -1};
  } else if (name == "regexp_matches" || name == "regexp_split_to_table" ||
             name == "generate_series" || name == "unnest") {
    return unsupported("function " + name + "()", loc);
  } else if (args.size() == 1 &&
             (name == "int2" || name == "int4" || name == "int8" || name == "float4" ||
              name == "float8" || name == "numeric" || name == "text" || name == "bool" ||
              name == "date" || name == "timestamp" || name == "timestamptz" ||
              name == "interval" || name == "uuid")) {
    return function_style_cast(name, std::move(args[0]), loc);
  } else {
    if (sqlite_only_functions().count(name) > 0) return no_such_function();
    // Functions provided by sqlite/functions or sqlite/catalog (pg_get_expr, format_type, ...)
    // under their PostgreSQL names; an unknown one fails in SQLite ("no such function"), which
    // the engine reports as 42883.
    if (name.rfind("pg_", 0) == 0 || name.find("format_type") != std::string::npos) {
      touches_catalog_ = true;
    }
    out.sql = call(name);
    out.type = PgType{catalog::function_result_type(name), -1};
  }

  if ((name == "sum" || name == "min" || name == "max" || name == "abs") && !args.empty() &&
      out.type.oid == oid::kNumeric) {
    out.scale = args[0].scale >= 0 ? args[0].scale : scale_of_type(args[0].type);
  }
  if (tree::field(f, "agg_filter") != nullptr) {
    if (!aggregate) return unsupported("FILTER for non-aggregate functions", loc);
    LITEWIRE_TRY_ASSIGN(filter, expr(tree::field(f, "agg_filter")));
    infer(filter, PgType{oid::kBool, -1});
    out.sql += " FILTER (WHERE " + filter.sql + ")";
  }
  if (const tree::Object* over = tree::object_field(f, "over")) {
    LITEWIRE_TRY_ASSIGN(w, window_def(over));
    out.sql += " OVER " + w;
  } else if (aggregate) {
    out.is_aggregate = true;
    ++aggregates_seen_;
    last_aggregate_location_ = loc;
  }
  return out;
}

}  // namespace litewire::sqlite
