// DDL: CREATE/DROP TABLE, CREATE/DROP INDEX, ALTER TABLE, RENAME, TRUNCATE, CREATE VIEW.
// Declared column types follow the encoding in sqlite/README.md ("Declared types"); every
// created object gets a stable OID row in the metadata table (schema.h, kObjectsTable).

#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <optional>
#include <set>

#include "protocol/types.h"
#include "sqlite/translate/translator_impl.h"

namespace litewire::sqlite {

namespace oid = protocol::oid;
namespace sqlstate = protocol::sqlstate;

namespace {

int location_of(const tree::Object* o) {
  return static_cast<int>(tree::int_field(o, "location", -1));
}

std::string objects_table() { return quote_ident(kObjectsTable); }
std::string columns_table() { return quote_ident(kColumnsTable); }

std::string register_object(char kind, const std::string& name, const std::string& info = "") {
  return "INSERT OR IGNORE INTO " + objects_table() + " (kind, name, info) VALUES ('" +
         std::string(1, kind) + "', " + quote_literal(name) + ", " +
         (info.empty() ? "NULL" : quote_literal(info)) + ")";
}

// Forgets metadata rows of relations SQLite no longer has (after DROP of any kind; dropping a
// table drops its indexes too).
std::vector<std::string> forget_dropped() {
  return {"DELETE FROM " + objects_table() +
              " WHERE kind IN ('r', 'i') AND name NOT IN (SELECT name FROM sqlite_schema UNION "
              "ALL SELECT name FROM sqlite_temp_schema)",
          "DELETE FROM " + columns_table() +
              " WHERE table_name NOT IN (SELECT name FROM sqlite_schema UNION ALL SELECT name "
              "FROM sqlite_temp_schema)"};
}

std::string fk_action(std::string_view a) {
  if (a == "r") return "RESTRICT";
  if (a == "c") return "CASCADE";
  if (a == "n") return "SET NULL";
  if (a == "d") return "SET DEFAULT";
  return "NO ACTION";
}

std::string join_names(const std::vector<std::string>& names, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) out += (i ? std::string(sep) : "") + names[i];
  return out;
}

std::string quoted_list(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + quote_ident(names[i]);
  return out;
}

std::vector<std::string> string_list(const tree::Array* a) {
  std::vector<std::string> out;
  for (size_t i = 0; i < tree::list_size(a); ++i) out.emplace_back(tree::string_value(a->at(i)));
  return out;
}

// The first column referenced by an expression (PostgreSQL names table CHECK constraints after
// it).
std::string first_column(const tree::Value& v) {
  if (v.is_object()) {
    const tree::Object& o = v.get_object();
    if (auto it = o.find("ColumnRef"); it != o.end() && it->value().is_object()) {
      const tree::Array* f = tree::list_field(&it->value().get_object(), "fields");
      if (tree::list_size(f) > 0) return std::string(tree::string_value(f->back()));
    }
    for (const auto& kv : o) {
      std::string c = first_column(kv.value());
      if (!c.empty()) return c;
    }
  } else if (v.is_array()) {
    for (const auto& e : v.get_array()) {
      std::string c = first_column(e);
      if (!c.empty()) return c;
    }
  }
  return {};
}

// PostgreSQL's ChooseConstraintName: "<table>_<addition>_<label>", numbered when taken.
std::string choose_name(const std::string& table, const std::string& addition,
                        const std::string& label, std::set<std::string>& used) {
  std::string base = table + (addition.empty() ? "" : "_" + addition) + "_" + label;
  if (base.size() > 63) base.resize(63);
  std::string name = base;
  for (int i = 1; used.count(name) > 0; ++i) name = base + std::to_string(i);
  used.insert(name);
  return name;
}

}  // namespace

// The CREATE TABLE text split into its top-level column/constraint elements, so that ALTER
// TABLE can edit one element and write the table's SQL back (pg_rewrite_table_sql).
struct TableSql {
  std::string head;                   // up to and including the opening parenthesis
  std::vector<std::string> elements;  // trimmed, without separating commas
  std::string tail;                   // from the closing parenthesis on
};

namespace {

std::optional<TableSql> split_table_sql(const std::string& sql) {
  size_t open = std::string::npos;
  int depth = 0;
  char quote = 0;
  TableSql out;
  size_t start = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '"' || c == '\'' || c == '`' || c == '[') {
      quote = c == '[' ? ']' : c;
      continue;
    }
    if (c == '(') {
      if (depth == 0 && open == std::string::npos) {
        open = i;
        out.head = sql.substr(0, i + 1);
        start = i + 1;
      }
      ++depth;
    } else if (c == ')') {
      --depth;
      if (depth == 0 && open != std::string::npos) {
        out.elements.push_back(sql.substr(start, i - start));
        out.tail = sql.substr(i);
        break;
      }
    } else if (c == ',' && depth == 1) {
      out.elements.push_back(sql.substr(start, i - start));
      start = i + 1;
    }
  }
  if (open == std::string::npos || out.tail.empty()) return std::nullopt;
  for (auto& e : out.elements) {
    size_t b = e.find_first_not_of(" \t\n\r");
    size_t en = e.find_last_not_of(" \t\n\r");
    e = b == std::string::npos ? "" : e.substr(b, en - b + 1);
  }
  return out;
}

std::string join_table_sql(const TableSql& t) {
  std::string out = t.head;
  for (size_t i = 0; i < t.elements.size(); ++i) out += (i ? ", " : "") + t.elements[i];
  return out + t.tail;
}

// Top-level words of a column definition with their byte ranges (parenthesized groups and
// quoted names are single words).
struct Word {
  std::string text;  // upper-cased unless quoted
  size_t begin, end;
};

std::vector<Word> words_of(const std::string& e) {
  std::vector<Word> out;
  size_t i = 0;
  while (i < e.size()) {
    while (i < e.size() && (e[i] == ' ' || e[i] == '\t' || e[i] == '\n' || e[i] == '\r')) ++i;
    if (i >= e.size()) break;
    size_t b = i;
    if (e[i] == '"' || e[i] == '\'' || e[i] == '`') {
      char q = e[i++];
      while (i < e.size() && e[i] != q) ++i;
      ++i;
    } else if (e[i] == '(') {
      int depth = 0;
      char quote = 0;
      for (; i < e.size(); ++i) {
        if (quote) {
          if (e[i] == quote) quote = 0;
          continue;
        }
        if (e[i] == '\'' || e[i] == '"') quote = e[i];
        else if (e[i] == '(') ++depth;
        else if (e[i] == ')' && --depth == 0) {
          ++i;
          break;
        }
      }
    } else {
      while (i < e.size() && e[i] != ' ' && e[i] != '\t' && e[i] != '\n' && e[i] != '(' && e[i] != '\r') ++i;
    }
    std::string text = e.substr(b, i - b);
    if (!text.empty() && text[0] != '"' && text[0] != '\'') {
      for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    out.push_back({text, b, i});
  }
  return out;
}

bool element_names_column(const std::string& e, std::string_view column) {
  std::vector<Word> w = words_of(e);
  if (w.empty()) return false;
  std::string first = e.substr(w[0].begin, w[0].end - w[0].begin);
  if (first == quote_ident(column)) return true;
  std::string up = w[0].text;
  static const std::set<std::string> kConstraintWords = {"CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"};
  if (kConstraintWords.count(up)) return false;
  return lower_ascii(first) == lower_ascii(column);
}

// Removes the words [from, to) of `e`.
void erase_words(std::string& e, const std::vector<Word>& w, size_t from, size_t to) {
  size_t b = from > 0 ? w[from - 1].end : w[from].begin;
  size_t en = to < w.size() ? w[to - 1].end : e.size();
  e.erase(b, en - b);
}

}  // namespace

// Removes the constraint `name` from a table's CREATE TABLE text: a table constraint element
// (CHECK or FOREIGN KEY) as a whole, a column's CHECK constraint from its column definition.
// False when no constraint has that name; 0A000 for named column constraints of other kinds.
Result<bool> Translator::drop_constraint_element(TableSql& ts, const std::string& name) {
  const std::string quoted = quote_ident(name);
  for (size_t k = 0; k < ts.elements.size(); ++k) {
    std::string& e = ts.elements[k];
    std::vector<Word> w = words_of(e);
    for (size_t i = 0; i + 2 < w.size(); ++i) {
      if (w[i].text != "CONSTRAINT" || e.substr(w[i + 1].begin, w[i + 1].end - w[i + 1].begin) != quoted) {
        continue;
      }
      if (i == 0 && (w[2].text == "CHECK" || w[2].text == "FOREIGN")) {
        ts.elements.erase(ts.elements.begin() + static_cast<std::ptrdiff_t>(k));
        return true;
      }
      if (i > 0 && w[i + 2].text == "CHECK" && i + 3 < w.size()) {
        erase_words(e, w, i, i + 4);
        return true;
      }
      return unsupported("ALTER TABLE ... DROP CONSTRAINT on this constraint");
    }
  }
  return false;
}

namespace {

// Index of the first word after the name that starts a column constraint.
size_t constraint_start(const std::vector<Word>& w) {
  static const std::set<std::string> kStarts = {"CONSTRAINT", "PRIMARY", "NOT", "NULL", "UNIQUE",
                                                "CHECK", "DEFAULT", "COLLATE", "REFERENCES",
                                                "GENERATED", "AS"};
  for (size_t i = 1; i < w.size(); ++i) {
    if (kStarts.count(w[i].text)) return i;
  }
  return w.size();
}

}  // namespace

