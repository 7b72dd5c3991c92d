#pragma once
// How SQL functions report PostgreSQL errors through SQLite. A function fails with
// sqlite3_result_error(); SQLite hands the text back as the statement's error message
// (sqlite3_errmsg), so the SQLSTATE and fields travel inside the message text:
//
//   "\x1Dpg:" SQLSTATE ":" message [ "\x1F" detail [ "\x1F" hint ] ]
//
// The engine calls decode_function_error() on every SQLite error message; a message that does
// not carry the marker (an ordinary SQLite error) gives std::nullopt.

#include <optional>
#include <string>
#include <string_view>

#include "protocol/pg_error.h"

struct sqlite3_context;

namespace litewire::sqlite {

// Encodes `e` (code, message, detail, hint) as the text above.
std::string encode_function_error(const protocol::PgError& e);

// Fails the current function call with `e`.
void set_pg_error(sqlite3_context* ctx, const protocol::PgError& e);

// Recovers the PgError from an SQLite error message produced by set_pg_error.
std::optional<protocol::PgError> decode_function_error(std::string_view sqlite_errmsg);

}  // namespace litewire::sqlite
