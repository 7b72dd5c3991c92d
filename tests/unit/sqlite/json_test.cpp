// json/jsonb and array functions and operators, translated and executed on an in-memory SQLite
// with litewire's functions: results are stored forms (json verbatim, jsonb normalized, arrays
// as JSON arrays); parameters arrive bound in stored form as the engine binds them.

#include <gtest/gtest.h>

#include "tests/unit/sqlite/test_util.h"

namespace litewire::sqlite::testing {
namespace {

namespace sqlstate = protocol::sqlstate;

class JsonTest : public DbTest {
 protected:
  void SetUp() override {
    ok("create table docs (id int4 primary key, doc jsonb, raw json)");
    ok("insert into docs values (1, '{\"a\": 1, \"tags\": [\"x\", \"y\"]}', '{\"k\" :  [1, 2.50]}'), "
       "(2, '{\"a\": 2, \"tags\": []}', '[1, 2]'), (3, NULL, NULL)");
  }
};

TEST_F(JsonTest, TableFunctionsSeeEarlierFromItemsAndParameters) {
  EXPECT_EQ(ok("select d.id, e.value, e.ordinality from docs d, "
               "jsonb_array_elements_text(d.doc -> 'tags') with ordinality e order by 1, 3"),
            (Rows{{"1", "x", "1"}, {"1", "y", "2"}}));
  EXPECT_EQ(ok("select d.id, k from docs d left join lateral jsonb_object_keys(d.doc) as k on true "
               "order by 1, 2"),
            (Rows{{"1", "a"}, {"1", "tags"}, {"2", "a"}, {"2", "tags"}, {"3", "NULL"}}));
  EXPECT_EQ(ok("select key, value from jsonb_each($1::jsonb) order by key", {"{\"b\": [1], \"a\": null}"}),
            (Rows{{"a", "null"}, {"b", "[1]"}}));
  // json keeps each value's text as written.
  EXPECT_EQ(ok("select value from json_each((select raw from docs where id = 1))"),
            (Rows{{"[1, 2.50]"}}));
  EXPECT_EQ(fails("select * from jsonb_array_elements('{}')"), sqlstate::kInvalidParameterValue);
  EXPECT_EQ(fails("select * from jsonb_each(1)"), sqlstate::kUndefinedFunction);
}

TEST_F(JsonTest, MalformedStoredTextNeverOverruns) {
  // Text written by another SQLite client bypasses validation; reading it must stay in bounds.
  ASSERT_EQ(sqlite3_exec(db.handle(),
                         "insert into docs values (9, '{\"a', '[1, {\"k'), (10, '{\"a\": ', '[')",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  EXPECT_EQ(ok("select raw -> 'a', raw -> 1, raw #> '{1,k}' from docs where id >= 9 order by id"),
            (Rows{{"NULL", "{\"k", "NULL"}, {"NULL", "NULL", "NULL"}}));
  ok("select d.id, e.key from docs d, jsonb_each(d.doc) e where d.id >= 9");
}

TEST_F(JsonTest, ArrowsOnJsonKeepTheInputText) {
  EXPECT_EQ(ok("select raw -> 'k', raw -> 'k' -> 1, raw #>> '{k,1}' from docs where id = 1"),
            (Rows{{"[1, 2.50]", "2.50", "2.50"}}));
  EXPECT_EQ(ok("select doc -> $1, doc ->> 'a' from docs where id = 2", {"tags"}), (Rows{{"[]", "2"}}));
}

TEST_F(JsonTest, BuildersAndAggregates) {
  EXPECT_EQ(ok("select json_build_object('n', 2.50, 'b', true, 'a', array[1, 2]), "
               "jsonb_build_array($1::int4, null)",
               {"7"}),
            (Rows{{"{\"n\" : 2.50, \"b\" : true, \"a\" : [1,2]}", "[7, null]"}}));
  EXPECT_EQ(ok("select json_agg(id order by id desc) filter (where doc is not null), "
               "jsonb_object_agg(id, doc -> 'a') from docs"),
            (Rows{{"[2, 1]", "{\"1\": 1, \"2\": 2, \"3\": null}"}}));
  EXPECT_EQ(ok("select json_agg(id) from docs where id > 5"), (Rows{{"NULL"}}));
  EXPECT_EQ(ok("select json_agg(d order by id), to_json(row(id, doc -> 'a')) from docs d where id = 2 "
               "group by id"),
            (Rows{{"[{\"id\":2,\"doc\":{\"a\": 2, \"tags\": []},\"raw\":[1, 2]}]",
                   "{\"f1\":2,\"f2\":2}"}}));
  // A whole-row reference is a value only for the json functions.
  EXPECT_EQ(fails("select d from docs d"), sqlstate::kFeatureNotSupported);
  EXPECT_EQ(fails("select json_build_object('a')"), sqlstate::kInvalidParameterValue);
  EXPECT_EQ(fails("select json_object_agg(doc ->> 'x', 1) from docs"), sqlstate::kInvalidParameterValue);
}

TEST_F(JsonTest, JsonbModificationAndContainment) {
  EXPECT_EQ(ok("select jsonb_set(doc, '{tags,0}', '\"z\"'), doc - 'tags', doc #- '{tags,-1}' "
               "from docs where id = 1"),
            (Rows{{"{\"a\": 1, \"tags\": [\"z\", \"y\"]}", "{\"a\": 1}", "{\"a\": 1, \"tags\": [\"x\"]}"}}));
  EXPECT_EQ(ok("select id from docs where doc @> $1 order by id", {"{\"tags\": [\"y\"]}"}), (Rows{{"1"}}));
  EXPECT_EQ(ok("select '{\"a\": 1}'::jsonb || '{\"b\": 2}', '[1]'::jsonb <@ '[1, 2]'"),
            (Rows{{"{\"a\": 1, \"b\": 2}", "1"}}));
  EXPECT_EQ(fails("select '[1]'::jsonb - 1.5"), sqlstate::kUndefinedFunction);
  EXPECT_EQ(fails("select jsonb_set('[1]', '{a}', '1')"), sqlstate::kInvalidTextRepresentation);
  EXPECT_EQ(fails("select jsonb_set('{}', array[null]::text[], '1')"), sqlstate::kNullValueNotAllowed);
}

TEST_F(JsonTest, ArraySlicesOperatorsAndFunctions) {
  EXPECT_EQ(ok("select (array[1, 2, 3])[2:], (array[1, 2, 3])[:1], (array[1, 2, 3])[4:5], "
               "($1::text[])[1:1]",
               {"[\"a\",\"b\"]"}),
            (Rows{{"[2,3]", "[1]", "[]", "[\"a\"]"}}));
  EXPECT_EQ(ok("select array[1, 2] @> array[2], array[1] && array[3], array['a'] <@ $1::text[]",
               {"[\"a\"]"}),
            (Rows{{"1", "0", "1"}}));
  EXPECT_EQ(ok("select array_remove(array[1, null, 1], 1), array_replace(array['a'], 'a', 'b'), "
               "array_positions(array[true, false, true], true)"),
            (Rows{{"[null]", "[\"b\"]", "[1,3]"}}));
  EXPECT_EQ(fails("select array[1] @> array['a'::text]"), sqlstate::kUndefinedFunction);
}

}  // namespace
}  // namespace litewire::sqlite::testing