Result<void> Translator::create_table(const tree::Object* stmt, TranslatedStatement& out) {
  const tree::Object* rel = tree::object_field(stmt, "relation");
  std::string table(tree::string_field(rel, "relname"));
  std::string_view schema_name = tree::string_field(rel, "schemaname");
  int loc = location_of(rel);
  out.kind = StatementKind::kDdl;
  out.command_tag = "CREATE TABLE";
  if (!schema_name.empty() && schema_name != "public") {
    return error_at(sqlstate::kInvalidSchemaName,
                    "schema \"" + std::string(schema_name) + "\" does not exist", loc);
  }
  if (tree::field(stmt, "inhRelations") != nullptr) return unsupported("table inheritance", loc);
  if (tree::field(stmt, "partspec") != nullptr) return unsupported("partitioned tables", loc);
  if (tree::field(stmt, "partbound") != nullptr) return unsupported("table partitions", loc);
  if (tree::field(stmt, "ofTypename") != nullptr) return unsupported("typed tables", loc);
  bool if_not_exists = tree::bool_field(stmt, "if_not_exists");
  if (schema().find_table(table) != nullptr) {
    if (if_not_exists) {
      notice("relation \"" + table + "\" already exists, skipping");
      out.kind = StatementKind::kDdl;
      return {};
    }
    return error_at(sqlstate::kDuplicateTable, "relation \"" + table + "\" already exists", loc);
  }
  if (const tree::Array* opts = tree::list_field(stmt, "options")) {
    for (const auto& o : *opts) {
      std::string_view name = tree::string_field(tree::node(o).body, "defname");
      if (name == "fillfactor" || name == "autovacuum_enabled" ||
          name.rfind("autovacuum_", 0) == 0 || name.rfind("toast", 0) == 0 ||
          name == "parallel_workers") {
        notice("storage parameter \"" + std::string(name) + "\" is ignored");
      } else {
        return error_at(sqlstate::kInvalidParameterValue,
                        "unrecognized parameter \"" + std::string(name) + "\"", loc);
      }
    }
  }
  if (!tree::string_field(stmt, "tablespacename").empty()) notice("tablespaces are ignored");
  std::string_view persistence = tree::string_field(rel, "relpersistence");
  bool temp = persistence == "t";
  if (persistence == "u") notice("UNLOGGED is ignored");
  std::string_view oncommit = tree::string_field(stmt, "oncommit");
  if (!oncommit.empty() && oncommit != "ONCOMMIT_NOOP" && oncommit != "ONCOMMIT_PRESERVE_ROWS") {
    return unsupported("ON COMMIT DELETE ROWS / DROP", loc);
  }

  // First pass: the columns (types needed by CHECK/DEFAULT expressions and table constraints).
  TableInfo info;
  info.name = table;
  info.temporary = temp;
  struct PendingColumn {
    const tree::Object* def;
    bool serial = false;
    const tree::Object* identity = nullptr;  // the CONSTR_IDENTITY constraint
  };
  std::vector<PendingColumn> pending;
  const tree::Array* elts = tree::list_field(stmt, "tableElts");
  std::vector<const tree::Object*> table_constraints;
  for (size_t i = 0; i < tree::list_size(elts); ++i) {
    tree::Node e = tree::node(elts->at(i));
    if (e.type == "ColumnDef") {
      ColumnInfo c;
      c.name = std::string(tree::string_field(e.body, "colname"));
      if (info.find_column(c.name) != nullptr) {
        return error_at(sqlstate::kDuplicateColumn,
                        "column \"" + c.name + "\" specified more than once", location_of(e.body));
      }
      bool serial = false;
      LITEWIRE_TRY_ASSIGN(t, type_name(tree::object_field(e.body, "typeName"), &serial));
      c.type = t;
      c.number = static_cast<int16_t>(info.columns.size() + 1);
      const tree::Object* identity = nullptr;
      const tree::Array* cons = tree::list_field(e.body, "constraints");
      for (size_t k = 0; k < tree::list_size(cons); ++k) {
        const tree::Object* con = tree::node(cons->at(k)).body;
        if (tree::string_field(con, "contype") != "CONSTR_IDENTITY") continue;
        if (serial || identity != nullptr) {
          return error_at(sqlstate::kSyntaxError,
                          std::string("multiple identity specifications for column \"") + c.name +
                              "\" of table \"" + table + "\"",
                          location_of(con));
        }
        if (c.type.oid != oid::kInt2 && c.type.oid != oid::kInt4 && c.type.oid != oid::kInt8) {
          return error_at(sqlstate::kInvalidParameterValue,
                          "identity column type must be smallint, integer, or bigint", -1);
        }
        identity = con;
        serial = true;
      }
      for (size_t k = 0; identity != nullptr && k < tree::list_size(cons); ++k) {
        const tree::Object* con = tree::node(cons->at(k)).body;
        if (tree::string_field(con, "contype") == "CONSTR_DEFAULT") {
          return error_at(sqlstate::kSyntaxError,
                          "both default and identity specified for column \"" + c.name +
                              "\" of table \"" + table + "\"",
                          location_of(con));
        }
      }
      info.columns.push_back(std::move(c));
      pending.push_back({e.body, serial, identity});
    } else if (e.type == "Constraint") {
      table_constraints.push_back(e.body);
    } else if (e.type == "TableLikeClause") {
      return unsupported("CREATE TABLE ... LIKE", location_of(e.body));
    } else {
      return unsupported(std::string(e.type) + " in CREATE TABLE", loc);
    }
  }

  // Which serial column becomes the rowid alias: a serial/identity column that is the whole
  // primary key. SQLite assigns 1, 2, 3... to an INTEGER PRIMARY KEY AUTOINCREMENT and never
  // reuses values, which is what a PostgreSQL sequence gives (sqlite.org/autoinc.html).
  std::vector<std::string> table_pk;
  for (const tree::Object* c : table_constraints) {
    if (tree::string_field(c, "contype") == "CONSTR_PRIMARY") {
      table_pk = string_list(tree::list_field(c, "keys"));
    }
  }
  std::set<std::string> used_names;
  used_names.insert(table + "_pkey");
  Scope scope;
  RangeItem self;
  self.ref_name = table;
  self.emit_as = "";
  for (const auto& c : info.columns) self.columns.push_back(ResultColumn{c.name, c.type, 0, c.number});
  scope.items.push_back(self);
  ScopeGuard guard(*this, scope);

  std::string body;
  std::vector<std::string> after;  // statements after CREATE TABLE (indexes, metadata)
  std::map<size_t, std::string> serial_defaults;  // column index -> nextval() default
  bool pk_seen = !table_pk.empty();
  for (size_t i = 0; i < pending.size(); ++i) {
    const tree::Object* def = pending[i].def;
    ColumnInfo& col = info.columns[i];
    bool inline_pk = false;
    const tree::Array* cons = tree::list_field(def, "constraints");
    for (size_t k = 0; k < tree::list_size(cons); ++k) {
      if (tree::string_field(tree::node(cons->at(k)).body, "contype") == "CONSTR_PRIMARY") {
        inline_pk = true;
      }
    }
    if (inline_pk && pk_seen) {
      return error_at(sqlstate::kInvalidTableDefinition,
                      "multiple primary keys for table \"" + table + "\" are not allowed",
                      location_of(def));
    }
    pk_seen |= inline_pk;
    // An identity column's sequence: its options (PostgreSQL's defaults for the column's type).
    SequenceInfo seq;
    seq.name = table + "_" + col.name + "_seq";
    seq.owned_by_table = table;
    seq.owned_by_column = col.name;
    seq.max_value = col.type.oid == oid::kInt2 ? INT16_MAX
                    : col.type.oid == oid::kInt4 ? INT32_MAX
                                                 : INT64_MAX;
    if (const tree::Object* id = pending[i].identity) {
      std::string_view when = tree::string_field(id, "generated_when");
      seq.identity = when == "a" ? 'a' : 'd';
      std::optional<int64_t> restart;
      LITEWIRE_TRY(sequence_options(tree::list_field(id, "options"), seq, false, restart, col.type.oid));
      if (temp) return unsupported("identity columns in temporary tables", location_of(def));
    }
    // SQLite's AUTOINCREMENT counts up by one from the counter, never past the largest rowid.
    bool counts_like_rowid = seq.increment == 1 && !seq.cycle && seq.min_value <= seq.start &&
                             seq.max_value == (col.type.oid == oid::kInt2   ? INT16_MAX
                                               : col.type.oid == oid::kInt4 ? INT32_MAX
                                                                            : INT64_MAX);
    bool serial = pending[i].serial;
    bool rowid_alias = serial && counts_like_rowid &&
                       (inline_pk || (table_pk.size() == 1 && table_pk[0] == col.name));
    pending[i].serial = rowid_alias;  // the table constraint below moves the key onto it
    col.identity = seq.identity;
    if (rowid_alias && seq.identity != 0) {
      // The options live in a sequence row; its counter is the table's AUTOINCREMENT row.
      used_names.insert(seq.name);
      seq.counter = table;
      for (auto& x : sequence_ddl(seq)) after.push_back(std::move(x));
      mutable_schema().sequences[seq.name] = seq;
    }
    if (serial && !rowid_alias) {
      // Any other serial/identity column: a sequence of its own and a nextval() default
      // (PostgreSQL's transformColumnDefinition does the same).
      if (temp) return unsupported("serial columns in temporary tables", location_of(def));
      seq.name = choose_name(table, col.name, "seq", used_names);
      seq.counter = seq.name;
      for (auto& x : sequence_ddl(seq)) after.push_back(std::move(x));
      col.not_null = true;
      col.default_sql = nextval_sql(seq);
      serial_defaults[i] = *col.default_sql;
      mutable_schema().sequences[seq.name] = seq;
    }
    std::string c = quote_ident(col.name) + " ";
    if (serial_defaults.count(i) > 0) {
      col.declared_type = declared_type_for(col.type, schema());
      c += col.declared_type + " NOT NULL DEFAULT (" + serial_defaults[i] + ")";
    } else if (rowid_alias) {
      c += "INTEGER";
      col.declared_type = "INTEGER";
      std::string seq = table + "_" + col.name + "_seq";
      after.push_back("INSERT OR REPLACE INTO " + columns_table() +
                      " (table_name, column_name, pg_type, sequence) VALUES (" +
                      quote_literal(table) + ", " + quote_literal(col.name) + ", " +
                      quote_literal(declared_type_for(col.type, schema())) + ", " +
                      quote_literal(seq) + ")");
    } else {
      col.declared_type = declared_type_for(col.type, schema());
      c += col.declared_type;
    }
    if (const tree::Object* coll = tree::object_field(def, "collClause")) {
      std::vector<std::string> names = string_list(tree::list_field(coll, "collname"));
      std::string n = names.empty() ? "" : names.back();
      if (n != "C" && n != "POSIX" && n != "default") {
        return error_at(sqlstate::kUndefinedObject,
                        "collation \"" + n + "\" for encoding \"UTF8\" does not exist",
                        location_of(coll));
      }
    }
    bool deferrable_target = false;
    for (size_t k = 0; k < tree::list_size(cons); ++k) {
      const tree::Object* con = tree::node(cons->at(k)).body;
      std::string_view ct = tree::string_field(con, "contype");
      std::string conname(tree::string_field(con, "conname"));
      if (ct == "CONSTR_NULL") continue;
      if (ct == "CONSTR_NOTNULL") {
        col.not_null = true;
        c += " NOT NULL";
      } else if (ct == "CONSTR_DEFAULT") {
        LITEWIRE_TRY_ASSIGN(e, expr(tree::field(con, "raw_expr")));
        LITEWIRE_TRY_ASSIGN(v, coerce_to_column(std::move(e), col, false));
        c += " DEFAULT (" + v + ")";
        col.default_sql = v;
      } else if (ct == "CONSTR_PRIMARY") {
        col.primary_key = true;
        col.not_null = true;
        if (conname.empty()) conname = table + "_pkey";
        c += " CONSTRAINT " + quote_ident(conname) + " PRIMARY KEY";
        if (rowid_alias) c += " AUTOINCREMENT";
        // A non-INTEGER PRIMARY KEY allows NULLs in SQLite (a legacy quirk, lang_createtable
        // "the PRIMARY KEY"): PostgreSQL's implied NOT NULL is spelled out.
        if (!rowid_alias) c += " NOT NULL";
        after.push_back(register_object('i', conname, "primary"));
      } else if (ct == "CONSTR_UNIQUE") {
        if (conname.empty()) conname = choose_name(table, col.name, "key", used_names);
        after.push_back("CREATE UNIQUE INDEX " + quote_ident(conname) + " ON " +
                        quote_ident(table) + " (" + quote_ident(col.name) + ")");
        after.push_back(register_object('i', conname, "unique"));
      } else if (ct == "CONSTR_CHECK") {
        if (conname.empty()) conname = choose_name(table, col.name, "check", used_names);
        LITEWIRE_TRY_ASSIGN(e, expr(tree::field(con, "raw_expr")));
        c += " CONSTRAINT " + quote_ident(conname) + " CHECK (" + e.sql + ")";
        if (tree::bool_field(con, "is_no_inherit")) return unsupported("NO INHERIT", location_of(con));
      } else if (ct == "CONSTR_FOREIGN") {
        if (conname.empty()) conname = choose_name(table, col.name, "fkey", used_names);
        const tree::Object* pk = tree::object_field(con, "pktable");
        std::string pktable(tree::string_field(pk, "relname"));
        if (pktable != table) LITEWIRE_TRY(require_table(pk));
        std::vector<std::string> pk_attrs = string_list(tree::list_field(con, "pk_attrs"));
        c += " CONSTRAINT " + quote_ident(conname) + " REFERENCES " + quote_ident(pktable);
        if (!pk_attrs.empty()) c += " (" + quoted_list(pk_attrs) + ")";
        c += " ON DELETE " + fk_action(tree::string_field(con, "fk_del_action"));
        c += " ON UPDATE " + fk_action(tree::string_field(con, "fk_upd_action"));
        if (tree::bool_field(con, "deferrable")) {
          c += tree::bool_field(con, "initdeferred") ? " DEFERRABLE INITIALLY DEFERRED"
                                                     : " DEFERRABLE INITIALLY IMMEDIATE";
        }
        deferrable_target = true;
      } else if (ct == "CONSTR_ATTR_DEFERRABLE" || ct == "CONSTR_ATTR_DEFERRED" ||
                 ct == "CONSTR_ATTR_NOT_DEFERRABLE" || ct == "CONSTR_ATTR_IMMEDIATE") {
        if (!deferrable_target) {
          return error_at(sqlstate::kSyntaxError, "misplaced DEFERRABLE clause", location_of(con));
        }
        if (ct == "CONSTR_ATTR_DEFERRABLE") {
          c += " DEFERRABLE INITIALLY IMMEDIATE";
        } else if (ct == "CONSTR_ATTR_DEFERRED") {
          // "DEFERRABLE INITIALLY DEFERRED": replace the clause just written.
          auto p = c.rfind(" DEFERRABLE INITIALLY IMMEDIATE");
          if (p != std::string::npos) c.erase(p);
          c += " DEFERRABLE INITIALLY DEFERRED";
        }
      } else if (ct == "CONSTR_IDENTITY") {
        // Handled as serial above.
      } else if (ct == "CONSTR_GENERATED") {
        LITEWIRE_TRY_ASSIGN(e, expr(tree::field(con, "raw_expr")));
        c += " GENERATED ALWAYS AS (" + e.sql + ") STORED";
      } else {
        return unsupported("constraint " + std::string(ct), location_of(con));
      }
    }
    body += (body.empty() ? "" : ", ") + c;
  }

  for (const tree::Object* con : table_constraints) {
    std::string_view ct = tree::string_field(con, "contype");
    std::string conname(tree::string_field(con, "conname"));
    std::vector<std::string> keys = string_list(tree::list_field(con, "keys"));
    for (const auto& k : keys) {
      if (info.find_column(k) == nullptr) {
        return error_at(sqlstate::kUndefinedColumn,
                        "column \"" + k + "\" named in key does not exist", location_of(con));
      }
    }
    if (tree::list_size(tree::list_field(con, "including")) > 0) {
      return unsupported("INCLUDE in constraints", location_of(con));
    }
    if (ct == "CONSTR_PRIMARY") {
      if (conname.empty()) conname = table + "_pkey";
      for (auto& c : info.columns) {
        for (const auto& k : keys) {
          if (c.name == k) {
            c.primary_key = true;
            c.not_null = true;
          }
        }
      }
      bool rowid = keys.size() == 1 && [&] {
        for (size_t i = 0; i < pending.size(); ++i) {
          if (info.columns[i].name == keys[0]) return pending[i].serial;
        }
        return false;
      }();
      if (rowid) {
        // Moved onto the column: find its text and add the key there.
        std::string needle = quote_ident(keys[0]) + " INTEGER";
        auto p = body.find(needle);
        if (p != std::string::npos) {
          body.insert(p + needle.size(), " CONSTRAINT " + quote_ident(conname) +
                                             " PRIMARY KEY AUTOINCREMENT");
        }
      } else {
        body += ", CONSTRAINT " + quote_ident(conname) + " PRIMARY KEY (" + quoted_list(keys) + ")";
        // SQLite lets a composite/non-integer primary key hold NULLs unless told otherwise.
        for (const auto& k : keys) {
          std::string needle = quote_ident(k) + " " + info.find_column(k)->declared_type;
          auto p = body.find(needle);
          if (p != std::string::npos &&
              body.compare(p + needle.size(), 9, " NOT NULL") != 0) {
            body.insert(p + needle.size(), " NOT NULL");
          }
        }
      }
      after.push_back(register_object('i', conname, "primary"));
    } else if (ct == "CONSTR_UNIQUE") {
      if (conname.empty()) conname = choose_name(table, join_names(keys, "_"), "key", used_names);
      after.push_back("CREATE UNIQUE INDEX " + quote_ident(conname) + " ON " + quote_ident(table) +
                      " (" + quoted_list(keys) + ")");
      after.push_back(register_object('i', conname, "unique"));
    } else if (ct == "CONSTR_CHECK") {
      std::string first = first_column(*tree::field(con, "raw_expr"));
      if (conname.empty()) conname = choose_name(table, first, "check", used_names);
      LITEWIRE_TRY_ASSIGN(e, expr(tree::field(con, "raw_expr")));
      body += ", CONSTRAINT " + quote_ident(conname) + " CHECK (" + e.sql + ")";
    } else if (ct == "CONSTR_FOREIGN") {
      std::vector<std::string> fk_attrs = string_list(tree::list_field(con, "fk_attrs"));
      std::vector<std::string> pk_attrs = string_list(tree::list_field(con, "pk_attrs"));
      if (conname.empty()) conname = choose_name(table, join_names(fk_attrs, "_"), "fkey", used_names);
      const tree::Object* pk = tree::object_field(con, "pktable");
      std::string pktable(tree::string_field(pk, "relname"));
      if (pktable != table) LITEWIRE_TRY(require_table(pk));
      std::string c = ", CONSTRAINT " + quote_ident(conname) + " FOREIGN KEY (" +
                      quoted_list(fk_attrs) + ") REFERENCES " + quote_ident(pktable);
      if (!pk_attrs.empty()) c += " (" + quoted_list(pk_attrs) + ")";
      c += " ON DELETE " + fk_action(tree::string_field(con, "fk_del_action"));
      c += " ON UPDATE " + fk_action(tree::string_field(con, "fk_upd_action"));
      if (tree::bool_field(con, "deferrable")) {
        c += tree::bool_field(con, "initdeferred") ? " DEFERRABLE INITIALLY DEFERRED"
                                                   : " DEFERRABLE INITIALLY IMMEDIATE";
      }
      body += c;
    } else if (ct == "CONSTR_EXCLUSION") {
      return unsupported("exclusion constraints", location_of(con));
    } else {
      return unsupported("constraint " + std::string(ct), location_of(con));
    }
  }

  std::string create = std::string("CREATE ") + (temp ? "TEMP " : "") + "TABLE " +
                       quote_ident(table) + " (" + body + ")";
  out.sqlite_sql.push_back(create);
  out.sqlite_sql.push_back(register_object('r', table));
  for (auto& s : after) out.sqlite_sql.push_back(std::move(s));

  // Later statements of the same query string see the new table.
  info.sql = create;
  mutable_schema().tables[table] = std::move(info);
  return {};
}

