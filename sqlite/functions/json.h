#pragma once
// PostgreSQL's json/jsonb functions and operators and the array functions that work on the
// stored JSON form of arrays (protocol/README.md, "Storage contract"), as SQL functions and one
// table-valued function. The translator (sqlite/translate/json_ops.cpp) emits calls to them;
// sqlite/README.md lists them.

struct sqlite3;

namespace litewire::sqlite {

// Registers the functions and the pg_json_each table-valued function on `db` (called by
// register_functions). Returns SQLite's result code.
int register_json_functions(sqlite3* db);

// pg_json_each(doc, mode): the rows of PostgreSQL's json(b)_array_elements[_text],
// json(b)_each[_text] and json(b)_object_keys over `doc`, columns (key, value, ordinality);
// also the objects json(b)_to_record[set] read their columns from.
// `mode` is a sum of the kJsonEach* flags below.
inline constexpr int kJsonEachElements = 0;  // array elements: value
inline constexpr int kJsonEachMembers = 1;   // object members: key, value
inline constexpr int kJsonEachKeys = 2;      // object keys: key
inline constexpr int kJsonEachText = 4;      // values as text (strings unquoted, null as NULL)
inline constexpr int kJsonEachJsonb = 8;     // the function is the jsonb variant (error wording)
inline constexpr int kJsonEachRecord = 16;   // one row, value = doc, which must be an object (or NULL)
inline constexpr int kJsonEachObjects = 32;  // with kJsonEachElements: each element must be an object

}  // namespace litewire::sqlite
