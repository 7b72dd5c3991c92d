// pg_catalog / information_schema served from the schema (sqlite/catalog).

#include <gtest/gtest.h>

#include "sqlite/catalog/catalog.h"
#include "tests/unit/sqlite/test_util.h"

namespace litewire::sqlite::testing {
namespace {

class CatalogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(db.run("CREATE TABLE author (id serial PRIMARY KEY, name varchar(50) NOT NULL UNIQUE)"));
    ASSERT_TRUE(db.run("CREATE TABLE book (id int PRIMARY KEY, author_id int REFERENCES author(id) "
                       "ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED, price numeric(10,2) "
                       "CHECK (price > 0), title text DEFAULT 'x')"));
    ASSERT_TRUE(db.run("CREATE INDEX book_title_idx ON book (title)"));
  }
  Rows q(const std::string& sql) {
    auto r = db.run(sql);
    EXPECT_TRUE(r.has_value()) << sql << ": " << (r ? "" : r.error().message);
    return r ? *r : Rows{};
  }
  Db db;
};

TEST_F(CatalogTest, RelationsAreTypedForTheTranslator) {
  const TableInfo* t = catalog::catalog_relation("", "pg_class");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->oid, 1259);
  EXPECT_EQ(t->columns[1].name, "relname");
  EXPECT_EQ(catalog::catalog_relation("", "tables"), nullptr);  // not on search_path
  EXPECT_NE(catalog::catalog_relation("information_schema", "tables"), nullptr);
}

TEST_F(CatalogTest, PgClassListsUserRelationsAndHidesInternalTables) {
  Rows r = q("SELECT relname, relkind FROM pg_catalog.pg_class WHERE relnamespace = 2200 ORDER BY relname");
  EXPECT_EQ(r, (Rows{{"author", "r"}, {"author_id_seq", "S"}, {"author_name_key", "i"},
                     {"author_pkey", "i"}, {"book", "r"}, {"book_pkey", "i"},
                     {"book_title_idx", "i"}}));
}

TEST_F(CatalogTest, AttributesMatchColumnNumbersAndTypes) {
  Rows r = q("SELECT a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull "
             "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid WHERE c.relname = 'book' "
             "ORDER BY a.attnum");
  EXPECT_EQ(r, (Rows{{"1", "id", "integer", "1"},
                     {"2", "author_id", "integer", "0"},
                     {"3", "price", "numeric(10,2)", "0"},
                     {"4", "title", "text", "0"}}));
}

TEST_F(CatalogTest, ConstraintDefinitionsReadAsPostgreSqlWritesThem) {
  Rows r = q("SELECT conname, contype, pg_get_constraintdef(oid, true) FROM pg_constraint "
             "WHERE conrelid = 'book'::regclass ORDER BY conname");
  EXPECT_EQ(r, (Rows{{"book_author_id_fkey", "f",
                      "FOREIGN KEY (author_id) REFERENCES author(id) ON DELETE CASCADE DEFERRABLE "
                      "INITIALLY DEFERRED"},
                     {"book_pkey", "p", "PRIMARY KEY (id)"},
                     {"book_price_check", "c", "CHECK (price > 0::numeric)"}}));
  // Without `pretty`, PostgreSQL keeps the outer parentheses and the cast operand's.
  EXPECT_EQ(q("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'book_price_check'"),
            (Rows{{"CHECK ((price > (0)::numeric))"}}));
}

TEST_F(CatalogTest, SizesPrintLikePgSizePretty) {
  EXPECT_EQ(q("SELECT pg_size_pretty(8192), pg_size_pretty(10239), pg_size_pretty(10240), "
              "pg_size_pretty(20971520), pg_size_pretty(-30000)"),
            (Rows{{"8192 bytes", "10239 bytes", "10 kB", "20 MB", "-29 kB"}}));
}

TEST_F(CatalogTest, IndexDefinitionsAndDefaults) {
  Rows r = q("SELECT pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid = 'author'::regclass "
             "ORDER BY 1");
  EXPECT_EQ(r, (Rows{{"CREATE UNIQUE INDEX author_name_key ON public.author USING btree (name)"},
                     {"CREATE UNIQUE INDEX author_pkey ON public.author USING btree (id)"}}));
  Rows d = q("SELECT adnum, pg_get_expr(adbin, adrelid) FROM pg_attrdef ORDER BY adrelid, adnum");
  EXPECT_EQ(d, (Rows{{"1", "nextval('author_id_seq'::regclass)"}, {"4", "'x'::text"}}));
}

TEST_F(CatalogTest, SnapshotFollowsDdl) {
  EXPECT_EQ(q("SELECT count(*) FROM pg_class WHERE relname = 'later'"), (Rows{{"0"}}));
  ASSERT_TRUE(db.run("CREATE TABLE later (x int)"));
  EXPECT_EQ(q("SELECT count(*) FROM pg_class WHERE relname = 'later'"), (Rows{{"1"}}));
}

TEST_F(CatalogTest, InformationSchema) {
  Rows r = q("SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns "
             "WHERE table_name = 'author' ORDER BY ordinal_position");
  EXPECT_EQ(r, (Rows{{"author", "id", "integer", "NO"},
                     {"author", "name", "character varying", "NO"}}));
  Rows k = q("SELECT constraint_name, column_name FROM information_schema.key_column_usage "
             "WHERE table_name = 'book' ORDER BY 1");
  EXPECT_EQ(k, (Rows{{"book_author_id_fkey", "author_id"}, {"book_pkey", "id"}}));
}

TEST_F(CatalogTest, ArrayTypesForPostgresJs) {
  Rows r = q("select b.oid, b.typarray from pg_catalog.pg_type a left join pg_catalog.pg_type b "
             "on b.oid = a.typelem where a.typcategory = 'A' and b.oid = 23 group by b.oid, b.typarray");
  EXPECT_EQ(r, (Rows{{"23", "1007"}}));
}

}  // namespace
}  // namespace litewire::sqlite::testing