Result<void> Translator::drop_statement(const tree::Object* stmt, TranslatedStatement& out) {
  std::string_view type = tree::string_field(stmt, "removeType");
  bool missing_ok = tree::bool_field(stmt, "missing_ok");
  bool cascade = tree::string_field(stmt, "behavior") == "DROP_CASCADE";
  if (tree::bool_field(stmt, "concurrent")) notice("CONCURRENTLY is ignored");
  out.kind = StatementKind::kDdl;
  const tree::Array* objects = tree::list_field(stmt, "objects");
  std::string kind_word;
  if (type == "OBJECT_TABLE") {
    out.command_tag = "DROP TABLE";
    kind_word = "table";
  } else if (type == "OBJECT_INDEX") {
    out.command_tag = "DROP INDEX";
    kind_word = "index";
  } else if (type == "OBJECT_VIEW") {
    out.command_tag = "DROP VIEW";
    kind_word = "view";
  } else if (type == "OBJECT_SEQUENCE") {
    out.command_tag = "DROP SEQUENCE";
    kind_word = "sequence";
  } else if (type == "OBJECT_TYPE") {
    out.command_tag = "DROP TYPE";
    kind_word = "type";
  } else if (type == "OBJECT_SCHEMA") {
    return drop_schema(stmt, out);
  } else {
    std::string t(type.substr(type.rfind('_') + 1));
    return unsupported("DROP " + t);
  }
  (void)cascade;
  for (size_t i = 0; i < tree::list_size(objects); ++i) {
    const tree::Value& o = objects->at(i);
    std::vector<std::string> names;
    tree::Node on = tree::node(o);
    if (on.type == "List") {
      names = string_list(tree::list_field(on.body, "items"));
    } else if (on.type == "TypeName") {
      names = string_list(tree::list_field(on.body, "names"));
    }
    if (names.empty()) return unsupported("this DROP");
    std::string name = names.back();
    if (names.size() >= 2 && names[names.size() - 2] != "public") {
      return error_at(sqlstate::kInvalidSchemaName,
                      "schema \"" + names[names.size() - 2] + "\" does not exist", -1);
    }
    bool exists = false;
    if (kind_word == "table") {
      const TableInfo* t = schema().find_table(name);
      exists = t != nullptr && !t->is_view;
      if (t != nullptr && t->is_view) {
        return error_at(sqlstate::kWrongObjectType, "\"" + name + "\" is not a table", -1)
            .with_hint("Use DROP VIEW to remove a view.");
      }
    } else if (kind_word == "view") {
      const TableInfo* t = schema().find_table(name);
      exists = t != nullptr && t->is_view;
    } else if (kind_word == "index") {
      exists = schema().indexes.count(name) > 0;
    } else if (kind_word == "sequence") {
      exists = schema().sequences.count(name) > 0;
    } else if (kind_word == "type") {
      exists = schema().enums.count(name) > 0;
    }
    if (!exists) {
      if (missing_ok) {
        notice(kind_word + " \"" + name + "\" does not exist, skipping");
        continue;
      }
      protocol::SqlState code = kind_word == "type" ? sqlstate::kUndefinedObject
                                                    : sqlstate::kUndefinedTable;
      return error_at(code, kind_word + " \"" + name + "\" does not exist", -1);
    }
    if (kind_word == "table") {
      out.sqlite_sql.push_back("DROP TABLE " + quote_ident(name));
      // Sequences owned by the table's columns go with it (SQLite drops the AUTOINCREMENT row).
      std::vector<std::string> owned;
      for (const auto& [qn, q] : schema().sequences) {
        if (q.owned_by_table == name) owned.push_back(qn);
      }
      for (const std::string& qn : owned) {
        const SequenceInfo& q = schema().sequences.find(qn)->second;
        if (q.counter != name) {
          out.sqlite_sql.push_back("DELETE FROM sqlite_sequence WHERE name = " + quote_literal(q.counter));
        }
        out.sqlite_sql.push_back("DELETE FROM " + objects_table() + " WHERE kind = 'S' AND name = " +
                                 quote_literal(qn));
        mutable_schema().sequences.erase(qn);
      }
      mutable_schema().tables.erase(name);
    } else if (kind_word == "view") {
      out.sqlite_sql.push_back("DROP VIEW " + quote_ident(name));
      mutable_schema().tables.erase(name);
    } else if (kind_word == "index") {
      const IndexInfo& idx = schema().indexes.find(name)->second;
      if (idx.primary || idx.name.rfind("sqlite_autoindex_", 0) == 0) {
        return error_at(sqlstate::kDependentObjectsStillExist,
                        "cannot drop index " + name + " because constraint " + name +
                            " on table " + idx.table + " requires it",
                        -1)
            .with_hint("You can drop constraint " + name + " on table " + idx.table + " instead.");
      }
      out.sqlite_sql.push_back("DROP INDEX " + quote_ident(name));
      mutable_schema().indexes.erase(name);
    } else if (kind_word == "type") {
      int32_t type_oid = schema().enums.find(name)->second.oid;
      for (const auto& [tname, t] : schema().tables) {
        for (const auto& c : t.columns) {
          if (c.type.oid == type_oid) {
            return error_at(sqlstate::kDependentObjectsStillExist,
                            "cannot drop type " + name + " because other objects depend on it", -1)
                .with_detail("column " + c.name + " of table " + tname + " depends on type " + name)
                .with_hint("Use DROP ... CASCADE to drop the dependent objects too.");
          }
        }
      }
      out.sqlite_sql.push_back("DELETE FROM " + enums_table() + " WHERE type_name = " + quote_literal(name));
      out.sqlite_sql.push_back("DELETE FROM " + objects_table() + " WHERE kind = 't' AND name = " +
                               quote_literal(name));
      mutable_schema().enums.erase(name);
    } else if (kind_word == "sequence") {
      const SequenceInfo& seq = schema().sequences.find(name)->second;
      if (seq.counter == seq.owned_by_table) {
        return error_at(sqlstate::kDependentObjectsStillExist,
                        "cannot drop sequence " + name + " because other objects depend on it", -1)
            .with_hint("Use DROP ... CASCADE to drop the dependent objects too.");
      }
      out.sqlite_sql.push_back("DELETE FROM sqlite_sequence WHERE name = " + quote_literal(seq.counter));
      out.sqlite_sql.push_back("DELETE FROM " + objects_table() + " WHERE kind = 'S' AND name = " +
                               quote_literal(name));
      mutable_schema().sequences.erase(name);
    } else {
      return unsupported("DROP " + out.command_tag.substr(5));
    }
  }
  if (!out.sqlite_sql.empty()) {
    for (auto& f : forget_dropped()) out.sqlite_sql.push_back(std::move(f));
  }
  return {};
}

