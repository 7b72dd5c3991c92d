#pragma once
// The translator's output: what one PostgreSQL statement becomes on SQLite. Produced by
// Translator (translator.h), consumed by the engine (sqlite/engine) and the session (server/).
// Plans are immutable once built and shared between sessions through the translation cache.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace litewire::sqlite {

enum class StatementKind {
  kEmpty,        // only comments/whitespace: EmptyQueryResponse
  kRead,         // SELECT/VALUES/SHOW-like reads: may run on a reader connection
  kWrite,        // INSERT/UPDATE/DELETE/SELECT FOR UPDATE/nextval...: must run on the writer
  kDdl,          // CREATE/DROP/ALTER...: writer; invalidates schema caches
  kTransaction,  // BEGIN/COMMIT/ROLLBACK/SAVEPOINT/RELEASE/ROLLBACK TO
  kSession,      // SET/RESET/SHOW/DISCARD: handled by the session, no SQLite statement
  kCopy,         // COPY ... FROM STDIN / TO STDOUT
  kUtility,      // VACUUM/ANALYZE/CHECKPOINT/LISTEN/NOTIFY/UNLISTEN/CREATE DATABASE/...
  kCursor,       // DECLARE / FETCH / MOVE / CLOSE: SQL cursors, handled by the session
};

// PostgreSQL's type of one parameter or result column.
struct PgType {
  int32_t oid = 0;       // 0 = unknown (parameters: inferred as text)
  int32_t typmod = -1;   // varchar(n): n+4; numeric(p,s): ((p<<16)|s)+4; -1 none
};

struct ResultColumn {
  std::string name;        // as PostgreSQL names it ("?column?", "count", "a")
  PgType type;
  int32_t table_oid = 0;   // RowDescription: source table when the column is a plain column
  int16_t column_number = 0;
};

enum class TxnOp { kBegin, kCommit, kRollback, kSavepoint, kRelease, kRollbackTo, kPrepare };
enum class IsolationLevel { kDefault, kReadUncommitted, kReadCommitted, kRepeatableRead, kSerializable };

struct TxnCommand {
  TxnOp op = TxnOp::kBegin;
  std::string savepoint;  // for kSavepoint/kRelease/kRollbackTo
  IsolationLevel isolation = IsolationLevel::kDefault;
  std::optional<bool> read_only;   // BEGIN READ ONLY / READ WRITE
  std::optional<bool> deferrable;
  bool chain = false;              // COMMIT AND CHAIN
};

enum class SessionOp {
  kSet, kSetLocal, kReset, kResetAll, kShow, kDiscardAll, kSetTransaction,
  kDeallocate,  // DEALLOCATE name (name empty: DEALLOCATE ALL)
  kPrepare,     // PREPARE name [(types)] AS statement: `value` is the statement's text
  kExecute,     // EXECUTE name [(arguments)]: `arguments` as text, nullopt for NULL
  // SELECT pg_advisory_lock(...) and its family (advisory.cpp): `name` is the function,
  // `arguments` the constant keys, `parameter_numbers` the $n of those given as parameters.
  kAdvisoryLock,
};
struct SessionCommand {
  SessionOp op = SessionOp::kShow;
  std::string name;    // lower-cased GUC name ("timezone", "application_name", "all")
  std::string value;   // SET: the value as PostgreSQL would store it (list items joined by ", ")
  bool is_default = false;  // SET x TO DEFAULT
  std::vector<int32_t> param_types;                 // PREPARE: the declared parameter types
  std::vector<std::optional<std::string>> arguments;  // EXECUTE: parameter values as text
  std::vector<int> parameter_numbers;                 // kAdvisoryLock: $n per argument, 0: constant
};

struct CopyCommand {
  bool from_stdin = true;         // false: TO STDOUT
  std::string table;              // target table (FROM) / source table (TO), SQLite name
  std::vector<std::string> columns;  // explicit column list, else every column in order
  std::string query_sql;          // COPY (SELECT ...) TO STDOUT: translated SQLite query
  enum class Format { kText, kCsv, kBinary } format = Format::kText;
  char delimiter = '\t';
  std::string null_string = "\\N";
  bool header = false;
  char quote = '"';
  char escape = '"';
  std::vector<PgType> column_types;   // stored type of each copied column
};

// LISTEN/NOTIFY/UNLISTEN, CREATE/DROP DATABASE: what the utility statement names.
struct UtilityCommand {
  std::string target;       // channel (empty for UNLISTEN *) or database name
  std::string payload;      // NOTIFY payload
  bool missing_ok = false;  // DROP DATABASE IF EXISTS
};

struct TranslatedStatement;

// SQL cursors (DECLARE ... CURSOR FOR, FETCH, MOVE, CLOSE). A cursor is a portal of the session.
enum class CursorOp { kDeclare, kFetch, kMove, kClose, kCloseAll };
enum class FetchDirection { kForward, kBackward, kAbsolute, kRelative };
struct CursorCommand {
  CursorOp op = CursorOp::kFetch;
  std::string name;
  bool hold = false;    // WITH HOLD: survives the transaction's commit
  bool scroll = false;  // SCROLL: may move backward
  bool binary = false;  // BINARY: rows in binary format
  FetchDirection direction = FetchDirection::kForward;
  int64_t count = 1;    // INT64_MAX for ALL
  std::shared_ptr<const TranslatedStatement> query;  // DECLARE: the cursor's query
};

struct TranslatedStatement {
  StatementKind kind = StatementKind::kEmpty;
  // PostgreSQL's command tag word(s): "SELECT", "INSERT", "UPDATE", "DELETE", "CREATE TABLE",
  // "BEGIN", "SET", ... The engine appends row counts where PostgreSQL does ("INSERT 0 3").
  std::string command_tag;
  // SQLite statements to run, in order, on one connection. Usually one; DDL that SQLite cannot
  // do in place (table rebuilds) may need several. The last one produces the result rows.
  std::vector<std::string> sqlite_sql;
  // Parallel to sqlite_sql, or empty: a non-empty entry names the temporary table that receives
  // the rows of that statement (RETURNING of a data-modifying WITH query), one column each.
  std::vector<std::string> capture_into;
  // INSERT whose rows get a serial primary key from SQLite's AUTOINCREMENT: that counter's
  // name (the table), so the engine records the last generated key for currval/lastval.
  std::string generated_key_counter;
  // Temporary tables the statements create (data-modifying WITH, UPDATE ... FROM RETURNING):
  // the engine drops them once the statement ran.
  std::vector<std::string> temp_tables;
  // Types of $1..$n as given by the client or inferred from context; size = highest $n used.
  std::vector<PgType> params;
  // The result shape, known before execution (Describe answers from it). Empty: no rows.
  std::vector<ResultColumn> columns;
  bool returns_rows = false;
  // Byte offset of the statement in the original query text, for error positions.
  int location = 0;
  // Set for kTransaction / kSession / kCopy.
  TxnCommand txn;
  SessionCommand session;
  CopyCommand copy;
  UtilityCommand utility;   // kUtility
  CursorCommand cursor;     // kCursor
  // Notices to send before executing (e.g. "fillfactor is ignored").
  std::vector<std::string> notices;
  // The statement writes or reads tables that live outside the user's file (pg_catalog views).
  bool touches_catalog = false;
};

// One query string's translation; shared_ptr because plans are cached and shared.
struct Plan {
  std::vector<TranslatedStatement> statements;
};
using PlanPtr = std::shared_ptr<const Plan>;

}  // namespace litewire::sqlite
