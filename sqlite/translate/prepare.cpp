// SQL-level PREPARE name [(types)] AS statement and EXECUTE name [(arguments)]. The session
// keeps prepared statements in the same namespace as the protocol's Parse (as PostgreSQL does);
// the translator checks the statement, extracts its text and the declared parameter types for
// PREPARE, and the argument values for EXECUTE. Arguments are constants (literals, casts of
// literals, NULL); the session converts them to the parameter types as Bind does.

#include <optional>

#include "sqlite/translate/translator_impl.h"

namespace litewire::sqlite {

namespace sqlstate = protocol::sqlstate;

namespace {

int prepare_location(const tree::Object* o) {
  return static_cast<int>(tree::int_field(o, "location", -1));
}

// Offset of the statement text after PREPARE's AS keyword in `text` (PREPARE name [(types)] AS
// ...), skipping comments, quoted names and the parenthesized type list; npos when not found.
size_t after_as_keyword(std::string_view text) {
  size_t i = 0;
  int words = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
    } else if (c == '-' && i + 1 < text.size() && text[i + 1] == '-') {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
      size_t end = text.find("*/", i + 2);
      i = end == std::string_view::npos ? text.size() : end + 2;
    } else if (c == '"') {
      size_t end = i + 1;
      while (end < text.size() && !(text[end] == '"' && (end + 1 >= text.size() || text[end + 1] != '"'))) {
        end += text[end] == '"' ? 2 : 1;
      }
      i = end + 1;
      ++words;
    } else if (c == '(') {
      int depth = 0;
      for (; i < text.size(); ++i) {
        if (text[i] == '(') ++depth;
        if (text[i] == ')' && --depth == 0) break;
      }
      ++i;
    } else {
      size_t b = i;
      while (i < text.size() && text[i] != ' ' && text[i] != '\t' && text[i] != '\n' &&
             text[i] != '\r' && text[i] != '(' && text[i] != '"') {
        ++i;
      }
      // PREPARE, the name, then AS (the name may itself be spelled "as" only when quoted).
      if (++words >= 3 && lower_ascii(text.substr(b, i - b)) == "as") return i;
    }
  }
  return std::string_view::npos;
}

}  // namespace

Result<void> Translator::prepare_statement(const tree::Object* stmt, TranslatedStatement& out) {
  const int location = out.location;
  const std::string name(tree::string_field(stmt, "name"));
  std::vector<int32_t> types;
  for (size_t i = 0; i < tree::list_size(tree::list_field(stmt, "argtypes")); ++i) {
    const tree::Object* tn = tree::node(tree::list_field(stmt, "argtypes")->at(i)).body;
    LITEWIRE_TRY_ASSIGN(t, type_name(tn));
    types.push_back(t.oid);
  }
  std::string_view text = sql_.substr(static_cast<size_t>(location));
  if (statement_length_ > 0) text = text.substr(0, static_cast<size_t>(statement_length_));
  const size_t start = after_as_keyword(text);
  const tree::Value* query = tree::field(stmt, "query");
  if (start == std::string_view::npos || query == nullptr) {
    return unsupported("this form of PREPARE", location);
  }
  // The statement is checked now (PostgreSQL reports its errors at PREPARE), with the declared
  // parameter types.
  const auto saved = options_.param_types;
  options_.param_types = types;
  auto inner = statement(*query, location + static_cast<int>(start));
  options_.param_types = saved;
  if (!inner) return std::move(inner).error();
  out.kind = StatementKind::kSession;
  out.command_tag = "PREPARE";
  out.session.op = SessionOp::kPrepare;
  out.session.name = name;
  out.session.value = std::string(text.substr(start));
  out.session.param_types = std::move(types);
  out.notices = std::move(inner->notices);
  params_.clear();
  writes_ = false;
  return {};
}

Result<void> Translator::execute_statement(const tree::Object* stmt, TranslatedStatement& out) {
  out.kind = StatementKind::kSession;
  out.command_tag = "EXECUTE";
  out.session.op = SessionOp::kExecute;
  out.session.name = std::string(tree::string_field(stmt, "name"));
  for (size_t i = 0; i < tree::list_size(tree::list_field(stmt, "params")); ++i) {
    const tree::Value& v = tree::list_field(stmt, "params")->at(i);
    tree::Node n = tree::node(v);
    // 'text'::type: the literal's text, converted to the parameter's type by the session.
    if (n.type == "TypeCast") n = tree::node(tree::field(n.body, "arg"));
    if (n.type != "A_Const") {
      return unsupported("EXECUTE with an argument that is not a constant", prepare_location(n.body));
    }
    std::optional<std::string> value;
    if (tree::bool_field(n.body, "isnull")) {
      value = std::nullopt;
    } else if (const tree::Object* s = tree::object_field(n.body, "sval")) {
      value = std::string(tree::string_field(s, "sval"));
    } else if (const tree::Object* f = tree::object_field(n.body, "fval")) {
      value = std::string(tree::string_field(f, "fval"));
    } else if (const tree::Object* b = tree::object_field(n.body, "boolval")) {
      value = tree::bool_field(b, "boolval") ? "true" : "false";
    } else {
      // Integers (negative ones are read back from the text by a_const).
      LITEWIRE_TRY_ASSIGN(e, a_const(n.body));
      value = e.sql;
    }
    out.session.arguments.push_back(std::move(value));
  }
  return {};
}

}  // namespace litewire::sqlite
