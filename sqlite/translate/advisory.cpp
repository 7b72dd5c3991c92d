// pg_advisory_lock and its family. The locks belong to sessions (server/advisory_locks.h), not
// to SQLite, and a blocking lock must wait without holding an engine thread, so a statement
// that is only such a call (`SELECT pg_advisory_lock(42)`, `SELECT pg_try_advisory_lock($1)
// AS locked`, the form migration tools send) becomes a session command. A call anywhere else
// is 0A000 naming the function.

#include <charconv>

#include "protocol/types.h"
#include "sqlite/translate/translator_impl.h"

namespace litewire::sqlite {

namespace sqlstate = protocol::sqlstate;
namespace oid = protocol::oid;

namespace {

// The functions and whether they return bool (the try_ and unlock ones) or void.
struct AdvisoryFunction {
  std::string_view name;
  bool returns_bool;
};
constexpr AdvisoryFunction kAdvisoryFunctions[] = {
    {"pg_advisory_lock", false},           {"pg_advisory_lock_shared", false},
    {"pg_try_advisory_lock", true},        {"pg_try_advisory_lock_shared", true},
    {"pg_advisory_unlock", true},          {"pg_advisory_unlock_shared", true},
    {"pg_advisory_unlock_all", false},     {"pg_advisory_xact_lock", false},
    {"pg_advisory_xact_lock_shared", false}, {"pg_try_advisory_xact_lock", true},
    {"pg_try_advisory_xact_lock_shared", true},
};

const AdvisoryFunction* find_advisory(std::string_view name) {
  for (const auto& f : kAdvisoryFunctions) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

}  // namespace

bool Translator::advisory_function(std::string_view name) { return find_advisory(name) != nullptr; }

Result<bool> Translator::advisory_lock_statement(const tree::Object* stmt, TranslatedStatement& out) {
  const tree::Array* targets = tree::list_field(stmt, "targetList");
  if (tree::list_size(targets) != 1) return false;
  for (const char* clause : {"fromClause", "whereClause", "groupClause", "havingClause", "sortClause",
                             "limitCount", "limitOffset", "withClause", "distinctClause",
                             "lockingClause", "windowClause", "valuesLists"}) {
    if (tree::field(stmt, clause) != nullptr) return false;
  }
  std::string_view op = tree::string_field(stmt, "op");
  if (!op.empty() && op != "SETOP_NONE") return false;
  const tree::Object* target = tree::node(targets->at(0)).body;
  tree::Node call = tree::node(tree::field(target, "val"));
  if (call.type != "FuncCall") return false;
  const tree::Array* fn = tree::list_field(call.body, "funcname");
  std::string_view name = tree::string_value(fn->back());
  if (fn->size() == 2 && tree::string_value(fn->at(0)) != "pg_catalog") return false;
  if (fn->size() > 2) return false;
  const AdvisoryFunction* f = find_advisory(name);
  if (f == nullptr) return false;
  const tree::Array* args = tree::list_field(call.body, "args");
  const size_t n = tree::list_size(args);
  const bool unlock_all = name == "pg_advisory_unlock_all";
  int loc = static_cast<int>(tree::int_field(call.body, "location", -1));
  if (unlock_all ? n != 0 : (n != 1 && n != 2)) {
    return error_at(sqlstate::kUndefinedFunction,
                    "function " + std::string(name) + " with " + std::to_string(n) +
                        " arguments does not exist",
                    loc)
        .with_hint("No function matches the given name and argument types. You might need to "
                   "add explicit type casts.");
  }
  out.kind = StatementKind::kSession;
  out.command_tag = "SELECT 1";
  out.session.op = SessionOp::kAdvisoryLock;
  out.session.name = std::string(name);
  // One bigint key, or two integer keys (a separate key space in PostgreSQL).
  const PgType key_type{n == 2 ? oid::kInt4 : oid::kInt8, -1};
  for (size_t i = 0; i < n; ++i) {
    LITEWIRE_TRY_ASSIGN(e, expr(args->at(i)));
    infer(e, key_type);
    if (e.type.oid != 0 && !is_integer_type(e.type.oid)) {
      return error_at(sqlstate::kUndefinedFunction,
                      "function " + std::string(name) + "(" + sql_type_name_of(e.type.oid) +
                          ") does not exist",
                      loc);
    }
    if (e.param > 0) {
      out.session.arguments.emplace_back(std::nullopt);
      out.session.parameter_numbers.push_back(e.param);
      continue;
    }
    out.session.parameter_numbers.push_back(0);
    if (e.is_null) {
      out.session.arguments.emplace_back(std::nullopt);
      continue;
    }
    std::string_view digits = e.sql;
    while (digits.size() >= 2 && digits.front() == '(' && digits.back() == ')') {
      digits = digits.substr(1, digits.size() - 2);
    }
    int64_t v = 0;
    auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
    if (digits.empty() || ec != std::errc() || p != digits.data() + digits.size()) {
      return unsupported(std::string(name) + "() with an argument that is not a constant or a parameter",
                         loc);
    }
    if (n == 2 && (v < INT32_MIN || v > INT32_MAX)) {
      return error_at(sqlstate::kNumericValueOutOfRange, "integer out of range", loc);
    }
    out.session.arguments.emplace_back(std::to_string(v));
  }
  std::string column(tree::string_field(target, "name"));
  ResultColumn rc;
  rc.name = column.empty() ? std::string(name) : column;
  rc.type = PgType{f->returns_bool ? oid::kBool : oid::kVoid, -1};
  out.columns.push_back(std::move(rc));
  out.returns_rows = true;
  return true;
}

}  // namespace litewire::sqlite
