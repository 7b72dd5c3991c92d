// pg_catalog and information_schema as eponymous virtual tables over a schema snapshot
// (sqlite/README.md, "catalog/"). SQLite documents eponymous-only virtual tables in vtab.html
// ("Eponymous-only virtual tables": xCreate is NULL, the module name is the table name).

#include "sqlite/catalog/catalog.h"

#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <utility>
#include <variant>
#include <vector>

#include "protocol/types.h"
#include "sqlite/catalog/viewdef.h"
#include "sqlite/functions/errors.h"
#include "sqlite/functions/functions.h"
#include "sqlite/translate/translator_impl.h"

namespace litewire::sqlite::catalog {

namespace oid = protocol::oid;

namespace {

// ---------------------------------------------------------------------------------------------
// Cells and rows

using Cell = std::variant<std::monostate, int64_t, double, std::string>;
using Row = std::vector<Cell>;

Cell null() { return std::monostate{}; }
Cell num(int64_t v) { return v; }
Cell flag(bool v) { return static_cast<int64_t>(v ? 1 : 0); }
Cell str(std::string v) { return v; }
Cell real(double v) { return v; }

// PostgreSQL's quote_ident: lower-case identifiers that are not keywords stay bare.
bool needs_quotes(std::string_view s) {
  static const std::set<std::string, std::less<>> kKeywords = {
      "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "both",
      "case", "cast", "check", "collate", "column", "constraint", "create", "current_catalog",
      "current_date", "current_role", "current_time", "current_timestamp", "current_user",
      "default", "deferrable", "desc", "distinct", "do", "else", "end", "except", "false",
      "fetch", "for", "foreign", "from", "grant", "group", "having", "in", "initially",
      "intersect", "into", "lateral", "leading", "limit", "localtime", "localtimestamp", "not",
      "null", "offset", "on", "only", "or", "order", "placing", "primary", "references",
      "returning", "select", "session_user", "some", "symmetric", "table", "then", "to",
      "trailing", "true", "union", "unique", "user", "using", "variadic", "when", "where",
      "window", "with"};
  if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return true;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return true;
  }
  return kKeywords.count(s) > 0;
}

std::string pg_quote_ident(std::string_view s) {
  if (!needs_quotes(s)) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    out += c;
    if (c == '"') out += '"';
  }
  return out + "\"";
}

// SQLite expression text as PostgreSQL would print it: "col" -> col where no quotes are needed.
std::string unquote_sql(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\'') {
      size_t j = i + 1;
      while (j < s.size() && !(s[j] == '\'' && (j + 1 >= s.size() || s[j + 1] != '\''))) {
        j += s[j] == '\'' ? 2 : 1;
      }
      out.append(s.substr(i, j - i + 1));
      i = j;
    } else if (s[i] == '"') {
      std::string id;
      size_t j = i + 1;
      for (; j < s.size(); ++j) {
        if (s[j] == '"') {
          if (j + 1 < s.size() && s[j + 1] == '"') {
            id += '"';
            ++j;
          } else {
            break;
          }
        } else {
          id += s[j];
        }
      }
      out += pg_quote_ident(id);
      i = j;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string json_int_array(const std::vector<int64_t>& v) {
  std::string s = "[";
  for (size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + std::to_string(v[i]);
  return s + "]";
}

std::string json_text_array(const std::vector<std::string>& v) {
  std::string s = "[";
  for (size_t i = 0; i < v.size(); ++i) {
    s += i ? ",\"" : "\"";
    for (char c : v[i]) {
      if (c == '"' || c == '\\') s += '\\';
      s += c;
    }
    s += '"';
  }
  return s + "]";
}

std::string format_type_text(int32_t type_oid, int32_t typmod, const Schema* schema);

// ---------------------------------------------------------------------------------------------
// The model: what the catalog shows, derived from one Schema

struct Constraint {
  int32_t oid = 0;
  std::string name;
  char type = 'p';  // p u f c
  const TableInfo* table = nullptr;
  std::vector<int64_t> keys;  // attnums
  int32_t index_oid = 0;
  const TableInfo* ref_table = nullptr;
  std::vector<int64_t> ref_keys;
  char on_update = 'a', on_delete = 'a';
  bool deferrable = false, deferred = false;
  std::string check;         // PostgreSQL-style expression text
  std::string check_pretty;  // pg_get_constraintdef(oid, true)'s text, when it differs
};

// PostgreSQL resolves `numeric_col op 0` to numeric op numeric and prints the coerced integer
// with its cast: `price >= (0)::numeric`, pretty `price >= 0::numeric`. Handles the common form
// `<column> <comparison> <integer>`; other expressions keep the text they have.
void add_numeric_casts(const TableInfo& t, Constraint& c) {
  const std::string& e = c.check;
  auto sp1 = e.find(' ');
  if (sp1 == std::string::npos) return;
  auto sp2 = e.find(' ', sp1 + 1);
  if (sp2 == std::string::npos) return;
  std::string col = e.substr(0, sp1), op = e.substr(sp1 + 1, sp2 - sp1 - 1), lit = e.substr(sp2 + 1);
  static const std::set<std::string, std::less<>> kComparisons = {"=", "<>", "!=", "<", "<=", ">", ">="};
  if (kComparisons.count(op) == 0 || lit.empty() ||
      lit.find_first_not_of("0123456789") != std::string::npos) {
    return;
  }
  const ColumnInfo* column = nullptr;
  for (const auto& ci : t.columns) {
    if (pg_quote_ident(ci.name) == col) column = &ci;
  }
  if (column == nullptr || column->type.oid != oid::kNumeric) return;
  c.check = col + " " + op + " (" + lit + ")::numeric";
  c.check_pretty = col + " " + op + " " + lit + "::numeric";
}

struct Snapshot {
  SchemaPtr schema;
  std::vector<Constraint> constraints;
  std::map<int32_t, const TableInfo*> tables_by_oid;
  std::map<int32_t, const IndexInfo*> indexes_by_oid;
  std::map<int32_t, const SequenceInfo*> sequences_by_oid;
  mutable std::map<std::string, std::vector<Row>, std::less<>> rows;  // static relations
};

int32_t row_type_oid(int32_t rel_oid) {
  return rel_oid > 0 && rel_oid < 100000000 ? 300000000 + 2 * rel_oid : 0;
}

int64_t attnum_of(const TableInfo& t, std::string_view col) {
  const ColumnInfo* c = t.find_column(col);
  return c != nullptr ? c->number : 0;
}

// The clause text that follows `CONSTRAINT "name"` in a CREATE TABLE, up to the next clause.
std::string constraint_clause(const std::string& sql, const std::string& name) {
  std::string needle = "CONSTRAINT " + quote_ident(name) + " ";
  auto p = sql.find(needle);
  if (p == std::string::npos) return "";
  p += needle.size();
  int depth = 0;
  size_t i = p;
  for (; i < sql.size(); ++i) {
    char c = sql[i];
    if (c == '\'') {
      for (++i; i < sql.size() && sql[i] != '\''; ++i) {
      }
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      if (depth == 0) break;
      --depth;
    } else if (c == ',' && depth == 0) {
      break;
    } else if (depth == 0 && sql.compare(i, 12, " CONSTRAINT ") == 0) {
      break;
    }
  }
  return sql.substr(p, i - p);
}

// Names of `CONSTRAINT "x" <kind>` clauses in declaration order.
std::vector<std::string> constraint_names(const std::string& sql, std::string_view kind) {
  std::vector<std::string> out;
  size_t p = 0;
  while ((p = sql.find("CONSTRAINT \"", p)) != std::string::npos) {
    size_t start = p + 12;
    std::string name;
    size_t i = start;
    for (; i < sql.size(); ++i) {
      if (sql[i] == '"') {
        if (i + 1 < sql.size() && sql[i + 1] == '"') {
          name += '"';
          ++i;
          continue;
        }
        break;
      }
      name += sql[i];
    }
    if (sql.compare(i + 1, kind.size() + 1, " " + std::string(kind)) == 0) out.push_back(name);
    p = i;
  }
  return out;
}

char fk_action_code(std::string_view a) {
  if (a == "CASCADE") return 'c';
  if (a == "RESTRICT") return 'r';
  if (a == "SET NULL") return 'n';
  if (a == "SET DEFAULT") return 'd';
  return 'a';
}

// Runs `sql` on `db` (nested inside the statement being stepped: SQLite allows it).
void each_row(sqlite3* db, const std::string& sql, const std::function<void(sqlite3_stmt*)>& f) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
    sqlite3_finalize(st);
    return;
  }
  while (sqlite3_step(st) == SQLITE_ROW) f(st);
  sqlite3_finalize(st);
}

std::string text_at(sqlite3_stmt* st, int i) {
  const unsigned char* t = sqlite3_column_text(st, i);
  return t ? reinterpret_cast<const char*>(t) : "";
}

std::shared_ptr<Snapshot> build_snapshot(sqlite3* db, SchemaPtr schema) {
  auto s = std::make_shared<Snapshot>();
  s->schema = std::move(schema);
  const Schema& sc = *s->schema;
  for (const auto& [n, t] : sc.tables) s->tables_by_oid[t.oid] = &t;
  for (const auto& [n, i] : sc.indexes) s->indexes_by_oid[i.oid] = &i;
  for (const auto& [n, q] : sc.sequences) s->sequences_by_oid[q.oid] = &q;
  for (const auto& [n, t_binding] : sc.tables) {
    // A named reference: lambdas below capture it (capturing a structured binding is C++20,
    // which clang 14, used for fuzzing, does not support yet).
    const TableInfo& t = t_binding;
    if (t.is_view) continue;
    // Primary keys and unique constraints are the indexes that carry their names.
    for (const auto& [in, idx] : sc.indexes) {
      if (idx.table != t.name || !(idx.primary || idx.unique)) continue;
      bool is_constraint = idx.primary || t.sql.find("CONSTRAINT " + quote_ident(idx.name) + " UNIQUE") !=
                                              std::string::npos;
      // UNIQUE constraints become CREATE UNIQUE INDEX statements (sqlite/README.md); an index
      // created with CREATE UNIQUE INDEX by the user is not a constraint, but litewire cannot
      // tell them apart beyond PostgreSQL's naming convention (<table>_<cols>_key).
      if (!is_constraint) {
        is_constraint = idx.name.size() > 4 && idx.name.compare(idx.name.size() - 4, 4, "_key") == 0;
      }
      if (!is_constraint) continue;
      Constraint c;
      c.oid = 500000000 + idx.oid % 100000000;
      c.name = idx.name;
      c.type = idx.primary ? 'p' : 'u';
      c.table = &t;
      for (const auto& col : idx.columns) c.keys.push_back(attnum_of(t, col));
      c.index_oid = idx.oid;
      s->constraints.push_back(std::move(c));
    }
    int32_t ordinal = 0;
    // Foreign keys: PRAGMA foreign_key_list numbers them from the last declared one.
    std::map<int, Constraint> fks;
    std::string pragma = std::string("PRAGMA ") + (t.temporary ? "temp." : "main.") +
                         "foreign_key_list(" + quote_literal(t.name) + ")";
    each_row(db, pragma, [&](sqlite3_stmt* st) {
      int id = sqlite3_column_int(st, 0);
      Constraint& c = fks[id];
      c.type = 'f';
      c.table = &t;
      c.ref_table = sc.find_table(text_at(st, 2));
      c.keys.push_back(attnum_of(t, text_at(st, 3)));
      if (c.ref_table != nullptr) {
        std::string to = text_at(st, 4);
        if (to.empty()) {
          for (const auto& [in, idx] : sc.indexes) {
            if (idx.table == c.ref_table->name && idx.primary && c.ref_keys.size() < idx.columns.size()) {
              to = idx.columns[c.ref_keys.size()];
            }
          }
        }
        c.ref_keys.push_back(attnum_of(*c.ref_table, to));
      }
      c.on_update = fk_action_code(text_at(st, 5));
      c.on_delete = fk_action_code(text_at(st, 6));
    });
    std::vector<std::string> fk_names = constraint_names(t.sql, "REFERENCES");
    for (auto& n : constraint_names(t.sql, "FOREIGN KEY")) fk_names.push_back(n);
    // Declaration order of names mixes column and table constraints; order by position.
    std::sort(fk_names.begin(), fk_names.end(), [&](const std::string& a, const std::string& b) {
      return t.sql.find("CONSTRAINT " + quote_ident(a)) < t.sql.find("CONSTRAINT " + quote_ident(b));
    });
    int n_fk = static_cast<int>(fks.size());
    for (auto& [id, c] : fks) {
      int pos = n_fk - 1 - id;
      if (pos >= 0 && pos < static_cast<int>(fk_names.size())) {
        c.name = fk_names[static_cast<size_t>(pos)];
      } else {
        c.name = t.name + "_fkey" + std::to_string(id);
      }
      std::string clause = constraint_clause(t.sql, c.name);
      c.deferrable = clause.find(" DEFERRABLE") != std::string::npos;
      c.deferred = clause.find("INITIALLY DEFERRED") != std::string::npos;
      c.oid = 600000000 + (t.oid % 1000000) * 64 + ordinal++;
      // conindid of a foreign key: the referenced table's unique index on exactly the
      // referenced columns (pgjdbc's getImportedKeys joins it as the key's PK_NAME).
      if (c.ref_table != nullptr) {
        std::set<std::string> referenced;
        for (const auto& col : c.ref_table->columns) {
          if (std::find(c.ref_keys.begin(), c.ref_keys.end(), col.number) != c.ref_keys.end()) {
            referenced.insert(col.name);
          }
        }
        for (const auto& [in, idx] : sc.indexes) {
          if (idx.table == c.ref_table->name && idx.unique &&
              std::set<std::string>(idx.columns.begin(), idx.columns.end()) == referenced &&
              (c.index_oid == 0 || idx.primary)) {
            c.index_oid = idx.oid;
          }
        }
      }
    }
    std::vector<Constraint> ordered;
    for (auto& [id, c] : fks) ordered.push_back(std::move(c));
    std::reverse(ordered.begin(), ordered.end());
    for (auto& c : ordered) s->constraints.push_back(std::move(c));
    for (const auto& name : constraint_names(t.sql, "CHECK")) {
      std::string clause = constraint_clause(t.sql, name);
      Constraint c;
      c.type = 'c';
      c.name = name;
      c.table = &t;
      auto p = clause.find('(');
      std::string e = p == std::string::npos ? clause : clause.substr(p + 1);
      if (!e.empty() && e.back() == ')') e.pop_back();
      c.check = unquote_sql(e);
      // The translator parenthesizes expressions; PostgreSQL's deparser adds its own pair.
      if (c.check.size() >= 2 && c.check.front() == '(' && c.check.back() == ')') {
        int depth = 0;
        bool whole = true;
        for (size_t k = 0; k + 1 < c.check.size(); ++k) {
          depth += c.check[k] == '(' ? 1 : c.check[k] == ')' ? -1 : 0;
          if (depth == 0) whole = false;
        }
        if (whole) c.check = c.check.substr(1, c.check.size() - 2);
      }
      for (const auto& col : t.columns) {
        if (e.find(quote_ident(col.name)) != std::string::npos) c.keys.push_back(col.number);
      }
      add_numeric_casts(t, c);
      c.oid = 600000000 + (t.oid % 1000000) * 64 + ordinal++;
      s->constraints.push_back(std::move(c));
    }
  }
  return s;
}

