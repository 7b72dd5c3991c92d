#pragma once
// Reading SQL function arguments and setting results: the small conversions between SQLite's
// values and the storage contract (protocol/README.md) that every file of functions/ needs.

#include <span>
#include <string>
#include <string_view>

#include "protocol/codec.h"

struct sqlite3;
struct sqlite3_context;
struct sqlite3_value;

namespace litewire::sqlite {

// The stored value an argument holds (integer, real, text or blob; NULL is kNull).
protocol::StoredValueView view_of(sqlite3_value* v);

// An argument's text (empty for NULL).
std::string_view text_of(sqlite3_value* v);

void result_text(sqlite3_context* ctx, std::string_view s);
void result_stored(sqlite3_context* ctx, const protocol::StoredValue& v);

// True when one of the first `argc` arguments is NULL (strict functions return NULL then).
bool any_null(int argc, sqlite3_value** argv);

// SQLite's order of two non-NULL values: numbers (by value) before text (bytewise) and blobs.
int compare_values(sqlite3_value* a, sqlite3_value* b);

// A scalar SQL function: its name, argument count (-1: any) and whether it is deterministic.
struct FunctionSpec {
  const char* name;
  int args;
  void (*fn)(sqlite3_context*, int, sqlite3_value**);
  bool deterministic;
};

// Registers each of `specs` on `db` (UTF-8); SQLite's result code.
int register_scalar_functions(sqlite3* db, std::span<const FunctionSpec> specs);

}  // namespace litewire::sqlite
