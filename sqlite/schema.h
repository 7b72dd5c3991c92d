#pragma once
// A snapshot of one database's schema as PostgreSQL sees it: tables, columns with their
// PostgreSQL types, indexes, sequences, enums, stable OIDs. Loaded from the SQLite file
// (sqlite_schema, PRAGMA table_info/index_list/foreign_key_list and litewire's metadata
// tables), immutable once built, shared by all sessions through std::shared_ptr. The engine
// reloads it after DDL or when another process changed the file (schema version changed).

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/pg_error.h"
#include "sqlite/translate/plan.h"

struct sqlite3;

namespace litewire::sqlite {

struct ColumnInfo {
  std::string name;
  PgType type;               // PostgreSQL type (from the declared type, or from affinity)
  std::string declared_type; // as stored in SQLite
  bool not_null = false;
  bool primary_key = false;
  std::optional<std::string> default_sql;  // SQLite expression text of the default
  int16_t number = 0;        // attnum, 1-based
  char identity = 0;         // 'a' GENERATED ALWAYS / 'd' BY DEFAULT AS IDENTITY (attidentity)
};

struct IndexInfo {
  std::string name;
  std::string table;
  bool unique = false;
  bool primary = false;
  std::vector<std::string> columns;   // empty name for an expression
  std::string sql;                    // CREATE INDEX text as SQLite stores it
  int32_t oid = 0;
};

struct TableInfo {
  std::string name;
  int32_t oid = 0;
  bool is_view = false;
  std::vector<ColumnInfo> columns;
  std::string sql;           // CREATE TABLE/VIEW text as SQLite stores it (sqlite_schema.sql)
  bool temporary = false;    // lives in SQLite's temp schema
  const ColumnInfo* find_column(std::string_view name) const;  // exact, case-sensitive
};

struct SequenceInfo {
  std::string name;
  int32_t oid = 0;
  int64_t start = 1, increment = 1, min_value = 1, max_value = INT64_MAX, cache = 1;
  bool cycle = false;
  std::string owned_by_table, owned_by_column;
  char identity = 0;  // 'a' / 'd': the sequence of an identity column (owned_by_*)
  int32_t type_oid = 0;  // int2/int4/int8 when known (AS, an identity column's type)
  // The sqlite_sequence row holding the last value: the table's name for a serial primary key
  // (SQLite's AUTOINCREMENT counter), the sequence's own name otherwise.
  std::string counter;
};

struct EnumInfo {
  std::string name;
  int32_t oid = 0;
  std::vector<std::string> labels;
};

struct Schema {
  int64_t version = 0;   // SQLite's schema_version at load time
  std::map<std::string, TableInfo, std::less<>> tables;        // tables and views by name
  std::map<std::string, IndexInfo, std::less<>> indexes;
  std::map<std::string, SequenceInfo, std::less<>> sequences;
  std::map<std::string, EnumInfo, std::less<>> enums;

  const TableInfo* find_table(std::string_view name) const;
};
using SchemaPtr = std::shared_ptr<const Schema>;

// litewire's metadata tables inside the user's file (sqlite/README.md, "Metadata tables").
// The "_litewire_" prefix is reserved: catalog views hide these tables.
inline constexpr std::string_view kMetadataPrefix = "_litewire_";
// Stable OIDs: (oid INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT, name TEXT, info TEXT),
// kind 'r' table/view, 'i' index, 'S' sequence, 't' type; UNIQUE(kind, name).
inline constexpr std::string_view kObjectsTable = "_litewire_objects";
// PostgreSQL types of columns whose declared type cannot say it (serial columns declared
// INTEGER for the rowid alias, view columns): (table_name, column_name, pg_type, sequence).
inline constexpr std::string_view kColumnsTable = "_litewire_columns";
// Enum labels: (type_name, sort_order, label).
inline constexpr std::string_view kEnumsTable = "_litewire_enums";
// First OID handed to user objects (PostgreSQL's FirstNormalObjectId).
inline constexpr int32_t kFirstUserOid = 16384;

// Reads the schema through `db` (any connection of the database; runs a read transaction).
protocol::Result<SchemaPtr> load_schema(sqlite3* db);

// Creates litewire's metadata tables if missing. Called once on the writer when a database
// file is opened; idempotent.
protocol::Result<void> ensure_metadata(sqlite3* db);

}  // namespace litewire::sqlite
