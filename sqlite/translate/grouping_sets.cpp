// GROUP BY GROUPING SETS / ROLLUP / CUBE. SQLite has none of them; PostgreSQL's result is the
// union of one grouped query per grouping set, in which the grouping expressions outside the
// set are NULL and grouping(...) is the bit mask of those absent. So each set becomes a copy
// of the SELECT with a plain GROUP BY and those substitutions, and the copies are joined with
// UNION ALL; ORDER BY and LIMIT apply to the union, as to a set operation's result.

#include <algorithm>

#include "sqlite/translate/translator_impl.h"

namespace litewire::sqlite {

namespace sqlstate = protocol::sqlstate;

namespace {

using tree::Value;

// The internal function a grouping expression absent from the current set becomes: NULL of
// the expression's type (expr.cpp, func_call). Not a name PostgreSQL clients can reach.
constexpr std::string_view kGroupingNull = "__litewire_grouping_null";
// And grouping(...): its bit mask for the current set, named "grouping" (expr.cpp, func_call).
constexpr std::string_view kGroupingMask = "__litewire_grouping_mask";

// Expressions equal as PostgreSQL compares grouping expressions: the same tree, locations
// aside.
bool same_tree(const Value& a, const Value& b) {
  if (a.kind() != b.kind()) return false;
  if (a.is_object()) {
    const auto& oa = a.get_object();
    const auto& ob = b.get_object();
    auto counted = [](const boost::json::object& o) {
      return o.size() - (o.contains("location") ? 1 : 0);
    };
    if (counted(oa) != counted(ob)) return false;
    for (const auto& kv : oa) {
      if (kv.key() == "location") continue;
      const Value* other = ob.if_contains(kv.key());
      if (other == nullptr || !same_tree(kv.value(), *other)) return false;
    }
    return true;
  }
  if (a.is_array()) {
    const auto& xa = a.get_array();
    const auto& xb = b.get_array();
    if (xa.size() != xb.size()) return false;
    for (size_t i = 0; i < xa.size(); ++i) {
      if (!same_tree(xa[i], xb[i])) return false;
    }
    return true;
  }
  return a == b;
}

using Set = std::vector<const Value*>;

void append_unique(Set& set, const Value* e) {
  for (const Value* x : set) {
    if (same_tree(*x, *e)) return;
  }
  set.push_back(e);
}

// The grouping sets one GROUP BY item stands for.
std::vector<Set> expand_item(const Value& item);

// The sets of a list of items that are combined (GROUP BY a, ROLLUP(b)): every combination.
std::vector<Set> cross(const std::vector<std::vector<Set>>& parts) {
  std::vector<Set> out{Set{}};
  for (const auto& part : parts) {
    std::vector<Set> next;
    for (const Set& left : out) {
      for (const Set& right : part) {
        Set s = left;
        for (const Value* e : right) append_unique(s, e);
        next.push_back(std::move(s));
      }
    }
    out = std::move(next);
  }
  return out;
}

// A parenthesized list inside a grouping set, (a, b): the parser's implicit row constructor
// (or a GroupingSet SIMPLE), which PostgreSQL reads as a list of grouping expressions.
const tree::Array* parenthesized_list(const Value& v) {
  tree::Node n = tree::node(v);
  if (n.type == "GroupingSet" && tree::string_field(n.body, "kind") == "GROUPING_SET_SIMPLE") {
    return tree::list_field(n.body, "content");
  }
  if (n.type == "RowExpr" && tree::string_field(n.body, "row_format") == "COERCE_IMPLICIT_CAST") {
    return tree::list_field(n.body, "args");
  }
  return nullptr;
}

// ROLLUP/CUBE elements: an expression or a parenthesized list.
Set element_exprs(const Value& v) {
  Set s;
  if (const tree::Array* list = parenthesized_list(v)) {
    for (const auto& e : *list) s.push_back(&e);
  } else {
    s.push_back(&v);
  }
  return s;
}

std::vector<Set> expand_item(const Value& item) {
  tree::Node n = tree::node(item);
  if (n.type != "GroupingSet") return {Set{&item}};
  std::string_view kind = tree::string_field(n.body, "kind");
  const tree::Array* content = tree::list_field(n.body, "content");
  std::vector<Set> elements;
  for (size_t i = 0; i < tree::list_size(content); ++i) elements.push_back(element_exprs(content->at(i)));
  std::vector<Set> out;
  if (kind == "GROUPING_SET_EMPTY") {
    out.push_back(Set{});
  } else if (kind == "GROUPING_SET_SIMPLE") {
    Set s;
    for (const Set& e : elements) s.insert(s.end(), e.begin(), e.end());
    out.push_back(std::move(s));
  } else if (kind == "GROUPING_SET_ROLLUP") {
    // ROLLUP(a, b, c): (a, b, c), (a, b), (a), ().
    for (size_t n_keep = elements.size() + 1; n_keep-- > 0;) {
      Set s;
      for (size_t i = 0; i < n_keep; ++i) s.insert(s.end(), elements[i].begin(), elements[i].end());
      out.push_back(std::move(s));
    }
  } else if (kind == "GROUPING_SET_CUBE") {
    // CUBE(a, b): every subset, larger ones first as PostgreSQL lists them.
    const size_t k = elements.size();
    for (size_t mask = (size_t{1} << k); mask-- > 0;) {
      Set s;
      for (size_t i = 0; i < k; ++i) {
        if (mask & (size_t{1} << (k - 1 - i))) s.insert(s.end(), elements[i].begin(), elements[i].end());
      }
      out.push_back(std::move(s));
    }
  } else if (kind == "GROUPING_SET_SETS") {
    // GROUPING SETS (a, (b, c), ROLLUP(d), ()): the sets of each member, one after another.
    for (size_t i = 0; i < tree::list_size(content); ++i) {
      if (parenthesized_list(content->at(i)) != nullptr) {
        out.push_back(element_exprs(content->at(i)));
        continue;
      }
      for (Set& s : expand_item(content->at(i))) out.push_back(std::move(s));
    }
  }
  return out;
}

bool contains(const Set& set, const Value& e) {
  return std::any_of(set.begin(), set.end(), [&](const Value* x) { return same_tree(*x, e); });
}

Value string_node(std::string_view s) {
  boost::json::object str;
  str["sval"] = s;
  boost::json::object node;
  node["String"] = std::move(str);
  return node;
}

// A call of one of the internal functions above with one argument.
Value internal_call(std::string_view name, Value arg) {
  boost::json::object call;
  boost::json::array names;
  names.push_back(string_node(name));
  call["funcname"] = std::move(names);
  boost::json::array args;
  args.push_back(std::move(arg));
  call["args"] = std::move(args);
  boost::json::object node;
  node["FuncCall"] = std::move(call);
  return node;
}

// Rewrites `v` for one grouping set: grouping expressions outside it become typed NULLs and
// grouping(...) its bit mask. Aggregate arguments read input rows and are left alone.
void substitute(Value& v, const Set& all, const Set& present,
                bool (*is_aggregate)(const std::string&)) {
  if (v.is_array()) {
    for (auto& x : v.get_array()) substitute(x, all, present, is_aggregate);
    return;
  }
  if (!v.is_object()) return;
  tree::Node n = tree::node(v);
  if (n.body != nullptr) {
    if (n.type == "GroupingFunc") {
      int64_t mask = 0;
      for (const auto& arg : *tree::list_field(n.body, "args")) {
        mask = (mask << 1) | (contains(present, arg) ? 0 : 1);
      }
      boost::json::object ival;
      ival["ival"] = mask;
      boost::json::object c;
      c["ival"] = std::move(ival);
      boost::json::object constant;
      constant["A_Const"] = std::move(c);
      v = internal_call(kGroupingMask, std::move(constant));
      return;
    }
    if (contains(all, v) && !contains(present, v)) {
      v = internal_call(kGroupingNull, v);
      return;
    }
    if (n.type == "FuncCall" && tree::field(n.body, "over") == nullptr) {
      const tree::Array* fn = tree::list_field(n.body, "funcname");
      if (tree::list_size(fn) > 0 && is_aggregate(std::string(tree::string_value(fn->back())))) return;
    }
    if (n.type == "SubLink") return;
  }
  for (auto& kv : v.get_object()) substitute(kv.value(), all, present, is_aggregate);
}

}  // namespace

bool Translator::has_grouping_sets(const tree::Object* stmt) {
  for (size_t i = 0; i < tree::list_size(tree::list_field(stmt, "groupClause")); ++i) {
    if (tree::node(tree::list_field(stmt, "groupClause")->at(i)).type == "GroupingSet") return true;
  }
  return false;
}

int Translator::grouping_internal_call(const tree::Object* f) {
  const tree::Array* fn = tree::list_field(f, "funcname");
  if (tree::list_size(fn) != 1 || tree::list_size(tree::list_field(f, "args")) != 1) return 0;
  std::string_view name = tree::string_value(fn->at(0));
  return name == kGroupingNull ? 1 : name == kGroupingMask ? 2 : 0;
}

Result<Query> Translator::grouping_sets_query(const tree::Object* stmt) {
  const tree::Array* group = tree::list_field(stmt, "groupClause");
  std::vector<std::vector<Set>> parts;
  for (const auto& item : *group) parts.push_back(expand_item(item));
  std::vector<Set> sets = cross(parts);
  if (sets.size() > 4096) {
    return error_at(sqlstate::kStatementTooComplex, "too many grouping sets present (maximum 4096)",
                    static_cast<int>(tree::int_field(tree::node(group->at(0)).body, "location", -1)));
  }
  Set all;
  for (const Set& s : sets) {
    for (const Value* e : s) append_unique(all, e);
  }
  Query out;
  std::string sql;
  for (size_t i = 0; i < sets.size(); ++i) {
    auto copy = std::make_unique<Value>(boost::json::object(*stmt));
    boost::json::object& o = copy->get_object();
    boost::json::array keys;
    for (const Value* e : sets[i]) keys.push_back(*e);
    if (keys.empty()) {
      o.erase("groupClause");
    } else {
      o["groupClause"] = std::move(keys);
    }
    for (const char* key : {"sortClause", "limitCount", "limitOffset", "withClause", "limitOption"}) {
      o.erase(key);
    }
    if (Value* targets = o.if_contains("targetList")) substitute(*targets, all, sets[i], &aggregate_function);
    if (Value* having = o.if_contains("havingClause")) substitute(*having, all, sets[i], &aggregate_function);
    const tree::Object* arm = &copy->get_object();
    owned_trees_.push_back(std::move(copy));
    LITEWIRE_TRY_ASSIGN(select, rewrite_select_list_srfs(arm));
    LITEWIRE_TRY_ASSIGN(q, simple_select(select));
    if (i == 0) {
      out.columns = q.columns;
      for (auto& c : out.columns) {
        c.table_oid = 0;
        c.column_number = 0;
      }
    }
    sql += (i ? " UNION ALL " : "") + std::string("SELECT * FROM (") + q.sql + ")";
  }
  // ORDER BY and LIMIT refer to the union's output columns.
  LITEWIRE_TRY_ASSIGN(order_limit, output_order_limit(stmt, out.columns));
  out.sql = "SELECT * FROM (" + sql + ")" + order_limit;
  return out;
}

}  // namespace litewire::sqlite