// ---------------------------------------------------------------------------------------------
// Relation definitions

using ColDefs = std::vector<std::pair<const char*, int32_t>>;
struct Env {
  const Snapshot& snap;
  const FunctionContext& ctx;
};
using RowFn = void (*)(const Env&, std::vector<Row>&);

struct RelDef {
  std::string_view schema;
  std::string_view name;
  int32_t oid;
  char kind;  // 'r' table, 'v' view (as PostgreSQL has it)
  ColDefs columns;
  RowFn rows;
  bool dynamic = false;  // rows depend on the session (user, settings): never cached
};

const std::vector<RelDef>& relations();

constexpr int32_t kB = oid::kBool, kN = oid::kName, kO = oid::kOid, kC = oid::kChar,
                  kI2 = oid::kInt2, kI4 = oid::kInt4, kI8 = oid::kInt8, kT = oid::kText,
                  kF4 = oid::kFloat4, kAcl = oid::kAclitemArray, kTA = oid::kTextArray,
                  kNT = oid::kPgNodeTree, kI2V = oid::kInt2Vector, kOV = oid::kOidVector,
                  kI2A = oid::kInt2Array, kOA = oid::kOidArray, kRP = oid::kRegproc,
                  kV = oid::kVarchar, kTz = oid::kTimestamptz, kNA = oid::kNameArray,
                  kRT = oid::kRegtype, kInet = oid::kInet;

char relkind_of(const TableInfo& t) { return t.is_view ? 'v' : 'r'; }

// The predefined role that owns the public schema in PostgreSQL 15.
constexpr int32_t kPgDatabaseOwner = 6171;

void rows_pg_namespace(const Env&, std::vector<Row>& out) {
  out.push_back({num(kPgCatalogNamespace), str("pg_catalog"), num(10), null()});
  out.push_back({num(kPgToastNamespace), str("pg_toast"), num(10), null()});
  // PostgreSQL 15 gives public to the pg_database_owner role.
  out.push_back({num(kPublicNamespace), str("public"), num(kPgDatabaseOwner), null()});
  out.push_back({num(kInformationSchemaNamespace), str("information_schema"), num(10), null()});
}

int32_t namespace_of(std::string_view schema) {
  return schema == "information_schema" ? kInformationSchemaNamespace : kPgCatalogNamespace;
}

Row class_row(int32_t oid_, const std::string& name, int32_t ns, int32_t reltype, int32_t am,
              bool has_index, char persistence, char kind, int natts, int checks,
              bool has_triggers = false) {
  return {num(oid_), str(name), num(ns), num(reltype), num(0), num(10), num(am), num(oid_),
          num(0), num(0), real(-1), num(0), num(0), flag(has_index), flag(false),
          str(std::string(1, persistence)), str(std::string(1, kind)), num(natts), num(checks),
          flag(false), flag(has_triggers), flag(false), flag(false), flag(false), flag(true),
          str(kind == 'r' ? "d" : "n"), flag(false), num(0), num(0), num(0), null(), null(), null()};
}

void rows_pg_class(const Env& env, std::vector<Row>& out) {
  const Schema& sc = *env.snap.schema;
  for (const auto& [n, t] : sc.tables) {
    bool has_index = false;
    for (const auto& [in, idx] : sc.indexes) has_index |= idx.table == t.name;
    int checks = 0;
    // PostgreSQL enforces a foreign key with triggers on both tables, and psql shows a table's
    // foreign keys and "Referenced by" only when relhastriggers is set.
    bool has_triggers = false;
    for (const auto& c : env.snap.constraints) {
      checks += c.table == &t && c.type == 'c';
      has_triggers |= c.type == 'f' && (c.table == &t || c.ref_table == &t);
    }
    out.push_back(class_row(t.oid, t.name, kPublicNamespace, row_type_oid(t.oid), t.is_view ? 0 : 2,
                            has_index, t.temporary ? 't' : 'p', relkind_of(t),
                            static_cast<int>(t.columns.size()), checks, has_triggers));
  }
  for (const auto& [n, idx] : sc.indexes) {
    const TableInfo* t = sc.find_table(idx.table);
    out.push_back(class_row(idx.oid, idx.name, kPublicNamespace, 0, 403, false,
                            t != nullptr && t->temporary ? 't' : 'p', 'i',
                            static_cast<int>(idx.columns.size()), 0));
  }
  for (const auto& [n, q] : sc.sequences) {
    out.push_back(class_row(q.oid, q.name, kPublicNamespace, 0, 0, false, 'p', 'S', 3, 0));
  }
  for (const RelDef& r : relations()) {
    out.push_back(class_row(r.oid, std::string(r.name), namespace_of(r.schema), 0,
                            r.kind == 'r' ? 2 : 0, false, 'p', r.kind,
                            static_cast<int>(r.columns.size()), 0));
  }
}

const protocol::TypeInfo* builtin(int32_t t) { return protocol::find_type(t); }

// pg_type.typstorage: fixed-length types are plain; numeric, inet and cidr are main (compressed
// in line, as PostgreSQL's catalog declares them); other varlena types are extended.
std::string storage_of(int32_t type_oid, int len) {
  if (len != -1) return "p";
  if (type_oid == oid::kNumeric || type_oid == oid::kInet || type_oid == 650) return "m";  // 650: cidr
  return "x";
}

Row attribute_row(int32_t rel, const std::string& name, PgType type, int num_, bool not_null,
                  bool has_default, char identity) {
  const protocol::TypeInfo* ti = builtin(type.oid);
  int len = ti != nullptr ? ti->length : -1;
  bool collatable = type.oid == oid::kText || type.oid == oid::kVarchar || type.oid == oid::kBpchar ||
                    type.oid == oid::kName;
  int ndims = ti != nullptr && ti->category == 'A' && type.oid != oid::kInt2Vector &&
                      type.oid != oid::kOidVector
                  ? 1
                  : 0;
  return {num(rel), str(name), num(type.oid), num(-1), num(len), num(num_), num(ndims), num(-1),
          num(type.typmod), flag(len > 0 && len <= 8), str(len == 8 ? "d" : len == 2 ? "s" : len == 1 ? "c" : "i"),
          str(storage_of(type.oid, len)), str(""), flag(not_null), flag(has_default), flag(false),
          str(identity == 0 ? "" : std::string(1, identity)), str(""), flag(false), flag(true),
          num(0), num(collatable ? (type.oid == oid::kName ? 950 : 100) : 0), null(), null(),
          null(), null()};
}

void rows_pg_attribute(const Env& env, std::vector<Row>& out) {
  const Schema& sc = *env.snap.schema;
  for (const auto& [n, t] : sc.tables) {
    for (const auto& c : t.columns) {
      bool serial_pk = false;
      for (const auto& [qn, q] : sc.sequences) {
        serial_pk |= q.owned_by_table == t.name && q.owned_by_column == c.name;
      }
      // An identity column has no default expression in PostgreSQL's catalog.
      bool has_default = c.identity == 0 && (c.default_sql.has_value() || serial_pk);
      out.push_back(attribute_row(t.oid, c.name, c.type, c.number, c.not_null, has_default,
                                  c.identity));
    }
  }
  for (const auto& [n, idx] : sc.indexes) {
    const TableInfo* t = sc.find_table(idx.table);
    for (size_t i = 0; i < idx.columns.size(); ++i) {
      const ColumnInfo* c = t != nullptr ? t->find_column(idx.columns[i]) : nullptr;
      out.push_back(attribute_row(idx.oid, c != nullptr ? c->name : "expr",
                                  c != nullptr ? c->type : PgType{oid::kText, -1},
                                  static_cast<int>(i + 1), false, false, 0));
    }
  }
  for (const RelDef& r : relations()) {
    for (size_t i = 0; i < r.columns.size(); ++i) {
      out.push_back(attribute_row(r.oid, r.columns[i].first, PgType{r.columns[i].second, -1},
                                  static_cast<int>(i + 1), false, false, 0));
    }
  }
}

Row type_row(int32_t oid_, const std::string& name, int32_t ns, int len, char typtype, char category,
             int32_t relid, int32_t elem, int32_t array, const std::string& io, char align) {
  std::string in = io + "in", outf = io + "out", recv = io + "recv", send = io + "send";
  if (category == 'A') in = "array_in", outf = "array_out", recv = "array_recv", send = "array_send";
  if (typtype == 'e') in = "enum_in", outf = "enum_out", recv = "enum_recv", send = "enum_send";
  if (typtype == 'c') in = "record_in", outf = "record_out", recv = "record_recv", send = "record_send";
  return {num(oid_), str(name), num(ns), num(10), num(len), flag(len > 0 && len <= 8),
          str(std::string(1, typtype)), str(std::string(1, category)), flag(false), flag(true),
          str(","), num(relid), str(category == 'A' ? "array_subscript_handler" : "-"), num(elem),
          num(array), str(in), str(outf), str(recv), str(send), str("-"), str("-"), str("-"),
          str(std::string(1, align)), str(storage_of(oid_, len)), flag(false), num(0), num(-1),
          num(0), num(oid_ == oid::kText || oid_ == oid::kVarchar || oid_ == oid::kBpchar ? 100 : oid_ == oid::kName ? 950 : 0),
          null(), null(), null()};
}

void rows_pg_type(const Env& env, std::vector<Row>& out) {
  for (const auto& t : protocol::all_types()) {
    std::string io(t.name);
    char typtype = t.oid == oid::kRecord || t.oid == oid::kCstring || t.oid == oid::kAny ||
                           t.oid == oid::kAnyArray || t.oid == oid::kVoid || t.oid == oid::kTrigger ||
                           t.oid == oid::kAnyElement
                       ? 'p'
                       : 'b';
    char align = t.length == 8 ? 'd' : t.length == 2 ? 's' : t.length == 1 ? 'c' : 'i';
    out.push_back(type_row(t.oid, std::string(t.name), kPgCatalogNamespace, t.length, typtype,
                           t.category, 0, t.element_oid, t.array_oid, io, align));
  }
  const Schema& sc = *env.snap.schema;
  for (const auto& [n, e] : sc.enums) {
    int32_t arr = 300000000 + 2 * e.oid + 1;
    out.push_back(type_row(e.oid, e.name, kPublicNamespace, 4, 'e', 'E', 0, 0, arr, "enum_", 'i'));
    out.push_back(type_row(arr, "_" + e.name, kPublicNamespace, -1, 'b', 'A', 0, e.oid, 0, "", 'i'));
  }
  for (const auto& [n, t] : sc.tables) {
    int32_t rt = row_type_oid(t.oid);
    if (rt == 0) continue;
    out.push_back(type_row(rt, t.name, kPublicNamespace, -1, 'c', 'C', t.oid, 0, rt + 1, "", 'd'));
    out.push_back(type_row(rt + 1, "_" + t.name, kPublicNamespace, -1, 'b', 'A', 0, rt, 0, "", 'd'));
  }
}

