#pragma once
// A small JSON document model for json/jsonb values and for arrays in their stored form
// (a JSON array, see the storage contract). Parsing follows RFC 8259 as PostgreSQL's json
// input does; errors are 22P02 "invalid input syntax for type json" with PostgreSQL's detail.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "protocol/pg_error.h"

namespace litewire::protocol {

struct JsonValue {
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject } kind = Kind::kNull;
  bool boolean = false;
  std::string text;  // number: as written; string: decoded UTF-8
  std::vector<JsonValue> items;
  // Objects: members in input order, duplicates kept; member_keys[i] names members[i]. (Two
  // vectors rather than pairs: std::pair of an incomplete type is not portable.)
  std::vector<std::string> member_keys;
  std::vector<JsonValue> members;
};

// `for_jsonb`: also reject \u0000 (22P05), as jsonb cannot hold it in text.
Result<JsonValue> parse_json(std::string_view text, bool for_jsonb = false);

// The text PostgreSQL prints for a jsonb value: keys ordered by length then bytes, the last of
// duplicate keys kept, ", " and ": " separators, numbers as numeric prints them.
void write_jsonb(std::string& out, const JsonValue& v);
// Compact JSON (no spaces), members in their order; for stored forms.
void write_json_compact(std::string& out, const JsonValue& v);
// A JSON string literal with PostgreSQL's escaping (escape_json).
void append_json_string(std::string& out, std::string_view s);

}  // namespace litewire::protocol
