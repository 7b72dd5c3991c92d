// pg_get_viewdef for simple views: the stored SELECT is read back with PostgreSQL's grammar
// (libpg_query) and printed as ruleutils.c prints the analyzed query: targets on lines of their
// own, columns qualified by their relation, implicit casts shown (`10::numeric`,
// `title::text = 'y'::text`), and parentheses around every operator and boolean expression
// unless pretty, where only an OR inside an AND keeps them.

#include "sqlite/catalog/viewdef.h"

#include <boost/json.hpp>
#include <cctype>
#include <vector>

#include "protocol/types.h"
#include "sqlite/translate/json_tree.h"
#include "sqlite/translate/pg_parse.h"

namespace litewire::sqlite::catalog {

namespace {

namespace oid = protocol::oid;

struct Relation {
  std::string ref;  // what columns are qualified with: the alias or the table's name
  const TableInfo* table;
};

struct Printer {
  const std::string& sql;
  const Schema& schema;
  bool pretty;
  const std::function<std::string(std::string_view)>& quote;
  std::vector<Relation> relations;  // the FROM clause's, in order

  struct Column {
    const Relation* relation;
    const ColumnInfo* info;
  };

  // A ColumnRef `relation.column` of one of the FROM clause's relations.
  std::optional<Column> column(const tree::Object* ref_node) const {
    const tree::Array* fields = tree::list_field(ref_node, "fields");
    if (tree::list_size(fields) != 2) return std::nullopt;
    for (const Relation& r : relations) {
      if (tree::string_value(fields->at(0)) != r.ref) continue;
      const ColumnInfo* c = r.table->find_column(tree::string_value(fields->at(1)));
      if (c == nullptr) return std::nullopt;
      return Column{&r, c};
    }
    return std::nullopt;
  }

  std::string column_text(const Column& c) const {
    return quote(c.relation->ref) + "." + quote(c.info->name);
  }

  // A plain table, optionally aliased, added to `relations`.
  std::optional<std::string> relation(const tree::Object* rv) {
    if (!tree::string_field(rv, "schemaname").empty()) return std::nullopt;
    std::string relname(tree::string_field(rv, "relname"));
    const TableInfo* t = schema.find_table(relname);
    if (t == nullptr || t->is_view) return std::nullopt;
    std::string alias;
    if (const tree::Object* a = tree::object_field(rv, "alias")) {
      if (tree::field(a, "colnames") != nullptr) return std::nullopt;
      alias = std::string(tree::string_field(a, "aliasname"));
    }
    for (const Relation& r : relations) {
      if (r.ref == (alias.empty() ? relname : alias)) return std::nullopt;
    }
    relations.push_back(Relation{alias.empty() ? relname : alias, t});
    return alias.empty() ? quote(relname) : quote(relname) + " " + quote(alias);
  }

  // A FROM item: a relation or [LEFT] JOIN ... ON; every join on a line of its own.
  std::optional<std::string> from_item(const tree::Value* v) {
    tree::Node n = tree::node(v);
    if (n.type == "RangeVar") return relation(n.body);
    if (n.type != "JoinExpr" || tree::field(n.body, "usingClause") != nullptr ||
        tree::bool_field(n.body, "isNatural") || tree::field(n.body, "alias") != nullptr) {
      return std::nullopt;
    }
    std::string_view type = tree::string_field(n.body, "jointype");
    if (type != "JOIN_INNER" && type != "JOIN_LEFT") return std::nullopt;
    const tree::Value* quals = tree::field(n.body, "quals");
    if (quals == nullptr) return std::nullopt;
    std::optional<std::string> left = from_item(tree::field(n.body, "larg"));
    if (!left) return std::nullopt;
    std::optional<std::string> right = from_item(tree::field(n.body, "rarg"));
    if (!right) return std::nullopt;
    std::optional<std::string> on = condition(quals, "");
    if (!on) return std::nullopt;
    std::string s = *left + (type == "JOIN_LEFT" ? "\n     LEFT JOIN " : "\n     JOIN ") + *right +
                    " ON " + (pretty ? *on : "(" + *on + ")");
    return pretty ? s : "(" + s + ")";
  }