Result<void> Translator::create_index(const tree::Object* stmt, TranslatedStatement& out) {
  out.kind = StatementKind::kDdl;
  out.command_tag = "CREATE INDEX";
  const tree::Object* rel = tree::object_field(stmt, "relation");
  LITEWIRE_TRY_ASSIGN(table, require_table(rel));
  int loc = location_of(rel);
  std::string_view am = tree::string_field(stmt, "accessMethod");
  if (!am.empty() && am != "btree") {
    if (am == "hash") {
      notice("access method \"hash\" is replaced by a b-tree");
    } else {
      return unsupported("access method \"" + std::string(am) + "\"", loc);
    }
  }
  if (tree::bool_field(stmt, "concurrent")) notice("CONCURRENTLY is ignored");
  if (!tree::string_field(stmt, "tableSpace").empty()) notice("tablespaces are ignored");
  if (tree::list_size(tree::list_field(stmt, "options")) > 0) notice("index storage parameters are ignored");
  if (tree::list_size(tree::list_field(stmt, "indexIncludingParams")) > 0) {
    notice("INCLUDE columns are ignored");
  }
  bool unique = tree::bool_field(stmt, "unique");
  Scope scope;
  RangeItem self;
  self.ref_name = table->name;
  self.emit_as = "";
  self.table = table;
  for (const auto& c : table->columns) self.columns.push_back(ResultColumn{c.name, c.type, table->oid, c.number});
  scope.items.push_back(self);
  ScopeGuard guard(*this, scope);

  std::string elems;
  std::vector<std::string> colnames;
  const tree::Array* params = tree::list_field(stmt, "indexParams");
  for (size_t i = 0; i < tree::list_size(params); ++i) {
    const tree::Object* ie = tree::node(params->at(i)).body;
    std::string_view name = tree::string_field(ie, "name");
    std::string e;
    if (!name.empty()) {
      if (table->find_column(name) == nullptr) {
        return error_at(sqlstate::kUndefinedColumn,
                        "column \"" + std::string(name) + "\" does not exist", loc);
      }
      e = quote_ident(name);
      colnames.emplace_back(name);
    } else {
      LITEWIRE_TRY_ASSIGN(x, expr(tree::field(ie, "expr")));
      e = "(" + x.sql + ")";
      colnames.emplace_back("expr");
    }
    // Operator classes such as varchar_pattern_ops only exist to make LIKE use the index under
    // non-C collations; litewire compares bytes, so the default b-tree serves the same queries.
    const tree::Array* coll = tree::list_field(ie, "collation");
    if (tree::list_size(coll) > 0) {
      std::string cn(tree::string_value(coll->back()));
      if (cn != "C" && cn != "POSIX" && cn != "default") {
        return error_at(sqlstate::kUndefinedObject,
                        "collation \"" + cn + "\" for encoding \"UTF8\" does not exist", loc);
      }
    }
    std::string_view ord = tree::string_field(ie, "ordering");
    std::string_view nulls = tree::string_field(ie, "nulls_ordering");
    if (ord == "SORTBY_DESC") e += " DESC";
    if (nulls != "SORTBY_NULLS_DEFAULT" && !nulls.empty()) {
      // SQLite indexes do not take NULLS FIRST/LAST; the ordering only affects index scans.
      notice("NULLS FIRST/LAST in an index is ignored");
    }
    elems += (i ? ", " : "") + e;
  }
  std::string name(tree::string_field(stmt, "idxname"));
  if (name.empty()) {
    // PostgreSQL's ChooseIndexName: <table>_<columns>_idx (or _key for unique), numbered.
    std::set<std::string> used;
    for (const auto& [n, idx] : schema().indexes) used.insert(n);
    for (const auto& [n, t] : schema().tables) used.insert(n);
    name = choose_name(table->name, join_names(colnames, "_"), unique ? "key" : "idx", used);
  }
  bool if_not_exists = tree::bool_field(stmt, "if_not_exists");
  if (schema().indexes.count(name) > 0 || schema().find_table(name) != nullptr) {
    if (if_not_exists) {
      notice("relation \"" + name + "\" already exists, skipping");
      return {};
    }
    return error_at(sqlstate::kDuplicateTable, "relation \"" + name + "\" already exists", -1);
  }
  std::string sql = std::string("CREATE ") + (unique ? "UNIQUE " : "") + "INDEX " +
                    (if_not_exists ? "IF NOT EXISTS " : "") + quote_ident(name) + " ON " +
                    quote_ident(table->name) + " (" + elems + ")";
  if (const tree::Value* w = tree::field(stmt, "whereClause")) {
    LITEWIRE_TRY_ASSIGN(we, expr(*w));
    sql += " WHERE " + we.sql;
  }
  out.sqlite_sql.push_back(sql);
  out.sqlite_sql.push_back(register_object('i', name, unique ? "unique" : ""));
  IndexInfo idx;
  idx.name = name;
  idx.table = table->name;
  idx.unique = unique;
  idx.columns = colnames;
  idx.sql = sql;
  mutable_schema().indexes[name] = std::move(idx);
  return {};
}

