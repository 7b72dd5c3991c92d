#include "sqlite/functions/sqlite_args.h"

#include <sqlite3.h>

namespace litewire::sqlite {

using protocol::StoredValue;
using protocol::StoredValueView;

StoredValueView view_of(sqlite3_value* v) {
  StoredValueView out;
  switch (sqlite3_value_type(v)) {
    case SQLITE_INTEGER:
      out.kind = StoredValueView::Kind::kInteger;
      out.i = sqlite3_value_int64(v);
      break;
    case SQLITE_FLOAT:
      out.kind = StoredValueView::Kind::kReal;
      out.d = sqlite3_value_double(v);
      break;
    case SQLITE_TEXT:
      out.kind = StoredValueView::Kind::kText;
      out.s = std::string_view(reinterpret_cast<const char*>(sqlite3_value_text(v)),
                               static_cast<size_t>(sqlite3_value_bytes(v)));
      break;
    case SQLITE_BLOB: {
      out.kind = StoredValueView::Kind::kBlob;
      const void* p = sqlite3_value_blob(v);
      out.s = std::string_view(static_cast<const char*>(p), static_cast<size_t>(sqlite3_value_bytes(v)));
      break;
    }
    default:
      break;
  }
  return out;
}

std::string_view text_of(sqlite3_value* v) {
  const unsigned char* t = sqlite3_value_text(v);
  return t == nullptr ? std::string_view()
                      : std::string_view(reinterpret_cast<const char*>(t),
                                         static_cast<size_t>(sqlite3_value_bytes(v)));
}

void result_text(sqlite3_context* ctx, std::string_view s) {
  sqlite3_result_text(ctx, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
}

void result_stored(sqlite3_context* ctx, const StoredValue& v) {
  if (std::holds_alternative<std::monostate>(v)) {
    sqlite3_result_null(ctx);
  } else if (auto* i = std::get_if<int64_t>(&v)) {
    sqlite3_result_int64(ctx, *i);
  } else if (auto* d = std::get_if<double>(&v)) {
    sqlite3_result_double(ctx, *d);
  } else if (auto* s = std::get_if<std::string>(&v)) {
    result_text(ctx, *s);
  } else if (auto* b = std::get_if<protocol::Blob>(&v)) {
    sqlite3_result_blob(ctx, b->bytes.data(), static_cast<int>(b->bytes.size()), SQLITE_TRANSIENT);
  }
}

bool any_null(int argc, sqlite3_value** argv) {
  for (int i = 0; i < argc; ++i) {
    if (sqlite3_value_type(argv[i]) == SQLITE_NULL) return true;
  }
  return false;
}

int compare_values(sqlite3_value* a, sqlite3_value* b) {
  int ta = sqlite3_value_type(a), tb = sqlite3_value_type(b);
  bool na = ta == SQLITE_INTEGER || ta == SQLITE_FLOAT, nb = tb == SQLITE_INTEGER || tb == SQLITE_FLOAT;
  if (na && nb) {
    if (ta == SQLITE_INTEGER && tb == SQLITE_INTEGER) {
      int64_t x = sqlite3_value_int64(a), y = sqlite3_value_int64(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    double x = sqlite3_value_double(a), y = sqlite3_value_double(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (na != nb) return na ? -1 : 1;  // SQLite's order: numbers before text and blobs
  int c = text_of(a).compare(text_of(b));
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

int register_scalar_functions(sqlite3* db, std::span<const FunctionSpec> specs) {
  for (const FunctionSpec& s : specs) {
    int rc = sqlite3_create_function_v2(db, s.name, s.args,
                                        SQLITE_UTF8 | (s.deterministic ? SQLITE_DETERMINISTIC : 0),
                                        nullptr, s.fn, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return rc;
  }
  return SQLITE_OK;
}

}  // namespace litewire::sqlite
