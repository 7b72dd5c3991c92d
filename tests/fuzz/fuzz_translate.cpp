// Fuzz target: the translator. Any SQL text, against a small schema, must give a plan or a
// PostgreSQL error, never a crash (libpg_query rejects what is not SQL; what it accepts must
// be handled or refused with 0A000).

#include <cstddef>
#include <cstdint>
#include <string>

#include "sqlite/schema.h"
#include "sqlite/translate/translator.h"

using namespace litewire;

namespace {
const sqlite::Schema& schema() {
  static const sqlite::Schema s = [] {
    sqlite::Schema sc;
    sc.version = 1;
    sqlite::TableInfo t;
    t.name = "t";
    t.oid = 16384;
    auto col = [](const char* name, int32_t oid, int16_t n) {
      sqlite::ColumnInfo c;
      c.name = name;
      c.type = {oid, -1};
      c.declared_type = "INT4";
      c.number = n;
      return c;
    };
    t.columns = {col("id", 23, 1), col("name", 25, 2), col("price", 1700, 3)};
    t.columns[0].primary_key = true;
    sc.tables.emplace("t", std::move(t));
    return sc;
  }();
  return s;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 4096) return 0;
  std::string sql(reinterpret_cast<const char*>(data), size);
  if (sql.find('\0') != std::string::npos) return 0;  // a Query message cannot carry NUL
  (void)sqlite::translate(sql, schema());
  return 0;
}