  // An integer constant's text ("0" and negatives have no ival in libpg_query's JSON: read
  // them at the constant's location), or nullopt.
  std::optional<std::string> integer(const tree::Object* c) const {
    const tree::Object* iv = tree::object_field(c, "ival");
    if (iv == nullptr) return std::nullopt;
    if (const tree::Value* v = tree::field(iv, "ival"); v != nullptr && v->is_int64()) {
      return std::to_string(v->get_int64());
    }
    int64_t loc = tree::int_field(c, "location", -1);
    if (loc < 0 || static_cast<size_t>(loc) >= sql.size()) return std::nullopt;
    size_t p = static_cast<size_t>(loc), end = p;
    if (end < sql.size() && sql[end] == '-') ++end;
    while (end < sql.size() && std::isdigit(static_cast<unsigned char>(sql[end]))) ++end;
    std::string text = sql.substr(p, end - p);
    if (text.empty() || text == "-") return std::nullopt;
    return text;
  }

  // `column op constant` with PostgreSQL's implicit casts for the column's type, or
  // `column op column` of one type.
  std::optional<std::string> comparison(const tree::Object* e) const {
    const tree::Array* name = tree::list_field(e, "name");
    if (tree::string_field(e, "kind") != "AEXPR_OP" || tree::list_size(name) != 1)
      return std::nullopt;
    std::string op(tree::string_value(name->at(0)));
    if (op != "=" && op != "<>" && op != "<" && op != ">" && op != "<=" && op != ">=")
      return std::nullopt;
    tree::Node l = tree::node(tree::field(e, "lexpr"));
    tree::Node r = tree::node(tree::field(e, "rexpr"));
    auto paren = [&](const std::string& s) { return pretty ? s : "(" + s + ")"; };
    if (l.type != "ColumnRef") return std::nullopt;
    std::optional<Column> c = column(l.body);
    if (!c) return std::nullopt;
    std::string left = column_text(*c), right;
    int32_t t = c->info->type.oid;
    auto integer_type = [](int32_t o) {
      return o == oid::kInt2 || o == oid::kInt4 || o == oid::kInt8;
    };
    if (r.type == "ColumnRef") {
      // Two columns of one type (or two integer types) compare without casts.
      std::optional<Column> rc = column(r.body);
      if (!rc) return std::nullopt;
      int32_t rt = rc->info->type.oid;
      bool same = rt == t && (t == oid::kText || t == oid::kNumeric || integer_type(t) ||
                              t == oid::kDate || t == oid::kBool);
      if (!same && !(integer_type(t) && integer_type(rt))) return std::nullopt;
      return paren(left + " " + op + " " + column_text(*rc));
    }
    if (r.type != "A_Const") return std::nullopt;
    if (std::optional<std::string> n = integer(r.body)) {
      bool negative = (*n)[0] == '-';
      if (t == oid::kInt2 || t == oid::kInt4 || t == oid::kInt8) {
        right = negative ? "'" + *n + "'::integer" : *n;
      } else if (t == oid::kNumeric && !negative) {
        right = paren(*n) + "::numeric";
      } else {
        return std::nullopt;
      }
    } else if (const tree::Object* f = tree::object_field(r.body, "fval")) {
      std::string text(tree::string_field(f, "fval"));
      if (t != oid::kNumeric || text.empty() || text[0] == '-') return std::nullopt;
      right = text;
    } else if (const tree::Object* s = tree::object_field(r.body, "sval")) {
      std::string text(tree::string_field(s, "sval"));
      if (text.find('\\') != std::string::npos) return std::nullopt;
      std::string literal = "'";
      for (char ch : text) literal += ch == '\'' ? std::string("''") : std::string(1, ch);
      literal += "'";
      if (t == oid::kText) {
        right = literal + "::text";
      } else if (t == oid::kVarchar) {
        left = paren(left) + "::text";
        right = literal + "::text";
      } else if (t == oid::kBpchar) {
        right = literal + "::bpchar";
      } else {
        return std::nullopt;
      }
    } else {
      return std::nullopt;
    }
    return paren(left + " " + op + " " + right);
  }

  // AND/OR chains are flattened, as PostgreSQL's parser builds them.
  void flatten(const tree::Object* b, std::string_view op,
               std::vector<const tree::Value*>& out) const {
    for (const auto& a : *tree::list_field(b, "args")) {
      tree::Node n = tree::node(a);
      if (n.type == "BoolExpr" && tree::string_field(n.body, "boolop") == op) {
        flatten(n.body, op, out);
      } else {
        out.push_back(&a);
      }
    }
  }

