#pragma once
// pg_catalog and information_schema, served live from the SQLite schema (sqlite/README.md,
// "catalog/"). Nothing is stored in the user's file.
//
// Every catalog relation is an eponymous-only SQLite virtual table named "<schema>.<relation>"
// ("pg_catalog.pg_class", "information_schema.tables"): the translator resolves PostgreSQL's
// names to these and knows their columns from catalog_relation(). On each scan the module checks
// the connection's schema cookie and data version; when they moved it rebuilds its rows from a
// fresh schema snapshot, so the engine never has to refresh anything.
//
// Threading: the per-connection state is confined to the connection's thread, like the
// connection itself.

#include <cstdint>
#include <string>
#include <string_view>

#include "sqlite/schema.h"

struct sqlite3;

namespace litewire::sqlite::catalog {

// Registers the catalog's virtual tables and SQL functions (format_type, pg_get_indexdef,
// pg_table_is_visible, ...) on `db`. Called by register_functions for every connection.
// Returns SQLite's result code.
int register_catalog(sqlite3* db);

// A catalog relation as the translator sees it: columns with PostgreSQL types and numbers that
// match pg_attribute, its OID (RowDescription's table OID). nullptr when `schema`.`name` is not
// a catalog relation; an empty `schema` looks in pg_catalog only (it is first on search_path).
const TableInfo* catalog_relation(std::string_view schema, std::string_view name);

// The SQLite name to emit for a relation returned by catalog_relation (already quoted).
std::string sqlite_table_name(const TableInfo& relation);

// OID of a catalog relation by name ('pg_class'::regclass), 0 when unknown.
int32_t catalog_relation_oid(std::string_view name);

// Result type OID of a catalog SQL function (format_type -> text), 0 when not one of ours.
int32_t function_result_type(std::string_view name);

// PostgreSQL's quote_ident(): bare when lower-case, not a keyword and not starting with a digit.
std::string quote_identifier(std::string_view s);

// Namespace OIDs.
inline constexpr int32_t kPgCatalogNamespace = 11;
inline constexpr int32_t kPgToastNamespace = 99;
inline constexpr int32_t kPublicNamespace = 2200;
inline constexpr int32_t kInformationSchemaNamespace = 13000;

}  // namespace litewire::sqlite::catalog
