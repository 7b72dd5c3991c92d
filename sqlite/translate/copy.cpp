// COPY ... FROM STDIN / TO STDOUT and COPY (query) TO STDOUT. The engine moves the data; the
// plan says where it goes and in which format.

#include "protocol/types.h"
#include "sqlite/translate/translator_impl.h"

namespace litewire::sqlite {

namespace oid = protocol::oid;
namespace sqlstate = protocol::sqlstate;

namespace {

// A DefElem argument as text: String, Integer, Boolean or a bare keyword (absent = true).
std::string option_text(const tree::Object* def, bool* present) {
  tree::Node a = tree::node(tree::field(def, "arg"));
  *present = a.body != nullptr;
  if (a.type == "String") return std::string(tree::string_field(a.body, "sval"));
  if (a.type == "Integer") return std::to_string(tree::int_field(a.body, "ival", 0));
  if (a.type == "Boolean") return tree::bool_field(a.body, "boolval") ? "true" : "false";
  return {};
}

bool truthy(const std::string& v, bool present) {
  if (!present) return true;
  std::string l = lower_ascii(v);
  return l == "true" || l == "on" || l == "1" || l == "yes";
}

}  // namespace

Result<void> Translator::copy_statement(const tree::Object* stmt, TranslatedStatement& out) {
  out.kind = StatementKind::kCopy;
  out.command_tag = "COPY";
  CopyCommand& c = out.copy;
  c.from_stdin = tree::bool_field(stmt, "is_from");
  if (!tree::string_field(stmt, "filename").empty() || tree::bool_field(stmt, "is_program")) {
    return error_at(sqlstate::kInsufficientPrivilege,
                    "must be superuser or have privileges of the pg_read_server_files role to "
                    "COPY from a file",
                    -1)
        .with_hint("Anyone can COPY to stdout or from stdin. psql's \\copy command also works "
                   "for anyone.");
  }
  if (tree::field(stmt, "whereClause") != nullptr) return unsupported("COPY ... WHERE");
  bool delimiter_set = false, null_set = false;
  for (size_t i = 0; i < tree::list_size(tree::list_field(stmt, "options")); ++i) {
    const tree::Object* d = tree::node(tree::list_field(stmt, "options")->at(i)).body;
    std::string name(tree::string_field(d, "defname"));
    bool present = false;
    std::string v = option_text(d, &present);
    int loc = static_cast<int>(tree::int_field(d, "location", -1));
    if (name == "format") {
      std::string f = lower_ascii(v);
      if (f == "csv") c.format = CopyCommand::Format::kCsv;
      else if (f == "text") c.format = CopyCommand::Format::kText;
      else if (f == "binary") c.format = CopyCommand::Format::kBinary;
      else return error_at(sqlstate::kInvalidParameterValue, "COPY format \"" + v + "\" not recognized", loc);
    } else if (name == "header") {
      if (lower_ascii(v) == "match") return unsupported("HEADER MATCH", loc);
      c.header = truthy(v, present);
    } else if (name == "delimiter") {
      if (v.size() != 1) {
        return error_at(sqlstate::kFeatureNotSupported,
                        "COPY delimiter must be a single one-byte character", loc);
      }
      c.delimiter = v[0];
      delimiter_set = true;
    } else if (name == "null") {
      c.null_string = v;
      null_set = true;
    } else if (name == "quote") {
      if (v.size() != 1) {
        return error_at(sqlstate::kFeatureNotSupported,
                        "COPY quote must be a single one-byte character", loc);
      }
      c.quote = v[0];
    } else if (name == "escape") {
      if (v.size() != 1) {
        return error_at(sqlstate::kFeatureNotSupported,
                        "COPY escape must be a single one-byte character", loc);
      }
      c.escape = v[0];
    } else if (name == "freeze") {
      // Only a visibility hint for PostgreSQL's vacuum; no meaning for SQLite.
    } else if (name == "encoding") {
      std::string e = lower_ascii(v);
      if (e != "utf8" && e != "utf-8" && e != "unicode") return unsupported("COPY ENCODING " + v, loc);
    } else if (name == "force_quote" || name == "force_not_null" || name == "force_null") {
      return unsupported("COPY " + name, loc);
    } else {
      return error_at(sqlstate::kSyntaxError, "option \"" + name + "\" not recognized", loc);
    }
  }
  // CSV defaults differ from text (PostgreSQL's ProcessCopyOptions).
  if (c.format == CopyCommand::Format::kCsv) {
    if (!delimiter_set) c.delimiter = ',';
    if (!null_set) c.null_string = "";
  }
  if (c.format == CopyCommand::Format::kText && c.header && c.from_stdin == false) {
    // Allowed since PostgreSQL 15 for text format too.
  }

  if (const tree::Value* q = tree::field(stmt, "query")) {
    if (c.from_stdin) return error_at(sqlstate::kSyntaxError, "COPY (query) FROM is not supported", -1);
    tree::Node qn = tree::node(*q);
    if (qn.type != "SelectStmt") return unsupported("COPY (" + std::string(qn.type) + ") TO");
    LITEWIRE_TRY_ASSIGN(query_result, query(qn.body));
    c.query_sql = query_result.sql;
    for (auto& col : query_result.columns) {
      c.columns.push_back(col.name);
      c.column_types.push_back(col.type.oid == 0 ? PgType{oid::kText, -1} : col.type);
    }
    out.columns = query_result.columns;
    return {};
  }
  const tree::Object* rel = tree::object_field(stmt, "relation");
  auto found = require_table(rel);
  if (!found) {
    // PostgreSQL opens COPY's table outside the parser, so its error carries no position.
    PgError e = found.error();
    e.position = 0;
    return e;
  }
  const TableInfo* table = *found;
  c.table = table->name;
  const tree::Array* attlist = tree::list_field(stmt, "attlist");
  if (tree::list_size(attlist) > 0) {
    for (const auto& a : *attlist) {
      std::string name(tree::string_value(a));
      const ColumnInfo* col = table->find_column(name);
      if (col == nullptr) {
        return error_at(sqlstate::kUndefinedColumn,
                        "column \"" + name + "\" of relation \"" + table->name +
                            "\" does not exist",
                        -1);
      }
      c.columns.push_back(name);
      c.column_types.push_back(col->type);
    }
  } else {
    for (const ColumnInfo& col : table->columns) {
      c.columns.push_back(col.name);
      c.column_types.push_back(col.type);
    }
  }
  if (!c.from_stdin) {
    std::string sql = "SELECT ";
    for (size_t i = 0; i < c.columns.size(); ++i) sql += (i ? ", " : "") + quote_ident(c.columns[i]);
    c.query_sql = sql + " FROM " + quote_ident(table->name);
  }
  return {};
}

}  // namespace litewire::sqlite
