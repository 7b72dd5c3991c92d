// load_schema / ensure_metadata: declared types map back to PostgreSQL types, OIDs are stable.

#include <gtest/gtest.h>

#include "protocol/types.h"
#include "tests/unit/sqlite/test_util.h"

namespace litewire::sqlite::testing {
namespace {

namespace oid = protocol::oid;

TEST(Schema, DeclaredTypesRoundTrip) {
  Db db;
  ASSERT_TRUE(db.run("create table t (id serial primary key, a int4, b varchar(10), "
                     "c timestamptz, d numeric(10,2), e bool, f int4[], g jsonb, h char(3), "
                     "i bigint, j double precision, k uuid, l bytea, m text)"));
  const TableInfo* t = db.schema().find_table("t");
  ASSERT_NE(t, nullptr);
  std::vector<std::pair<int32_t, int32_t>> want = {
      {oid::kInt4, -1},        {oid::kInt4, -1},      {oid::kVarchar, 14},
      {oid::kTimestamptz, -1}, {oid::kNumeric, ((10 << 16) | 2) + 4},
      {oid::kBool, -1},        {oid::kInt4Array, -1}, {oid::kJsonb, -1},
      {oid::kBpchar, 7},       {oid::kInt8, -1},      {oid::kFloat8, -1},
      {oid::kUuid, -1},        {oid::kBytea, -1},     {oid::kText, -1}};
  ASSERT_EQ(t->columns.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(t->columns[i].type.oid, want[i].first) << t->columns[i].name;
    EXPECT_EQ(t->columns[i].type.typmod, want[i].second) << t->columns[i].name;
    EXPECT_EQ(t->columns[i].number, static_cast<int16_t>(i + 1));
  }
  EXPECT_TRUE(t->columns[0].primary_key);
  EXPECT_TRUE(t->columns[0].not_null);
  EXPECT_EQ(db.schema().sequences.count("t_id_seq"), 1u);
  EXPECT_EQ(db.schema().indexes.count("t_pkey"), 1u);
}

TEST(Schema, PlainSqliteTablesGetTypesFromAffinity) {
  Db db;
  ASSERT_TRUE(db.exec("CREATE TABLE plain (a INTEGER, b REAL, c TEXT, d BLOB, e NUMERIC, f VARCHAR(20))"));
  db.reload();
  const TableInfo* t = db.schema().find_table("plain");
  ASSERT_NE(t, nullptr);
  std::vector<int32_t> want = {oid::kInt8, oid::kFloat8, oid::kText, oid::kBytea, oid::kNumeric, oid::kVarchar};
  ASSERT_EQ(t->columns.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) EXPECT_EQ(t->columns[i].type.oid, want[i]) << i;
}

TEST(Schema, OidsAreStableAcrossReloadsAndRenames) {
  Db db;
  ASSERT_TRUE(db.run("create table one (a int4)"));
  ASSERT_TRUE(db.run("create table two (a int4)"));
  int32_t one = db.schema().find_table("one")->oid;
  int32_t two = db.schema().find_table("two")->oid;
  EXPECT_GE(one, kFirstUserOid);
  EXPECT_NE(one, two);
  ASSERT_TRUE(db.run("alter table one rename to uno"));
  ASSERT_NE(db.schema().find_table("uno"), nullptr);
  EXPECT_EQ(db.schema().find_table("uno")->oid, one);
  db.reload();
  EXPECT_EQ(db.schema().find_table("two")->oid, two);
  // Metadata tables are not user tables.
  EXPECT_EQ(db.schema().find_table(std::string(kObjectsTable)), nullptr);
}

TEST(Schema, ExternalTablesGetOidsFromEnsureMetadata) {
  Db db;
  ASSERT_TRUE(db.exec("CREATE TABLE ext (x)"));
  ASSERT_TRUE(ensure_metadata(db.handle()));
  db.reload();
  const TableInfo* t = db.schema().find_table("ext");
  ASSERT_NE(t, nullptr);
  EXPECT_GE(t->oid, kFirstUserOid);
  EXPECT_LT(t->oid, 1000000000);
}

}  // namespace
}  // namespace litewire::sqlite::testing
