#pragma once
// Reading SQLite function arguments as stored values and returning text: shared by the SQL
// functions of functions.cpp and json.cpp.

#include <sqlite3.h>

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

}  // namespace litewire::sqlite
