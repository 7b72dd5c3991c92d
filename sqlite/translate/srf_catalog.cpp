// Set-returning functions in the target lists of drivers' catalog queries: `SELECT
// unnest(ix.indkey) AS attnum, generate_subscripts(ix.indkey, 1) AS ord FROM pg_index ix`
// (SQLAlchemy's reflection), `(information_schema._pg_expandarray(i.indkey)).n` (pgjdbc). A
// target list with generate_subscripts or _pg_expandarray comes here; every other one goes
// through the general rewrite of srf.cpp.
//
// PostgreSQL runs all the target list's SRFs of one input row in lockstep, as many rows as the
// longest produces, the shorter ones giving NULL past their end. Here one json_each over the
// longest array joins the FROM clause (json_each may take columns of the FROM items to its
// left), and each call becomes an expression of its key. Only calls that are a whole target
// (possibly renamed) are handled; an SRF nested in an expression still fails as unsupported.

#include "protocol/types.h"
#include "sqlite/translate/translator_impl.h"

namespace litewire::sqlite {

namespace oid = protocol::oid;
namespace sqlstate = protocol::sqlstate;

namespace {

// unnest, generate_subscripts and information_schema._pg_expandarray (pgjdbc's metadata
// queries: a record (x, n) of element and 1-based position).
bool is_target_srf(const tree::Object* call, std::string* name) {
  const tree::Array* fname = tree::list_field(call, "funcname");
  if (tree::list_size(fname) == 0 || tree::list_size(fname) > 2) return false;
  std::string n(tree::string_value(fname->back()));
  std::string_view schema = fname->size() == 2 ? tree::string_value(fname->at(0)) : "";
  bool known = n == "_pg_expandarray" ? schema.empty() || schema == "information_schema"
                                      : (n == "unnest" || n == "generate_subscripts") &&
                                            (schema.empty() || schema == "pg_catalog");
  if (!known || tree::field(call, "over") != nullptr) return false;
  *name = std::move(n);
  return true;
}

}  // namespace

bool Translator::catalog_target_srfs(const tree::Array* targets) {
  for (size_t i = 0; i < tree::list_size(targets); ++i) {
    tree::Node target = tree::node(targets->at(i));
    if (target.type != "ResTarget") continue;
    tree::Node value = tree::node(tree::field(target.body, "val"));
    if (value.type == "A_Indirection") value = tree::node(tree::field(value.body, "arg"));
    std::string name;
    if (value.type == "FuncCall" && is_target_srf(value.body, &name) && name != "unnest") return true;
  }
  return false;
}

Result<std::string> Translator::target_list_srfs(const tree::Array* targets) {
  struct Call {
    const tree::Object* node;
    std::string name;
    std::vector<Expr> args;
    const tree::Object* indirection = nullptr;  // (call).field
    std::string field;
  };
  std::vector<Call> calls;
  for (size_t i = 0; i < tree::list_size(targets); ++i) {
    tree::Node target = tree::node(targets->at(i));
    if (target.type != "ResTarget") continue;
    tree::Node value = tree::node(tree::field(target.body, "val"));
    Call call;
    // (srf(...)).field: one field of the record an SRF returns.
    if (value.type == "A_Indirection") {
      const tree::Array* ind = tree::list_field(value.body, "indirection");
      if (tree::list_size(ind) != 1 || tree::node(ind->at(0)).type != "String") continue;
      call.indirection = value.body;
      call.field = std::string(tree::string_field(tree::node(ind->at(0)).body, "sval"));
      value = tree::node(tree::field(value.body, "arg"));
    }
    if (value.type != "FuncCall" || !is_target_srf(value.body, &call.name)) continue;
    call.node = value.body;
    int loc = static_cast<int>(tree::int_field(value.body, "location", -1));
    for (size_t a = 0; a < tree::list_size(tree::list_field(value.body, "args")); ++a) {
      LITEWIRE_TRY_ASSIGN(arg, expr(tree::list_field(value.body, "args")->at(a)));
      call.args.push_back(std::move(arg));
    }
    std::string signature = call.name + "(";
    for (size_t a = 0; a < call.args.size(); ++a) {
      signature += (a ? ", " : "") + sql_type_name_of(call.args[a].type.oid);
    }
    signature += ")";
    if (call.args.empty() || vector_element_of(call.args[0].type.oid) == 0) {
      return error_at(sqlstate::kUndefinedFunction, "function " + signature + " does not exist",
                      loc);
    }
    if (call.indirection != nullptr &&
        (call.name != "_pg_expandarray" || (call.field != "x" && call.field != "n"))) {
      return error_at(sqlstate::kUndefinedColumn,
                      "column \"" + call.field + "\" not found in data type " +
                          (call.name == "_pg_expandarray"
                               ? "record"
                               : sql_type_name_of(vector_element_of(call.args[0].type.oid))),
                      loc);
    }
    if ((call.name == "unnest" || call.name == "_pg_expandarray") && call.args.size() != 1) {
      return unsupported("unnest() of several arrays outside FROM", loc);
    }
    if (call.name == "generate_subscripts") {
      if (call.args.size() != 2) return unsupported("generate_subscripts() with reverse", loc);
      // Arrays are one-dimensional here: dimension 1 has subscripts, any other none.
      if (call.args[1].sql != "1")
        return unsupported("generate_subscripts() of a dimension other than 1", loc);
    }
    calls.push_back(std::move(call));
  }
  if (calls.empty()) return std::string();

  std::string ref = "__srf" + std::to_string(++srf_items_);
  std::string key = quote_ident(ref) + ".\"key\"";
  std::string longest;
  for (const Call& c : calls) {
    const std::string& array = c.args[0].sql;
    longest = longest.empty() ? array
                              : "CASE WHEN json_array_length(" + array + ") > json_array_length(" +
                                    longest + ") THEN " + array + " ELSE " + longest + " END";
  }
  for (Call& c : calls) {
    const Expr& array = c.args[0];
    Expr e;
    e.name = c.name;
    e.name_strength = 2;
    std::string element = "json_extract(" + array.sql + ", '$[' || " + key + " || ']')";
    std::string position =
        "(CASE WHEN " + key + " < json_array_length(" + array.sql + ") THEN " + key + " + 1 END)";
    if (c.name == "unnest" || c.field == "x") {
      e.sql = element;
      e.type = PgType{vector_element_of(array.type.oid), -1};
      if (!c.field.empty()) e.name = c.field;
    } else if (c.name == "_pg_expandarray") {
      if (c.field == "n") {
        e.sql = position;
        e.type = PgType{oid::kInt4, -1};
        e.name = c.field;
      } else {
        // The whole record: a JSON object {"x": ..., "n": ...}, whose fields (rec).x and
        // (rec).n are read back with json_extract (expr.cpp, A_Indirection).
        e.sql = "json_object('x', " + element + ", 'n', " + position + ")";
        e.type = PgType{oid::kRecord, -1};
      }
    } else {
      // int2vector/oidvector are subscripted from 0, arrays from 1.
      bool zero_based = array.type.oid == oid::kInt2Vector || array.type.oid == oid::kOidVector;
      e.sql = "(CASE WHEN " + key + " < json_array_length(" + array.sql + ") THEN " + key +
              (zero_based ? "" : " + 1") + " END)";
      e.type = PgType{oid::kInt4, -1};
    }
    srf_results_[c.indirection != nullptr ? c.indirection : c.node] = std::move(e);
  }
  return "json_each(" + longest + ") AS " + quote_ident(ref);
}

}  // namespace litewire::sqlite
