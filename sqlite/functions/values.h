#pragma once
// Reading SQLite function arguments as stored values, returning text and registering functions:
// shared by the SQL functions of functions.cpp and json.cpp.

#include <sqlite3.h>

#include <span>
#include <string_view>

#include "protocol/codec.h"

namespace litewire::sqlite {

// The text of a value ("" for NULL); valid until the value changes.
inline std::string_view text_of(sqlite3_value* v) {
  const unsigned char* t = sqlite3_value_text(v);
  return t == nullptr ? std::string_view()
                      : std::string_view(reinterpret_cast<const char*>(t),
                                         static_cast<size_t>(sqlite3_value_bytes(v)));
}

// A value as the codecs see a stored value.
inline protocol::StoredValueView view_of(sqlite3_value* v) {
  using Kind = protocol::StoredValueView::Kind;
  protocol::StoredValueView out;
  switch (sqlite3_value_type(v)) {
    case SQLITE_INTEGER:
      out.kind = Kind::kInteger;
      out.i = sqlite3_value_int64(v);
      break;
    case SQLITE_FLOAT:
      out.kind = Kind::kReal;
      out.d = sqlite3_value_double(v);
      break;
    case SQLITE_TEXT:
      out.kind = Kind::kText;
      out.s = text_of(v);
      break;
    case SQLITE_BLOB:
      out.kind = Kind::kBlob;
      out.s = std::string_view(static_cast<const char*>(sqlite3_value_blob(v)),
                               static_cast<size_t>(sqlite3_value_bytes(v)));
      break;
    default:
      break;
  }
  return out;
}

inline void result_text(sqlite3_context* ctx, std::string_view s) {
  sqlite3_result_text(ctx, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
}

// A scalar SQL function to register.
struct FunctionSpec {
  const char* name;
  int args;  // -1: any number
  void (*fn)(sqlite3_context*, int, sqlite3_value**);
  bool deterministic;
};

// Registers each function on `db`; SQLite's result code of the first failure, else SQLITE_OK.
inline int register_function_specs(sqlite3* db, std::span<const FunctionSpec> specs) {
  for (const FunctionSpec& s : specs) {
    // Not SQLITE_DIRECTONLY: DEFAULT and CHECK expressions in the schema call some of these.
    int flags = SQLITE_UTF8 | (s.deterministic ? SQLITE_DETERMINISTIC : 0);
    int rc = sqlite3_create_function_v2(db, s.name, s.args, flags, nullptr, s.fn, nullptr, nullptr,
                                        nullptr);
    if (rc != SQLITE_OK) return rc;
  }
  return SQLITE_OK;
}

}  // namespace litewire::sqlite
