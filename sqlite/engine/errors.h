#pragma once
// The one table that maps SQLite result codes (and litewire's function errors) to SQLSTATE.
// No other place in the project spells an SQLSTATE for a SQLite failure.

#include <sqlite3.h>

#include <string_view>

#include "protocol/pg_error.h"

namespace litewire::sqlite {

// `extended_code` from sqlite3_extended_errcode, `message` from sqlite3_errmsg.
protocol::PgError map_sqlite_error(int extended_code, std::string_view message);

}  // namespace litewire::sqlite
