#include "protocol/types.h"

#include <algorithm>
#include <array>
#include <string>

namespace litewire::protocol {

namespace {

// The rows below are PostgreSQL 15's pg_type as `select oid, typname, format_type(oid, null),
// typlen, typcategory, typelem, typarray from pg_type` reports them (checked against a 15.18
// server). Note that pg_type gives `name` a typelem (18) and marks int2vector/oidvector as
// category 'A' with an element type: callers that want "is this a real array" should check
// category 'A' together with a name starting with '_'.
constexpr TypeInfo kTypes[] = {
    {16, "bool", "boolean", 1, 'B', 0, 1000},
    {17, "bytea", "bytea", -1, 'U', 0, 1001},
    {18, "char", "\"char\"", 1, 'Z', 0, 1002},
    {19, "name", "name", 64, 'S', 18, 1003},
    {20, "int8", "bigint", 8, 'N', 0, 1016},
    {21, "int2", "smallint", 2, 'N', 0, 1005},
    {22, "int2vector", "int2vector", -1, 'A', 21, 1006},
    {23, "int4", "integer", 4, 'N', 0, 1007},
    {24, "regproc", "regproc", 4, 'N', 0, 1008},
    {25, "text", "text", -1, 'S', 0, 1009},
    {26, "oid", "oid", 4, 'N', 0, 1028},
    {30, "oidvector", "oidvector", -1, 'A', 26, 1013},
    {114, "json", "json", -1, 'U', 0, 199},
    {142, "xml", "xml", -1, 'U', 0, 143},
    {194, "pg_node_tree", "pg_node_tree", -1, 'Z', 0, 0},
    {199, "_json", "json[]", -1, 'A', 114, 0},
    {700, "float4", "real", 4, 'N', 0, 1021},
    {701, "float8", "double precision", 8, 'N', 0, 1022},
    {705, "unknown", "unknown", -2, 'X', 0, 0},
    {790, "money", "money", 8, 'N', 0, 791},
    {869, "inet", "inet", -1, 'I', 0, 1041},
    {1000, "_bool", "boolean[]", -1, 'A', 16, 0},
    {1001, "_bytea", "bytea[]", -1, 'A', 17, 0},
    {1002, "_char", "\"char\"[]", -1, 'A', 18, 0},
    {1003, "_name", "name[]", -1, 'A', 19, 0},
    {1005, "_int2", "smallint[]", -1, 'A', 21, 0},
    {1006, "_int2vector", "int2vector[]", -1, 'A', 22, 0},
    {1007, "_int4", "integer[]", -1, 'A', 23, 0},
    {1008, "_regproc", "regproc[]", -1, 'A', 24, 0},
    {1009, "_text", "text[]", -1, 'A', 25, 0},
    {1014, "_bpchar", "character[]", -1, 'A', 1042, 0},
    {1015, "_varchar", "character varying[]", -1, 'A', 1043, 0},
    {1016, "_int8", "bigint[]", -1, 'A', 20, 0},
    {1021, "_float4", "real[]", -1, 'A', 700, 0},
    {1022, "_float8", "double precision[]", -1, 'A', 701, 0},
    {1028, "_oid", "oid[]", -1, 'A', 26, 0},
    {1033, "aclitem", "aclitem", 12, 'U', 0, 1034},
    {1034, "_aclitem", "aclitem[]", -1, 'A', 1033, 0},
    {1042, "bpchar", "character", -1, 'S', 0, 1014},
    {1043, "varchar", "character varying", -1, 'S', 0, 1015},
    {1082, "date", "date", 4, 'D', 0, 1182},
    {1083, "time", "time without time zone", 8, 'D', 0, 1183},
    {1114, "timestamp", "timestamp without time zone", 8, 'D', 0, 1115},
    {1115, "_timestamp", "timestamp without time zone[]", -1, 'A', 1114, 0},
    {1182, "_date", "date[]", -1, 'A', 1082, 0},
    {1183, "_time", "time without time zone[]", -1, 'A', 1083, 0},
    {1184, "timestamptz", "timestamp with time zone", 8, 'D', 0, 1185},
    {1185, "_timestamptz", "timestamp with time zone[]", -1, 'A', 1184, 0},
    {1186, "interval", "interval", 16, 'T', 0, 1187},
    {1187, "_interval", "interval[]", -1, 'A', 1186, 0},
    {1231, "_numeric", "numeric[]", -1, 'A', 1700, 0},
    {1263, "_cstring", "cstring[]", -1, 'A', 2275, 0},
    {1266, "timetz", "time with time zone", 12, 'D', 0, 1270},
    {1270, "_timetz", "time with time zone[]", -1, 'A', 1266, 0},
    {1560, "bit", "bit", -1, 'V', 0, 1561},
    {1562, "varbit", "bit varying", -1, 'V', 0, 1563},
    {1700, "numeric", "numeric", -1, 'N', 0, 1231},
    {2202, "regprocedure", "regprocedure", 4, 'N', 0, 2207},
    {2203, "regoper", "regoper", 4, 'N', 0, 2208},
    {2205, "regclass", "regclass", 4, 'N', 0, 2210},
    {2206, "regtype", "regtype", 4, 'N', 0, 2211},
    {2210, "_regclass", "regclass[]", -1, 'A', 2205, 0},
    {2211, "_regtype", "regtype[]", -1, 'A', 2206, 0},
    {2249, "record", "record", -1, 'P', 0, 2287},
    {2275, "cstring", "cstring", -2, 'P', 0, 1263},
    {2276, "any", "\"any\"", 4, 'P', 0, 0},
    {2277, "anyarray", "anyarray", -1, 'P', 0, 0},
    {2278, "void", "void", 4, 'P', 0, 0},
    {2279, "trigger", "trigger", 4, 'P', 0, 0},
    {2283, "anyelement", "anyelement", 4, 'P', 0, 0},
    {2950, "uuid", "uuid", 16, 'U', 0, 2951},
    {2951, "_uuid", "uuid[]", -1, 'A', 2950, 0},
    {3802, "jsonb", "jsonb", -1, 'U', 0, 3807},
    {3807, "_jsonb", "jsonb[]", -1, 'A', 3802, 0},
    {4089, "regnamespace", "regnamespace", 4, 'N', 0, 4090},
    {4096, "regrole", "regrole", 4, 'N', 0, 4097},
};

// SQL spellings the grammar turns into a pg_type name (PostgreSQL's gram.y maps `integer` and
// `int` to int4, `double precision` and `float` to float8, and so on). Unquoted `char` is the
// SQL standard's character type (bpchar); only the quoted "char" is the one-byte type 18.
struct Alias {
  std::string_view spelling;
  int32_t oid;
};
constexpr Alias kAliases[] = {
    {"integer", oid::kInt4},
    {"int", oid::kInt4},
    {"bigint", oid::kInt8},
    {"smallint", oid::kInt2},
    {"character varying", oid::kVarchar},
    {"char varying", oid::kVarchar},
    {"character", oid::kBpchar},
    {"char", oid::kBpchar},
    {"\"char\"", oid::kChar},
    {"boolean", oid::kBool},
    {"real", oid::kFloat4},
    {"double precision", oid::kFloat8},
    {"float", oid::kFloat8},
    {"decimal", oid::kNumeric},
    {"dec", oid::kNumeric},
    {"time without time zone", oid::kTime},
    {"time with time zone", oid::kTimetz},
    {"timestamp without time zone", oid::kTimestamp},
    {"timestamp with time zone", oid::kTimestamptz},
    {"bit varying", oid::kVarbit},
};

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Lower-cases (outside double quotes), drops typmods "(...)", collapses white space and strips
// a leading "pg_catalog." so that "Timestamp(3)  With Time Zone" finds timestamptz.
std::string normalize(std::string_view in) {
  std::string out;
  int depth = 0;
  bool quoted = false;
  for (char c : in) {
    if (c == '"') quoted = !quoted;
    if (!quoted && c == '(') {
      ++depth;
      continue;
    }
    if (!quoted && c == ')') {
      if (depth > 0) --depth;
      continue;
    }
    if (depth > 0) continue;
    if (!quoted && (c == ' ' || c == '\t' || c == '\n' || c == '\r')) {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
      continue;
    }
    out.push_back(quoted ? c : lower(c));
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  // "int4 []" -> "int4[]"
  for (size_t p; (p = out.find(" [")) != std::string::npos;) out.erase(p, 1);
  constexpr std::string_view kSchema = "pg_catalog.";
  if (out.compare(0, kSchema.size(), kSchema) == 0) out.erase(0, kSchema.size());
  return out;
}

const TypeInfo* find_scalar(std::string_view n) {
  for (const auto& a : kAliases) {
    if (a.spelling == n) return find_type(a.oid);
  }
  for (const auto& t : kTypes) {
    if (t.name == n) return &t;
  }
  return nullptr;
}

}  // namespace

const TypeInfo* find_type(int32_t type_oid) {
  auto it = std::lower_bound(std::begin(kTypes), std::end(kTypes), type_oid,
                             [](const TypeInfo& t, int32_t o) { return t.oid < o; });
  if (it == std::end(kTypes) || it->oid != type_oid) return nullptr;
  return &*it;
}

const TypeInfo* find_type_by_name(std::string_view name) {
  std::string n = normalize(name);
  if (n.empty()) return nullptr;
  // "x[]" (any number of bracket pairs: PostgreSQL ignores declared dimensions).
  bool array = false;
  while (n.size() > 2 && n.compare(n.size() - 2, 2, "[]") == 0) {
    n.resize(n.size() - 2);
    while (!n.empty() && n.back() == ' ') n.pop_back();
    array = true;
  }
  const TypeInfo* t = find_scalar(n);
  if (!array) return t;
  if (t == nullptr || t->array_oid == 0) return nullptr;
  return find_type(t->array_oid);
}

std::span<const TypeInfo> all_types() { return {std::begin(kTypes), std::end(kTypes)}; }

}  // namespace litewire::protocol