void rows_pg_enum(const Env& env, std::vector<Row>& out) {
  for (const auto& [n, e] : env.snap.schema->enums) {
    for (size_t i = 0; i < e.labels.size(); ++i) {
      out.push_back({num(400000000 + (e.oid % 1000000) * 256 + static_cast<int32_t>(i)), num(e.oid),
                     real(static_cast<double>(i + 1)), str(e.labels[i])});
    }
  }
}

// The parenthesized key list and WHERE clause of a stored CREATE INDEX.
std::pair<std::vector<std::string>, std::string> index_parts(const IndexInfo& idx) {
  std::vector<std::string> items;
  std::string where;
  auto on = idx.sql.find(" ON ");
  auto open = on == std::string::npos ? std::string::npos : idx.sql.find('(', on);
  if (open == std::string::npos) {
    for (const auto& c : idx.columns) items.push_back(pg_quote_ident(c));
    return {items, where};
  }
  int depth = 0;
  std::string cur;
  size_t i = open + 1;
  for (; i < idx.sql.size(); ++i) {
    char c = idx.sql[i];
    if (c == '(') ++depth;
    if (c == ')') {
      if (depth == 0) break;
      --depth;
    }
    if (c == ',' && depth == 0) {
      items.push_back(cur);
      cur.clear();
      continue;
    }
    cur += c;
  }
  items.push_back(cur);
  for (auto& it : items) {
    while (!it.empty() && it.front() == ' ') it.erase(0, 1);
    it = unquote_sql(it);
    // SQLite spells the default order; PostgreSQL omits ASC.
    if (it.size() > 4 && it.compare(it.size() - 4, 4, " ASC") == 0) it.resize(it.size() - 4);
  }
  auto w = idx.sql.find(" WHERE ", i);
  if (w != std::string::npos) where = unquote_sql(idx.sql.substr(w + 7));
  return {items, where};
}

