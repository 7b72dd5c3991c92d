// Schema snapshots from the SQLite file, and litewire's metadata tables (sqlite/README.md).

#include "sqlite/schema.h"

#include <sqlite3.h>

#include <boost/json.hpp>

#include <functional>

#include "protocol/types.h"
#include "sqlite/translate/translator_impl.h"

namespace litewire::sqlite {

namespace sqlstate = protocol::sqlstate;
using protocol::PgError;
using protocol::Result;

const ColumnInfo* TableInfo::find_column(std::string_view n) const {
  for (const auto& c : columns) {
    if (c.name == n) return &c;
  }
  return nullptr;
}

const TableInfo* Schema::find_table(std::string_view n) const {
  auto it = tables.find(n);
  return it == tables.end() ? nullptr : &it->second;
}

namespace {

PgError sqlite_error(sqlite3* db, std::string_view what) {
  return PgError(sqlstate::kInternalError,
                 std::string(what) + ": " + (db != nullptr ? sqlite3_errmsg(db) : "no connection"));
}

// Runs `sql`, calling `row` for each result row.
Result<void> query(sqlite3* db, const std::string& sql,
                   const std::function<void(sqlite3_stmt*)>& row) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &st, nullptr) != SQLITE_OK) {
    return sqlite_error(db, "could not read the schema");
  }
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) row(st);
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) return sqlite_error(db, "could not read the schema");
  return {};
}

std::string column_text(sqlite3_stmt* st, int i) {
  const unsigned char* t = sqlite3_column_text(st, i);
  return t == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(t));
}

bool is_internal(std::string_view name) {
  return name.rfind("sqlite_", 0) == 0 || name.rfind(kMetadataPrefix, 0) == 0;
}

// OIDs of objects created outside litewire and not yet registered (ensure_metadata registers
// them on the writer; readers may see them first): stable, derived from the name, above the
// range the metadata table hands out.
int32_t fallback_oid(std::string_view name) {
  uint32_t h = 2166136261u;
  for (char c : name) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  return static_cast<int32_t>(1000000000u + h % 1000000000u);
}

bool table_exists(sqlite3* db, std::string_view name) {
  bool found = false;
  std::string sql = "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = " + quote_literal(name);
  (void)query(db, sql, [&](sqlite3_stmt*) { found = true; });
  return found;
}

}  // namespace

