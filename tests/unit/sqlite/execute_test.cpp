// Translate + execute on an in-memory SQLite with litewire's functions: results follow
// PostgreSQL's semantics and the storage contract.

#include <gtest/gtest.h>

#include "tests/unit/sqlite/test_util.h"

namespace litewire::sqlite::testing {
namespace {

namespace sqlstate = protocol::sqlstate;

class ExecuteTest : public DbTest {
 protected:
  void SetUp() override {
    ok("create table t (id serial primary key, name varchar(5) not null, n int4, "
       "b bool, p numeric(6,2), big int8)");
  }
};

TEST_F(ExecuteTest, ExplainAnswersWithTheQueryPlanWithoutRunningTheStatement) {
  ok("insert into t (name) values ('a'), ('b')");
  ok("create index t_name_idx on t (name)");
  Rows plan = ok("explain select id from t where name = 'a'");
  ASSERT_FALSE(plan.empty());
  bool names_index = false;
  for (const auto& row : plan) names_index |= row[0].find("t_name_idx") != std::string::npos;
  EXPECT_TRUE(names_index) << plan[0][0];
  Rows del = ok("explain delete from t where name > 'a'");
  ASSERT_GE(del.size(), 2u);
  EXPECT_EQ(del[0][0], "Delete on t");
  EXPECT_EQ(del[1][0].rfind("  ->  ", 0), 0u) << del[1][0];
  EXPECT_NE(del[1][0].find("t_name_idx"), std::string::npos) << del[1][0];
  EXPECT_EQ(ok("explain delete from t"), (Rows{{"Delete on t"}}));
  EXPECT_EQ(ok("select count(*) from t"), (Rows{{"2"}}));
  // A join plans one node per table; nested nodes are drawn under their parent.
  Rows join = ok("explain select * from t a join t b on a.name = b.name order by a.id");
  EXPECT_GE(join.size(), 2u);
}

TEST_F(ExecuteTest, MultisetIntersectAndExcept) {
  EXPECT_EQ(ok("select v from (values (1), (1), (1), (2), (null)) a(v) intersect all "
               "select v from (values (1), (1), (null), (null)) b(v) order by v nulls first"),
            (Rows{{"NULL"}, {"1"}, {"1"}}));
  EXPECT_EQ(ok("select v from (values (1), (1), (1), (2)) a(v) except all "
               "select v from (values (1), (3)) b(v) order by v"),
            (Rows{{"1"}, {"1"}, {"2"}}));
}

TEST_F(ExecuteTest, RegexpMatchesRows) {
  EXPECT_EQ(ok("select regexp_matches('x1y22', '([a-z])([0-9]+)', 'g')"),
            (Rows{{"[\"x\",\"1\"]"}, {"[\"y\",\"22\"]"}}));
  EXPECT_EQ(ok("select regexp_matches('x1y22', '[0-9]+')"), (Rows{{"[\"1\"]"}}));
  EXPECT_EQ(ok("select regexp_matches('abc', '(z)?b')"), (Rows{{"[null]"}}));
  EXPECT_EQ(fails("select regexp_matches('abc', 'b', 'z')"), sqlstate::kInvalidParameterValue);
  EXPECT_EQ(fails("select regexp_matches('abc', '(')"), sqlstate::kInvalidRegularExpression);
}

TEST_F(ExecuteTest, SerialValuesCountFromOne) {
  ok("insert into t (name) values ('a'), ('b')");
  ok("insert into t (name) values ('c')");
  EXPECT_EQ(ok("select id, name from t order by id"),
            (Rows{{"1", "a"}, {"2", "b"}, {"3", "c"}}));
  EXPECT_EQ(ok("insert into t (name) values ('d') returning id"), (Rows{{"4"}}));
}

TEST_F(ExecuteTest, ValuesAreCoercedToColumnTypes) {
  ok("insert into t (name, n, b, p, big) values ('x', '42', 'yes', '3.14159', 7)");
  EXPECT_EQ(ok("select n, b, p, big from t"), (Rows{{"42", "1", "3.14", "7"}}));
  ok("update t set b = 'off', p = 2");
  EXPECT_EQ(ok("select b, p from t"), (Rows{{"0", "2"}}));
}

TEST_F(ExecuteTest, InputErrorsHavePostgresCodes) {
  EXPECT_EQ(fails("insert into t (name, n) values ('x', 3000000000)"), sqlstate::kNumericValueOutOfRange);
  EXPECT_EQ(fails("insert into t (name, n) values ('x', 'abc')"), sqlstate::kInvalidTextRepresentation);
  EXPECT_EQ(fails("insert into t (name) values ('toolong')"), sqlstate::kStringDataRightTruncation);
  EXPECT_EQ(fails("insert into t (name, b) values ('x', 'maybe')"), sqlstate::kInvalidTextRepresentation);
  EXPECT_EQ(fails("insert into t (name, p) values ('x', 12345.6)"), sqlstate::kNumericValueOutOfRange);
  // Explicit casts truncate instead.
  EXPECT_EQ(ok("select 'toolong'::varchar(3)"), (Rows{{"too"}}));
}

TEST_F(ExecuteTest, IntegerDivisionAndDivisionByZero) {
  EXPECT_EQ(ok("select 7 / 2, -7 / 2, 7 % 3, 7.0 / 2, 1 / 3.0, avg(x) from (values (1), (2)) v(x)"),
            (Rows{{"3", "-3", "1", "3.5000000000000000", "0.33333333333333333333", "1.5000000000000000"}}));
  EXPECT_EQ(ok("select round(2.5), round(2.345, 2), round(2, 1), avg(x) from (values (1), (2), (2)) v(x)"),
            (Rows{{"3", "2.35", "2.0", "1.6666666666666667"}}));
  EXPECT_EQ(fails("select 1 / 0"), sqlstate::kDivisionByZero);
  EXPECT_EQ(fails("select 1 % 0"), sqlstate::kDivisionByZero);
}

TEST_F(ExecuteTest, CommonTypeSqrtConcatStartsWithLikeOperators) {
  EXPECT_EQ(ok("select greatest(1, 2.5), least(2, 1.5), case when false then 1 else 2.5 end"),
            (Rows{{"2.5", "1.5", "2.5"}}));
  EXPECT_EQ(ok("select concat('a', true, false, null::bool), starts_with('abc', 'ab'), "
               "starts_with('abc', 'b'), 'abc' ~~ 'a%', 'abc' !~~* 'A%'"),
            (Rows{{"atf", "1", "0", "1", "0"}}));
  EXPECT_EQ(ok("select sqrt(16), floor(7)"), (Rows{{"4.0", "7"}}));
  EXPECT_EQ(fails("select sqrt(-1)"), sqlstate::kInvalidArgumentForPowerFunction);
}

TEST_F(ExecuteTest, AnyAllSubqueryWithOrderingOperatorsAndAvgWindow) {
  EXPECT_EQ(ok("select 5 > any (select 1), 0 > any (select 1), 5 > all (select 1 where false), "
               "0 > any (select x from (values (1), (null)) v(x))"),
            (Rows{{"1", "0", "1", "NULL"}}));
  EXPECT_EQ(ok("select avg(x) over (order by x rows between 1 preceding and current row) "
               "from (values (1), (2), (4)) v(x) order by x"),
            (Rows{{"1.00000000000000000000"}, {"1.5000000000000000"}, {"3.0000000000000000"}}));
}

TEST_F(ExecuteTest, JsonbPathAndKeyExistsOperators) {
  EXPECT_EQ(ok("select '{\"a\": {\"b\": [1, \"x\"]}}'::jsonb #>> '{a,b,1}', "
               "'{\"a\": 1}'::jsonb #> '{a,z}', '[\"k\"]'::jsonb ? 'k', "
               "'{\"a\": 1}'::jsonb ?& '{a,b}'"),
            (Rows{{"x", "NULL", "1", "0"}}));
}

TEST_F(ExecuteTest, IntegerOverflow) {
  EXPECT_EQ(fails("select 2147483647 + 1"), sqlstate::kNumericValueOutOfRange);
  EXPECT_EQ(ok("select 2147483647::int8 + 1"), (Rows{{"2147483648"}}));
}

TEST_F(ExecuteTest, LikeIsCaseSensitiveAndIlikeIsNot) {
  ok("insert into t (name) values ('Abc'), ('abc'), ('a_c')");
  EXPECT_EQ(ok("select name from t where name like 'a%' order by name"), (Rows{{"a_c"}, {"abc"}}));
  EXPECT_EQ(ok("select name from t where name ilike 'ABC' order by name"), (Rows{{"Abc"}, {"abc"}}));
  EXPECT_EQ(ok("select name from t where name like 'a\\_c'"), (Rows{{"a_c"}}));
}

TEST_F(ExecuteTest, NullOrderingFollowsPostgres) {
  ok("insert into t (name, n) values ('a', 1), ('b', null), ('c', 2)");
  EXPECT_EQ(ok("select name from t order by n"), (Rows{{"a"}, {"c"}, {"b"}}));
  EXPECT_EQ(ok("select name from t order by n desc"), (Rows{{"b"}, {"c"}, {"a"}}));
  EXPECT_EQ(ok("select name from t order by n nulls first"), (Rows{{"b"}, {"a"}, {"c"}}));
}

TEST_F(ExecuteTest, ExpressionsWithPostgresSemantics) {
  EXPECT_EQ(ok("select greatest(1, null, 3), least(null, 2), coalesce(null, 5), nullif(1, 1)"),
            (Rows{{"3", "2", "5", "NULL"}}));
  EXPECT_EQ(ok("select 1 is distinct from null, null is not distinct from null"), (Rows{{"1", "1"}}));
  EXPECT_EQ(ok("select 2 between 1 and 3, case when 1 > 2 then 'a' else 'b' end"), (Rows{{"1", "b"}}));
  EXPECT_EQ(ok("select 'a' || 'b' || 1, upper('straße'), lower('ÀB')"), (Rows{{"ab1", "STRAßE", "Àb"}}));
  EXPECT_EQ(ok("select substring('hello' from 2 for 3), position('l' in 'hello')"), (Rows{{"ell", "3"}}));
  EXPECT_EQ(ok("select true::text, 1::bool, '12'::int4 + 1"), (Rows{{"true", "1", "13"}}));
}

TEST_F(ExecuteTest, OnConflictAndReturning) {
  ok("create table kv (k text primary key, v int4)");
  ok("insert into kv values ('a', 1)");
  ok("insert into kv values ('a', 5) on conflict (k) do update set v = kv.v + excluded.v");
  EXPECT_EQ(ok("select v from kv"), (Rows{{"6"}}));
  EXPECT_EQ(ok("insert into kv values ('a', 9) on conflict do nothing returning k"), Rows{});
  EXPECT_EQ(ok("insert into kv values ('b', 9) on conflict on constraint kv_pkey do nothing returning k, v"),
            (Rows{{"b", "9"}}));
}

TEST_F(ExecuteTest, UpdateFromAndDeleteUsing) {
  ok("create table s (id int4, delta int4)");
  ok("insert into t (name, n) values ('a', 1), ('b', 2)");
  ok("insert into s values (1, 10)");
  ok("update t set n = n + s.delta from s where t.id = s.id");
  EXPECT_EQ(ok("select n from t order by id"), (Rows{{"11"}, {"2"}}));
  ok("delete from t using s where t.id = s.id");
  EXPECT_EQ(ok("select name from t"), (Rows{{"b"}}));
}

TEST_F(ExecuteTest, JoinsSubqueriesCtesAndSetOperations) {
  ok("create table a (id int4, x text)");
  ok("create table b (id int4, y text)");
  ok("insert into a values (1, 'a1'), (2, 'a2')");
  ok("insert into b values (2, 'b2'), (3, 'b3')");
  EXPECT_EQ(ok("select * from a join b using (id)"), (Rows{{"2", "a2", "b2"}}));
  EXPECT_EQ(ok("select * from a full join b using (id) order by id"),
            (Rows{{"1", "a1", "NULL"}, {"2", "a2", "b2"}, {"3", "NULL", "b3"}}));
  EXPECT_EQ(ok("select x from a where id in (select id from b)"), (Rows{{"a2"}}));
  EXPECT_EQ(ok("with recursive r(n) as (select 1 union all select n + 1 from r where n < 3) "
               "select sum(n) from r"),
            (Rows{{"6"}}));
  EXPECT_EQ(ok("select id from a union select id from b order by 1 desc limit 2"), (Rows{{"3"}, {"2"}}));
  EXPECT_EQ(ok("select id, row_number() over (order by id desc) from a order by id"),
            (Rows{{"1", "2"}, {"2", "1"}}));
  EXPECT_EQ(ok("select x from a where id = any($1)", {"[2,3]"}), (Rows{{"a2"}}));
}

TEST_F(ExecuteTest, NegativeLiteralsSurviveTheParseTree) {
  EXPECT_EQ(ok("select -5, 3 - -2, -2147483648"), (Rows{{"-5", "5", "-2147483648"}}));
}

TEST_F(ExecuteTest, NegativeLimitIsAnError) {
  EXPECT_EQ(fails("select 1 limit -1"), sqlstate::kInvalidRowCountInLimitClause);
}

TEST_F(ExecuteTest, SetReturningFunctionsInFrom) {
  EXPECT_EQ(ok("select * from generate_series(1, 3)"), (Rows{{"1"}, {"2"}, {"3"}}));
  EXPECT_EQ(ok("select g * 2 as doubled from generate_series(5, 1, -2) as g order by g"),
            (Rows{{"2"}, {"6"}, {"10"}}));
  EXPECT_EQ(ok("select * from generate_series(3, 1)"), Rows{});
  EXPECT_EQ(fails("select * from generate_series(1, 3, 0)"), sqlstate::kInvalidParameterValue);
  EXPECT_EQ(ok("select x, n from unnest($1::int4[]) with ordinality as u(x, n)", {"[7,8]"}),
            (Rows{{"7", "1"}, {"8", "2"}}));
}

TEST_F(ExecuteTest, SerialSequenceFunctions) {
  ok("insert into t (name) values ('a'), ('b')");
  EXPECT_EQ(ok("select currval('t_id_seq')"), (Rows{{"2"}}));
  EXPECT_EQ(ok("select nextval('t_id_seq')"), (Rows{{"3"}}));
  ok("insert into t (name) values ('c')");
  EXPECT_EQ(ok("select max(id) from t"), (Rows{{"4"}}));
  EXPECT_EQ(ok("select setval('t_id_seq', 10)"), (Rows{{"10"}}));
  EXPECT_EQ(ok("insert into t (name) values ('d') returning id"), (Rows{{"11"}}));
  EXPECT_EQ(ok("select setval('t_id_seq', 20, false), nextval('t_id_seq')"), (Rows{{"20", "20"}}));
}

TEST_F(ExecuteTest, StandaloneSequencesAndSerialColumnsThatAreNotKeys) {
  ok("create sequence s increment by 5 start with 10 maxvalue 20");
  EXPECT_EQ(ok("select nextval('s'), nextval('s'), nextval('s')"), (Rows{{"10", "15", "20"}}));
  EXPECT_EQ(fails("select nextval('s')"), sqlstate::kSequenceGeneratorLimitExceeded);
  ok("create sequence down increment by -1");
  EXPECT_EQ(ok("select nextval('down'), nextval('down')"), (Rows{{"-1", "-2"}}));
  EXPECT_EQ(fails("select setval('s', 100)"), sqlstate::kNumericValueOutOfRange);
  ok("create table orders (code text primary key, n serial)");
  ok("insert into orders (code) values ('a'), ('b')");
  EXPECT_EQ(ok("select code, n from orders order by n"), (Rows{{"a", "1"}, {"b", "2"}}));
  EXPECT_EQ(ok("select currval('orders_n_seq')"), (Rows{{"2"}}));
  ok("create table uses (id int4 default nextval('s'))");
  ok("drop sequence down");
  EXPECT_EQ(fails("select nextval('down')"), sqlstate::kUndefinedTable);
}

TEST_F(ExecuteTest, ConcatenationTreatsUntypedLiteralsAsText) {
  EXPECT_EQ(ok("select 'n' || 1, 1 || 'n', 'x' || null"), (Rows{{"n1", "1n", "NULL"}}));
}

TEST_F(ExecuteTest, CorrelatedSubqueriesResolveToTheRightScope) {
  ok("create table o (id int4, v int4)");
  ok("create table i (id int4, v int4)");
  ok("insert into o values (1, 10), (2, 20)");
  ok("insert into i values (1, 5), (1, 6), (2, 7)");
  EXPECT_EQ(ok("select id, (select sum(v) from i where i.id = o.id) from o order by id"),
            (Rows{{"1", "11"}, {"2", "7"}}));
  EXPECT_EQ(ok("select id from o where exists (select 1 from i where i.id = o.id and v > 6)"),
            (Rows{{"2"}}));
}

TEST_F(ExecuteTest, DateAndTimestampInputAndArithmetic) {
  EXPECT_EQ(ok("select '2024-05-01'::date, '2024-05-01 12:34:56.5'::timestamp, "
               "'2024-05-01T12:00:00+02'::timestamptz, '2024-05-01 10:00:00.1234567'::timestamp"),
            (Rows{{"2024-05-01", "2024-05-01 12:34:56.5", "2024-05-01 10:00:00",
                   "2024-05-01 10:00:00.123457"}}));
  EXPECT_EQ(ok("select '2024-02-29'::date + 1, '2024-03-01'::date - '2024-02-01'::date, "
               "'2024-01-31'::date - 1"),
            (Rows{{"2024-03-01", "29", "2024-01-30"}}));
  EXPECT_EQ(ok("select '2024-01-31 10:00'::timestamp + interval '1 month', "
               "'2024-05-01 12:00'::timestamp - '2024-04-30 10:30'::timestamp, "
               "interval '1 hour' * 3, '2024-05-01'::date + interval '36 hours'"),
            (Rows{{"2024-02-29 10:00:00", "1 day 01:30:00", "03:00:00", "2024-05-02 12:00:00"}}));
  EXPECT_EQ(ok("select interval '1 day' > interval '23 hours', interval '1 year 2 months -3 days'"),
            (Rows{{"1", "1 year 2 mons -3 days"}}));
  EXPECT_EQ(fails("select '2024-02-30'::date"), sqlstate::kDatetimeFieldOverflow);
  EXPECT_EQ(fails("select 'not a date'::date"), sqlstate::kInvalidDatetimeFormat);
}

TEST_F(ExecuteTest, ExtractAndDateTrunc) {
  EXPECT_EQ(ok("select extract(year from date '2024-05-01'), "
               "extract(second from timestamp '2024-05-01 12:34:56.5'), "
               "date_part('month', timestamp '2024-05-01 12:00'), "
               "date_trunc('month', timestamp '2024-05-17 12:34:56'), "
               "extract(dow from date '2024-05-01')"),
            (Rows{{"2024", "56.500000", "5.0", "2024-05-01 00:00:00", "3"}}));
}

TEST_F(ExecuteTest, PgbenchHistoryInsert) {
  ok("create table pgbench_history(tid int, bid int, aid int, delta int, mtime timestamp, "
     "filler char(22))");
  FunctionContext ctx;
  ctx.transaction_start_us = 1714566896000000;
  ScopedFunctionContext scope(ctx);
  ok("insert into pgbench_history (tid, bid, aid, delta, mtime) values ($1, $2, $3, $4, "
     "CURRENT_TIMESTAMP)",
     {"1", "2", "3", "4"});
  EXPECT_EQ(ok("select tid, mtime from pgbench_history"), (Rows{{"1", "2024-05-01 12:34:56"}}));
}

TEST_F(ExecuteTest, DistinctOnKeepsTheFirstRowOfEachGroup) {
  ok("create table emp (dept text, name text, salary int4)");
  ok("insert into emp values ('a', 'x', 10), ('a', 'y', 30), ('b', 'z', 20), ('b', 'w', null)");
  EXPECT_EQ(ok("select distinct on (dept) dept, name from emp order by dept, salary desc nulls last, name"),
            (Rows{{"a", "y"}, {"b", "z"}}));
  EXPECT_EQ(ok("select distinct on (1) dept, salary as s from emp order by 1, s"),
            (Rows{{"a", "10"}, {"b", "20"}}));
}

TEST_F(ExecuteTest, AlterTableAddsForeignKeysAndChecksByRewritingTheTable) {
  ok("create table parent (id int4 primary key)");
  ok("create table child (id int4, parent_id int4)");
  ok("insert into parent values (1)");
  ok("insert into child values (1, 1), (2, 2)");
  // Existing rows are validated first.
  EXPECT_EQ(fails("alter table child add constraint child_parent_fk foreign key (parent_id) "
                  "references parent (id) deferrable initially deferred"),
            sqlstate::kForeignKeyViolation);
  ok("delete from child where id = 2");
  ok("alter table child add constraint child_parent_fk foreign key (parent_id) references parent (id)");
  EXPECT_FALSE(db.exec("INSERT INTO child VALUES (3, 99)").has_value());
  ok("alter table child add check (id > 0)");
  EXPECT_FALSE(db.exec("INSERT INTO child VALUES (-1, 1)").has_value());
  db.reload();
  EXPECT_NE(db.schema().find_table("child")->sql.find("\"child_id_check\""), std::string::npos);
}

TEST_F(ExecuteTest, AlterColumnDefaultsNullabilityAndType) {
  ok("create table a (x int4, y text)");
  ok("insert into a values (1, 'one')");
  ok("alter table a alter column y set default 'dflt', alter column x set not null");
  ok("insert into a (x) values (2)");
  EXPECT_EQ(ok("select y from a where x = 2"), (Rows{{"dflt"}}));
  EXPECT_EQ(fails("insert into a (y) values ('no x')"), sqlstate::kInternalError);  // NOT NULL (engine maps to 23502)
  ok("alter table a alter column x drop not null, alter column y drop default");
  ok("insert into a (y) values ('no x')");
  ok("alter table a add column z int4");
  EXPECT_EQ(fails("alter table a alter column z set not null"), sqlstate::kNotNullViolation);
  ok("alter table a alter column x type int8");
  db.reload();
  EXPECT_EQ(db.schema().find_table("a")->find_column("x")->type.oid, 20);
  ASSERT_TRUE(db.exec("BEGIN"));  // the engine runs each statement in a savepoint
  EXPECT_EQ(fails("alter table a alter column y type varchar(3) using upper(y)"),
            sqlstate::kStringDataRightTruncation);
  ASSERT_TRUE(db.exec("ROLLBACK"));
  ok("alter table a alter column y type varchar(3) using upper(substr(y, 1, 3))");
  EXPECT_EQ(ok("select y from a order by x nulls first"), (Rows{{"NO "}, {"ONE"}, {"DFL"}}));
}

TEST_F(ExecuteTest, ArrayFunctions) {
  EXPECT_EQ(ok("select (array[10, 20, 30])[2], array_length(array[1, 2, 3], 1), cardinality(array[1, 2]), "
               "array_length('{}'::int4[], 1)"),
            (Rows{{"20", "3", "2", "NULL"}}));
  EXPECT_EQ(ok("select array_to_string(array[1, null, 3], ',', '*'), array[1] || array[2, 3], "
               "array_append(array['a'], 'b'), string_to_array('a,b,,c', ',', '')"),
            (Rows{{"1,*,3", "[1,2,3]", "[\"a\",\"b\"]", "[\"a\",\"b\",null,\"c\"]"}}));
  EXPECT_EQ(ok("select 2 = any(array[1, 2, 3]), 5 = any('{1,2}'::int[]), 5 <> all(array[1, 2])"),
            (Rows{{"1", "0", "1"}}));
}

TEST_F(ExecuteTest, SingleRowLateralSubqueries) {
  ok("create table o (id int4)");
  ok("create table i (id int4, v int4)");
  ok("insert into o values (1), (2), (3)");
  ok("insert into i values (1, 5), (1, 7), (2, 9)");
  EXPECT_EQ(ok("select o.id, x.n from o cross join lateral (select o.id * 10) as x(n) order by 1"),
            (Rows{{"1", "10"}, {"2", "20"}, {"3", "30"}}));
  EXPECT_EQ(ok("select o.id, s.total from o, lateral (select sum(v) as total from i where i.id = o.id) s "
               "order by 1"),
            (Rows{{"1", "12"}, {"2", "9"}, {"3", "NULL"}}));
  EXPECT_EQ(ok("select o.id, l.v from o left join lateral (select v from i where i.id = o.id order by v "
               "desc limit 1) l on true order by 1"),
            (Rows{{"1", "7"}, {"2", "9"}, {"3", "NULL"}}));
  // Several rows per outer row.
  EXPECT_EQ(ok("select o.id, x.v from o, lateral (select v from i where i.id = o.id) x order by 1, 2"),
            (Rows{{"1", "5"}, {"1", "7"}, {"2", "9"}}));
}

TEST_F(ExecuteTest, ScalarSubqueryWithTwoRowsIsACardinalityViolation) {
  ok("insert into t (name) values ('a'), ('b')");
  EXPECT_EQ(fails("select (select id from t)"), sqlstate::kCardinalityViolation);
  EXPECT_EQ(ok("select (select id from t where name = 'b'), (select id from t where name = 'x')"),
            (Rows{{"2", "NULL"}}));
}

TEST_F(ExecuteTest, NumericCastsRoundLikePostgres) {
  EXPECT_EQ(ok("select 2.5::int, -2.5::int, 2.5::float8::int, round(2.5::float8), "
               "123456789012345678901234567890.123::numeric"),
            (Rows{{"3", "-3", "2", "2", "123456789012345678901234567890.123"}}));
}

TEST_F(ExecuteTest, NumericColumnsRefuseWhatTheyCannotStoreExactly) {
  ok("create table money (n numeric, p numeric(40, 3))");
  // 15 significant digits, and integers within int64, are stored exactly (as INTEGER or REAL).
  ok("insert into money values (123456789012.345, 123456789012.3), (9223372036854775807, 1.5)");
  EXPECT_EQ(ok("select n, p from money order by n"),
            (Rows{{"123456789012.345", "123456789012.3"}, {"9223372036854775807", "1.5"}}));
  // More digits would be rounded by SQLite's NUMERIC affinity: refused, nothing written.
  EXPECT_EQ(fails("insert into money values (123456789012345678901234567890.123, 1)"),
            sqlstate::kFeatureNotSupported);
  EXPECT_EQ(fails("insert into money values (1, 1234567890123456.789)"), sqlstate::kFeatureNotSupported);
  EXPECT_EQ(fails("insert into money select 1, x from (select 98765432109876543210.5 as x) s"),
            sqlstate::kFeatureNotSupported);
  EXPECT_EQ(fails("update money set p = 1234567890123456.789"), sqlstate::kFeatureNotSupported);
  EXPECT_EQ(ok("select count(*), sum(p) from money"), (Rows{{"2", "123456789013.800"}}));
  // A computed value that is not stored keeps every digit.
  EXPECT_EQ(ok("select 123456789012345678901234567890.123::numeric"),
            (Rows{{"123456789012345678901234567890.123"}}));
}

TEST_F(ExecuteTest, ComputedNumericsKeepPostgresDisplayScale) {
  EXPECT_EQ(ok("select 1.10 + 2.205, 1.5 * 2.25, 0.1 + 0.2, 100.00 - 0.5, '1.2300'::numeric, "
               "'-0.0'::numeric"),
            (Rows{{"3.305", "3.375", "0.3", "99.50", "1.2300", "0.0"}}));
  ok("insert into t (name, p, n) values ('a', 2.5, 4)");
  EXPECT_EQ(ok("select p * n, sum(p) from t group by p, n"), (Rows{{"10.00", "2.50"}}));
}

TEST_F(ExecuteTest, OrderedStringAndArrayAggregates) {
  ok("insert into t (name, n) values ('b', 2), ('a', 3), ('c', null), ('d', 1)");
  EXPECT_EQ(ok("select string_agg(name, ',' order by n), string_agg(name, '-' order by n desc), "
               "array_agg(n order by name desc) from t"),
            (Rows{{"d,b,a,c", "c-a-b-d", "[1,null,2,3]"}}));
  EXPECT_EQ(ok("select string_agg(name, ',' order by n) from t where false"), (Rows{{"NULL"}}));
}

TEST_F(ExecuteTest, EnumTypes) {
  ok("create type mood as enum ('sad', 'ok', 'happy')");
  ok("create table person (name text, m mood)");
  ok("insert into person values ('a', 'happy'), ('b', 'sad'), ('c', 'ok')");
  EXPECT_EQ(fails("insert into person values ('d', 'angry')"), sqlstate::kInvalidTextRepresentation);
  EXPECT_EQ(ok("select name from person order by m"), (Rows{{"b"}, {"c"}, {"a"}}));
  EXPECT_EQ(ok("select name from person where m > 'sad' order by m desc"), (Rows{{"a"}, {"c"}}));
  ok("alter type mood add value 'meh' before 'ok'");
  ok("insert into person values ('e', 'meh')");
  EXPECT_EQ(ok("select name from person order by m"), (Rows{{"b"}, {"e"}, {"c"}, {"a"}}));
  db.reload();
  const TableInfo* t = db.schema().find_table("person");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->columns[1].type.oid, db.schema().enums.at("mood").oid);
  EXPECT_GE(t->columns[1].type.oid, kFirstUserOid);
  EXPECT_EQ(fails("drop type mood"), sqlstate::kDependentObjectsStillExist);
  ok("drop table person");
  ok("drop type mood");
  EXPECT_EQ(db.schema().enums.count("mood"), 0u);
}

}  // namespace
}  // namespace litewire::sqlite::testing