Result<void> Translator::alter_table(const tree::Object* stmt, TranslatedStatement& out) {
  out.kind = StatementKind::kDdl;
  out.command_tag = "ALTER TABLE";
  std::string_view objtype = tree::string_field(stmt, "objtype");
  if (objtype == "OBJECT_INDEX") out.command_tag = "ALTER INDEX";
  if (objtype == "OBJECT_SEQUENCE") return unsupported("ALTER SEQUENCE");
  const tree::Object* rel = tree::object_field(stmt, "relation");
  const TableInfo* table = find_table(rel);
  if (table == nullptr) {
    if (tree::bool_field(stmt, "missing_ok")) {
      notice("relation \"" + std::string(tree::string_field(rel, "relname")) +
             "\" does not exist, skipping");
      return {};
    }
    LITEWIRE_TRY(require_table(rel));
  }
  std::string tname = quote_ident(table->name);
  // Changes SQLite's ALTER TABLE cannot make are applied to the table's CREATE TABLE text, which
  // pg_rewrite_table_sql() writes back (functions.h); rows are validated first, as PostgreSQL
  // validates them, and converted after (ALTER COLUMN TYPE).
  std::optional<TableSql> rewrite;
  std::vector<std::string> after_rewrite;
  auto table_sql = [&]() -> Result<TableSql*> {
    if (!rewrite) {
      auto split = split_table_sql(table->sql);
      if (!split || table->is_view) {
        return unsupported("this ALTER TABLE on table \"" + table->name + "\"");
      }
      rewrite = std::move(*split);
    }
    return &*rewrite;
  };
  auto column_element = [&](const std::string& col) -> Result<std::string*> {
    LITEWIRE_TRY_ASSIGN(ts, table_sql());
    for (auto& e : ts->elements) {
      if (element_names_column(e, col)) return &e;
    }
    return error_at(sqlstate::kUndefinedColumn,
                    "column \"" + col + "\" of relation \"" + table->name + "\" does not exist", -1);
  };
  auto raise_if_any = [&](const std::string& code, const std::string& message,
                          const std::string& detail_sql, const std::string& from_where) {
    out.sqlite_sql.push_back("SELECT pg_raise('" + code + "', " + quote_literal(message) + ", " +
                             detail_sql + ") FROM " + from_where + " LIMIT 1");
  };
  auto self_scope = [&]() {
    Scope scope;
    RangeItem self;
    self.ref_name = table->name;
    self.emit_as = "";
    self.table = table;
    for (const auto& c : table->columns) {
      self.columns.push_back(ResultColumn{c.name, c.type, table->oid, c.number});
    }
    scope.items.push_back(std::move(self));
    return scope;
  };
  for (const auto& c : *tree::list_field(stmt, "cmds")) {
    const tree::Object* cmd = tree::node(c).body;
    std::string_view sub = tree::string_field(cmd, "subtype");
    std::string name(tree::string_field(cmd, "name"));
    if (sub == "AT_AddColumn") {
      const tree::Object* def = tree::node(tree::field(cmd, "def")).body;
      ColumnInfo col;
      col.name = std::string(tree::string_field(def, "colname"));
      bool serial = false;
      LITEWIRE_TRY_ASSIGN(t, type_name(tree::object_field(def, "typeName"), &serial));
      if (serial) return unsupported("adding a serial column", location_of(def));
      if (table->find_column(col.name) != nullptr) {
        if (tree::bool_field(cmd, "missing_ok")) {
          notice("column \"" + col.name + "\" of relation \"" + table->name +
                 "\" already exists, skipping");
          continue;
        }
        return error_at(sqlstate::kDuplicateColumn,
                        "column \"" + col.name + "\" of relation \"" + table->name +
                            "\" already exists",
                        location_of(def));
      }
      col.type = t;
      col.declared_type = declared_type_for(t, schema());
      std::string sql = "ALTER TABLE " + tname + " ADD COLUMN " + quote_ident(col.name) + " " +
                        col.declared_type;
      const tree::Array* cons = tree::list_field(def, "constraints");
      for (size_t k = 0; k < tree::list_size(cons); ++k) {
        const tree::Object* con = tree::node(cons->at(k)).body;
        std::string_view ct = tree::string_field(con, "contype");
        if (ct == "CONSTR_NOTNULL") {
          sql += " NOT NULL";
        } else if (ct == "CONSTR_NULL") {
        } else if (ct == "CONSTR_DEFAULT") {
          LITEWIRE_TRY_ASSIGN(e, expr(tree::field(con, "raw_expr")));
          LITEWIRE_TRY_ASSIGN(v, coerce_to_column(std::move(e), col, false));
          sql += " DEFAULT (" + v + ")";
        } else if (ct == "CONSTR_CHECK") {
          std::string conname(tree::string_field(con, "conname"));
          if (conname.empty()) conname = table->name + "_" + col.name + "_check";
          Scope scope;
          RangeItem self;
          self.ref_name = table->name;
          self.emit_as = "";
          self.columns.push_back(ResultColumn{col.name, col.type, table->oid, 0});
          scope.items.push_back(self);
          ScopeGuard guard(*this, scope);
          LITEWIRE_TRY_ASSIGN(e, expr(tree::field(con, "raw_expr")));
          sql += " CONSTRAINT " + quote_ident(conname) + " CHECK (" + e.sql + ")";
        } else if (ct == "CONSTR_FOREIGN") {
          std::string conname(tree::string_field(con, "conname"));
          if (conname.empty()) conname = table->name + "_" + col.name + "_fkey";
          const tree::Object* pk = tree::object_field(con, "pktable");
          LITEWIRE_TRY(require_table(pk));
          std::vector<std::string> pk_attrs = string_list(tree::list_field(con, "pk_attrs"));
          sql += " CONSTRAINT " + quote_ident(conname) + " REFERENCES " +
                 quote_ident(tree::string_field(pk, "relname"));
          if (!pk_attrs.empty()) sql += " (" + quoted_list(pk_attrs) + ")";
          sql += " ON DELETE " + fk_action(tree::string_field(con, "fk_del_action"));
          sql += " ON UPDATE " + fk_action(tree::string_field(con, "fk_upd_action"));
          if (tree::bool_field(con, "deferrable")) {
            sql += tree::bool_field(con, "initdeferred") ? " DEFERRABLE INITIALLY DEFERRED"
                                                         : " DEFERRABLE INITIALLY IMMEDIATE";
          }
        } else if (ct == "CONSTR_UNIQUE") {
          std::string conname(tree::string_field(con, "conname"));
          if (conname.empty()) conname = table->name + "_" + col.name + "_key";
          out.sqlite_sql.push_back(sql);
          sql.clear();
          out.sqlite_sql.push_back("CREATE UNIQUE INDEX " + quote_ident(conname) + " ON " + tname +
                                   " (" + quote_ident(col.name) + ")");
          out.sqlite_sql.push_back(register_object('i', conname, "unique"));
        } else {
          if (ct == "CONSTR_IDENTITY") {
            return unsupported("ALTER TABLE ... ADD COLUMN ... GENERATED AS IDENTITY", location_of(con));
          }
          return unsupported("constraint " + std::string(ct) + " in ADD COLUMN", location_of(con));
        }
      }
      if (!sql.empty()) out.sqlite_sql.push_back(sql);
      TableInfo& mt = mutable_schema().tables[table->name];
      col.number = static_cast<int16_t>(mt.columns.size() + 1);
      mt.columns.push_back(col);
      table = &mt;
    } else if (sub == "AT_DropColumn") {
      if (table->find_column(name) == nullptr) {
        if (tree::bool_field(cmd, "missing_ok")) {
          notice("column \"" + name + "\" of relation \"" + table->name +
                 "\" does not exist, skipping");
          continue;
        }
        return error_at(sqlstate::kUndefinedColumn,
                        "column \"" + name + "\" of relation \"" + table->name +
                            "\" does not exist",
                        -1);
      }
      out.sqlite_sql.push_back("ALTER TABLE " + tname + " DROP COLUMN " + quote_ident(name));
      out.sqlite_sql.push_back("DELETE FROM " + columns_table() + " WHERE table_name = " +
                               quote_literal(table->name) + " AND column_name = " +
                               quote_literal(name));
    } else if (sub == "AT_AddConstraint") {
      const tree::Object* con = tree::node(tree::field(cmd, "def")).body;
      std::string_view ct = tree::string_field(con, "contype");
      std::string conname(tree::string_field(con, "conname"));
      std::vector<std::string> keys = string_list(tree::list_field(con, "keys"));
      for (const auto& k : keys) {
        if (table->find_column(k) == nullptr) {
          return error_at(sqlstate::kUndefinedColumn,
                          "column \"" + k + "\" named in key does not exist", location_of(con));
        }
      }
      if (ct == "CONSTR_PRIMARY" || ct == "CONSTR_UNIQUE") {
        bool primary = ct == "CONSTR_PRIMARY";
        if (primary) {
          for (const auto& [n, idx] : schema().indexes) {
            if (idx.table == table->name && idx.primary) {
              return error_at(sqlstate::kInvalidTableDefinition,
                              "multiple primary keys for table \"" + table->name +
                                  "\" are not allowed",
                              location_of(con));
            }
          }
        }
        if (conname.empty()) {
          conname = primary ? table->name + "_pkey" : table->name + "_" + join_names(keys, "_") + "_key";
        }
        // SQLite cannot add a PRIMARY KEY to an existing table; a unique index named as
        // PostgreSQL names the constraint enforces the same uniqueness (NULLs in the key are
        // rejected by PostgreSQL and not here: a documented difference).
        out.sqlite_sql.push_back("CREATE UNIQUE INDEX " + quote_ident(conname) + " ON " + tname +
                                 " (" + quoted_list(keys) + ")");
        out.sqlite_sql.push_back(register_object('i', conname, primary ? "primary" : "unique"));
        IndexInfo idx;
        idx.name = conname;
        idx.table = table->name;
        idx.unique = true;
        idx.primary = primary;
        idx.columns = keys;
        mutable_schema().indexes[conname] = std::move(idx);
        table = schema().find_table(table->name);
      } else if (ct == "CONSTR_FOREIGN") {
        std::vector<std::string> fk_attrs = string_list(tree::list_field(con, "fk_attrs"));
        std::vector<std::string> pk_attrs = string_list(tree::list_field(con, "pk_attrs"));
        for (const auto& k : fk_attrs) {
          if (table->find_column(k) == nullptr) {
            return error_at(sqlstate::kUndefinedColumn,
                            "column \"" + k + "\" referenced in foreign key constraint does not exist",
                            location_of(con));
          }
        }
        const tree::Object* pk = tree::object_field(con, "pktable");
        LITEWIRE_TRY_ASSIGN(parent, require_table(pk));
        if (pk_attrs.empty()) {
          for (const auto& pc : parent->columns) {
            if (pc.primary_key) pk_attrs.push_back(pc.name);
          }
        }
        if (pk_attrs.size() != fk_attrs.size()) {
          return error_at(sqlstate::kInvalidForeignKey,
                          "number of referencing and referenced columns for foreign key disagree",
                          location_of(con));
        }
        if (conname.empty()) conname = table->name + "_" + join_names(fk_attrs, "_") + "_fkey";
        std::string text = "CONSTRAINT " + quote_ident(conname) + " FOREIGN KEY (" +
                           quoted_list(fk_attrs) + ") REFERENCES " + quote_ident(parent->name) +
                           " (" + quoted_list(pk_attrs) + ") ON DELETE " +
                           fk_action(tree::string_field(con, "fk_del_action")) + " ON UPDATE " +
                           fk_action(tree::string_field(con, "fk_upd_action"));
        if (tree::bool_field(con, "deferrable")) {
          text += tree::bool_field(con, "initdeferred") ? " DEFERRABLE INITIALLY DEFERRED"
                                                         : " DEFERRABLE INITIALLY IMMEDIATE";
        }
        if (!tree::bool_field(con, "skip_validation")) {
          std::string present, match, key, values;
          for (size_t i = 0; i < fk_attrs.size(); ++i) {
            std::string child = tname + "." + quote_ident(fk_attrs[i]);
            present += (i ? " AND " : "") + child + " IS NOT NULL";
            match += (i ? " AND " : "") + quote_ident(parent->name) + "." + quote_ident(pk_attrs[i]) +
                     " = " + child;
            key += (i ? ", " : "") + fk_attrs[i];
            values += std::string(i ? " || ', ' || " : "") + child;
          }
          raise_if_any("23503",
                       "insert or update on table \"" + table->name +
                           "\" violates foreign key constraint \"" + conname + "\"",
                       "'Key (" + key + ")=(' || " + values + " || ') is not present in table \"" +
                           parent->name + "\".'",
                       tname + " WHERE " + present + " AND NOT EXISTS (SELECT 1 FROM " +
                           quote_ident(parent->name) + " WHERE " + match + ")");
        }
        LITEWIRE_TRY_ASSIGN(ts, table_sql());
        ts->elements.push_back(text);
      } else if (ct == "CONSTR_CHECK") {
        std::string first = first_column(*tree::field(con, "raw_expr"));
        if (conname.empty()) conname = table->name + "_" + (first.empty() ? "" : first + "_") + "check";
        Scope scope = self_scope();
        ScopeGuard guard(*this, scope);
        LITEWIRE_TRY_ASSIGN(e, expr(tree::field(con, "raw_expr")));
        if (!tree::bool_field(con, "skip_validation")) {
          raise_if_any("23514",
                       "check constraint \"" + conname + "\" of relation \"" + table->name +
                           "\" is violated by some row",
                       "''", tname + " WHERE NOT (" + e.sql + ")");
        }
        LITEWIRE_TRY_ASSIGN(ts, table_sql());
        ts->elements.push_back("CONSTRAINT " + quote_ident(conname) + " CHECK (" + e.sql + ")");
      } else {
        return unsupported("ALTER TABLE ... ADD " + std::string(ct), location_of(con));
      }
    } else if (sub == "AT_DropConstraint") {
      auto it = schema().indexes.find(name);
      if (it != schema().indexes.end() && it->second.table == table->name &&
          it->second.name.rfind("sqlite_autoindex_", 0) != 0 &&
          it->second.sql.find("CREATE UNIQUE INDEX") != std::string::npos) {
        out.sqlite_sql.push_back("DROP INDEX " + quote_ident(name));
        for (auto& f : forget_dropped()) out.sqlite_sql.push_back(std::move(f));
        mutable_schema().indexes.erase(name);
        table = schema().find_table(table->name);
      } else if (it != schema().indexes.end() && it->second.table == table->name) {
        return unsupported("ALTER TABLE ... DROP CONSTRAINT on this constraint");
      } else {
        LITEWIRE_TRY_ASSIGN(ts, table_sql());
        LITEWIRE_TRY_ASSIGN(found, drop_constraint_element(*ts, name));
        if (!found) {
          const std::string message =
              "constraint \"" + name + "\" of relation \"" + table->name + "\" does not exist";
          if (tree::bool_field(cmd, "missing_ok")) {
            notice(message + ", skipping");
          } else {
            return error_at(sqlstate::kUndefinedObject, message, -1);
          }
        }
      }
    } else if (sub == "AT_SetNotNull" || sub == "AT_DropNotNull" || sub == "AT_ColumnDefault" ||
               sub == "AT_AlterColumnType") {
      const ColumnInfo* col = table->find_column(name);
      if (col == nullptr) {
        return error_at(sqlstate::kUndefinedColumn,
                        "column \"" + name + "\" of relation \"" + table->name + "\" does not exist", -1);
      }
      LITEWIRE_TRY_ASSIGN(element, column_element(name));
      std::vector<Word> w = words_of(*element);
      if (sub == "AT_SetNotNull") {
        bool already = false;
        for (size_t i = 0; i + 1 < w.size(); ++i) already |= w[i].text == "NOT" && w[i + 1].text == "NULL";
        if (!already) {
          raise_if_any("23502",
                       "column \"" + name + "\" of relation \"" + table->name + "\" contains null values",
                       "''", tname + " WHERE " + quote_ident(name) + " IS NULL");
          *element += " NOT NULL";
        }
      } else if (sub == "AT_DropNotNull") {
        if (col->primary_key) {
          return error_at(sqlstate::kInvalidTableDefinition,
                          "column \"" + name + "\" is in a primary key", -1);
        }
        for (size_t i = w.size(); i-- > 1;) {
          if (w[i - 1].text == "NOT" && w[i].text == "NULL") {
            erase_words(*element, w, i - 1, i + 1);
            w = words_of(*element);
            i = std::min(i, w.size());
          }
        }
      } else if (sub == "AT_ColumnDefault") {
        for (size_t i = 1; i + 1 < w.size(); ++i) {
          if (w[i].text == "DEFAULT") {
            erase_words(*element, w, i, i + 2);
            break;
          }
        }
        if (const tree::Value* def = tree::field(cmd, "def")) {
          LITEWIRE_TRY_ASSIGN(e, expr(*def));
          LITEWIRE_TRY_ASSIGN(v, coerce_to_column(std::move(e), *col, false));
          *element += " DEFAULT (" + v + ")";
        }
      } else {
        const tree::Object* def = tree::node(tree::field(cmd, "def")).body;
        LITEWIRE_TRY_ASSIGN(t, type_name(tree::object_field(def, "typeName")));
        if (lower_ascii(col->declared_type) == "integer" && col->primary_key) {
          return unsupported("changing the type of a serial primary key");
        }
        std::string declared = declared_type_for(t, schema());
        size_t stop = constraint_start(w);
        size_t b = w.size() > 1 ? w[0].end : element->size();
        size_t en = stop < w.size() ? w[stop].begin : element->size();
        element->replace(b, en - b, " " + declared + (stop < w.size() ? " " : ""));
        std::string value = quote_ident(name);
        if (const tree::Value* using_expr = tree::field(def, "raw_default")) {
          Scope scope = self_scope();
          ScopeGuard guard(*this, scope);
          LITEWIRE_TRY_ASSIGN(u, expr(*using_expr));
          value = u.sql;
        }
        std::string assigned = "pg_assign(" + value + ", " + std::to_string(t.oid) + ", " +
                               std::to_string(t.typmod) + ", " + std::to_string(col->type.oid) + ")";
        if (t.oid == oid::kNumeric) assigned = "pg_numeric_column(" + assigned + ")";
        after_rewrite.push_back("UPDATE " + tname + " SET " + quote_ident(name) + " = " + assigned);
        after_rewrite.push_back("DELETE FROM " + columns_table() + " WHERE table_name = " +
                                quote_literal(table->name) + " AND column_name = " + quote_literal(name));
        TableInfo& mt = mutable_schema().tables[table->name];
        for (auto& mc : mt.columns) {
          if (mc.name == name) {
            mc.type = t;
            mc.declared_type = declared;
          }
        }
        table = &mt;
      }
    } else if (sub == "AT_SetRelOptions" || sub == "AT_ResetRelOptions") {
      notice("storage parameters are ignored");
    } else if (sub == "AT_ClusterOn" || sub == "AT_SetTableSpace" || sub == "AT_SetStatistics") {
      notice("ALTER TABLE storage option is ignored");
    } else if (sub == "AT_AddIdentity") {
      return unsupported("ALTER TABLE ... ALTER COLUMN ... ADD GENERATED AS IDENTITY");
    } else if (sub == "AT_SetIdentity") {
      // SET GENERATED { ALWAYS | BY DEFAULT } and RESTART [WITH n]; the options that change
      // how the values count would also change the column's stored default.
      const ColumnInfo* col = table->find_column(name);
      if (col == nullptr) {
        return error_at(sqlstate::kUndefinedColumn,
                        "column \"" + name + "\" of relation \"" + table->name + "\" does not exist", -1);
      }
      const SequenceInfo* seq = nullptr;
      for (const auto& [qn, q] : schema().sequences) {
        if (q.identity != 0 && q.owned_by_table == table->name && q.owned_by_column == name) seq = &q;
      }
      if (col->identity == 0 || seq == nullptr) {
        return error_at(sqlstate::kObjectNotInPrerequisiteState,
                        "column \"" + name + "\" of relation \"" + table->name +
                            "\" is not an identity column", -1);
      }
      SequenceInfo next = *seq;
      tree::Array restart_options;
      const tree::Array* items = tree::list_field(tree::node(tree::field(cmd, "def")).body, "items");
      for (size_t k = 0; k < tree::list_size(items); ++k) {
        const tree::Object* d = tree::node(items->at(k)).body;
        std::string_view opt = tree::string_field(d, "defname");
        if (opt == "generated") {
          int64_t when = tree::int_field(tree::node(tree::field(d, "arg")).body, "ival", 0);
          next.identity = when == 'a' ? 'a' : 'd';
        } else if (opt == "restart") {
          restart_options.push_back(items->at(k));
        } else {
          return unsupported("ALTER TABLE ... ALTER COLUMN ... SET " + std::string(opt),
                             location_of(d));
        }
      }
      std::optional<int64_t> restart;
      LITEWIRE_TRY(sequence_options(&restart_options, next, true, restart));
      LITEWIRE_TRY(change_sequence(*seq, next, restart, -1, out));
      TableInfo& mt = mutable_schema().tables[table->name];
      for (auto& mc : mt.columns) {
        if (mc.name == name) mc.identity = next.identity;
      }
      table = &mt;
    } else if (sub == "AT_DropIdentity") {
      return unsupported("ALTER TABLE ... ALTER COLUMN ... DROP IDENTITY");
    } else {
      return unsupported("ALTER TABLE " + std::string(sub.substr(3)));
    }
  }
  if (rewrite) {
    std::string new_sql = join_table_sql(*rewrite);
    out.sqlite_sql.push_back("SELECT pg_rewrite_table_sql(" + quote_literal(table->name) + ", " +
                             quote_literal(new_sql) + ")");
    for (auto& a : after_rewrite) out.sqlite_sql.push_back(std::move(a));
    mutable_schema().tables[table->name].sql = new_sql;
  }
  return {};
}