  std::optional<std::string> condition(const tree::Value* v, std::string_view parent_op) const {
    tree::Node n = tree::node(v);
    if (n.type == "A_Expr") return comparison(n.body);
    if (n.type == "NullTest") {
      tree::Node arg = tree::node(tree::field(n.body, "arg"));
      std::optional<Column> c;
      if (arg.type == "ColumnRef") c = column(arg.body);
      if (!c) return std::nullopt;
      std::string test =
          tree::string_field(n.body, "nulltesttype") == "IS_NULL" ? " IS NULL" : " IS NOT NULL";
      std::string s = column_text(*c) + test;
      return pretty ? s : "(" + s + ")";
    }
    if (n.type == "BoolExpr") {
      std::string_view op = tree::string_field(n.body, "boolop");
      if (op != "AND_EXPR" && op != "OR_EXPR") return std::nullopt;
      std::vector<const tree::Value*> args;
      flatten(n.body, op, args);
      std::string s;
      for (const tree::Value* a : args) {
        std::optional<std::string> part = condition(a, op);
        if (!part) return std::nullopt;
        s += (s.empty() ? "" : op == "AND_EXPR" ? " AND " : " OR ") + *part;
      }
      bool parens = !pretty || (op == "OR_EXPR" && parent_op == "AND_EXPR");
      return parens ? "(" + s + ")" : s;
    }
    return std::nullopt;
  }
};

}  // namespace

std::optional<std::string> postgres_viewdef(
    const std::string& select_sql, const Schema& schema, bool pretty,
    const std::function<std::string(std::string_view)>& quote) {
  ParseResult parsed(select_sql);
  if (parsed.r.error != nullptr) return std::nullopt;
  boost::system::error_code ec;
  tree::Value root = boost::json::parse(parsed.r.parse_tree, ec);
  if (ec || !root.is_object()) return std::nullopt;
  const tree::Array* stmts = tree::list_field(&root.get_object(), "stmts");
  if (tree::list_size(stmts) != 1) return std::nullopt;
  const tree::Value& raw = stmts->at(0);
  tree::Node stmt = tree::node(tree::field(raw.is_object() ? &raw.get_object() : nullptr, "stmt"));
  if (stmt.type != "SelectStmt") return std::nullopt;
  const tree::Object* s = stmt.body;
  for (const char* unsupported : {"distinctClause", "intoClause", "groupClause", "havingClause",
                                  "windowClause", "valuesLists", "sortClause", "limitOffset",
                                  "limitCount", "lockingClause", "withClause", "larg", "rarg"}) {
    if (tree::field(s, unsupported) != nullptr) return std::nullopt;
  }
  Printer p{select_sql, schema, pretty, quote, {}};
  const tree::Array* from = tree::list_field(s, "fromClause");
  if (tree::list_size(from) == 0) return std::nullopt;
  std::string from_text;
  for (size_t i = 0; i < from->size(); ++i) {
    std::optional<std::string> item = p.from_item(&from->at(i));
    if (!item) return std::nullopt;
    from_text += (i > 0 ? ",\n    " : "") + *item;
  }

  std::string out = " SELECT ";
  const tree::Array* targets = tree::list_field(s, "targetList");
  if (tree::list_size(targets) == 0) return std::nullopt;
  for (size_t i = 0; i < targets->size(); ++i) {
    tree::Node rt = tree::node(targets->at(i));
    tree::Node val = tree::node(tree::field(rt.body, "val"));
    std::optional<Printer::Column> c;
    if (val.type == "ColumnRef") c = p.column(val.body);
    if (!c) return std::nullopt;
    std::string name(tree::string_field(rt.body, "name"));
    if (i > 0) out += ",\n    ";
    out += p.column_text(*c);
    if (!name.empty() && name != c->info->name) out += " AS " + quote(name);
  }
  out += "\n   FROM " + from_text;
  if (const tree::Value* w = tree::field(s, "whereClause")) {
    std::optional<std::string> cond = p.condition(w, "");
    if (!cond) return std::nullopt;
    out += "\n  WHERE " + *cond;
  }
  return out + ";";
}

}  // namespace litewire::sqlite::catalog
