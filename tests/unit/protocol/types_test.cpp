#include "protocol/types.h"

#include <gtest/gtest.h>

#include <string>

namespace litewire::protocol {
namespace {

// Facts checked against PostgreSQL 15.18:
// select oid, typname, format_type(oid, null), typlen, typcategory, typelem, typarray ...
TEST(Types, FactsFromPgType) {
  const TypeInfo* t = find_type(oid::kInt4);
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->name, "int4");
  EXPECT_EQ(t->sql_name, "integer");
  EXPECT_EQ(t->length, 4);
  EXPECT_EQ(t->category, 'N');
  EXPECT_EQ(t->array_oid, 1007);
  t = find_type(oid::kTimestamptzArray);
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->name, "_timestamptz");
  EXPECT_EQ(t->sql_name, "timestamp with time zone[]");
  EXPECT_EQ(t->element_oid, oid::kTimestamptz);
  EXPECT_EQ(t->category, 'A');
  t = find_type(oid::kName);
  EXPECT_EQ(t->length, 64);
  EXPECT_EQ(t->element_oid, 18);
  EXPECT_EQ(find_type(oid::kChar)->sql_name, "\"char\"");
  EXPECT_EQ(find_type(oid::kInterval)->length, 16);
  EXPECT_EQ(find_type(oid::kInterval)->category, 'T');
  EXPECT_EQ(find_type(oid::kTimetz)->length, 12);
  EXPECT_EQ(find_type(oid::kUnknown)->length, -2);
  EXPECT_EQ(find_type(oid::kJson)->array_oid, 199);
  EXPECT_EQ(find_type(oid::kUuid)->category, 'U');
  EXPECT_EQ(find_type(oid::kBytea)->category, 'U');
  EXPECT_EQ(find_type(oid::kAny)->sql_name, "\"any\"");
  EXPECT_EQ(find_type(12345), nullptr);
  EXPECT_EQ(find_type(0), nullptr);
}

TEST(Types, TableIsSortedAndConsistent) {
  auto all = all_types();
  EXPECT_EQ(all.size(), 76u);
  for (size_t i = 1; i < all.size(); ++i) EXPECT_LT(all[i - 1].oid, all[i].oid);
  for (const auto& t : all) {
    EXPECT_EQ(find_type(t.oid), &t);
    // Unquoted `char` is SQL's character(n); the one-byte type needs its quotes.
    std::string spelling = t.name == "char" ? "\"char\"" : std::string(t.name);
    EXPECT_EQ(find_type_by_name(spelling), &t) << t.name;
    if (t.name[0] == '_') {
      const TypeInfo* e = find_type(t.element_oid);
      ASSERT_NE(e, nullptr) << t.name;
      EXPECT_EQ(e->array_oid, t.oid);
      EXPECT_EQ(t.sql_name, std::string(e->sql_name) + "[]");
    }
  }
}

TEST(Types, SqlSpellings) {
  struct Case {
    const char* spelling;
    int32_t oid;
  } cases[] = {
      {"integer", oid::kInt4}, {"INT", oid::kInt4}, {"int4", oid::kInt4},
      {"bigint", oid::kInt8}, {"smallint", oid::kInt2}, {"int2", oid::kInt2},
      {"character varying", oid::kVarchar}, {"varchar", oid::kVarchar},
      {"character varying(20)", oid::kVarchar}, {"character", oid::kBpchar},
      {"char", oid::kBpchar}, {"bpchar", oid::kBpchar}, {"char(3)", oid::kBpchar},
      {"\"char\"", oid::kChar}, {"text", oid::kText}, {"boolean", oid::kBool},
      {"bool", oid::kBool}, {"real", oid::kFloat4}, {"float4", oid::kFloat4},
      {"double precision", oid::kFloat8}, {"Double  Precision", oid::kFloat8},
      {"float8", oid::kFloat8}, {"float", oid::kFloat8}, {"numeric", oid::kNumeric},
      {"numeric(10,2)", oid::kNumeric}, {"decimal", oid::kNumeric}, {"bytea", oid::kBytea},
      {"date", oid::kDate}, {"time", oid::kTime}, {"time without time zone", oid::kTime},
      {"timestamp", oid::kTimestamp}, {"timestamp without time zone", oid::kTimestamp},
      {"timestamptz", oid::kTimestamptz}, {"timestamp with time zone", oid::kTimestamptz},
      {"TIMESTAMP(3) WITH TIME ZONE", oid::kTimestamptz}, {"timetz", oid::kTimetz},
      {"interval", oid::kInterval}, {"uuid", oid::kUuid}, {"json", oid::kJson},
      {"jsonb", oid::kJsonb}, {"oid", oid::kOid}, {"name", oid::kName},
      {"regclass", oid::kRegclass}, {"regtype", oid::kRegtype},
      {"pg_catalog.int4", oid::kInt4}, {"int4[]", oid::kInt4Array},
      {"integer[]", oid::kInt4Array}, {"_int4", oid::kInt4Array}, {"text[]", oid::kTextArray},
      {"character varying[]", oid::kVarcharArray}, {"varchar(5)[]", oid::kVarcharArray},
      {"timestamp with time zone[]", oid::kTimestamptzArray}, {"uuid []", oid::kUuidArray},
      {"jsonb[]", oid::kJsonbArray}, {"int[][]", oid::kInt4Array},
  };
  for (const auto& c : cases) {
    const TypeInfo* t = find_type_by_name(c.spelling);
    ASSERT_NE(t, nullptr) << c.spelling;
    EXPECT_EQ(t->oid, c.oid) << c.spelling;
  }
  for (const char* bad : {"", "integr", "int4[][", "foo[]", "pg_node_tree[]", "[]"}) {
    EXPECT_EQ(find_type_by_name(bad), nullptr) << bad;
  }
}

}  // namespace
}  // namespace litewire::protocol
