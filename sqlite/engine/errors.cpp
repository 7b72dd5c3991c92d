#include "sqlite/engine/errors.h"

#include <string>
#include <vector>

#include "sqlite/functions/errors.h"

namespace litewire::sqlite {

namespace sqlstate = protocol::sqlstate;
using protocol::PgError;

namespace {

// "UNIQUE constraint failed: t.a, t.b" -> table "t", columns {"a", "b"}.
struct ConstraintTarget {
  std::string table;
  std::vector<std::string> columns;
};
ConstraintTarget parse_constraint_target(std::string_view message) {
  ConstraintTarget t;
  auto colon = message.find(": ");
  if (colon == std::string_view::npos) return t;
  std::string_view rest = message.substr(colon + 2);
  while (!rest.empty()) {
    auto comma = rest.find(", ");
    std::string_view item = rest.substr(0, comma);
    auto dot = item.find('.');
    if (dot != std::string_view::npos) {
      if (t.table.empty()) t.table = item.substr(0, dot);
      t.columns.emplace_back(item.substr(dot + 1));
    } else {
      t.columns.emplace_back(item);
    }
    if (comma == std::string_view::npos) break;
    rest = rest.substr(comma + 2);
  }
  return t;
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// Text after `prefix` up to the end (SQLite's "no such table: x").
std::string after(std::string_view s, std::string_view prefix) {
  return std::string(s.substr(prefix.size()));
}

PgError constraint_error(int code, std::string_view message) {
  switch (code) {
    case SQLITE_CONSTRAINT_PRIMARYKEY:
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_ROWID: {
      auto t = parse_constraint_target(message);
      // PostgreSQL's default names: <table>_pkey, <table>_<col>[_<col>...]_key.
      std::string name = t.table;
      if (code == SQLITE_CONSTRAINT_UNIQUE) {
        for (const auto& c : t.columns) name += "_" + c;
        name += "_key";
      } else {
        name += "_pkey";
      }
      if (starts_with(message, "UNIQUE constraint failed: index '")) {
        auto start = message.find('\'') + 1;
        name = std::string(message.substr(start, message.rfind('\'') - start));
      }
      PgError e(sqlstate::kUniqueViolation,
                "duplicate key value violates unique constraint \"" + name + "\"");
      e.table_name = t.table;
      e.constraint_name = name;
      return e;
    }
    case SQLITE_CONSTRAINT_NOTNULL: {
      auto t = parse_constraint_target(message);
      std::string col = t.columns.empty() ? std::string() : t.columns.front();
      PgError e(sqlstate::kNotNullViolation, "null value in column \"" + col + "\" of relation \"" +
                                                 t.table + "\" violates not-null constraint");
      e.table_name = t.table;
      e.column_name = col;
      return e;
    }
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return PgError(sqlstate::kForeignKeyViolation,
                     "insert or update on table violates foreign key constraint");
    case SQLITE_CONSTRAINT_CHECK: {
      // "CHECK constraint failed: name"
      std::string name;
      if (auto colon = message.find(": "); colon != std::string_view::npos) {
        name = message.substr(colon + 2);
      }
      PgError e(sqlstate::kCheckViolation,
                "new row violates check constraint \"" + name + "\"");
      e.constraint_name = name;
      return e;
    }
    default:
      return PgError(sqlstate::kIntegrityConstraintViolation, std::string(message));
  }
}

}  // namespace

PgError map_sqlite_error(int extended_code, std::string_view message) {
  // litewire's SQL functions report PostgreSQL errors inside the message text.
  if (auto e = decode_function_error(message)) return std::move(*e);
  const int primary = extended_code & 0xff;
  switch (primary) {
    case SQLITE_CONSTRAINT:
      return constraint_error(extended_code, message);
    case SQLITE_ERROR:
      if (starts_with(message, "no such table: ")) {
        return PgError(sqlstate::kUndefinedTable,
                       "relation \"" + after(message, "no such table: ") + "\" does not exist");
      }
      if (starts_with(message, "no such column: ")) {
        return PgError(sqlstate::kUndefinedColumn,
                       "column \"" + after(message, "no such column: ") + "\" does not exist");
      }
      if (starts_with(message, "no such function: ")) {
        return PgError(sqlstate::kUndefinedFunction,
                       "function " + after(message, "no such function: ") + " does not exist");
      }
      if (starts_with(message, "no such index: ")) {
        return PgError(sqlstate::kUndefinedObject,
                       "index \"" + after(message, "no such index: ") + "\" does not exist");
      }
      if (message.find("already exists") != std::string_view::npos) {
        // "table x already exists", "index x already exists"
        auto sp = message.find(' ');
        auto end = message.find(" already exists");
        std::string name(message.substr(sp + 1, end - sp - 1));
        return PgError(sqlstate::kDuplicateTable, "relation \"" + name + "\" already exists");
      }
      if (message.find("syntax error") != std::string_view::npos) {
        return PgError(sqlstate::kSyntaxError, std::string(message));
      }
      if (starts_with(message, "division by zero")) {
        return PgError(sqlstate::kDivisionByZero, "division by zero");
      }
      return PgError(sqlstate::kInternalError, std::string(message));
    case SQLITE_READONLY:
      if (extended_code == SQLITE_READONLY_ROLLBACK || extended_code == SQLITE_READONLY_RECOVERY ||
          extended_code == SQLITE_READONLY_CANTINIT) {
        // Not a write refused: a read-only connection found a journal (or WAL) it would have to
        // recover first, i.e. another process's commit in progress or a crashed writer's hot
        // journal. Like any wait for another writer, that is a lock that was not available.
        return PgError(sqlstate::kLockNotAvailable,
                       "could not read the database: another writer's commit (or the journal of "
                       "a writer that crashed) is still in the way")
            .with_hint("Retry; a crashed writer's journal is rolled back by the next write.");
      }
      return PgError(sqlstate::kReadOnlySqlTransaction,
                     "cannot execute statement in a read-only transaction");
    case SQLITE_INTERRUPT:
      return PgError(sqlstate::kQueryCanceled, "canceling statement due to user request");
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      // The engine's design keeps SQLITE_BUSY away from clients; if it surfaces anyway, it is
      // reported as a retryable lock failure, never as "database is locked".
      return PgError(sqlstate::kLockNotAvailable, "could not obtain lock on the database");
    case SQLITE_FULL:
      return PgError(sqlstate::kDiskFull, "could not extend the database file: disk full");
    case SQLITE_IOERR:
      // SQLite's text is the same for every kind of I/O failure; its extended code says which.
      return PgError(sqlstate::kIoError, "i/o error: " + std::string(message))
          .with_detail("SQLite extended result code " + std::to_string(extended_code));
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return PgError(sqlstate::kDataCorrupted, "database file is corrupt: " + std::string(message));
    case SQLITE_NOMEM:
      return PgError(sqlstate::kOutOfMemory, "out of memory");
    case SQLITE_TOOBIG:
      return PgError(sqlstate::kProgramLimitExceeded, std::string(message));
    case SQLITE_MISMATCH:
      return PgError(sqlstate::kDatatypeMismatch, std::string(message));
    case SQLITE_RANGE:
      return PgError(sqlstate::kProtocolViolation, std::string(message));
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return PgError(sqlstate::kInsufficientPrivilege, std::string(message));
    default:
      return PgError(sqlstate::kInternalError, std::string(message));
  }
}

}  // namespace litewire::sqlite