// After a table or column rename: the sequences owned by the table (by `column` when given)
// name their new owner (SQLite renames a table's AUTOINCREMENT row itself).
void Translator::move_owned_sequences(const std::string& table, const std::string& column,
                                      const std::string& new_table, const std::string& new_column,
                                      TranslatedStatement& out) {
  std::vector<SequenceInfo> moved;
  for (const auto& [qn, q] : schema().sequences) {
    if (q.owned_by_table != table || (!column.empty() && q.owned_by_column != column)) continue;
    SequenceInfo m = q;
    m.owned_by_table = new_table;
    if (!new_column.empty()) m.owned_by_column = new_column;
    if (m.counter == table) m.counter = new_table;
    moved.push_back(std::move(m));
  }
  for (SequenceInfo& m : moved) {
    out.sqlite_sql.push_back("UPDATE " + objects_table() + " SET info = " +
                             quote_literal(sequence_info_json(m)) + " WHERE kind = 'S' AND name = " +
                             quote_literal(m.name));
    mutable_schema().sequences[m.name] = std::move(m);
  }
}

Result<void> Translator::rename_statement(const tree::Object* stmt, TranslatedStatement& out) {
  out.kind = StatementKind::kDdl;
  std::string_view rt = tree::string_field(stmt, "renameType");
  const tree::Object* rel = tree::object_field(stmt, "relation");
  std::string newname(tree::string_field(stmt, "newname"));
  if (rt == "OBJECT_TABLE" || rt == "OBJECT_VIEW") {
    out.command_tag = rt == "OBJECT_TABLE" ? "ALTER TABLE" : "ALTER VIEW";
    LITEWIRE_TRY_ASSIGN(t, require_table(rel));
    if (schema().find_table(newname) != nullptr) {
      return error_at(sqlstate::kDuplicateTable, "relation \"" + newname + "\" already exists", -1);
    }
    if (t->is_view) return unsupported("ALTER VIEW ... RENAME");
    std::string old = t->name;
    out.sqlite_sql.push_back("ALTER TABLE " + quote_ident(old) + " RENAME TO " + quote_ident(newname));
    // The OID stays with the table (PostgreSQL renames keep pg_class.oid).
    out.sqlite_sql.push_back("UPDATE " + objects_table() + " SET name = " + quote_literal(newname) +
                             " WHERE kind = 'r' AND name = " + quote_literal(old));
    out.sqlite_sql.push_back("UPDATE " + columns_table() + " SET table_name = " +
                             quote_literal(newname) + " WHERE table_name = " + quote_literal(old));
    move_owned_sequences(old, "", newname, "", out);
    TableInfo moved = *t;
    moved.name = newname;
    mutable_schema().tables.erase(old);
    mutable_schema().tables[newname] = std::move(moved);
    return {};
  }
  if (rt == "OBJECT_COLUMN") {
    out.command_tag = "ALTER TABLE";
    LITEWIRE_TRY_ASSIGN(t, require_table(rel));
    std::string sub(tree::string_field(stmt, "subname"));
    if (t->find_column(sub) == nullptr) {
      return error_at(sqlstate::kUndefinedColumn,
                      "column \"" + sub + "\" does not exist", -1);
    }
    if (t->find_column(newname) != nullptr) {
      return error_at(sqlstate::kDuplicateColumn,
                      "column \"" + newname + "\" of relation \"" + t->name + "\" already exists", -1);
    }
    out.sqlite_sql.push_back("ALTER TABLE " + quote_ident(t->name) + " RENAME COLUMN " +
                             quote_ident(sub) + " TO " + quote_ident(newname));
    out.sqlite_sql.push_back("UPDATE " + columns_table() + " SET column_name = " +
                             quote_literal(newname) + " WHERE table_name = " +
                             quote_literal(t->name) + " AND column_name = " + quote_literal(sub));
    move_owned_sequences(t->name, sub, t->name, newname, out);
    TableInfo& mt = mutable_schema().tables[t->name];
    for (auto& c : mt.columns) {
      if (c.name == sub) c.name = newname;
    }
    return {};
  }
  if (rt == "OBJECT_INDEX") return unsupported("ALTER INDEX ... RENAME");
  return unsupported("this RENAME");
}

