#pragma once
// PostgreSQL type OIDs and the facts about each type that RowDescription, ParameterDescription
// and the catalog need (pg_type.typname, typlen, category, array type).

#include <cstdint>
#include <span>
#include <string_view>

namespace litewire::protocol {

namespace oid {
inline constexpr int32_t kBool = 16;
inline constexpr int32_t kBytea = 17;
inline constexpr int32_t kChar = 18;
inline constexpr int32_t kName = 19;
inline constexpr int32_t kInt8 = 20;
inline constexpr int32_t kInt2 = 21;
inline constexpr int32_t kInt2Vector = 22;
inline constexpr int32_t kInt4 = 23;
inline constexpr int32_t kRegproc = 24;
inline constexpr int32_t kText = 25;
inline constexpr int32_t kOid = 26;
inline constexpr int32_t kOidVector = 30;
inline constexpr int32_t kJson = 114;
inline constexpr int32_t kXml = 142;
inline constexpr int32_t kPgNodeTree = 194;
inline constexpr int32_t kFloat4 = 700;
inline constexpr int32_t kFloat8 = 701;
inline constexpr int32_t kUnknown = 705;
inline constexpr int32_t kMoney = 790;
inline constexpr int32_t kInet = 869;
inline constexpr int32_t kAclitem = 1033;
inline constexpr int32_t kBpchar = 1042;
inline constexpr int32_t kVarchar = 1043;
inline constexpr int32_t kDate = 1082;
inline constexpr int32_t kTime = 1083;
inline constexpr int32_t kTimestamp = 1114;
inline constexpr int32_t kTimestamptz = 1184;
inline constexpr int32_t kInterval = 1186;
inline constexpr int32_t kTimetz = 1266;
inline constexpr int32_t kBit = 1560;
inline constexpr int32_t kVarbit = 1562;
inline constexpr int32_t kNumeric = 1700;
inline constexpr int32_t kRegprocedure = 2202;
inline constexpr int32_t kRegoper = 2203;
inline constexpr int32_t kRegclass = 2205;
inline constexpr int32_t kRegtype = 2206;
inline constexpr int32_t kRecord = 2249;
inline constexpr int32_t kCstring = 2275;
inline constexpr int32_t kAny = 2276;
inline constexpr int32_t kAnyArray = 2277;
inline constexpr int32_t kVoid = 2278;
inline constexpr int32_t kTrigger = 2279;
inline constexpr int32_t kAnyElement = 2283;
inline constexpr int32_t kUuid = 2950;
inline constexpr int32_t kJsonb = 3802;
inline constexpr int32_t kRegnamespace = 4089;
inline constexpr int32_t kRegrole = 4096;
// Arrays.
inline constexpr int32_t kJsonArray = 199;
inline constexpr int32_t kBoolArray = 1000;
inline constexpr int32_t kByteaArray = 1001;
inline constexpr int32_t kCharArray = 1002;
inline constexpr int32_t kNameArray = 1003;
inline constexpr int32_t kInt2Array = 1005;
inline constexpr int32_t kInt2VectorArray = 1006;
inline constexpr int32_t kInt4Array = 1007;
inline constexpr int32_t kRegprocArray = 1008;
inline constexpr int32_t kTextArray = 1009;
inline constexpr int32_t kBpcharArray = 1014;
inline constexpr int32_t kVarcharArray = 1015;
inline constexpr int32_t kInt8Array = 1016;
inline constexpr int32_t kFloat4Array = 1021;
inline constexpr int32_t kFloat8Array = 1022;
inline constexpr int32_t kOidArray = 1028;
inline constexpr int32_t kAclitemArray = 1034;
inline constexpr int32_t kCstringArray = 1263;
inline constexpr int32_t kTimestampArray = 1115;
inline constexpr int32_t kDateArray = 1182;
inline constexpr int32_t kTimeArray = 1183;
inline constexpr int32_t kTimestamptzArray = 1185;
inline constexpr int32_t kIntervalArray = 1187;
inline constexpr int32_t kNumericArray = 1231;
inline constexpr int32_t kTimetzArray = 1270;
inline constexpr int32_t kUuidArray = 2951;
inline constexpr int32_t kJsonbArray = 3807;
inline constexpr int32_t kRegclassArray = 2210;
inline constexpr int32_t kRegtypeArray = 2211;
}  // namespace oid

struct TypeInfo {
  int32_t oid;
  std::string_view name;      // pg_type.typname: "int4", "varchar", "_int4"
  std::string_view sql_name;  // format_type() without typmod: "integer", "character varying"
  int16_t length;             // typlen: fixed size, -1 varlena, -2 cstring
  char category;              // typcategory: 'B' bool, 'N' numeric, 'S' string, 'D' datetime, 'A' array, ...
  int32_t element_oid;        // for arrays, else 0
  int32_t array_oid;          // the array type of this type, else 0
};

// Every built-in type litewire knows, ordered by OID. nullptr when unknown.
const TypeInfo* find_type(int32_t oid);
// By pg_type.typname or a SQL spelling ("integer", "int", "character varying", "timestamp with
// time zone", "double precision", "bool", "_int4", "int4[]"); case-insensitive.
const TypeInfo* find_type_by_name(std::string_view name);
// All known types (for pg_type).
std::span<const TypeInfo> all_types();

}  // namespace litewire::protocol