Result<void> ensure_metadata(sqlite3* db) {
  std::string sql =
      "CREATE TABLE IF NOT EXISTS " + quote_ident(kObjectsTable) +
      " (oid INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, name TEXT NOT NULL, info TEXT,"
      " UNIQUE (kind, name));"
      "CREATE TABLE IF NOT EXISTS " + quote_ident(kColumnsTable) +
      " (table_name TEXT NOT NULL, column_name TEXT NOT NULL, pg_type TEXT NOT NULL,"
      " sequence TEXT, PRIMARY KEY (table_name, column_name));"
      "CREATE TABLE IF NOT EXISTS " + quote_ident(kEnumsTable) +
      " (type_name TEXT NOT NULL, sort_order REAL NOT NULL, label TEXT NOT NULL,"
      " PRIMARY KEY (type_name, label));"
      // OIDs start at PostgreSQL's FirstNormalObjectId: a sentinel row fixes AUTOINCREMENT's
      // counter below it.
      "INSERT OR IGNORE INTO " + quote_ident(kObjectsTable) + " (oid, kind, name) VALUES (" +
      std::to_string(kFirstUserOid - 1) + ", '-', '');"
      // Objects created by plain SQLite get their OID now, so it survives restarts and renames.
      "INSERT OR IGNORE INTO " + quote_ident(kObjectsTable) +
      " (kind, name) SELECT CASE type WHEN 'index' THEN 'i' ELSE 'r' END, name FROM sqlite_schema"
      " WHERE type IN ('table', 'view', 'index') AND substr(name, 1, 7) <> 'sqlite_'"
      " AND substr(name, 1, " + std::to_string(kMetadataPrefix.size()) + ") <> " +
      quote_literal(kMetadataPrefix) + " ORDER BY rowid;";
  bool autocommit = sqlite3_get_autocommit(db) != 0;
  std::string wrapped = autocommit ? "BEGIN IMMEDIATE;" + sql + "COMMIT;" : sql;
  char* err = nullptr;
  if (sqlite3_exec(db, wrapped.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err != nullptr ? err : "unknown error";
    sqlite3_free(err);
    if (autocommit) sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return PgError(sqlstate::kInternalError, "could not create litewire metadata: " + msg);
  }
  return {};
}

Result<SchemaPtr> load_schema(sqlite3* db) {
  bool autocommit = sqlite3_get_autocommit(db) != 0;
  if (autocommit && sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK) {
    return sqlite_error(db, "could not read the schema");
  }
  struct End {
    sqlite3* db;
    bool active;
    ~End() {
      if (active) sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    }
  } end{db, autocommit};

  auto schema = std::make_shared<Schema>();
  LITEWIRE_TRY(query(db, "PRAGMA schema_version",
                     [&](sqlite3_stmt* st) { schema->version = sqlite3_column_int64(st, 0); }));

  struct ObjectRow {
    int32_t oid;
    std::string info;
  };
  std::map<std::pair<std::string, std::string>, ObjectRow> objects;  // (kind, name)
  if (table_exists(db, kObjectsTable)) {
    LITEWIRE_TRY(query(db, "SELECT kind, name, oid, coalesce(info, '') FROM " + quote_ident(kObjectsTable),
                       [&](sqlite3_stmt* st) {
                         objects[{column_text(st, 0), column_text(st, 1)}] =
                             ObjectRow{sqlite3_column_int(st, 2), column_text(st, 3)};
                       }));
  }
  auto oid_of = [&](const std::string& kind, const std::string& name) {
    auto it = objects.find({kind, name});
    return it != objects.end() ? it->second.oid : fallback_oid(name);
  };
  struct ColumnOverride {
    std::string pg_type;
    std::string sequence;
  };
  std::map<std::pair<std::string, std::string>, ColumnOverride> overrides;
  if (table_exists(db, kColumnsTable)) {
    LITEWIRE_TRY(query(db, "SELECT table_name, column_name, pg_type, coalesce(sequence, '') FROM " +
                               quote_ident(kColumnsTable),
                       [&](sqlite3_stmt* st) {
                         overrides[{column_text(st, 0), column_text(st, 1)}] =
                             ColumnOverride{column_text(st, 2), column_text(st, 3)};
                       }));
  }
  // Sequences of their own (CREATE SEQUENCE, serial columns that are not the primary key).
  for (const auto& [key, row] : objects) {
    if (key.first != "S") continue;
    SequenceInfo seq;
    seq.name = key.second;
    seq.oid = row.oid;
    seq.counter = key.second;
    boost::system::error_code ec;
    boost::json::value info = boost::json::parse(row.info, ec);
    if (!ec && info.is_object()) {
      const auto& o = info.get_object();
      auto get = [&](const char* k, int64_t def) {
        const boost::json::value* v = o.if_contains(k);
        return v != nullptr && v->is_int64() ? v->get_int64() : def;
      };
      auto text = [&](const char* k) {
        const boost::json::value* v = o.if_contains(k);
        return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
      };
      seq.start = get("start", 1);
      seq.increment = get("increment", 1);
      seq.min_value = get("min", 1);
      seq.max_value = get("max", INT64_MAX);
      seq.cache = get("cache", 1);
      const boost::json::value* cycle = o.if_contains("cycle");
      seq.cycle = cycle != nullptr && cycle->is_bool() && cycle->get_bool();
      seq.owned_by_table = text("owned_by_table");
      seq.owned_by_column = text("owned_by_column");
      std::string identity = text("identity");
      if (identity == "a" || identity == "d") seq.identity = identity[0];
      seq.type_oid = static_cast<int32_t>(get("type", 0));
    }
    schema->sequences[seq.name] = std::move(seq);
  }
  if (table_exists(db, kEnumsTable)) {
    LITEWIRE_TRY(query(db, "SELECT type_name, label FROM " + quote_ident(kEnumsTable) +
                               " ORDER BY type_name, sort_order",
                       [&](sqlite3_stmt* st) {
                         std::string name = column_text(st, 0);
                         EnumInfo& e = schema->enums[name];
                         e.name = name;
                         e.oid = oid_of("t", name);
                         e.labels.push_back(column_text(st, 1));
                       }));
  }

  struct Rel {
    std::string type, name, sql;
    bool temp;
  };
  std::vector<Rel> rels;
  for (const char* source : {"sqlite_schema", "sqlite_temp_schema"}) {
    bool temp = std::string_view(source) == "sqlite_temp_schema";
    LITEWIRE_TRY(query(db, std::string("SELECT type, name, coalesce(sql, '') FROM ") + source +
                               " WHERE type IN ('table', 'view') ORDER BY rowid",
                       [&](sqlite3_stmt* st) {
                         std::string name = column_text(st, 1);
                         if (!is_internal(name)) {
                           rels.push_back({column_text(st, 0), name, column_text(st, 2), temp});
                         }
                       }));
  }
  for (const Rel& r : rels) {
    TableInfo t;
    t.name = r.name;
    t.is_view = r.type == "view";
    t.sql = r.sql;
    t.temporary = r.temp;
    t.oid = oid_of("r", r.name);
    std::string pragma = std::string("PRAGMA ") + (r.temp ? "temp." : "main.") + "table_xinfo(" +
                         quote_literal(r.name) + ")";
    int pk_columns = 0;
    LITEWIRE_TRY(query(db, pragma, [&](sqlite3_stmt* st) {
      int hidden = sqlite3_column_int(st, 6);
      if (hidden == 1) return;  // hidden columns of virtual tables
      ColumnInfo c;
      c.name = column_text(st, 1);
      c.declared_type = column_text(st, 2);
      c.not_null = sqlite3_column_int(st, 3) != 0;
      if (sqlite3_column_type(st, 4) != SQLITE_NULL) c.default_sql = column_text(st, 4);
      c.primary_key = sqlite3_column_int(st, 5) != 0;
      pk_columns += c.primary_key ? 1 : 0;
      c.number = static_cast<int16_t>(t.columns.size() + 1);
      auto ov = overrides.find({r.name, c.name});
      if (ov != overrides.end()) {
        c.type = pg_type_for_declared(ov->second.pg_type, schema.get());
        if (!ov->second.sequence.empty()) {
          // An identity primary key keeps its options in a sequence row of its own.
          auto known = schema->sequences.find(ov->second.sequence);
          SequenceInfo s = known != schema->sequences.end() ? known->second : SequenceInfo{};
          s.name = ov->second.sequence;
          s.oid = oid_of("S", s.name);
          s.owned_by_table = r.name;
          s.owned_by_column = c.name;
          s.counter = r.name;  // SQLite's AUTOINCREMENT counter of the table
          if (known == schema->sequences.end() && c.type.oid == protocol::oid::kInt4) s.max_value = INT32_MAX;
          if (known == schema->sequences.end() && c.type.oid == protocol::oid::kInt2) s.max_value = INT16_MAX;
          schema->sequences[s.name] = s;
        }
      } else {
        c.type = pg_type_for_declared(c.declared_type, schema.get());
      }
      t.columns.push_back(std::move(c));
    }));
    // An INTEGER PRIMARY KEY is the rowid: never NULL, even though SQLite does not say so.
    if (pk_columns == 1) {
      for (auto& c : t.columns) {
        if (c.primary_key && lower_ascii(c.declared_type) == "integer") c.not_null = true;
      }
    }
    if (!t.is_view) {
      std::vector<std::tuple<std::string, bool, std::string>> list;  // name, unique, origin
      LITEWIRE_TRY(query(db, std::string("PRAGMA ") + (r.temp ? "temp." : "main.") + "index_list(" +
                                 quote_literal(r.name) + ")",
                         [&](sqlite3_stmt* st) {
                           list.emplace_back(column_text(st, 1), sqlite3_column_int(st, 2) != 0,
                                             column_text(st, 3));
                         }));
      for (const auto& [iname, unique, origin] : list) {
        IndexInfo idx;
        idx.name = iname;
        idx.table = r.name;
        idx.unique = unique;
        idx.primary = origin == "pk";
        LITEWIRE_TRY(query(db, "PRAGMA index_info(" + quote_literal(iname) + ")",
                           [&](sqlite3_stmt* st) { idx.columns.push_back(column_text(st, 2)); }));
        LITEWIRE_TRY(query(db, "SELECT coalesce(sql, '') FROM sqlite_schema WHERE name = " + quote_literal(iname),
                           [&](sqlite3_stmt* st) { idx.sql = column_text(st, 0); }));
        auto ob = objects.find({"i", iname});
        if (ob != objects.end() && ob->second.info == "primary") idx.primary = true;
        if (iname.rfind("sqlite_autoindex_", 0) == 0 && idx.primary) {
          // The constraint name PostgreSQL shows ("t_pkey") from CREATE TABLE's CONSTRAINT
          // clause, registered in the metadata.
          std::string pk_name = r.name + "_pkey";
          auto p = r.sql.find("\" PRIMARY KEY");
          auto q = p == std::string::npos ? std::string::npos : r.sql.rfind("CONSTRAINT \"", p);
          if (q != std::string::npos) pk_name = r.sql.substr(q + 12, p - q - 12);
          idx.name = pk_name;
        }
        idx.oid = oid_of("i", idx.name);
        schema->indexes[idx.name] = std::move(idx);
      }
      // The rowid alias has no SQLite index; PostgreSQL has <table>_pkey.
      for (const auto& c : t.columns) {
        if (pk_columns == 1 && c.primary_key && lower_ascii(c.declared_type) == "integer") {
          IndexInfo idx;
          idx.name = r.name + "_pkey";
          auto p = r.sql.find("\" PRIMARY KEY");
          auto q = p == std::string::npos ? std::string::npos : r.sql.rfind("CONSTRAINT \"", p);
          if (q != std::string::npos) idx.name = r.sql.substr(q + 12, p - q - 12);
          idx.table = r.name;
          idx.unique = true;
          idx.primary = true;
          idx.columns = {c.name};
          idx.oid = oid_of("i", idx.name);
          schema->indexes[idx.name] = std::move(idx);
        }
      }
    }
    schema->tables[t.name] = std::move(t);
  }
  for (const auto& [name, seq] : schema->sequences) {
    if (seq.identity == 0) continue;
    auto t = schema->tables.find(seq.owned_by_table);
    if (t == schema->tables.end()) continue;
    for (auto& c : t->second.columns) {
      if (c.name == seq.owned_by_column) c.identity = seq.identity;
    }
  }
  return SchemaPtr(std::move(schema));
}

}  // namespace litewire::sqlite
