#include "sqlite/translate/translator.h"

#include <pg_query.h>

#include <memory>

#include "sqlite/translate/pg_parse.h"
#include "sqlite/translate/translator_impl.h"

namespace litewire::sqlite {

namespace sqlstate = protocol::sqlstate;

namespace {

// JSON nesting levels accepted from libpg_query: several hundred levels of expressions or
// subqueries, far more than any client sends, while the recursive descent over the tree stays
// well inside a thread's stack.
constexpr size_t kMaxTreeDepth = 1000;

// PostgreSQL reports error positions in characters, libpg_query's tree locations are bytes.
int char_position(std::string_view sql, int byte_location) {
  if (byte_location < 0) return 0;
  size_t end = std::min(static_cast<size_t>(byte_location), sql.size());
  int chars = 0;
  for (size_t i = 0; i < end; ++i) {
    if ((static_cast<unsigned char>(sql[i]) & 0xC0) != 0x80) ++chars;
  }
  return chars + 1;
}

}  // namespace

std::string quote_ident(std::string_view name) {
  std::string out;
  out.reserve(name.size() + 2);
  out.push_back('"');
  for (char c : name) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string quote_literal(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out.push_back('\'');
  for (char c : text) {
    if (c == '\'') out.push_back('\'');
    out.push_back(c);
  }
  out.push_back('\'');
  return out;
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

Translator::Translator(std::string_view sql, const Schema& schema,
                       const TranslateOptions& options)
    : sql_(sql), base_(schema), options_(options) {}

Schema& Translator::mutable_schema() {
  if (!schema_copy_) schema_copy_.emplace(base_);
  return *schema_copy_;
}

PgError Translator::error_at(protocol::SqlState code, std::string message,
                             int byte_location) const {
  PgError e(code, std::move(message));
  if (byte_location >= 0) e.position = char_position(sql_, byte_location);
  return e;
}

PgError Translator::unsupported(std::string construct, int byte_location) const {
  return error_at(sqlstate::kFeatureNotSupported, std::move(construct) + " is not supported",
                  byte_location);
}

void Translator::notice(std::string text) { notices_.push_back(std::move(text)); }

const EnumInfo* Translator::find_enum(int32_t type_oid) const {
  if (type_oid < kFirstUserOid) return nullptr;
  for (const auto& [name, e] : schema().enums) {
    if (e.oid == type_oid) return &e;
  }
  return nullptr;
}

std::string Translator::enum_ordinal(const std::string& sql, const EnumInfo& e) const {
  std::string out = "pg_enum_ord(" + sql;
  for (const auto& l : e.labels) out += ", " + quote_literal(l);
  return out + ")";
}

const TableInfo* Translator::find_table(const tree::Object* range_var) const {
  return schema().find_table(tree::string_field(range_var, "relname"));
}

Result<const TableInfo*> Translator::require_table(const tree::Object* range_var) const {
  std::string_view schemaname = tree::string_field(range_var, "schemaname");
  std::string_view relname = tree::string_field(range_var, "relname");
  const TableInfo* t = nullptr;
  if (schemaname.empty() || schemaname == "public") t = schema().find_table(relname);
  if (t == nullptr) {
    std::string full = schemaname.empty() ? std::string(relname)
                                          : std::string(schemaname) + "." + std::string(relname);
    return error_at(sqlstate::kUndefinedTable, "relation \"" + full + "\" does not exist",
                    static_cast<int>(tree::int_field(range_var, "location", -1)));
  }
  return t;
}

Result<void> Translator::check_stack_depth() const {
  char here;
  // Stacks grow downward on every platform litewire builds for.
  const auto used = static_cast<size_t>(stack_base_ - &here);
  if (stack_base_ != nullptr && &here < stack_base_ && used > kStackBudget) {
    PgError e(sqlstate::kStatementTooComplex, "stack depth limit exceeded");
    e.hint = "The statement nests expressions or subqueries too deeply.";
    return e;
  }
  return {};
}

Result<Plan> Translator::run() {
  char base;
  stack_base_ = &base;
  // libpg_query needs a NUL-terminated string; the wire gives us one, but a view may not be.
  std::string text(sql_);
  ParseResult parsed(text);
  if (parsed.r.error != nullptr) {
    PgError e(sqlstate::kSyntaxError, parsed.r.error->message);
    e.position = parsed.r.error->cursorpos;
    // libpg_query reports errors of its own scanner/grammar with the SQLSTATE PostgreSQL uses
    // for them only in the text; the ones we see here are all syntax errors except these.
    std::string_view msg = e.message;
    if (msg.find("unterminated") != std::string_view::npos ||
        msg.find("syntax error") != std::string_view::npos) {
      e.code = sqlstate::kSyntaxError;
    } else if (msg.find("invalid Unicode") != std::string_view::npos ||
               msg.find("invalid unicode") != std::string_view::npos) {
      e.code = sqlstate::kInvalidParameterValue;
    }
    return e;
  }
  // libpg_query writes two or three JSON objects per level of the tree, so Boost.JSON's default
  // limit of 32 levels rejects ordinary catalog queries (psql's \d). The limit still bounds the
  // translator's recursion over the tree; past it the statement is too complex, as PostgreSQL
  // says when its own stack depth check trips.
  boost::json::parse_options json_options;
  json_options.max_depth = kMaxTreeDepth;
  boost::system::error_code ec;
  tree::Value root = boost::json::parse(parsed.r.parse_tree, ec, boost::json::storage_ptr(tree_arena_.get()),
                                        json_options);
  if (ec == boost::json::error::too_deep) {
    PgError e(sqlstate::kStatementTooComplex, "stack depth limit exceeded");
    e.hint = "The statement nests expressions or subqueries too deeply.";
    return e;
  }
  if (ec || !root.is_object()) {
    return PgError(sqlstate::kInternalError, "could not read the parse tree");
  }
  Plan plan;
  const tree::Array* stmts = tree::list_field(&root.get_object(), "stmts");
  if (tree::list_size(stmts) == 0) {
    TranslatedStatement empty;
    empty.kind = StatementKind::kEmpty;
    plan.statements.push_back(std::move(empty));
    return plan;
  }
  for (const tree::Value& raw : *stmts) {
    const tree::Object* raw_obj = raw.is_object() ? &raw.get_object() : nullptr;
    const tree::Value* stmt = tree::field(raw_obj, "stmt");
    int location = static_cast<int>(tree::int_field(raw_obj, "stmt_location", 0));
    if (stmt == nullptr) continue;
    // 0: to the end of the text.
    statement_length_ = static_cast<int>(tree::int_field(raw_obj, "stmt_len", 0));
    LITEWIRE_TRY_ASSIGN(translated, statement(*stmt, location));
    plan.statements.push_back(std::move(translated));
  }
  if (plan.statements.empty()) plan.statements.emplace_back();
  return plan;
}

Result<TranslatedStatement> Translator::statement(const tree::Value& stmt, int location) {
  params_.assign(options_.param_types.size(), PgType{});
  for (size_t i = 0; i < options_.param_types.size(); ++i) {
    params_[i] = PgType{options_.param_types[i], -1};
  }
  scope_ = nullptr;
  ctes_.clear();
  writes_ = false;
  touches_catalog_ = false;
  notices_.clear();

  pre_statements_.clear();
  temp_tables_.clear();
  dml_cte_targets_.clear();
  no_returning_ctes_.clear();

  TranslatedStatement out;
  out.location = location;
  tree::Node n = tree::node(stmt);
  top_statement_type_ = n.type;
  Result<void> r = [&]() -> Result<void> {
    if (n.type == "SelectStmt") return select_statement(n.body, out);
    if (n.type == "InsertStmt") return insert_statement(n.body, out);
    if (n.type == "UpdateStmt") return update_statement(n.body, out);
    if (n.type == "DeleteStmt") return delete_statement(n.body, out);
    if (n.type == "CreateStmt") return create_table(n.body, out);
    if (n.type == "DropStmt") return drop_statement(n.body, out);
    if (n.type == "IndexStmt") return create_index(n.body, out);
    if (n.type == "AlterTableStmt") return alter_table(n.body, out);
    if (n.type == "RenameStmt") return rename_statement(n.body, out);
    if (n.type == "TruncateStmt") return truncate_statement(n.body, out);
    if (n.type == "ViewStmt") return create_view(n.body, out);
    if (n.type == "CreateEnumStmt") return create_enum(n.body, out);
    if (n.type == "AlterEnumStmt") return alter_enum(n.body, out);
    if (n.type == "CreateSeqStmt") return create_sequence(n.body, out);
    if (n.type == "AlterSeqStmt") return alter_sequence(n.body, out);
    if (n.type == "TransactionStmt") return transaction_statement(n.body, out);
    if (n.type == "VariableSetStmt") return variable_set(n.body, out);
    if (n.type == "VariableShowStmt") return variable_show(n.body, out);
    if (n.type == "DiscardStmt") return discard_statement(n.body, out);
    if (n.type == "CopyStmt") return copy_statement(n.body, out);
    return utility_statement(n, out);
  }();
  if (!r) return std::move(r).error();
  out.temp_tables = std::move(temp_tables_);
  temp_tables_.clear();
  if (!pre_statements_.empty()) {
    // Data-modifying WITH queries run first (dml_cte.cpp).
    std::vector<std::string> sql;
    for (auto& p : pre_statements_) {
      sql.push_back(std::move(p.sql));
      out.capture_into.push_back(std::move(p.capture_into));
    }
    out.capture_into.resize(sql.size() + out.sqlite_sql.size());
    for (auto& s : out.sqlite_sql) sql.push_back(std::move(s));
    out.sqlite_sql = std::move(sql);
    pre_statements_.clear();
  }
  // Parameters typed only by their position (never used in an inferable context) stay unknown;
  // the engine binds those as text.
  out.params = params_;
  out.notices.insert(out.notices.end(), notices_.begin(), notices_.end());
  if (touches_catalog_) out.touches_catalog = true;
  if (writes_ && out.kind == StatementKind::kRead) out.kind = StatementKind::kWrite;
  return out;
}

Result<Plan> translate(std::string_view sql, const Schema& schema,
                       const TranslateOptions& options) {
  try {
    Translator t(sql, schema, options);
    return t.run();
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    // A malformed tree is a bug in our reading of it, never the client's fault; report it as
    // PostgreSQL reports internal errors instead of taking the session down.
    return PgError(protocol::sqlstate::kInternalError,
                   std::string("could not translate statement: ") + e.what());
  }
}

}  // namespace litewire::sqlite