Result<void> Translator::truncate_statement(const tree::Object* stmt, TranslatedStatement& out) {
  out.kind = StatementKind::kDdl;
  out.command_tag = "TRUNCATE TABLE";
  bool restart = tree::bool_field(stmt, "restart_seqs");
  for (const auto& r : *tree::list_field(stmt, "relations")) {
    const tree::Object* rel = tree::node(r).body;
    LITEWIRE_TRY_ASSIGN(t, require_table(rel));
    // DELETE without WHERE uses SQLite's truncate optimization.
    out.sqlite_sql.push_back("DELETE FROM " + quote_ident(t->name));
    if (!restart) continue;
    // RESTART IDENTITY: every sequence owned by the table's columns starts over.
    for (const auto& [qn, q] : schema().sequences) {
      if (q.owned_by_table != t->name) continue;
      out.sqlite_sql.push_back("DELETE FROM sqlite_sequence WHERE name = " + quote_literal(q.counter));
      out.sqlite_sql.push_back("INSERT INTO sqlite_sequence (name, seq) VALUES (" +
                               quote_literal(q.counter) + ", " + std::to_string(q.start - q.increment) + ")");
    }
  }
  return {};
}

Result<void> Translator::create_view(const tree::Object* stmt, TranslatedStatement& out) {
  out.kind = StatementKind::kDdl;
  out.command_tag = "CREATE VIEW";
  const tree::Object* view = tree::object_field(stmt, "view");
  std::string name(tree::string_field(view, "relname"));
  bool replace = tree::bool_field(stmt, "replace");
  if (const TableInfo* t = schema().find_table(name)) {
    if (!replace || !t->is_view) {
      return error_at(sqlstate::kDuplicateTable, "relation \"" + name + "\" already exists",
                      location_of(view));
    }
    out.sqlite_sql.push_back("DROP VIEW " + quote_ident(name));
  }
  if (tree::string_field(stmt, "withCheckOption") != "NO_CHECK_OPTION" &&
      !tree::string_field(stmt, "withCheckOption").empty()) {
    return unsupported("WITH CHECK OPTION");
  }
  LITEWIRE_TRY_ASSIGN(q, query(tree::node(tree::field(stmt, "query")).body));
  std::vector<std::string> aliases = string_list(tree::list_field(stmt, "aliases"));
  for (size_t i = 0; i < aliases.size() && i < q.columns.size(); ++i) q.columns[i].name = aliases[i];
  std::string sql = std::string("CREATE ") +
                    (tree::string_field(view, "relpersistence") == "t" ? "TEMP " : "") +
                    "VIEW " + quote_ident(name) + " (";
  for (size_t i = 0; i < q.columns.size(); ++i) sql += (i ? ", " : "") + quote_ident(q.columns[i].name);
  sql += ") AS " + q.sql;
  out.sqlite_sql.push_back(sql);
  out.sqlite_sql.push_back(register_object('r', name));
  // View columns have no declared type in SQLite; their PostgreSQL types are kept aside.
  TableInfo info;
  info.name = name;
  info.is_view = true;
  for (size_t i = 0; i < q.columns.size(); ++i) {
    ColumnInfo c;
    c.name = q.columns[i].name;
    c.type = q.columns[i].type.oid == 0 ? PgType{oid::kText, -1} : q.columns[i].type;
    c.number = static_cast<int16_t>(i + 1);
    out.sqlite_sql.push_back("INSERT OR REPLACE INTO " + columns_table() +
                             " (table_name, column_name, pg_type) VALUES (" + quote_literal(name) +
                             ", " + quote_literal(c.name) + ", " +
                             quote_literal(declared_type_for(c.type, schema())) + ")");
    info.columns.push_back(std::move(c));
  }
  mutable_schema().tables[name] = std::move(info);
  return {};
}

std::string Translator::enums_table() { return quote_ident(kEnumsTable); }

Result<void> Translator::create_enum(const tree::Object* stmt, TranslatedStatement& out) {
  out.kind = StatementKind::kDdl;
  out.command_tag = "CREATE TYPE";
  std::vector<std::string> names = string_list(tree::list_field(stmt, "typeName"));
  std::string name = names.empty() ? "" : names.back();
  if (names.size() >= 2 && names[names.size() - 2] != "public") {
    return error_at(sqlstate::kInvalidSchemaName,
                    "schema \"" + names[names.size() - 2] + "\" does not exist", -1);
  }
  if (schema().enums.count(name) > 0 || protocol::find_type_by_name(name) != nullptr) {
    return error_at(sqlstate::kDuplicateObject, "type \"" + name + "\" already exists", -1);
  }
  std::vector<std::string> labels = string_list(tree::list_field(stmt, "vals"));
  EnumInfo e;
  e.name = name;
  // Until the schema is reloaded the type has no OID yet; a placeholder above the OID range
  // lets later statements of the same query string refer to it.
  e.oid = 0x7f000000 + static_cast<int32_t>(schema().enums.size());
  out.sqlite_sql.push_back(register_object('t', name));
  for (size_t i = 0; i < labels.size(); ++i) {
    if (labels[i].size() > 63) {
      return error_at(sqlstate::kInvalidParameterValue, "invalid enum label \"" + labels[i] + "\"", -1)
          .with_detail("Labels must be 63 bytes or less.");
    }
    for (size_t j = 0; j < i; ++j) {
      if (labels[j] == labels[i]) {
        return error_at(sqlstate::kInvalidParameterValue,
                        "enum labels must be unique", -1);
      }
    }
    out.sqlite_sql.push_back("INSERT INTO " + enums_table() + " (type_name, sort_order, label) VALUES (" +
                             quote_literal(name) + ", " + std::to_string(i + 1) + ", " +
                             quote_literal(labels[i]) + ")");
  }
  e.labels = std::move(labels);
  mutable_schema().enums[name] = std::move(e);
  return {};
}

Result<void> Translator::alter_enum(const tree::Object* stmt, TranslatedStatement& out) {
  out.kind = StatementKind::kDdl;
  out.command_tag = "ALTER TYPE";
  std::vector<std::string> names = string_list(tree::list_field(stmt, "typeName"));
  std::string name = names.empty() ? "" : names.back();
  auto it = schema().enums.find(name);
  if (it == schema().enums.end()) {
    return error_at(sqlstate::kUndefinedObject, "type \"" + name + "\" does not exist", -1);
  }
  if (!tree::string_field(stmt, "oldVal").empty()) return unsupported("ALTER TYPE ... RENAME VALUE");
  std::string label(tree::string_field(stmt, "newVal"));
  std::vector<std::string> labels = it->second.labels;
  if (std::find(labels.begin(), labels.end(), label) != labels.end()) {
    if (tree::bool_field(stmt, "skipIfNewValExists")) {
      notice("enum label \"" + label + "\" already exists, skipping");
      return {};
    }
    return error_at(sqlstate::kDuplicateObject, "enum label \"" + label + "\" already exists", -1);
  }
  std::string neighbor(tree::string_field(stmt, "newValNeighbor"));
  size_t at = labels.size();
  if (!neighbor.empty()) {
    auto n = std::find(labels.begin(), labels.end(), neighbor);
    if (n == labels.end()) {
      return error_at(sqlstate::kInvalidParameterValue,
                      "\"" + neighbor + "\" is not an existing enum label", -1);
    }
    at = static_cast<size_t>(n - labels.begin()) + (tree::bool_field(stmt, "newValIsAfter") ? 1 : 0);
  }
  labels.insert(labels.begin() + static_cast<std::ptrdiff_t>(at), label);
  // Renumber the labels (sort_order is only their order).
  out.sqlite_sql.push_back("DELETE FROM " + enums_table() + " WHERE type_name = " + quote_literal(name));
  for (size_t i = 0; i < labels.size(); ++i) {
    out.sqlite_sql.push_back("INSERT INTO " + enums_table() + " (type_name, sort_order, label) VALUES (" +
                             quote_literal(name) + ", " + std::to_string(i + 1) + ", " +
                             quote_literal(labels[i]) + ")");
  }
  bump_schema_version(out);
  mutable_schema().enums[name].labels = std::move(labels);
  return {};
}

// The metadata row of a sequence: its parameters as JSON in _litewire_objects.info, and its
// counter row in sqlite_sequence holding "the last value" (start - increment before the first
// nextval).
std::string Translator::sequence_info_json(const SequenceInfo& seq) {
  boost::json::object info{{"start", seq.start},           {"increment", seq.increment},
                           {"min", seq.min_value},         {"max", seq.max_value},
                           {"cache", seq.cache},           {"cycle", seq.cycle},
                           {"owned_by_table", seq.owned_by_table},
                           {"owned_by_column", seq.owned_by_column}};
  if (seq.identity != 0) info["identity"] = std::string(1, seq.identity);
  if (seq.type_oid != 0) info["type"] = seq.type_oid;
  return boost::json::serialize(info);
}

std::string Translator::nextval_sql(const SequenceInfo& seq) {
  std::string counter = seq.counter.empty() ? seq.owned_by_table : seq.counter;
  return "pg_nextval(" + quote_literal(counter) + ", " + std::to_string(seq.increment) + ", " +
         std::to_string(seq.min_value) + ", " + std::to_string(seq.max_value) + ", " +
         (seq.cycle ? "1" : "0") + ", " + quote_literal(seq.name) + ")";
}