void rows_pg_index(const Env& env, std::vector<Row>& out) {
  const Schema& sc = *env.snap.schema;
  for (const auto& [n, idx] : sc.indexes) {
    const TableInfo* t = sc.find_table(idx.table);
    if (t == nullptr) continue;
    std::vector<int64_t> keys, zeros, classes;
    for (const auto& c : idx.columns) {
      keys.push_back(attnum_of(*t, c));
      zeros.push_back(0);
      classes.push_back(1978);
    }
    auto [items, where] = index_parts(idx);
    // indoption per key: bit 1 DESC, bit 2 NULLS FIRST (PostgreSQL's default for DESC).
    std::vector<int64_t> options;
    for (size_t i = 0; i < keys.size(); ++i) {
      std::string item = i < items.size() ? items[i] : "";
      std::transform(item.begin(), item.end(), item.begin(),
                     [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
      bool desc = item.find(" DESC") != std::string::npos;
      bool nulls_first = item.find("NULLS FIRST") != std::string::npos ||
                         (desc && item.find("NULLS LAST") == std::string::npos);
      options.push_back((desc ? 1 : 0) | (nulls_first ? 2 : 0));
    }
    bool has_expr = std::find(keys.begin(), keys.end(), 0) != keys.end();
    std::vector<std::string> exprs;
    if (has_expr) {
      for (size_t i = 0; i < keys.size() && i < items.size(); ++i) {
        if (keys[i] == 0) exprs.push_back(items[i]);
      }
    }
    std::string expr_text;
    for (size_t i = 0; i < exprs.size(); ++i) expr_text += (i ? ", " : "") + exprs[i];
    int nk = static_cast<int>(keys.size());
    out.push_back({num(idx.oid), num(t->oid), num(nk), num(nk), flag(idx.unique || idx.primary),
                   flag(false), flag(idx.primary), flag(false), flag(true), flag(false), flag(true),
                   flag(false), flag(true), flag(true), flag(false), str(json_int_array(keys)),
                   str(json_int_array(zeros)), str(json_int_array(classes)),
                   str(json_int_array(options)),
                   exprs.empty() ? null() : str(expr_text), where.empty() ? null() : str(where)});
  }
}

std::string attnames(const TableInfo* t, const std::vector<int64_t>& keys) {
  std::string s;
  for (size_t i = 0; i < keys.size(); ++i) {
    std::string n = "?";
    if (t != nullptr && keys[i] > 0 && keys[i] <= static_cast<int64_t>(t->columns.size())) {
      n = pg_quote_ident(t->columns[static_cast<size_t>(keys[i] - 1)].name);
    }
    s += (i ? ", " : "") + n;
  }
  return s;
}

// pg_get_constraintdef; `pretty` drops the outer parentheses and the ones around cast operands,
// as ruleutils.c does with PRETTYFLAG_PAREN.
std::string constraint_def(const Constraint& c, bool pretty) {
  switch (c.type) {
    case 'p': return "PRIMARY KEY (" + attnames(c.table, c.keys) + ")";
    case 'u': return "UNIQUE (" + attnames(c.table, c.keys) + ")";
    case 'c':
      if (pretty) return "CHECK (" + (c.check_pretty.empty() ? c.check : c.check_pretty) + ")";
      return "CHECK ((" + c.check + "))";
    default: break;
  }
  auto action = [](char a) -> std::string {
    switch (a) {
      case 'c': return "CASCADE";
      case 'r': return "RESTRICT";
      case 'n': return "SET NULL";
      case 'd': return "SET DEFAULT";
      default: return "";
    }
  };
  std::string s = "FOREIGN KEY (" + attnames(c.table, c.keys) + ") REFERENCES " +
                  (c.ref_table != nullptr ? pg_quote_ident(c.ref_table->name) : "?") + "(" +
                  attnames(c.ref_table, c.ref_keys) + ")";
  if (c.on_update != 'a') s += " ON UPDATE " + action(c.on_update);
  if (c.on_delete != 'a') s += " ON DELETE " + action(c.on_delete);
  if (c.deferrable) s += " DEFERRABLE";
  if (c.deferred) s += " INITIALLY DEFERRED";
  return s;
}

void rows_pg_constraint(const Env& env, std::vector<Row>& out) {
  for (const auto& c : env.snap.constraints) {
    out.push_back({num(c.oid), str(c.name), num(kPublicNamespace), str(std::string(1, c.type)),
                   flag(c.deferrable), flag(c.deferred), flag(true), num(c.table->oid), num(0),
                   num(c.index_oid), num(0),
                   num(c.ref_table != nullptr ? c.ref_table->oid : 0),
                   str(c.type == 'f' ? std::string(1, c.on_update) : " "),
                   str(c.type == 'f' ? std::string(1, c.on_delete) : " "),
                   str(c.type == 'f' ? "s" : " "), flag(true), num(0), flag(false),
                   str(json_int_array(c.keys)),
                   c.type == 'f' ? str(json_int_array(c.ref_keys)) : null(), null(), null(), null(),
                   null(), null(), c.type == 'c' ? str(c.check) : null()});
  }
}

// The arguments of `sql` when it is exactly one call of `fn` (split at top-level commas, string
// literals respected); empty otherwise.
std::vector<std::string> call_args(const std::string& sql, std::string_view fn) {
  std::string open = std::string(fn) + "(";
  if (sql.rfind(open, 0) != 0 || sql.back() != ')') return {};
  std::vector<std::string> out;
  std::string cur;
  int depth = 0;
  for (size_t i = open.size(); i < sql.size(); ++i) {
    char ch = sql[i];
    if (ch == '\'') {
      size_t j = i + 1;
      while (j < sql.size() && !(sql[j] == '\'' && (j + 1 >= sql.size() || sql[j + 1] != '\''))) {
        j += sql[j] == '\'' ? 2 : 1;
      }
      cur.append(sql, i, j - i + 1);
      i = j;
      continue;
    }
    if (ch == '(') ++depth;
    if (ch == ')' && depth-- == 0) {
      if (i + 1 != sql.size()) return {};  // the call ends before the text does
      out.push_back(cur);
      return out;
    }
    if (ch == ',' && depth == 0) {
      out.push_back(cur);
      cur.clear();
      if (i + 1 < sql.size() && sql[i + 1] == ' ') ++i;
      continue;
    }
    cur += ch;
  }
  return {};
}

// A stored default as PostgreSQL prints it (pg_get_expr of pg_attrdef.adbin).
std::string default_text(const Schema& sc, const TableInfo& t, const ColumnInfo& c) {
  if (c.identity != 0) return "";  // attidentity, not a default
  for (const auto& [qn, q] : sc.sequences) {
    if (q.owned_by_table == t.name && q.owned_by_column == c.name) {
      return "nextval(" + quote_literal(pg_quote_ident(q.name)) + "::regclass)";
    }
  }
  if (!c.default_sql) return "";
  std::string d = *c.default_sql;
  if (d.size() >= 2 && d.front() == '(' && d.back() == ')') d = d.substr(1, d.size() - 2);
  if (d.rfind("pg_nextval('", 0) == 0) {
    auto e = d.find('\'', 12);
    return "nextval(" + quote_literal(pg_quote_ident(d.substr(12, e - 12))) + "::regclass)";
  }
  // Wrappers the translator adds around a default (sqlite/README.md, translate/): PostgreSQL
  // stores the same coercion as an implicit cast, which pg_get_expr does not print at the top.
  if (auto args = call_args(d, "pg_check_int"); args.size() == 2) d = args[0];
  if (auto args = call_args(d, "pg_assign"); args.size() == 4) {
    const std::string& v = args[0];
    int32_t source = std::atoi(args[3].c_str());
    bool number = !v.empty() && v.find_first_not_of("0123456789.") == std::string::npos;
    if (source == 0 && !v.empty() && v.front() == '\'') {
      return v + "::" + format_type_text(c.type.oid, -1, &sc);  // an untyped literal
    }
    if (number && (source == oid::kNumeric || source == oid::kInt4 || source == oid::kInt8)) {
      return v;
    }
    if (v == "pg_now()" && c.type.oid == oid::kDate) return "CURRENT_DATE";
    d = v;
  }
  if (c.type.oid == oid::kBool && (d == "1" || d == "0")) return d == "1" ? "true" : "false";
  if (d == "pg_now()") return "now()";
  if (!d.empty() && d.front() == '\'') return d + "::" + format_type_text(c.type.oid, c.type.typmod, &sc);
  if (!d.empty() && d.front() == '-') return "'" + d + "'::" + format_type_text(c.type.oid, c.type.typmod, &sc);
  return unquote_sql(d);
}

void rows_pg_attrdef(const Env& env, std::vector<Row>& out) {
  const Schema& sc = *env.snap.schema;
  for (const auto& [n, t] : sc.tables) {
    for (const auto& c : t.columns) {
      std::string d = default_text(sc, t, c);
      if (d.empty()) continue;
      out.push_back({num(700000000 + (t.oid % 1000000) * 64 + c.number), num(t.oid), num(c.number),
                     str(d)});
    }
  }
}

void rows_pg_am(const Env&, std::vector<Row>& out) {
  out.push_back({num(2), str("heap"), str("heap_tableam_handler"), str("t")});
  out.push_back({num(403), str("btree"), str("bthandler"), str("i")});
  out.push_back({num(405), str("hash"), str("hashhandler"), str("i")});
  out.push_back({num(783), str("gist"), str("gisthandler"), str("i")});
  out.push_back({num(2742), str("gin"), str("ginhandler"), str("i")});
  out.push_back({num(4000), str("spgist"), str("spghandler"), str("i")});
  out.push_back({num(3580), str("brin"), str("brinhandler"), str("i")});
}

void rows_pg_database(const Env& env, std::vector<Row>& out) {
  out.push_back({num(1), str(env.ctx.database), num(10), num(6), str("c"), flag(false), flag(true),
                 num(-1), num(0), num(0), num(1663), str("C"), str("C"), null(), null(), null()});
}

void rows_pg_roles(const Env& env, std::vector<Row>& out) {
  out.push_back({str(env.ctx.user), flag(true), flag(true), flag(true), flag(true), flag(true),
                 flag(true), num(-1), str("********"), null(), flag(true), null(), num(10)});
  out.push_back({str("pg_database_owner"), flag(false), flag(true), flag(false), flag(false),
                 flag(false), flag(false), num(-1), str("********"), null(), flag(false), null(),
                 num(kPgDatabaseOwner)});
}

void rows_pg_authid(const Env& env, std::vector<Row>& out) {
  out.push_back({num(10), str(env.ctx.user), flag(true), flag(true), flag(true), flag(true),
                 flag(true), flag(true), flag(true), num(-1), null(), null()});
  out.push_back({num(kPgDatabaseOwner), str("pg_database_owner"), flag(false), flag(true),
                 flag(false), flag(false), flag(false), flag(false), flag(false), num(-1), null(),
                 null()});
}

void rows_pg_user(const Env& env, std::vector<Row>& out) {
  out.push_back({str(env.ctx.user), num(10), flag(true), flag(true), flag(true), flag(true),
                 str("********"), null(), null()});
}

void rows_pg_settings(const Env& env, std::vector<Row>& out) {
  static const char* kNames[] = {
      "application_name", "client_encoding", "DateStyle", "default_transaction_isolation",
      "default_transaction_read_only", "extra_float_digits", "idle_in_transaction_session_timeout",
      "integer_datetimes", "IntervalStyle", "lock_timeout", "max_connections",
      "max_identifier_length", "max_index_keys", "search_path", "server_encoding", "server_version",
      "server_version_num", "standard_conforming_strings", "statement_timeout", "TimeZone",
      "transaction_isolation", "transaction_read_only", "lc_collate", "lc_ctype"};
  for (const char* n : kNames) {
    std::optional<std::string> v;
    if (env.ctx.current_setting) v = env.ctx.current_setting(n);
    if (!v) continue;
    out.push_back({str(n), str(*v), null(), str(""), str(""), null(), str("user"), str("string"),
                   str("default"), null(), null(), null(), str(*v), str(*v), null(), null(),
                   flag(false)});
  }
}

void rows_pg_proc(const Env&, std::vector<Row>& out) {
  struct P {
    int32_t oid;
    const char* name;
    int32_t ret;
    const char* args;
    char kind;
  };
  static const P kProcs[] = {
      {1242, "boolin", oid::kBool, "[2275]", 'f'}, {42, "int4in", oid::kInt4, "[2275]", 'f'},
      {46, "textin", oid::kText, "[2275]", 'f'},   {750, "array_in", oid::kAnyArray, "[2275,26,23]", 'f'},
      {1299, "now", oid::kTimestamptz, "[]", 'f'}, {89, "version", oid::kText, "[]", 'f'},
      {2147, "count", oid::kInt8, "[2276]", 'a'},  {2803, "count", oid::kInt8, "[]", 'a'},
      {1574, "nextval", oid::kInt8, "[2205]", 'f'}, {1081, "format_type", oid::kText, "[26,23]", 'f'},
  };
  for (const P& p : kProcs) {
    out.push_back({num(p.oid), str(p.name), num(kPgCatalogNamespace), num(10), num(12), real(1),
                   real(0), num(0), str("-"), str(std::string(1, p.kind)), flag(false), flag(false),
                   flag(true), flag(false), str("i"), str("s"),
                   num(static_cast<int64_t>(std::count(p.args, p.args + std::strlen(p.args), ',')) +
                       (std::strlen(p.args) > 2 ? 1 : 0)),
                   num(0), num(p.ret), str(p.args), null(), null(), null(), null(), null(),
                   str(p.name), null(), null(), null(), null()});
  }
}

void rows_pg_collation(const Env&, std::vector<Row>& out) {
  out.push_back({num(100), str("default"), num(kPgCatalogNamespace), num(10), str("d"), flag(true),
                 num(-1), null(), null(), null(), null()});
  out.push_back({num(950), str("C"), num(kPgCatalogNamespace), num(10), str("c"), flag(true),
                 num(-1), str("C"), str("C"), null(), null()});
  out.push_back({num(951), str("POSIX"), num(kPgCatalogNamespace), num(10), str("c"), flag(true),
                 num(-1), str("POSIX"), str("POSIX"), null(), null()});
}

void rows_pg_tablespace(const Env&, std::vector<Row>& out) {
  out.push_back({num(1663), str("pg_default"), num(10), null(), null()});
  out.push_back({num(1664), str("pg_global"), num(10), null(), null()});
}

int32_t sequence_type(const SequenceInfo& q) {
  if (q.type_oid != 0) return q.type_oid;
  if (q.max_value == INT32_MAX) return oid::kInt4;
  if (q.max_value == INT16_MAX) return oid::kInt2;
  return oid::kInt8;
}

void rows_pg_sequence(const Env& env, std::vector<Row>& out) {
  for (const auto& [n, q] : env.snap.schema->sequences) {
    out.push_back({num(q.oid), num(sequence_type(q)), num(q.start), num(q.increment),
                   num(q.max_value), num(q.min_value), num(q.cache), flag(q.cycle)});
  }
}

void rows_pg_sequences(const Env& env, std::vector<Row>& out) {
  for (const auto& [n, q] : env.snap.schema->sequences) {
    out.push_back({str("public"), str(q.name), str(env.ctx.user), num(sequence_type(q)), num(q.start),
                   num(q.min_value), num(q.max_value), num(q.increment), flag(q.cycle), num(q.cache),
                   null()});
  }
}

void rows_pg_depend(const Env& env, std::vector<Row>& out) {
  const Schema& sc = *env.snap.schema;
  for (const auto& [n, q] : sc.sequences) {
    const TableInfo* t = sc.find_table(q.owned_by_table);
    if (t == nullptr) continue;
    // An identity column's sequence is an internal dependency ('i'), a serial's automatic.
    out.push_back({num(1259), num(q.oid), num(0), num(1259), num(t->oid),
                   num(attnum_of(*t, q.owned_by_column)), str(q.identity != 0 ? "i" : "a")});
  }
}

void rows_pg_stat_activity(const Env& env, std::vector<Row>& out) {
  std::optional<std::string> app;
  if (env.ctx.current_setting) app = env.ctx.current_setting("application_name");
  out.push_back({num(1), str(env.ctx.database), null(), null(), num(10), str(env.ctx.user),
                 str(app.value_or("")), null(), null(), null(), null(), null(), null(), null(),
                 null(), null(), str("active"), null(), null(), null(), str(""),
                 str("client backend")});
}

void rows_empty(const Env&, std::vector<Row>&) {}

// ---- information_schema

std::string yes_no(bool b) { return b ? "YES" : "NO"; }

struct DataTypeInfo {
  std::string data_type;
  Cell char_max = null(), octet = null(), precision = null(), radix = null(), scale = null(),
       dt_precision = null();
  std::string udt;
};

DataTypeInfo data_type_of(const Schema& sc, PgType type) {
  DataTypeInfo d;
  const protocol::TypeInfo* ti = builtin(type.oid);
  d.udt = ti != nullptr ? std::string(ti->name) : "";
  for (const auto& [n, e] : sc.enums) {
    if (e.oid == type.oid) {
      d.data_type = "USER-DEFINED";
      d.udt = e.name;
      return d;
    }
  }
  if (ti == nullptr) {
    d.data_type = "USER-DEFINED";
    return d;
  }
  if (ti->category == 'A' && type.oid != oid::kInt2Vector && type.oid != oid::kOidVector) {
    d.data_type = "ARRAY";
    return d;
  }
  d.data_type = std::string(ti->sql_name);
  switch (type.oid) {
    case oid::kVarchar:
    case oid::kBpchar:
      if (type.typmod >= 4) d.char_max = num(type.typmod - 4);
      d.octet = num(type.typmod >= 4 ? (type.typmod - 4) * 4 : 1073741824);
      break;
    case oid::kText: d.octet = num(1073741824); break;
    case oid::kInt2: d.precision = num(16), d.radix = num(2), d.scale = num(0); break;
    case oid::kInt4: d.precision = num(32), d.radix = num(2), d.scale = num(0); break;
    case oid::kInt8: d.precision = num(64), d.radix = num(2), d.scale = num(0); break;
    case oid::kFloat4: d.precision = num(24), d.radix = num(2); break;
    case oid::kFloat8: d.precision = num(53), d.radix = num(2); break;
    case oid::kNumeric:
      d.radix = num(10);
      if (type.typmod >= 4) {
        d.precision = num(((type.typmod - 4) >> 16) & 0xffff);
        d.scale = num((type.typmod - 4) & 0xffff);
      }
      break;
    case oid::kDate: d.dt_precision = num(0); break;
    case oid::kTimestamp:
    case oid::kTimestamptz:
    case oid::kTime:
    case oid::kTimetz:
    case oid::kInterval: d.dt_precision = num(type.typmod >= 0 ? type.typmod : 6); break;
    default: break;
  }
  return d;
}

void rows_is_schemata(const Env& env, std::vector<Row>& out) {
  for (const char* n : {"pg_catalog", "pg_toast", "public", "information_schema"}) {
    out.push_back({str(env.ctx.database), str(n), str(env.ctx.user), null(), null(), null(), null()});
  }
}

void rows_is_tables(const Env& env, std::vector<Row>& out) {
  for (const auto& [n, t] : env.snap.schema->tables) {
    out.push_back({str(env.ctx.database), str(t.temporary ? "pg_temp_1" : "public"), str(t.name),
                   str(t.is_view ? "VIEW" : t.temporary ? "LOCAL TEMPORARY" : "BASE TABLE"), null(),
                   null(), null(), null(), null(), str(yes_no(!t.is_view)), str("NO"), null()});
  }
  for (const RelDef& r : relations()) {
    out.push_back({str(env.ctx.database), str(std::string(r.schema)), str(std::string(r.name)),
                   str(r.kind == 'v' ? "VIEW" : "BASE TABLE"), null(), null(), null(), null(),
                   null(), str(yes_no(r.kind == 'r')), str("NO"), null()});
  }
}

void rows_is_columns(const Env& env, std::vector<Row>& out) {
  const Schema& sc = *env.snap.schema;
  for (const auto& [n, t] : sc.tables) {
    for (const auto& c : t.columns) {
      DataTypeInfo d = data_type_of(sc, c.type);
      std::string def = default_text(sc, t, c);
      // Identity columns: their sequence's options, as text (information_schema's character_data).
      const SequenceInfo* ident = nullptr;
      for (const auto& [qn, q] : sc.sequences) {
        if (c.identity != 0 && q.owned_by_table == t.name && q.owned_by_column == c.name) ident = &q;
      }
      auto ident_num = [&](int64_t v) { return ident != nullptr ? str(std::to_string(v)) : null(); };
      out.push_back({str(env.ctx.database), str("public"), str(t.name), str(c.name), num(c.number),
                     def.empty() ? null() : str(def), str(yes_no(!c.not_null)), str(d.data_type),
                     d.char_max, d.octet, d.precision, d.radix, d.scale, d.dt_precision, null(),
                     null(), null(), null(), null(), null(), null(), null(), null(), null(), null(),
                     str(env.ctx.database), str(d.data_type == "USER-DEFINED" ? "public" : "pg_catalog"),
                     str(d.udt), null(), null(), null(), null(), str(std::to_string(c.number)),
                     str("NO"), str(yes_no(ident != nullptr)),
                     ident == nullptr ? null() : str(c.identity == 'a' ? "ALWAYS" : "BY DEFAULT"),
                     ident_num(ident ? ident->start : 0), ident_num(ident ? ident->increment : 0),
                     ident_num(ident ? ident->max_value : 0), ident_num(ident ? ident->min_value : 0),
                     str(yes_no(ident != nullptr && ident->cycle)),
                     str("NEVER"), null(), str(yes_no(!t.is_view))});
    }
  }
}

const char* constraint_type_name(char t) {
  switch (t) {
    case 'p': return "PRIMARY KEY";
    case 'u': return "UNIQUE";
    case 'f': return "FOREIGN KEY";
    default: return "CHECK";
  }
}

void rows_is_table_constraints(const Env& env, std::vector<Row>& out) {
  for (const auto& c : env.snap.constraints) {
    out.push_back({str(env.ctx.database), str("public"), str(c.name), str(env.ctx.database),
                   str("public"), str(c.table->name), str(constraint_type_name(c.type)),
                   str(yes_no(c.deferrable)), str(yes_no(c.deferred)), str("YES"),
                   c.type == 'u' || c.type == 'p' ? str("YES") : null()});
  }
  // PostgreSQL lists NOT NULL columns as CHECK constraints named <nsp>_<rel>_<attnum>_not_null.
  for (const auto& [n, t] : env.snap.schema->tables) {
    if (t.is_view) continue;
    for (const auto& c : t.columns) {
      if (!c.not_null) continue;
      out.push_back({str(env.ctx.database), str("public"),
                     str(std::to_string(kPublicNamespace) + "_" + std::to_string(t.oid) + "_" +
                         std::to_string(c.number) + "_not_null"),
                     str(env.ctx.database), str("public"), str(t.name), str("CHECK"), str("NO"),
                     str("NO"), str("YES"), null()});
    }
  }
}

const Constraint* unique_constraint_for(const Snapshot& snap, const Constraint& fk) {
  for (const auto& c : snap.constraints) {
    if ((c.type == 'p' || c.type == 'u') && c.table == fk.ref_table && c.keys == fk.ref_keys) return &c;
  }
  return nullptr;
}

void rows_is_key_column_usage(const Env& env, std::vector<Row>& out) {
  for (const auto& c : env.snap.constraints) {
    if (c.type == 'c') continue;
    const Constraint* u = c.type == 'f' ? unique_constraint_for(env.snap, c) : nullptr;
    for (size_t i = 0; i < c.keys.size(); ++i) {
      Cell pos = null();
      if (u != nullptr && i < c.ref_keys.size()) {
        auto it = std::find(u->keys.begin(), u->keys.end(), c.ref_keys[i]);
        if (it != u->keys.end()) pos = num(it - u->keys.begin() + 1);
      }
      out.push_back({str(env.ctx.database), str("public"), str(c.name), str(env.ctx.database),
                     str("public"), str(c.table->name), str(attnames(c.table, {c.keys[i]})),
                     num(static_cast<int64_t>(i + 1)), pos});
    }
  }
}

void rows_is_referential_constraints(const Env& env, std::vector<Row>& out) {
  auto rule = [](char a) -> std::string {
    switch (a) {
      case 'c': return "CASCADE";
      case 'r': return "RESTRICT";
      case 'n': return "SET NULL";
      case 'd': return "SET DEFAULT";
      default: return "NO ACTION";
    }
  };
  for (const auto& c : env.snap.constraints) {
    if (c.type != 'f') continue;
    const Constraint* u = unique_constraint_for(env.snap, c);
    out.push_back({str(env.ctx.database), str("public"), str(c.name), str(env.ctx.database),
                   str("public"), u != nullptr ? str(u->name) : null(), str("NONE"),
                   str(rule(c.on_update)), str(rule(c.on_delete))});
  }
}

// pg_get_viewdef: PostgreSQL's text where viewdef.cpp can print it, else the stored SELECT.
std::string view_definition(const TableInfo& t, const Schema& schema, bool pretty) {
  auto p = t.sql.find(" AS ");
  if (p == std::string::npos) return "";
  if (auto def = postgres_viewdef(t.sql.substr(p + 4), schema, pretty, pg_quote_ident)) return *def;
  return " " + unquote_sql(t.sql.substr(p + 4)) + ";";
}

void rows_is_views(const Env& env, std::vector<Row>& out) {
  for (const auto& [n, t] : env.snap.schema->tables) {
    if (!t.is_view) continue;
    out.push_back({str(env.ctx.database), str("public"), str(t.name),
                   str(view_definition(t, *env.snap.schema, false)),
                   str("NONE"), str("NO"), str("NO"), str("NO"), str("NO"), str("NO")});
  }
}

void rows_is_sequences(const Env& env, std::vector<Row>& out) {
  for (const auto& [n, q] : env.snap.schema->sequences) {
    int32_t t = sequence_type(q);
    int bits = t == oid::kInt2 ? 16 : t == oid::kInt4 ? 32 : 64;
    out.push_back({str(env.ctx.database), str("public"), str(q.name),
                   str(std::string(builtin(t)->sql_name)), num(bits), num(2), num(0),
                   str(std::to_string(q.start)), str(std::to_string(q.min_value)),
                   str(std::to_string(q.max_value)), str(std::to_string(q.increment)),
                   str(yes_no(q.cycle))});
  }
}

void rows_is_check_constraints(const Env& env, std::vector<Row>& out) {
  for (const auto& c : env.snap.constraints) {
    if (c.type != 'c') continue;
    out.push_back({str(env.ctx.database), str("public"), str(c.name), str("(" + c.check + ")")});
  }
}

const std::vector<RelDef>& relations() {
  static const std::vector<RelDef> kRelations = [] {
    std::vector<RelDef> r;
    auto pg = [&](std::string_view name, int32_t oid_, char kind, ColDefs cols, RowFn rows,
                  bool dynamic = false) {
      r.push_back(RelDef{"pg_catalog", name, oid_, kind, std::move(cols), rows, dynamic});
    };
    pg("pg_namespace", 2615, 'r', {{"oid", kO}, {"nspname", kN}, {"nspowner", kO}, {"nspacl", kAcl}},
       rows_pg_namespace);
    pg("pg_class", 1259, 'r',
       {{"oid", kO}, {"relname", kN}, {"relnamespace", kO}, {"reltype", kO}, {"reloftype", kO},
        {"relowner", kO}, {"relam", kO}, {"relfilenode", kO}, {"reltablespace", kO},
        {"relpages", kI4}, {"reltuples", kF4}, {"relallvisible", kI4}, {"reltoastrelid", kO},
        {"relhasindex", kB}, {"relisshared", kB}, {"relpersistence", kC}, {"relkind", kC},
        {"relnatts", kI2}, {"relchecks", kI2}, {"relhasrules", kB}, {"relhastriggers", kB},
        {"relhassubclass", kB}, {"relrowsecurity", kB}, {"relforcerowsecurity", kB},
        {"relispopulated", kB}, {"relreplident", kC}, {"relispartition", kB}, {"relrewrite", kO},
        {"relfrozenxid", kO}, {"relminmxid", kO}, {"relacl", kAcl}, {"reloptions", kTA},
        {"relpartbound", kNT}},
       rows_pg_class);
    pg("pg_attribute", 1249, 'r',
       {{"attrelid", kO}, {"attname", kN}, {"atttypid", kO}, {"attstattarget", kI4},
        {"attlen", kI2}, {"attnum", kI2}, {"attndims", kI4}, {"attcacheoff", kI4},
        {"atttypmod", kI4}, {"attbyval", kB}, {"attalign", kC}, {"attstorage", kC},
        {"attcompression", kC}, {"attnotnull", kB}, {"atthasdef", kB}, {"atthasmissing", kB},
        {"attidentity", kC}, {"attgenerated", kC}, {"attisdropped", kB}, {"attislocal", kB},
        {"attinhcount", kI4}, {"attcollation", kO}, {"attacl", kAcl}, {"attoptions", kTA},
        {"attfdwoptions", kTA}, {"attmissingval", kT}},
       rows_pg_attribute);
    pg("pg_type", 1247, 'r',
       {{"oid", kO}, {"typname", kN}, {"typnamespace", kO}, {"typowner", kO}, {"typlen", kI2},
        {"typbyval", kB}, {"typtype", kC}, {"typcategory", kC}, {"typispreferred", kB},
        {"typisdefined", kB}, {"typdelim", kC}, {"typrelid", kO}, {"typsubscript", kRP},
        {"typelem", kO}, {"typarray", kO}, {"typinput", kRP}, {"typoutput", kRP},
        {"typreceive", kRP}, {"typsend", kRP}, {"typmodin", kRP}, {"typmodout", kRP},
        {"typanalyze", kRP}, {"typalign", kC}, {"typstorage", kC}, {"typnotnull", kB},
        {"typbasetype", kO}, {"typtypmod", kI4}, {"typndims", kI4}, {"typcollation", kO},
        {"typdefaultbin", kNT}, {"typdefault", kT}, {"typacl", kAcl}},
       rows_pg_type);
    pg("pg_index", 2610, 'r',
       {{"indexrelid", kO}, {"indrelid", kO}, {"indnatts", kI2}, {"indnkeyatts", kI2},
        {"indisunique", kB}, {"indnullsnotdistinct", kB}, {"indisprimary", kB},
        {"indisexclusion", kB}, {"indimmediate", kB}, {"indisclustered", kB}, {"indisvalid", kB},
        {"indcheckxmin", kB}, {"indisready", kB}, {"indislive", kB}, {"indisreplident", kB},
        {"indkey", kI2V}, {"indcollation", kOV}, {"indclass", kOV}, {"indoption", kI2V},
        {"indexprs", kNT}, {"indpred", kNT}},
       rows_pg_index);
    pg("pg_constraint", 2606, 'r',
       {{"oid", kO}, {"conname", kN}, {"connamespace", kO}, {"contype", kC},
        {"condeferrable", kB}, {"condeferred", kB}, {"convalidated", kB}, {"conrelid", kO},
        {"contypid", kO}, {"conindid", kO}, {"conparentid", kO}, {"confrelid", kO},
        {"confupdtype", kC}, {"confdeltype", kC}, {"confmatchtype", kC}, {"conislocal", kB},
        {"coninhcount", kI4}, {"connoinherit", kB}, {"conkey", kI2A}, {"confkey", kI2A},
        {"conpfeqop", kOA}, {"conppeqop", kOA}, {"conffeqop", kOA}, {"confdelsetcols", kI2A},
        {"conexclop", kOA}, {"conbin", kNT}},
       rows_pg_constraint);
    pg("pg_attrdef", 2604, 'r', {{"oid", kO}, {"adrelid", kO}, {"adnum", kI2}, {"adbin", kNT}},
       rows_pg_attrdef);
    pg("pg_am", 2601, 'r', {{"oid", kO}, {"amname", kN}, {"amhandler", kRP}, {"amtype", kC}},
       rows_pg_am);
    pg("pg_database", 1262, 'r',
       {{"oid", kO}, {"datname", kN}, {"datdba", kO}, {"encoding", kI4}, {"datlocprovider", kC},
        {"datistemplate", kB}, {"datallowconn", kB}, {"datconnlimit", kI4},
        {"datfrozenxid", kO}, {"datminmxid", kO}, {"dattablespace", kO}, {"datcollate", kT},
        {"datctype", kT}, {"daticulocale", kT}, {"datcollversion", kT}, {"datacl", kAcl}},
       rows_pg_database, true);
    pg("pg_roles", 12001, 'v',
       {{"rolname", kN}, {"rolsuper", kB}, {"rolinherit", kB}, {"rolcreaterole", kB},
        {"rolcreatedb", kB}, {"rolcanlogin", kB}, {"rolreplication", kB}, {"rolconnlimit", kI4},
        {"rolpassword", kT}, {"rolvaliduntil", kTz}, {"rolbypassrls", kB}, {"rolconfig", kTA},
        {"oid", kO}},
       rows_pg_roles, true);
    pg("pg_authid", 1260, 'r',
       {{"oid", kO}, {"rolname", kN}, {"rolsuper", kB}, {"rolinherit", kB},
        {"rolcreaterole", kB}, {"rolcreatedb", kB}, {"rolcanlogin", kB}, {"rolreplication", kB},
        {"rolbypassrls", kB}, {"rolconnlimit", kI4}, {"rolpassword", kT}, {"rolvaliduntil", kTz}},
       rows_pg_authid, true);
    pg("pg_user", 12002, 'v',
       {{"usename", kN}, {"usesysid", kO}, {"usecreatedb", kB}, {"usesuper", kB},
        {"userepl", kB}, {"usebypassrls", kB}, {"passwd", kT}, {"valuntil", kTz},
        {"useconfig", kTA}},
       rows_pg_user, true);
    pg("pg_auth_members", 1261, 'r',
       {{"oid", kO}, {"roleid", kO}, {"member", kO}, {"grantor", kO}, {"admin_option", kB}},
       rows_empty);
    pg("pg_settings", 12003, 'v',
       {{"name", kT}, {"setting", kT}, {"unit", kT}, {"category", kT}, {"short_desc", kT},
        {"extra_desc", kT}, {"context", kT}, {"vartype", kT}, {"source", kT}, {"min_val", kT},
        {"max_val", kT}, {"enumvals", kTA}, {"boot_val", kT}, {"reset_val", kT},
        {"sourcefile", kT}, {"sourceline", kI4}, {"pending_restart", kB}},
       rows_pg_settings, true);
    pg("pg_description", 2609, 'r',
       {{"objoid", kO}, {"classoid", kO}, {"objsubid", kI4}, {"description", kT}}, rows_empty);
    pg("pg_shdescription", 2396, 'r', {{"objoid", kO}, {"classoid", kO}, {"description", kT}},
       rows_empty);
    pg("pg_proc", 1255, 'r',
       {{"oid", kO}, {"proname", kN}, {"pronamespace", kO}, {"proowner", kO}, {"prolang", kO},
        {"procost", kF4}, {"prorows", kF4}, {"provariadic", kO}, {"prosupport", kRP},
        {"prokind", kC}, {"prosecdef", kB}, {"proleakproof", kB}, {"proisstrict", kB},
        {"proretset", kB}, {"provolatile", kC}, {"proparallel", kC}, {"pronargs", kI2},
        {"pronargdefaults", kI2}, {"prorettype", kO}, {"proargtypes", kOV},
        {"proallargtypes", kOA}, {"proargmodes", oid::kCharArray}, {"proargnames", kTA},
        {"proargdefaults", kNT}, {"protrftypes", kOA}, {"prosrc", kT}, {"probin", kT},
        {"prosqlbody", kNT}, {"proconfig", kTA}, {"proacl", kAcl}},
       rows_pg_proc);
    pg("pg_inherits", 2611, 'r',
       {{"inhrelid", kO}, {"inhparent", kO}, {"inhseqno", kI4}, {"inhdetachpending", kB}},
       rows_empty);
    pg("pg_trigger", 2620, 'r',
       {{"oid", kO}, {"tgrelid", kO}, {"tgparentid", kO}, {"tgname", kN}, {"tgfoid", kO},
        {"tgtype", kI2}, {"tgenabled", kC}, {"tgisinternal", kB}, {"tgconstrrelid", kO},
        {"tgconstrindid", kO}, {"tgconstraint", kO}, {"tgdeferrable", kB},
        {"tginitdeferred", kB}, {"tgnargs", kI2}, {"tgattr", kI2V}, {"tgargs", oid::kBytea},
        {"tgqual", kNT}, {"tgoldtable", kN}, {"tgnewtable", kN}},
       rows_empty);
    pg("pg_policy", 3256, 'r',
       {{"oid", kO}, {"polname", kN}, {"polrelid", kO}, {"polcmd", kC}, {"polpermissive", kB},
        {"polroles", kOA}, {"polqual", kNT}, {"polwithcheck", kNT}},
       rows_empty);
    pg("pg_statistic_ext", 3381, 'r',
       {{"oid", kO}, {"stxrelid", kO}, {"stxname", kN}, {"stxnamespace", kO}, {"stxowner", kO},
        {"stxstattarget", kI4}, {"stxkeys", kI2V}, {"stxkind", oid::kCharArray},
        {"stxexprs", kNT}},
       rows_empty);
    pg("pg_publication", 6104, 'r',
       {{"oid", kO}, {"pubname", kN}, {"pubowner", kO}, {"puballtables", kB}, {"pubinsert", kB},
        {"pubupdate", kB}, {"pubdelete", kB}, {"pubtruncate", kB}, {"pubviaroot", kB}},
       rows_empty);
    pg("pg_publication_rel", 6106, 'r',
       {{"oid", kO}, {"prpubid", kO}, {"prrelid", kO}, {"prqual", kNT}, {"prattrs", kI2V}},
       rows_empty);
    pg("pg_publication_namespace", 6237, 'r', {{"oid", kO}, {"pnpubid", kO}, {"pnnspid", kO}},
       rows_empty);
    pg("pg_partitioned_table", 3350, 'r',
       {{"partrelid", kO}, {"partstrat", kC}, {"partnatts", kI2}, {"partdefid", kO},
        {"partattrs", kI2V}, {"partclass", kOV}, {"partcollation", kOV}, {"partexprs", kNT}},
       rows_empty);
    pg("pg_extension", 3079, 'r',
       {{"oid", kO}, {"extname", kN}, {"extowner", kO}, {"extnamespace", kO},
        {"extrelocatable", kB}, {"extversion", kT}, {"extconfig", kOA}, {"extcondition", kTA}},
       rows_empty);
    pg("pg_depend", 2608, 'r',
       {{"classid", kO}, {"objid", kO}, {"objsubid", kI4}, {"refclassid", kO}, {"refobjid", kO},
        {"refobjsubid", kI4}, {"deptype", kC}},
       rows_pg_depend);
    pg("pg_sequence", 2224, 'r',
       {{"seqrelid", kO}, {"seqtypid", kO}, {"seqstart", kI8}, {"seqincrement", kI8},
        {"seqmax", kI8}, {"seqmin", kI8}, {"seqcache", kI8}, {"seqcycle", kB}},
       rows_pg_sequence);
    pg("pg_sequences", 12004, 'v',
       {{"schemaname", kN}, {"sequencename", kN}, {"sequenceowner", kN}, {"data_type", kRT},
        {"start_value", kI8}, {"min_value", kI8}, {"max_value", kI8}, {"increment_by", kI8},
        {"cycle", kB}, {"cache_size", kI8}, {"last_value", kI8}},
       rows_pg_sequences, true);
    pg("pg_enum", 3501, 'r',
       {{"oid", kO}, {"enumtypid", kO}, {"enumsortorder", kF4}, {"enumlabel", kN}},
       rows_pg_enum);
    pg("pg_collation", 3456, 'r',
       {{"oid", kO}, {"collname", kN}, {"collnamespace", kO}, {"collowner", kO},
        {"collprovider", kC}, {"collisdeterministic", kB}, {"collencoding", kI4},
        {"collcollate", kT}, {"collctype", kT}, {"colliculocale", kT}, {"collversion", kT}},
       rows_pg_collation);
    pg("pg_tablespace", 1213, 'r',
       {{"oid", kO}, {"spcname", kN}, {"spcowner", kO}, {"spcacl", kAcl}, {"spcoptions", kTA}},
       rows_pg_tablespace);
    pg("pg_stat_activity", 12005, 'v',
       {{"datid", kO}, {"datname", kN}, {"pid", kI4}, {"leader_pid", kI4}, {"usesysid", kO},
        {"usename", kN}, {"application_name", kT}, {"client_addr", kInet},
        {"client_hostname", kT}, {"client_port", kI4}, {"backend_start", kTz},
        {"xact_start", kTz}, {"query_start", kTz}, {"state_change", kTz},
        {"wait_event_type", kT}, {"wait_event", kT}, {"state", kT}, {"backend_xid", kO},
        {"backend_xmin", kO}, {"query_id", kI8}, {"query", kT}, {"backend_type", kT}},
       rows_pg_stat_activity, true);
    auto is = [&](std::string_view name, int32_t oid_, ColDefs cols, RowFn rows) {
      r.push_back(RelDef{"information_schema", name, oid_, 'v', std::move(cols), rows, true});
    };
    is("schemata", 13100,
       {{"catalog_name", kN}, {"schema_name", kN}, {"schema_owner", kN},
        {"default_character_set_catalog", kN}, {"default_character_set_schema", kN},
        {"default_character_set_name", kN}, {"sql_path", kV}},
       rows_is_schemata);
    is("tables", 13101,
       {{"table_catalog", kN}, {"table_schema", kN}, {"table_name", kN}, {"table_type", kV},
        {"self_referencing_column_name", kN}, {"reference_generation", kV},
        {"user_defined_type_catalog", kN}, {"user_defined_type_schema", kN},
        {"user_defined_type_name", kN}, {"is_insertable_into", kV}, {"is_typed", kV},
        {"commit_action", kV}},
       rows_is_tables);
    is("columns", 13102,
       {{"table_catalog", kN}, {"table_schema", kN}, {"table_name", kN}, {"column_name", kN},
        {"ordinal_position", kI4}, {"column_default", kV}, {"is_nullable", kV},
        {"data_type", kV}, {"character_maximum_length", kI4}, {"character_octet_length", kI4},
        {"numeric_precision", kI4}, {"numeric_precision_radix", kI4}, {"numeric_scale", kI4},
        {"datetime_precision", kI4}, {"interval_type", kV}, {"interval_precision", kI4},
        {"character_set_catalog", kN}, {"character_set_schema", kN},
        {"character_set_name", kN}, {"collation_catalog", kN}, {"collation_schema", kN},
        {"collation_name", kN}, {"domain_catalog", kN}, {"domain_schema", kN},
        {"domain_name", kN}, {"udt_catalog", kN}, {"udt_schema", kN}, {"udt_name", kN},
        {"scope_catalog", kN}, {"scope_schema", kN}, {"scope_name", kN},
        {"maximum_cardinality", kI4}, {"dtd_identifier", kN}, {"is_self_referencing", kV},
        {"is_identity", kV}, {"identity_generation", kV}, {"identity_start", kV},
        {"identity_increment", kV}, {"identity_maximum", kV}, {"identity_minimum", kV},
        {"identity_cycle", kV}, {"is_generated", kV}, {"generation_expression", kV},
        {"is_updatable", kV}},
       rows_is_columns);
    is("table_constraints", 13103,
       {{"constraint_catalog", kN}, {"constraint_schema", kN}, {"constraint_name", kN},
        {"table_catalog", kN}, {"table_schema", kN}, {"table_name", kN},
        {"constraint_type", kV}, {"is_deferrable", kV}, {"initially_deferred", kV},
        {"enforced", kV}, {"nulls_distinct", kV}},
       rows_is_table_constraints);
    is("key_column_usage", 13104,
       {{"constraint_catalog", kN}, {"constraint_schema", kN}, {"constraint_name", kN},
        {"table_catalog", kN}, {"table_schema", kN}, {"table_name", kN}, {"column_name", kN},
        {"ordinal_position", kI4}, {"position_in_unique_constraint", kI4}},
       rows_is_key_column_usage);
    is("referential_constraints", 13105,
       {{"constraint_catalog", kN}, {"constraint_schema", kN}, {"constraint_name", kN},
        {"unique_constraint_catalog", kN}, {"unique_constraint_schema", kN},
        {"unique_constraint_name", kN}, {"match_option", kV}, {"update_rule", kV},
        {"delete_rule", kV}},
       rows_is_referential_constraints);
    is("views", 13106,
       {{"table_catalog", kN}, {"table_schema", kN}, {"table_name", kN},
        {"view_definition", kV}, {"check_option", kV}, {"is_updatable", kV},
        {"is_insertable_into", kV}, {"is_trigger_updatable", kV},
        {"is_trigger_deletable", kV}, {"is_trigger_insertable_into", kV}},
       rows_is_views);
    is("sequences", 13107,
       {{"sequence_catalog", kN}, {"sequence_schema", kN}, {"sequence_name", kN},
        {"data_type", kV}, {"numeric_precision", kI4}, {"numeric_precision_radix", kI4},
        {"numeric_scale", kI4}, {"start_value", kV}, {"minimum_value", kV},
        {"maximum_value", kV}, {"increment", kV}, {"cycle_option", kV}},
       rows_is_sequences);
    is("check_constraints", 13108,
       {{"constraint_catalog", kN}, {"constraint_schema", kN}, {"constraint_name", kN},
        {"check_clause", kV}},
       rows_is_check_constraints);
    return r;
  }();
  return kRelations;
}

std::string module_name(const RelDef& r) { return std::string(r.schema) + "." + std::string(r.name); }

const std::map<std::string, TableInfo, std::less<>>& relation_infos() {
  static const std::map<std::string, TableInfo, std::less<>> kInfos = [] {
    std::map<std::string, TableInfo, std::less<>> m;
    for (const RelDef& r : relations()) {
      TableInfo t;
      t.name = module_name(r);
      t.oid = r.oid;
      t.is_view = r.kind == 'v';
      for (size_t i = 0; i < r.columns.size(); ++i) {
        ColumnInfo c;
        c.name = r.columns[i].first;
        c.type = PgType{r.columns[i].second, -1};
        c.number = static_cast<int16_t>(i + 1);
        t.columns.push_back(std::move(c));
      }
      m.emplace(t.name, std::move(t));
    }
    return m;
  }();
  return kInfos;
}

// ---------------------------------------------------------------------------------------------
// Per-connection state: the snapshot, rebuilt when the schema or the data moved

struct State {
  sqlite3* db = nullptr;
  int64_t schema_version = -1, data_version = -1, changes = -1;
  std::shared_ptr<const Snapshot> snapshot;
  std::string error;

  std::shared_ptr<const Snapshot> current() {
    int64_t sv = -1, dv = -1;
    each_row(db, "PRAGMA schema_version", [&](sqlite3_stmt* st) { sv = sqlite3_column_int64(st, 0); });
    each_row(db, "PRAGMA data_version", [&](sqlite3_stmt* st) { dv = sqlite3_column_int64(st, 0); });
    int64_t ch = sqlite3_total_changes64(db);
    if (snapshot && sv == schema_version && dv == data_version && ch == changes) return snapshot;
    bool autocommit = sqlite3_get_autocommit(db) != 0;
    auto schema = load_schema(db);
    // load_schema wraps its reads in BEGIN/COMMIT when in autocommit mode; the statement being
    // stepped keeps its own read transaction (the commit only downgrades it).
    if (autocommit && sqlite3_get_autocommit(db) == 0) {
      sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    }
    if (!schema) {
      error = schema.error().message;
      return nullptr;
    }
    snapshot = build_snapshot(db, *schema);
    schema_version = sv;
    data_version = dv;
    changes = ch;
    return snapshot;
  }
};

// ---------------------------------------------------------------------------------------------
// The virtual table module

struct Module {
  std::shared_ptr<State> state;
  const RelDef* rel;
};

struct VTab {
  sqlite3_vtab base{};
  Module* module;
};

struct Cursor {
  sqlite3_vtab_cursor base{};
  std::shared_ptr<const Snapshot> snapshot;
  std::vector<Row> own;             // rows of session-dependent relations
  const std::vector<Row>* rows = nullptr;
  std::vector<size_t> matches;
  size_t pos = 0;
};

std::string declaration(const RelDef& r) {
  std::string s = "CREATE TABLE x(";
  for (size_t i = 0; i < r.columns.size(); ++i) {
    s += (i ? ", " : "") + quote_ident(r.columns[i].first);
  }
  return s + ")";
}

int vt_connect(sqlite3* db, void* aux, int, const char* const*, sqlite3_vtab** out, char**) {
  auto* m = static_cast<Module*>(aux);
  int rc = sqlite3_declare_vtab(db, declaration(*m->rel).c_str());
  if (rc != SQLITE_OK) return rc;
  auto* v = new VTab{};
  v->module = m;
  *out = &v->base;
  return SQLITE_OK;
}

int vt_disconnect(sqlite3_vtab* v) {
  delete reinterpret_cast<VTab*>(v);
  return SQLITE_OK;
}

// Equality constraints are handed to xFilter (idxNum: a bitmask of the columns, argv in column
// order); SQLite still checks them (omit = 0), so xFilter may keep rows it cannot judge.
int vt_best_index(sqlite3_vtab*, sqlite3_index_info* info) {
  uint64_t mask = 0;
  std::vector<std::pair<int, int>> chosen;  // column, constraint index
  for (int i = 0; i < info->nConstraint; ++i) {
    const auto& c = info->aConstraint[i];
    if (!c.usable || c.op != SQLITE_INDEX_CONSTRAINT_EQ || c.iColumn < 0 || c.iColumn >= 63) continue;
    if (mask & (uint64_t{1} << c.iColumn)) continue;
    mask |= uint64_t{1} << c.iColumn;
    chosen.emplace_back(c.iColumn, i);
  }
  std::sort(chosen.begin(), chosen.end());
  for (size_t k = 0; k < chosen.size(); ++k) {
    info->aConstraintUsage[chosen[k].second].argvIndex = static_cast<int>(k + 1);
    info->aConstraintUsage[chosen[k].second].omit = 0;
  }
  info->idxNum = static_cast<int>(mask & 0x7fffffff);
  info->estimatedCost = chosen.empty() ? 1000.0 : 10.0;
  info->estimatedRows = chosen.empty() ? 1000 : 5;
  return SQLITE_OK;
}

int vt_open(sqlite3_vtab*, sqlite3_vtab_cursor** out) {
  auto* c = new Cursor{};
  *out = &c->base;
  return SQLITE_OK;
}

int vt_close(sqlite3_vtab_cursor* c) {
  delete reinterpret_cast<Cursor*>(c);
  return SQLITE_OK;
}

bool cell_may_equal(const Cell& cell, sqlite3_value* v) {
  switch (sqlite3_value_type(v)) {
    case SQLITE_INTEGER:
      if (const auto* i = std::get_if<int64_t>(&cell)) return *i == sqlite3_value_int64(v);
      return !std::holds_alternative<std::monostate>(cell) && !std::holds_alternative<std::string>(cell);
    case SQLITE_TEXT:
      if (const auto* s = std::get_if<std::string>(&cell)) {
        const char* t = reinterpret_cast<const char*>(sqlite3_value_text(v));
        return *s == std::string_view(t, static_cast<size_t>(sqlite3_value_bytes(v)));
      }
      return !std::holds_alternative<std::monostate>(cell);
    case SQLITE_NULL: return false;
    default: return true;
  }
}

int vt_filter(sqlite3_vtab_cursor* cur, int idx_num, const char*, int argc, sqlite3_value** argv) {
  auto* c = reinterpret_cast<Cursor*>(cur);
  auto* vt = reinterpret_cast<VTab*>(cur->pVtab);
  const Module& m = *vt->module;
  c->snapshot = m.state->current();
  if (!c->snapshot) {
    sqlite3_free(vt->base.zErrMsg);
    vt->base.zErrMsg = sqlite3_mprintf("%s", m.state->error.c_str());
    return SQLITE_ERROR;
  }
  Env env{*c->snapshot, current_function_context()};
  if (m.rel->dynamic) {
    c->own.clear();
    m.rel->rows(env, c->own);
    c->rows = &c->own;
  } else {
    std::string key = module_name(*m.rel);
    auto it = c->snapshot->rows.find(key);
    if (it == c->snapshot->rows.end()) {
      std::vector<Row> rows;
      m.rel->rows(env, rows);
      it = c->snapshot->rows.emplace(key, std::move(rows)).first;
    }
    c->rows = &it->second;
  }
  std::vector<int> columns;
  for (int col = 0; col < 31; ++col) {
    if (idx_num & (1 << col)) columns.push_back(col);
  }
  c->matches.clear();
  for (size_t r = 0; r < c->rows->size(); ++r) {
    bool ok = true;
    for (size_t k = 0; k < columns.size() && k < static_cast<size_t>(argc) && ok; ++k) {
      ok = cell_may_equal((*c->rows)[r][static_cast<size_t>(columns[k])], argv[k]);
    }
    if (ok) c->matches.push_back(r);
  }
  c->pos = 0;
  return SQLITE_OK;
}

int vt_next(sqlite3_vtab_cursor* cur) {
  ++reinterpret_cast<Cursor*>(cur)->pos;
  return SQLITE_OK;
}

int vt_eof(sqlite3_vtab_cursor* cur) {
  auto* c = reinterpret_cast<Cursor*>(cur);
  return c->pos >= c->matches.size();
}

int vt_column(sqlite3_vtab_cursor* cur, sqlite3_context* ctx, int i) {
  auto* c = reinterpret_cast<Cursor*>(cur);
  const Row& row = (*c->rows)[c->matches[c->pos]];
  if (i < 0 || static_cast<size_t>(i) >= row.size()) {
    sqlite3_result_null(ctx);
    return SQLITE_OK;
  }
  const Cell& cell = row[static_cast<size_t>(i)];
  if (const auto* v = std::get_if<int64_t>(&cell)) {
    sqlite3_result_int64(ctx, *v);
  } else if (const auto* d = std::get_if<double>(&cell)) {
    sqlite3_result_double(ctx, *d);
  } else if (const auto* s = std::get_if<std::string>(&cell)) {
    sqlite3_result_text(ctx, s->data(), static_cast<int>(s->size()), SQLITE_TRANSIENT);
  } else {
    sqlite3_result_null(ctx);
  }
  return SQLITE_OK;
}

int vt_rowid(sqlite3_vtab_cursor* cur, sqlite3_int64* out) {
  auto* c = reinterpret_cast<Cursor*>(cur);
  *out = static_cast<sqlite3_int64>(c->matches[c->pos]);
  return SQLITE_OK;
}

sqlite3_module make_module() {
  sqlite3_module m{};
  m.iVersion = 1;
  m.xCreate = nullptr;  // eponymous-only
  m.xConnect = vt_connect;
  m.xBestIndex = vt_best_index;
  m.xDisconnect = vt_disconnect;
  m.xDestroy = vt_disconnect;
  m.xOpen = vt_open;
  m.xClose = vt_close;
  m.xFilter = vt_filter;
  m.xNext = vt_next;
  m.xEof = vt_eof;
  m.xColumn = vt_column;
  m.xRowid = vt_rowid;
  return m;
}

const sqlite3_module kModule = make_module();

// ---------------------------------------------------------------------------------------------
// Functions

std::string format_type_text(int32_t type_oid, int32_t typmod, const Schema* schema) {
  if (schema != nullptr) {
    for (const auto& [n, e] : schema->enums) {
      if (e.oid == type_oid) return pg_quote_ident(e.name);
      if (300000000 + 2 * e.oid + 1 == type_oid) return pg_quote_ident(e.name) + "[]";
    }
    for (const auto& [n, t] : schema->tables) {
      if (row_type_oid(t.oid) == type_oid && type_oid != 0) return pg_quote_ident(t.name);
      if (row_type_oid(t.oid) + 1 == type_oid && type_oid != 1) return pg_quote_ident(t.name) + "[]";
    }
  }
  const protocol::TypeInfo* ti = builtin(type_oid);
  if (ti == nullptr) return "???";
  if (ti->category == 'A' && ti->element_oid != 0 && type_oid != oid::kInt2Vector &&
      type_oid != oid::kOidVector) {
    return format_type_text(ti->element_oid, typmod, schema) + "[]";
  }
  std::string name(ti->sql_name);
  if (typmod < 0) return name;
  switch (type_oid) {
    case oid::kVarchar:
    case oid::kBpchar: return name + "(" + std::to_string(typmod - 4) + ")";
    case oid::kNumeric:
      return name + "(" + std::to_string(((typmod - 4) >> 16) & 0xffff) + "," +
             std::to_string((typmod - 4) & 0xffff) + ")";
    case oid::kTimestamp:
    case oid::kTimestamptz:
    case oid::kTime:
    case oid::kTimetz: {
      auto sp = name.find(' ');
      std::string p = "(" + std::to_string(typmod) + ")";
      return sp == std::string::npos ? name + p : name.substr(0, sp) + p + name.substr(sp);
    }
    case oid::kBit:
    case oid::kVarbit: return name + "(" + std::to_string(typmod) + ")";
    default: return name;
  }
}

State* state_of(sqlite3_context* ctx) { return static_cast<State*>(sqlite3_user_data(ctx)); }

std::shared_ptr<const Snapshot> snapshot_or_error(sqlite3_context* ctx) {
  State* s = state_of(ctx);
  auto snap = s->current();
  if (!snap) sqlite3_result_error(ctx, s->error.c_str(), -1);
  return snap;
}

void result_text(sqlite3_context* ctx, const std::string& s) {
  sqlite3_result_text(ctx, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
}

std::string arg_text(sqlite3_value* v) {
  const unsigned char* t = sqlite3_value_text(v);
  return t ? reinterpret_cast<const char*>(t) : "";
}

void fn_format_type(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return sqlite3_result_null(ctx);
  auto snap = snapshot_or_error(ctx);
  if (!snap) return;
  int32_t typmod = argc > 1 && sqlite3_value_type(argv[1]) != SQLITE_NULL ? sqlite3_value_int(argv[1]) : -1;
  result_text(ctx, format_type_text(sqlite3_value_int(argv[0]), typmod, snap->schema.get()));
}

void fn_true(sqlite3_context* ctx, int, sqlite3_value**) { sqlite3_result_int(ctx, 1); }
void fn_null(sqlite3_context* ctx, int, sqlite3_value**) { sqlite3_result_null(ctx); }
void fn_first(sqlite3_context* ctx, int, sqlite3_value** argv) { sqlite3_result_value(ctx, argv[0]); }
void fn_zero(sqlite3_context* ctx, int, sqlite3_value**) { sqlite3_result_int(ctx, 0); }
void fn_backend_pid(sqlite3_context* ctx, int, sqlite3_value**) { sqlite3_result_int(ctx, 1); }

// pg_table_is_visible(oid): public and pg_catalog are on search_path; every relation litewire
// has lives in one of them.
void fn_is_visible(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return sqlite3_result_null(ctx);
  sqlite3_result_int(ctx, 1);
}

void fn_get_indexdef(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  auto snap = snapshot_or_error(ctx);
  if (!snap) return;
  auto it = snap->indexes_by_oid.find(sqlite3_value_int(argv[0]));
  if (it == snap->indexes_by_oid.end()) return sqlite3_result_null(ctx);
  const IndexInfo& idx = *it->second;
  auto [items, where] = index_parts(idx);
  int col = argc > 1 ? sqlite3_value_int(argv[1]) : 0;
  if (col > 0) {
    if (static_cast<size_t>(col) > items.size()) return sqlite3_result_null(ctx);
    return result_text(ctx, items[static_cast<size_t>(col - 1)]);
  }
  std::string s = std::string("CREATE ") + (idx.unique || idx.primary ? "UNIQUE " : "") + "INDEX " +
                  pg_quote_ident(idx.name) + " ON public." + pg_quote_ident(idx.table) +
                  " USING btree (";
  for (size_t i = 0; i < items.size(); ++i) s += (i ? ", " : "") + items[i];
  s += ")";
  if (!where.empty()) s += " WHERE (" + where + ")";
  result_text(ctx, s);
}

void fn_get_constraintdef(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  auto snap = snapshot_or_error(ctx);
  if (!snap) return;
  int32_t o = sqlite3_value_int(argv[0]);
  bool pretty = argc > 1 && sqlite3_value_int(argv[1]) != 0;
  for (const auto& c : snap->constraints) {
    if (c.oid == o) return result_text(ctx, constraint_def(c, pretty));
  }
  sqlite3_result_null(ctx);
}

void fn_get_userbyid(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return sqlite3_result_null(ctx);
  int64_t id = sqlite3_value_int64(argv[0]);
  if (id == 10) return result_text(ctx, current_function_context().user);
  if (id == kPgDatabaseOwner) return result_text(ctx, "pg_database_owner");
  result_text(ctx, "unknown (OID=" + std::to_string(id) + ")");
}

void fn_get_viewdef(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  auto snap = snapshot_or_error(ctx);
  if (!snap) return;
  const TableInfo* t = nullptr;
  if (sqlite3_value_type(argv[0]) == SQLITE_INTEGER) {
    auto it = snap->tables_by_oid.find(sqlite3_value_int(argv[0]));
    if (it != snap->tables_by_oid.end()) t = it->second;
  } else {
    t = snap->schema->find_table(arg_text(argv[0]));
  }
  if (t == nullptr || !t->is_view) return sqlite3_result_null(ctx);
  bool pretty = argc > 1 && sqlite3_value_int(argv[1]) != 0;
  result_text(ctx, view_definition(*t, *snap->schema, pretty));
}

void fn_get_serial_sequence(sqlite3_context* ctx, int, sqlite3_value** argv) {
  auto snap = snapshot_or_error(ctx);
  if (!snap) return;
  std::string table = arg_text(argv[0]);
  if (auto dot = table.rfind('.'); dot != std::string::npos) table = table.substr(dot + 1);
  if (table.size() >= 2 && table.front() == '"') table = table.substr(1, table.size() - 2);
  std::string column = arg_text(argv[1]);
  for (const auto& [n, q] : snap->schema->sequences) {
    if (q.owned_by_table == table && q.owned_by_column == column) {
      return result_text(ctx, "public." + pg_quote_ident(q.name));
    }
  }
  sqlite3_result_null(ctx);
}

void fn_encoding_to_char(sqlite3_context* ctx, int, sqlite3_value** argv) {
  result_text(ctx, sqlite3_value_int(argv[0]) == 6 ? "UTF8" : "SQL_ASCII");
}

void fn_current_schema(sqlite3_context* ctx, int, sqlite3_value**) { result_text(ctx, "public"); }

void fn_current_schemas(sqlite3_context* ctx, int, sqlite3_value** argv) {
  bool implicit = sqlite3_value_int(argv[0]) != 0;
  result_text(ctx, implicit ? json_text_array({"pg_catalog", "public"}) : json_text_array({"public"}));
}

void fn_relation_size(sqlite3_context* ctx, int, sqlite3_value**) { sqlite3_result_int64(ctx, 8192); }

// pg_size_pretty(bigint), PostgreSQL 15's dbsize.c: bytes below 10 kB, then each unit while
// the value stays below 20 of the next, rounded half away from zero.
void fn_size_pretty(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return sqlite3_result_null(ctx);
  int64_t size = sqlite3_value_int64(argv[0]);
  constexpr int64_t kLimit = 10 * 1024, kLimit2 = kLimit * 2 - 1;
  auto half_rounded = [](int64_t x) { return (x + (x < 0 ? -1 : 1)) / 2; };
  if (std::llabs(size) < kLimit) return result_text(ctx, std::to_string(size) + " bytes");
  size /= 1 << 9;  // one extra bit for rounding; division truncates negatives as PostgreSQL does
  for (const char* unit : {"kB", "MB", "GB", "TB"}) {
    if (std::llabs(size) < kLimit2) {
      return result_text(ctx, std::to_string(half_rounded(size)) + " " + unit);
    }
    size /= 1 << 10;
  }
  result_text(ctx, std::to_string(half_rounded(size)) + " PB");
}

void fn_quote_ident(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return sqlite3_result_null(ctx);
  result_text(ctx, pg_quote_ident(arg_text(argv[0])));
}

// pg_regclass_name(oid): the text output of a regclass value.
void fn_regclass_name(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return sqlite3_result_null(ctx);
  if (sqlite3_value_type(argv[0]) == SQLITE_TEXT) return sqlite3_result_value(ctx, argv[0]);
  auto snap = snapshot_or_error(ctx);
  if (!snap) return;
  int32_t o = sqlite3_value_int(argv[0]);
  if (auto it = snap->tables_by_oid.find(o); it != snap->tables_by_oid.end()) {
    return result_text(ctx, pg_quote_ident(it->second->name));
  }
  if (auto it = snap->indexes_by_oid.find(o); it != snap->indexes_by_oid.end()) {
    return result_text(ctx, pg_quote_ident(it->second->name));
  }
  if (auto it = snap->sequences_by_oid.find(o); it != snap->sequences_by_oid.end()) {
    return result_text(ctx, pg_quote_ident(it->second->name));
  }
  for (const RelDef& r : relations()) {
    if (r.oid == o) return result_text(ctx, std::string(r.name));
  }
  result_text(ctx, std::to_string(o));
}

// pg_regtype_name(oid): the text output of a regtype value.
void fn_regtype_name(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return sqlite3_result_null(ctx);
  if (sqlite3_value_type(argv[0]) == SQLITE_TEXT) return sqlite3_result_value(ctx, argv[0]);
  auto snap = snapshot_or_error(ctx);
  if (!snap) return;
  int32_t o = sqlite3_value_int(argv[0]);
  if (o == 0) return result_text(ctx, "-");
  std::string s = format_type_text(o, -1, snap->schema.get());
  result_text(ctx, s == "???" ? std::to_string(o) : s);
}

// A type name as regtype_in reads it: a built-in name or alias ("int4", "integer",
// "character varying", "text[]"), or an enum of the schema; 0 when there is none.
int32_t type_oid_of_name(std::string name, const Schema& schema) {
  if (name.rfind("pg_catalog.", 0) == 0) name = name.substr(11);
  if (name.rfind("public.", 0) == 0) name = name.substr(7);
  bool array = name.size() > 2 && name.compare(name.size() - 2, 2, "[]") == 0;
  std::string base = array ? name.substr(0, name.size() - 2) : name;
  if (base.size() >= 2 && base.front() == '"' && base.back() == '"') {
    base = base.substr(1, base.size() - 2);
  } else {
    base = lower_ascii(base);
  }
  if (const protocol::TypeInfo* t = protocol::find_type_by_name(base)) {
    return array ? t->array_oid : t->oid;
  }
  if (auto it = schema.enums.find(base); it != schema.enums.end()) {
    return array ? array_of(it->second.oid) : it->second.oid;
  }
  return 0;
}

// to_regtype(text): the type's OID, or NULL when there is no such type.
void fn_to_regtype(sqlite3_context* ctx, int, sqlite3_value** argv) {
  auto snap = snapshot_or_error(ctx);
  if (!snap) return;
  if (int32_t o = type_oid_of_name(arg_text(argv[0]), *snap->schema); o != 0) {
    return sqlite3_result_int(ctx, o);
  }
  sqlite3_result_null(ctx);
}

int32_t relation_oid_of_name(std::string name, const Schema& schema);

// pg_regclass_in(text) / pg_regtype_in(text): a text value (not a constant) cast to regclass or
// regtype; 42P01 / 42704 as PostgreSQL when the name resolves to nothing. Digits are an OID.
template <int32_t (*kLookup)(std::string, const Schema&), bool kRelation>
void fn_reg_in(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return sqlite3_result_null(ctx);
  if (sqlite3_value_type(argv[0]) == SQLITE_INTEGER) return sqlite3_result_value(ctx, argv[0]);
  auto snap = snapshot_or_error(ctx);
  if (!snap) return;
  std::string name = arg_text(argv[0]);
  if (!name.empty() && name.find_first_not_of("0123456789") == std::string::npos) {
    return sqlite3_result_int64(ctx, std::strtoll(name.c_str(), nullptr, 10));
  }
  if (int32_t o = kLookup(name, *snap->schema); o != 0) return sqlite3_result_int(ctx, o);
  set_pg_error(ctx, kRelation ? protocol::PgError(protocol::sqlstate::kUndefinedTable,
                                                  "relation \"" + name + "\" does not exist")
                              : protocol::PgError(protocol::sqlstate::kUndefinedObject,
                                                  "type \"" + name + "\" does not exist"));
}

// A relation name as regclass_in reads it ([schema.]name, quoted or folded); 0 when none.
int32_t relation_oid_of_name(std::string name, const Schema& schema) {
  std::string ns;
  if (auto dot = name.rfind('.'); dot != std::string::npos) {
    ns = name.substr(0, dot);
    name = name.substr(dot + 1);
  }
  if (name.size() >= 2 && name.front() == '"') {
    name = name.substr(1, name.size() - 2);
  } else {
    name = lower_ascii(name);
  }
  if (ns.empty() || ns == "public") {
    if (const TableInfo* t = schema.find_table(name)) return t->oid;
    if (auto it = schema.indexes.find(name); it != schema.indexes.end()) return it->second.oid;
    if (auto it = schema.sequences.find(name); it != schema.sequences.end()) return it->second.oid;
  }
  if (ns.empty() || ns == "pg_catalog" || ns == "information_schema") {
    if (const TableInfo* t = catalog_relation(ns, name)) return t->oid;
  }
  return 0;
}

// to_regclass(text): the OID, or NULL when no such relation.
void fn_to_regclass(sqlite3_context* ctx, int, sqlite3_value** argv) {
  auto snap = snapshot_or_error(ctx);
  if (!snap) return;
  if (int32_t o = relation_oid_of_name(arg_text(argv[0]), *snap->schema); o != 0) {
    return sqlite3_result_int(ctx, o);
  }
  sqlite3_result_null(ctx);
}

struct FunctionDef {
  const char* name;
  int nargs;
  void (*fn)(sqlite3_context*, int, sqlite3_value**);
  int32_t result;
};

const FunctionDef kFunctions[] = {
    {"format_type", 2, fn_format_type, oid::kText},
    {"pg_table_is_visible", 1, fn_is_visible, oid::kBool},
    {"pg_type_is_visible", 1, fn_is_visible, oid::kBool},
    {"pg_function_is_visible", 1, fn_is_visible, oid::kBool},
    {"pg_get_expr", 2, fn_first, oid::kText},
    {"pg_get_expr", 3, fn_first, oid::kText},
    {"pg_get_indexdef", 1, fn_get_indexdef, oid::kText},
    {"pg_get_indexdef", 3, fn_get_indexdef, oid::kText},
    {"pg_get_constraintdef", 1, fn_get_constraintdef, oid::kText},
    {"pg_get_constraintdef", 2, fn_get_constraintdef, oid::kText},
    {"pg_get_userbyid", 1, fn_get_userbyid, oid::kName},
    {"pg_get_viewdef", 1, fn_get_viewdef, oid::kText},
    {"pg_get_viewdef", 2, fn_get_viewdef, oid::kText},
    {"pg_get_serial_sequence", 2, fn_get_serial_sequence, oid::kText},
    {"pg_get_triggerdef", 1, fn_null, oid::kText},
    {"pg_get_triggerdef", 2, fn_null, oid::kText},
    {"pg_get_statisticsobjdef_columns", 1, fn_null, oid::kText},
    {"pg_get_partkeydef", 1, fn_null, oid::kText},
    {"pg_get_function_arguments", 1, fn_null, oid::kText},
    {"pg_get_function_result", 1, fn_null, oid::kText},
    {"pg_partition_ancestors", 1, fn_first, oid::kRegclass},
    {"pg_encoding_to_char", 1, fn_encoding_to_char, oid::kName},
    {"current_schema", 0, fn_current_schema, oid::kName},
    {"current_schemas", 1, fn_current_schemas, oid::kNameArray},
    {"obj_description", 1, fn_null, oid::kText},
    {"obj_description", 2, fn_null, oid::kText},
    {"col_description", 2, fn_null, oid::kText},
    {"shobj_description", 2, fn_null, oid::kText},
    {"has_table_privilege", 2, fn_true, oid::kBool},
    {"has_table_privilege", 3, fn_true, oid::kBool},
    {"has_schema_privilege", 2, fn_true, oid::kBool},
    {"has_schema_privilege", 3, fn_true, oid::kBool},
    {"has_database_privilege", 2, fn_true, oid::kBool},
    {"has_database_privilege", 3, fn_true, oid::kBool},
    {"has_column_privilege", 3, fn_true, oid::kBool},
    {"has_column_privilege", 4, fn_true, oid::kBool},
    {"has_sequence_privilege", 2, fn_true, oid::kBool},
    {"has_sequence_privilege", 3, fn_true, oid::kBool},
    {"has_function_privilege", 2, fn_true, oid::kBool},
    {"has_function_privilege", 3, fn_true, oid::kBool},
    {"pg_has_role", 2, fn_true, oid::kBool},
    {"pg_has_role", 3, fn_true, oid::kBool},
    {"pg_relation_size", 1, fn_relation_size, oid::kInt8},
    {"pg_relation_size", 2, fn_relation_size, oid::kInt8},
    {"pg_table_size", 1, fn_relation_size, oid::kInt8},
    {"pg_total_relation_size", 1, fn_relation_size, oid::kInt8},
    {"pg_indexes_size", 1, fn_zero, oid::kInt8},
    {"pg_database_size", 1, fn_relation_size, oid::kInt8},
    {"pg_size_pretty", 1, fn_size_pretty, oid::kText},
    {"pg_tablespace_location", 1, fn_null, oid::kText},
    {"pg_relation_is_publishable", 1, fn_zero, oid::kBool},
    {"pg_backend_pid", 0, fn_backend_pid, oid::kInt4},
    {"to_regclass", 1, fn_to_regclass, oid::kRegclass},
    {"to_regtype", 1, fn_to_regtype, oid::kRegtype},
    {"pg_regclass_in", 1, fn_reg_in<relation_oid_of_name, true>, oid::kRegclass},
    {"pg_regtype_in", 1, fn_reg_in<type_oid_of_name, false>, oid::kRegtype},
    {"quote_ident", 1, fn_quote_ident, oid::kText},
    {"pg_regclass_name", 1, fn_regclass_name, oid::kText},
    {"pg_regtype_name", 1, fn_regtype_name, oid::kText},
};

}  // namespace

int register_catalog(sqlite3* db) {
  auto state = std::make_shared<State>();
  state->db = db;
  for (const RelDef& r : relations()) {
    auto* m = new Module{state, &r};
    int rc = sqlite3_create_module_v2(db, module_name(r).c_str(), &kModule, m,
                                      [](void* p) { delete static_cast<Module*>(p); });
    if (rc != SQLITE_OK) return rc;
  }
  // The functions borrow the State the modules own; both go away in sqlite3_close.
  for (const FunctionDef& f : kFunctions) {
    int rc = sqlite3_create_function_v2(db, f.name, f.nargs, SQLITE_UTF8, state.get(), f.fn,
                                        nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return rc;
  }
  return SQLITE_OK;
}

const TableInfo* catalog_relation(std::string_view schema, std::string_view name) {
  std::string key = std::string(schema.empty() ? "pg_catalog" : schema) + "." + std::string(name);
  auto it = relation_infos().find(key);
  return it == relation_infos().end() ? nullptr : &it->second;
}

std::string sqlite_table_name(const TableInfo& relation) { return quote_ident(relation.name); }

int32_t catalog_relation_oid(std::string_view name) {
  std::string_view n = name;
  if (n.rfind("pg_catalog.", 0) == 0) n.remove_prefix(11);
  const TableInfo* t = catalog_relation("", n);
  if (t == nullptr && name.rfind("information_schema.", 0) == 0) {
    t = catalog_relation("information_schema", name.substr(19));
  }
  return t != nullptr ? t->oid : 0;
}

int32_t function_result_type(std::string_view name) {
  for (const FunctionDef& f : kFunctions) {
    if (name == f.name) return f.result;
  }
  return 0;
}

std::string quote_identifier(std::string_view s) { return pg_quote_ident(s); }

}  // namespace litewire::sqlite::catalog
