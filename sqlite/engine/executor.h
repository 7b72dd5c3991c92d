#pragma once
// Runs one translated statement on a connection and encodes its result rows straight into
// DataRow messages. Called on an engine thread (the writer or a reader) only.

#include <optional>
#include <string>
#include <vector>

#include "protocol/codec.h"
#include "protocol/pg_error.h"
#include "sqlite/engine/connection.h"
#include "sqlite/schema.h"
#include "sqlite/translate/plan.h"

namespace litewire::sqlite {

// Everything a statement execution needs; owned by the job, read-only during execution.
struct ExecRequest {
  PlanPtr plan;                              // keeps `statement` alive
  const TranslatedStatement* statement = nullptr;
  std::vector<protocol::StoredValue> params;  // $1..$n in stored form
  std::vector<int16_t> result_formats;       // as in Bind: empty = text, one = all, else per column
  protocol::FormatContext format;
  // Keep the byte offset where each row ends (portals that may be suspended need it).
  bool keep_row_bounds = false;
};

struct ExecOutput {
  std::vector<ResultColumn> columns;  // the shape produced (plan's, completed from SQLite)
  std::vector<int16_t> formats;       // per column, resolved
  std::string rows;                   // concatenated DataRow messages
  std::vector<size_t> row_ends;       // when keep_row_bounds
  uint64_t row_count = 0;
  std::string command_tag;            // complete ("INSERT 0 3")
  std::optional<protocol::PgError> error;
  std::vector<protocol::PgError> notices;
  SchemaPtr new_schema;               // set when the statement changed the schema
};

// Format code of column i as Bind specified them.
int16_t result_format(const std::vector<int16_t>& formats, size_t i);

// Executes req on c. Fills out (error set on failure; rows produced before a failure are
// discarded). Returns false on failure.
bool execute_statement(Connection& c, const ExecRequest& req, ExecOutput& out);

// Prepares the statement only, to learn its result shape (Describe before Execute).
protocol::Result<std::vector<ResultColumn>> describe_statement(Connection& c,
                                                               const TranslatedStatement& st);

// The value of column i of the current row, as a view (valid until the next step or reset).
protocol::StoredValueView column_view(sqlite3_stmt* st, int i);

// Binds stored values to ?1..?n of a prepared statement.
protocol::Result<void> bind_params(Connection& c, sqlite3_stmt* stmt,
                                   const std::vector<protocol::StoredValue>& params);

// PostgreSQL type for a SQLite declared type or, failing that, a storage class.
PgType pg_type_for_sqlite_column(const char* decltype_or_null, int storage_class);

}  // namespace litewire::sqlite