std::vector<std::string> Translator::sequence_ddl(const SequenceInfo& seq) {
  return {"INSERT OR REPLACE INTO " + objects_table() + " (kind, name, info) VALUES ('S', " +
              quote_literal(seq.name) + ", " + quote_literal(sequence_info_json(seq)) + ")",
          "DELETE FROM sqlite_sequence WHERE name = " + quote_literal(seq.counter),
          "INSERT INTO sqlite_sequence (name, seq) VALUES (" + quote_literal(seq.counter) + ", " +
              std::to_string(seq.start - seq.increment) + ")"};
}

Result<void> Translator::create_sequence(const tree::Object* stmt, TranslatedStatement& out) {
  out.kind = StatementKind::kDdl;
  out.command_tag = "CREATE SEQUENCE";
  const tree::Object* rel = tree::object_field(stmt, "sequence");
  std::string name(tree::string_field(rel, "relname"));
  if (schema().sequences.count(name) > 0 || schema().find_table(name) != nullptr) {
    if (tree::bool_field(stmt, "if_not_exists")) {
      notice("relation \"" + name + "\" already exists, skipping");
      return {};
    }
    return error_at(sqlstate::kDuplicateTable, "relation \"" + name + "\" already exists",
                    location_of(rel));
  }
  if (tree::string_field(rel, "relpersistence") == "t") return unsupported("temporary sequences");
  SequenceInfo seq;
  seq.name = name;
  seq.counter = name;
  std::optional<int64_t> restart;
  LITEWIRE_TRY(sequence_options(tree::list_field(stmt, "options"), seq, false, restart));
  for (auto& x : sequence_ddl(seq)) out.sqlite_sql.push_back(std::move(x));
  bump_schema_version(out);
  mutable_schema().sequences[name] = seq;
  return {};
}

// Statements that only change litewire's metadata rows leave SQLite's schema cookie alone, but
// translations (cached per schema version) inline what they changed: creating and dropping an
// internal table moves the cookie inside the statement's transaction.
void Translator::bump_schema_version(TranslatedStatement& out) {
  const std::string t = quote_ident(std::string(kMetadataPrefix) + "schema_bump");
  out.sqlite_sql.push_back("CREATE TABLE " + t + " (x)");
  out.sqlite_sql.push_back("DROP TABLE " + t);
}

Result<void> Translator::alter_sequence(const tree::Object* stmt, TranslatedStatement& out) {
  out.kind = StatementKind::kDdl;
  out.command_tag = "ALTER SEQUENCE";
  const tree::Object* rel = tree::object_field(stmt, "sequence");
  std::string name(tree::string_field(rel, "relname"));
  auto it = schema().sequences.find(name);
  if (it == schema().sequences.end()) {
    if (tree::bool_field(stmt, "missing_ok")) {
      notice("relation \"" + name + "\" does not exist, skipping");
      return {};
    }
    if (schema().find_table(name) != nullptr) {
      return error_at(sqlstate::kWrongObjectType, "\"" + name + "\" is not a sequence",
                      location_of(rel));
    }
    return error_at(sqlstate::kUndefinedTable, "relation \"" + name + "\" does not exist",
                    location_of(rel));
  }
  SequenceInfo seq = it->second;
  std::optional<int64_t> restart;
  LITEWIRE_TRY(sequence_options(tree::list_field(stmt, "options"), seq, true, restart));
  LITEWIRE_TRY(change_sequence(it->second, seq, restart, location_of(rel), out));
  return {};
}

// The statements of an ALTER SEQUENCE (or an identity column's ALTER TABLE ... SET) from `old`
// to `seq`, and the new parameters in the translator's schema.
Result<void> Translator::change_sequence(const SequenceInfo& old, SequenceInfo seq,
                                         std::optional<int64_t> restart, int location,
                                         TranslatedStatement& out) {
  if (seq.counter != seq.name) {
    // A serial primary key counts with SQLite's AUTOINCREMENT (by one, from the largest rowid
    // used): only its position can move.
    if (seq.increment != old.increment || seq.min_value != old.min_value ||
        seq.max_value != old.max_value || seq.start != old.start || seq.cycle != old.cycle ||
        seq.cache != old.cache || seq.owned_by_table != old.owned_by_table ||
        seq.owned_by_column != old.owned_by_column) {
      return unsupported("ALTER SEQUENCE options other than RESTART on a serial primary key's sequence",
                         location);
    }
  }
  // A plain serial primary key's sequence has no row here (the statement changes nothing).
  out.sqlite_sql.push_back("UPDATE " + objects_table() + " SET info = " +
                           quote_literal(sequence_info_json(seq)) + " WHERE kind = 'S' AND name = " +
                           quote_literal(seq.name));
  if (restart) {
    // The counter holds the last value handed out: one step before the restart value.
    out.sqlite_sql.push_back("DELETE FROM sqlite_sequence WHERE name = " + quote_literal(seq.counter));
    out.sqlite_sql.push_back("INSERT INTO sqlite_sequence (name, seq) VALUES (" +
                             quote_literal(seq.counter) + ", " +
                             std::to_string(*restart - seq.increment) + ")");
  }
  bump_schema_version(out);
  mutable_schema().sequences[seq.name] = seq;
  return {};
}

// CREATE SEQUENCE / ALTER SEQUENCE options into `seq` (PostgreSQL's init_params): unspecified
// bounds and start take their defaults on creation and stay on ALTER; RESTART (ALTER only)
// gives the value the next nextval returns.
Result<void> Translator::sequence_options(const tree::Array* options, SequenceInfo& seq,
                                          bool altering, std::optional<int64_t>& restart,
                                          int32_t type) {
  std::optional<int64_t> start, min, max;
  bool min_reset = !altering, max_reset = !altering;
  int32_t as_type = type;
  for (size_t i = 0; i < tree::list_size(options); ++i) {
    const tree::Object* d = tree::node(options->at(i)).body;
    std::string opt(tree::string_field(d, "defname"));
    tree::Node arg = tree::node(tree::field(d, "arg"));
    int loc = location_of(d);
    // Integer arguments: libpg_query's JSON drops negative values, so they are read back from
    // the text after the option's keyword.
    auto value = [&]() -> int64_t {
      int64_t v = tree::int_field(arg.body, "ival", 0);
      if (arg.type == "Float") v = std::strtoll(std::string(tree::string_field(arg.body, "fval")).c_str(), nullptr, 10);
      if (v == 0 && loc >= 0) {
        size_t p = static_cast<size_t>(loc);
        while (p < sql_.size() && !(sql_[p] >= '0' && sql_[p] <= '9') && sql_[p] != '-' && sql_[p] != '+') ++p;
        if (p < sql_.size()) v = std::strtoll(std::string(sql_.substr(p, 24)).c_str(), nullptr, 10);
      }
      return v;
    };
    if (opt == "increment") {
      seq.increment = value();
      if (seq.increment == 0) {
        return error_at(sqlstate::kInvalidParameterValue, "INCREMENT must not be zero", loc);
      }
    } else if (opt == "start") {
      start = value();
    } else if (opt == "restart" && altering) {
      restart = arg.body != nullptr ? std::optional<int64_t>(value()) : std::nullopt;
      if (!restart) restart = INT64_MIN;  // RESTART without a value: the (new) start value
    } else if (opt == "minvalue") {
      if (arg.body != nullptr) min = value();
      else min_reset = true;
    } else if (opt == "maxvalue") {
      if (arg.body != nullptr) max = value();
      else max_reset = true;
    } else if (opt == "cache") {
      seq.cache = value();
      if (seq.cache <= 0) {
        return error_at(sqlstate::kInvalidParameterValue,
                        "CACHE (" + std::to_string(seq.cache) + ") must be greater than zero", loc);
      }
    } else if (opt == "cycle") {
      seq.cycle = arg.body == nullptr || tree::bool_field(arg.body, "boolval") || tree::int_field(arg.body, "ival", 1) != 0;
    } else if (opt == "owned_by") {
      std::vector<std::string> owner = string_list(tree::list_field(arg.body, "items"));
      if (owner.size() == 1 && owner[0] == "none") {
        seq.owned_by_table.clear();
        seq.owned_by_column.clear();
      } else if (owner.size() >= 2) {
        const TableInfo* t = schema().find_table(owner[owner.size() - 2]);
        if (t == nullptr) {
          return error_at(sqlstate::kUndefinedTable,
                          "relation \"" + owner[owner.size() - 2] + "\" does not exist", -1);
        }
        if (t->find_column(owner.back()) == nullptr) {
          return error_at(sqlstate::kUndefinedColumn,
                          "column \"" + owner.back() + "\" of relation \"" + t->name +
                              "\" does not exist", -1);
        }
        seq.owned_by_table = t->name;
        seq.owned_by_column = owner.back();
      } else {
        return error_at(sqlstate::kInvalidParameterValue,
                        "invalid OWNED BY option", loc);
      }
    } else if (opt == "as") {
      if (altering) return unsupported("ALTER SEQUENCE ... AS", loc);
      LITEWIRE_TRY_ASSIGN(t, type_name(arg.body));
      if (t.oid != oid::kInt2 && t.oid != oid::kInt4 && t.oid != oid::kInt8) {
        return error_at(sqlstate::kInvalidParameterValue,
                        "sequence type must be smallint, integer, or bigint", loc);
      }
      as_type = t.oid;
    } else {
      return unsupported("sequence option " + opt, loc);
    }
  }
  if (!altering) seq.type_oid = as_type;
  int64_t type_max = as_type == oid::kInt2 ? INT16_MAX : as_type == oid::kInt4 ? INT32_MAX : INT64_MAX;
  int64_t type_min = as_type == oid::kInt2 ? INT16_MIN : as_type == oid::kInt4 ? INT32_MIN : INT64_MIN;
  if (min) seq.min_value = *min;
  else if (min_reset) seq.min_value = seq.increment > 0 ? 1 : type_min;
  if (max) seq.max_value = *max;
  else if (max_reset) seq.max_value = seq.increment > 0 ? type_max : -1;
  if (seq.min_value >= seq.max_value) {
    return error_at(sqlstate::kInvalidParameterValue,
                    "MINVALUE (" + std::to_string(seq.min_value) + ") must be less than MAXVALUE (" +
                        std::to_string(seq.max_value) + ")",
                    -1);
  }
  if (start) seq.start = *start;
  else if (!altering) seq.start = seq.increment > 0 ? seq.min_value : seq.max_value;
  auto check_range = [&](const char* what, int64_t v) -> Result<void> {
    if (v < seq.min_value) {
      return error_at(sqlstate::kInvalidParameterValue,
                      std::string(what) + " value (" + std::to_string(v) +
                          ") cannot be less than MINVALUE (" + std::to_string(seq.min_value) + ")",
                      -1);
    }
    if (v > seq.max_value) {
      return error_at(sqlstate::kInvalidParameterValue,
                      std::string(what) + " value (" + std::to_string(v) +
                          ") cannot be greater than MAXVALUE (" + std::to_string(seq.max_value) + ")",
                      -1);
    }
    return {};
  };
  LITEWIRE_TRY(check_range("START", seq.start));
  if (restart) {
    if (*restart == INT64_MIN) restart = seq.start;
    LITEWIRE_TRY(check_range("RESTART", *restart));
  }
  return {};
}

}  // namespace litewire::sqlite
