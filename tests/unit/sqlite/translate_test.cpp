// Translation only: plan fields, SQLite text, result shapes, parameter types and errors.

#include <gtest/gtest.h>

#include "protocol/types.h"
#include "tests/unit/sqlite/test_util.h"

namespace litewire::sqlite::testing {
namespace {

namespace oid = protocol::oid;
namespace sqlstate = protocol::sqlstate;

class TranslateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(db.run("create table accounts (aid int4 primary key, bid int4, abalance int4, "
                       "filler char(84))"));
    ASSERT_TRUE(db.run("create table t (id serial primary key, name varchar(10) not null, "
                       "price numeric(10,2), ok bool, at timestamptz, big int8, f float8)"));
  }
  TranslatedStatement one(const std::string& sql, std::vector<int32_t> types = {}) {
    auto p = db.translate(sql, std::move(types));
    EXPECT_TRUE(p.has_value()) << sql << ": " << (p ? "" : p.error().message);
    if (!p || p->statements.size() != 1) return {};
    return p->statements[0];
  }
  protocol::PgError error(const std::string& sql) {
    auto p = db.translate(sql);
    EXPECT_FALSE(p.has_value()) << sql;
    return p ? protocol::PgError() : p.error();
  }
  Db db;
};

TEST_F(TranslateTest, EmptyQueryIsOneEmptyStatement) {
  for (const char* sql : {"", "   ", "-- only a comment", " ; "}) {
    auto p = db.translate(sql);
    ASSERT_TRUE(p) << sql;
    ASSERT_EQ(p->statements.size(), 1u);
    EXPECT_EQ(p->statements[0].kind, StatementKind::kEmpty);
  }
}

TEST_F(TranslateTest, SyntaxErrorHasPostgresMessageAndPosition) {
  auto e = error("selec 1");
  EXPECT_EQ(e.code, sqlstate::kSyntaxError);
  EXPECT_EQ(e.message, "syntax error at or near \"selec\"");
  EXPECT_EQ(e.position, 1);
  auto e2 = error("select 1 from");
  EXPECT_EQ(e2.message, "syntax error at end of input");
  EXPECT_EQ(e2.position, 14);
}

TEST_F(TranslateTest, SplitsStatementsByTheParser) {
  auto p = db.translate("select ';'; select 2");
  ASSERT_TRUE(p);
  ASSERT_EQ(p->statements.size(), 2u);
  EXPECT_EQ(p->statements[0].location, 0);
  EXPECT_EQ(p->statements[1].location, 11);
  EXPECT_EQ(p->statements[0].sqlite_sql[0], "SELECT ';' AS \"?column?\"");
}

TEST_F(TranslateTest, SelectColumnsHavePostgresNamesAndTypes) {
  auto s = one("select aid, abalance + 1, count(*), sum(abalance), sum(big), avg(abalance), "
               "1, 5000000000, 1.5, 'x', now(), aid = 1 as eq, true from accounts, t group by aid");
  EXPECT_EQ(s.kind, StatementKind::kRead);
  EXPECT_EQ(s.command_tag, "SELECT");
  EXPECT_TRUE(s.returns_rows);
  ASSERT_EQ(s.columns.size(), 13u);
  std::vector<std::pair<std::string, int32_t>> want = {
      {"aid", oid::kInt4},          {"?column?", oid::kInt4}, {"count", oid::kInt8},
      {"sum", oid::kInt8},          {"sum", oid::kNumeric},   {"avg", oid::kNumeric},
      {"?column?", oid::kInt4},     {"?column?", oid::kInt8}, {"?column?", oid::kNumeric},
      {"?column?", oid::kText},     {"now", oid::kTimestamptz}, {"eq", oid::kBool},
      {"?column?", oid::kBool}};
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(s.columns[i].name, want[i].first) << i;
    EXPECT_EQ(s.columns[i].type.oid, want[i].second) << i;
  }
  const TableInfo* accounts = db.schema().find_table("accounts");
  ASSERT_NE(accounts, nullptr);
  EXPECT_EQ(s.columns[0].table_oid, accounts->oid);
  EXPECT_EQ(s.columns[0].column_number, 1);
  EXPECT_EQ(s.columns[1].table_oid, 0);
}

TEST_F(TranslateTest, ParameterTypesAreInferred) {
  auto s = one("update accounts set abalance = abalance + $1 where aid = $2");
  ASSERT_EQ(s.params.size(), 2u);
  EXPECT_EQ(s.params[0].oid, oid::kInt4);
  EXPECT_EQ(s.params[1].oid, oid::kInt4);
  EXPECT_EQ(s.kind, StatementKind::kWrite);
  EXPECT_EQ(s.command_tag, "UPDATE");
  auto i = one("insert into t (name, price, at) values ($1, $2, $3)");
  ASSERT_EQ(i.params.size(), 3u);
  EXPECT_EQ(i.params[0].oid, oid::kVarchar);
  EXPECT_EQ(i.params[0].typmod, 14);
  EXPECT_EQ(i.params[1].oid, oid::kNumeric);
  EXPECT_EQ(i.params[2].oid, oid::kTimestamptz);
  auto l = one("select * from t limit $1 offset $2");
  ASSERT_EQ(l.params.size(), 2u);
  EXPECT_EQ(l.params[0].oid, oid::kInt8);
  auto given = one("select $1, $2", {oid::kInt8});
  ASSERT_EQ(given.params.size(), 2u);
  EXPECT_EQ(given.params[0].oid, oid::kInt8);
  EXPECT_EQ(given.params[1].oid, 0);
  EXPECT_EQ(given.columns[1].type.oid, oid::kText);
}

TEST_F(TranslateTest, ParametersBecomeNumberedQuestionMarks) {
  auto s = one("select abalance from accounts where aid = $1");
  EXPECT_EQ(s.sqlite_sql[0],
            "SELECT \"accounts\".\"abalance\" AS \"abalance\" FROM \"accounts\" WHERE "
            "(\"accounts\".\"aid\" = ?1)");
}

TEST_F(TranslateTest, CreateTableKeepsPostgresTypesAndConstraintNames) {
  auto s = one("create table items (id bigserial primary key, code varchar(5) unique, "
               "qty int2 check (qty > 0), tags text[], owner int4 references accounts(aid) "
               "on delete cascade deferrable initially deferred, data jsonb) with (fillfactor=90)");
  EXPECT_EQ(s.kind, StatementKind::kDdl);
  EXPECT_EQ(s.command_tag, "CREATE TABLE");
  ASSERT_FALSE(s.sqlite_sql.empty());
  const std::string& c = s.sqlite_sql[0];
  EXPECT_NE(c.find("\"id\" INTEGER CONSTRAINT \"items_pkey\" PRIMARY KEY AUTOINCREMENT"),
            std::string::npos) << c;
  EXPECT_NE(c.find("\"code\" VARCHAR(5)"), std::string::npos) << c;
  EXPECT_NE(c.find("CONSTRAINT \"items_qty_check\" CHECK"), std::string::npos) << c;
  EXPECT_NE(c.find("\"tags\" _TEXT"), std::string::npos) << c;
  EXPECT_NE(c.find("CONSTRAINT \"items_owner_fkey\" REFERENCES \"accounts\" (\"aid\") ON DELETE "
                   "CASCADE ON UPDATE NO ACTION DEFERRABLE INITIALLY DEFERRED"),
            std::string::npos) << c;
  EXPECT_NE(c.find("\"data\" JSONB TEXT"), std::string::npos) << c;
  bool unique_index = false;
  for (const auto& x : s.sqlite_sql) {
    unique_index |= x.find("CREATE UNIQUE INDEX \"items_code_key\"") != std::string::npos;
  }
  EXPECT_TRUE(unique_index);
  ASSERT_EQ(s.notices.size(), 1u);
  EXPECT_NE(s.notices[0].find("fillfactor"), std::string::npos);
}

TEST_F(TranslateTest, StatementKindsAndTags) {
  EXPECT_EQ(one("begin").kind, StatementKind::kTransaction);
  EXPECT_EQ(one("begin").command_tag, "BEGIN");
  auto b = one("start transaction isolation level serializable, read only");
  EXPECT_EQ(b.txn.op, TxnOp::kBegin);
  EXPECT_EQ(b.txn.isolation, IsolationLevel::kSerializable);
  ASSERT_TRUE(b.txn.read_only.has_value());
  EXPECT_TRUE(*b.txn.read_only);
  EXPECT_EQ(one("end").txn.op, TxnOp::kCommit);
  EXPECT_EQ(one("abort").txn.op, TxnOp::kRollback);
  auto rt = one("rollback to savepoint \"Sp 1\"");
  EXPECT_EQ(rt.txn.op, TxnOp::kRollbackTo);
  EXPECT_EQ(rt.txn.savepoint, "Sp 1");
  EXPECT_EQ(one("release s").txn.op, TxnOp::kRelease);
  auto tz = one("SET TIME ZONE 'UTC'");
  EXPECT_EQ(tz.kind, StatementKind::kSession);
  EXPECT_EQ(tz.session.name, "timezone");
  EXPECT_EQ(tz.session.value, "UTC");
  auto sp = one("set local search_path to a, \"B\"");
  EXPECT_EQ(sp.session.op, SessionOp::kSetLocal);
  EXPECT_EQ(sp.session.value, "a, \"B\"");
  EXPECT_EQ(one("reset all").session.op, SessionOp::kResetAll);
  auto show = one("show transaction isolation level");
  EXPECT_EQ(show.session.name, "transaction_isolation");
  ASSERT_EQ(show.columns.size(), 1u);
  EXPECT_EQ(one("discard all").session.op, SessionOp::kDiscardAll);
  EXPECT_EQ(one("select * from t for update").kind, StatementKind::kWrite);
  EXPECT_EQ(one("vacuum analyze accounts").kind, StatementKind::kUtility);
  EXPECT_EQ(one("notify ch, 'hi'").utility.payload, "hi");
  EXPECT_EQ(one("drop table t").command_tag, "DROP TABLE");
  EXPECT_EQ(one("create index on t (name)").command_tag, "CREATE INDEX");
  EXPECT_EQ(one("create database x").command_tag, "CREATE DATABASE");
}

TEST_F(TranslateTest, CopyCommands) {
  auto c = one("copy accounts (aid, abalance) from stdin with (format csv, header, freeze on)");
  EXPECT_EQ(c.kind, StatementKind::kCopy);
  EXPECT_TRUE(c.copy.from_stdin);
  EXPECT_EQ(c.copy.format, CopyCommand::Format::kCsv);
  EXPECT_TRUE(c.copy.header);
  EXPECT_EQ(c.copy.delimiter, ',');
  EXPECT_EQ(c.copy.null_string, "");
  ASSERT_EQ(c.copy.column_types.size(), 2u);
  EXPECT_EQ(c.copy.column_types[1].oid, oid::kInt4);
  auto q = one("copy (select 1 as x) to stdout");
  EXPECT_FALSE(q.copy.from_stdin);
  EXPECT_FALSE(q.copy.query_sql.empty());
  EXPECT_EQ(q.copy.delimiter, '\t');
}

TEST_F(TranslateTest, UnsupportedConstructsAreNamed) {
  auto e = error("select grouping(aid) from accounts group by aid");
  EXPECT_EQ(e.code, sqlstate::kFeatureNotSupported);
  auto s = error("select * from accounts tablesample system (10)");
  EXPECT_EQ(s.message, "TABLESAMPLE is not supported");
  auto l = error("select * from accounts a, lateral (select filler::bytea from accounts) x");
  EXPECT_EQ(l.code, sqlstate::kFeatureNotSupported);
  EXPECT_EQ(l.message,
            "a bytea column of a LATERAL subquery that can return several rows is not supported");
}

TEST_F(TranslateTest, DataModifyingWithRunsFirstAndRefusesSnapshotViolations) {
  ASSERT_TRUE(db.run("create table archive (aid int4, bid int4, abalance int4, filler char(84))"));
  auto st = one("with moved as (delete from accounts where bid = $1 returning *) "
                "insert into archive select * from moved");
  EXPECT_EQ(st.kind, StatementKind::kWrite);
  EXPECT_EQ(st.command_tag, "INSERT");
  // DROP/CREATE of the temporary table, the DELETE whose rows it receives, then the INSERT.
  ASSERT_EQ(st.sqlite_sql.size(), 4u);
  ASSERT_EQ(st.capture_into.size(), 4u);
  EXPECT_NE(st.sqlite_sql[2].find("DELETE FROM \"accounts\""), std::string::npos);
  EXPECT_FALSE(st.capture_into[2].empty());
  EXPECT_TRUE(st.capture_into[3].empty());
  EXPECT_NE(st.sqlite_sql[3].find(st.capture_into[2]), std::string::npos);
  EXPECT_EQ(st.temp_tables, (std::vector<std::string>{st.capture_into[2]}));
  EXPECT_EQ(st.params.size(), 1u);
  // The main statement would see the DELETE's effect on the table it reads.
  auto e = error("with d as (delete from accounts returning aid) select count(*) from accounts");
  EXPECT_EQ(e.code, sqlstate::kFeatureNotSupported);
  auto u = error("with d as (update accounts set bid = 1 returning aid) "
                 "insert into archive select * from accounts");
  EXPECT_EQ(u.code, sqlstate::kFeatureNotSupported);
  // A reference to a CTE without RETURNING, and DML below the top level: PostgreSQL's errors.
  auto r = error("with d as (delete from accounts) select * from d");
  EXPECT_EQ(r.message, "WITH query \"d\" does not have a RETURNING clause");
  auto n = error("select * from (with d as (delete from accounts returning aid) select * from d) x");
  EXPECT_EQ(n.message, "WITH clause containing a data-modifying statement must be at the top level");
}

TEST_F(TranslateTest, ExplainIsOneTextColumnAndNeverRunsTheStatement) {
  auto st = one("explain (verbose, costs off) delete from accounts where aid = 1");
  EXPECT_EQ(st.kind, StatementKind::kRead);
  EXPECT_EQ(st.command_tag, "EXPLAIN");
  ASSERT_EQ(st.columns.size(), 1u);
  EXPECT_EQ(st.columns[0].name, "QUERY PLAN");
  EXPECT_EQ(st.columns[0].type.oid, oid::kText);
  ASSERT_EQ(st.sqlite_sql.size(), 1u);
  EXPECT_EQ(st.sqlite_sql[0].rfind("SELECT", 0), 0u);
  EXPECT_EQ(error("explain analyze delete from accounts").code, sqlstate::kFeatureNotSupported);
  EXPECT_EQ(error("explain (format json) select 1").code, sqlstate::kFeatureNotSupported);
  EXPECT_EQ(error("explain (bogus) select 1").code, sqlstate::kSyntaxError);
  EXPECT_EQ(error("explain select * from nosuch").code, sqlstate::kUndefinedTable);
}

TEST_F(TranslateTest, SchemasOtherThanTheBuiltInOnesAreRefused) {
  EXPECT_EQ(error("create schema public").code, sqlstate::kDuplicateSchema);
  EXPECT_EQ(one("create schema if not exists public").notices.size(), 1u);
  EXPECT_EQ(error("create schema pg_x").code, sqlstate::kReservedName);
  auto e = error("create schema app");
  EXPECT_EQ(e.code, sqlstate::kFeatureNotSupported);
  EXPECT_NE(e.message.find("CREATE SCHEMA"), std::string::npos);
  EXPECT_EQ(error("drop schema app").code, sqlstate::kInvalidSchemaName);
  EXPECT_EQ(error("drop schema public").code, sqlstate::kFeatureNotSupported);
  EXPECT_EQ(one("drop schema if exists app, other").command_tag, "DROP SCHEMA");
}

TEST_F(TranslateTest, SetReturningFunctionsInTheSelectList) {
  auto st = one("select aid, unnest(array[1, 2]) as u, generate_series(1, bid) from accounts");
  ASSERT_EQ(st.columns.size(), 3u);
  EXPECT_EQ(st.columns[1].name, "u");
  EXPECT_EQ(st.columns[1].type.oid, oid::kInt4);
  EXPECT_EQ(st.columns[2].name, "generate_series");
  EXPECT_EQ(one("select regexp_matches('a', 'a')").columns[0].type.oid, oid::kTextArray);
  EXPECT_EQ(error("select case when true then unnest(array[1]) end").message,
            "set-returning functions are not allowed in CASE");
  EXPECT_EQ(error("select sum(unnest(array[1]))").message,
            "aggregate function calls cannot contain set-returning function calls");
  // Grouped queries: the SRFs run over the grouped rows (a subquery); ORDER BY must name
  // output columns there.
  EXPECT_EQ(one("select bid, unnest(array_agg(aid)) from accounts group by bid order by bid").columns.size(), 2u);
  EXPECT_EQ(error("select bid, unnest(array[1]) from accounts group by 1").code,
            sqlstate::kFeatureNotSupported);
  EXPECT_EQ(error("select bid, unnest(array[1]) from accounts group by bid order by count(*)").code,
            sqlstate::kFeatureNotSupported);
  EXPECT_EQ(error("select unnest(regexp_matches('ab', '(a)(b)'))").code,
            sqlstate::kFeatureNotSupported);
}

TEST_F(TranslateTest, PrepareKeepsTheStatementTextAndExecuteItsConstants) {
  auto p = db.translate("prepare \"As\" /* as */ (int4, text) as select $1 + 1, $2; execute \"As\"(-3, 'x')");
  ASSERT_TRUE(p.has_value()) << p.error().message;
  ASSERT_EQ(p->statements.size(), 2u);
  const auto& prep = p->statements[0];
  EXPECT_EQ(prep.kind, StatementKind::kSession);
  EXPECT_EQ(prep.session.op, SessionOp::kPrepare);
  EXPECT_EQ(prep.session.name, "As");
  EXPECT_EQ(prep.session.value, " select $1 + 1, $2");
  EXPECT_EQ(prep.session.param_types, (std::vector<int32_t>{oid::kInt4, oid::kText}));
  const auto& exec = p->statements[1];
  EXPECT_EQ(exec.session.op, SessionOp::kExecute);
  ASSERT_EQ(exec.session.arguments.size(), 2u);
  EXPECT_EQ(exec.session.arguments[0], std::optional<std::string>("-3"));
  EXPECT_EQ(exec.session.arguments[1], std::optional<std::string>("x"));
  EXPECT_EQ(one("execute q(null, true, 1.50, '2024-01-01'::date)").session.arguments,
            (std::vector<std::optional<std::string>>{std::nullopt, "true", "1.50", "2024-01-01"}));
  // The statement is checked at PREPARE; arguments must be constants.
  EXPECT_EQ(error("prepare q as select * from nosuch").code, sqlstate::kUndefinedTable);
  EXPECT_EQ(error("execute q(1 + 1)").code, sqlstate::kFeatureNotSupported);
}

TEST_F(TranslateTest, UnknownRelationsAndColumns) {
  auto e = error("select * from nope");
  EXPECT_EQ(e.code, sqlstate::kUndefinedTable);
  EXPECT_EQ(e.message, "relation \"nope\" does not exist");
  EXPECT_EQ(e.position, 15);
  auto c = error("select nope from accounts");
  EXPECT_EQ(c.code, sqlstate::kUndefinedColumn);
  EXPECT_EQ(c.message, "column \"nope\" does not exist");
  EXPECT_EQ(c.position, 8);
}

TEST_F(TranslateTest, LaterStatementsSeeEarlierDdl) {
  auto p = db.translate("create table fresh (a int4); insert into fresh values (1); select a from fresh");
  ASSERT_TRUE(p) << p.error().message;
  ASSERT_EQ(p->statements.size(), 3u);
  EXPECT_EQ(p->statements[2].columns.at(0).type.oid, oid::kInt4);
}

TEST_F(TranslateTest, SqliteOnlyFunctionsAreRejected) {
  auto e = error("select typeof(1)");
  EXPECT_EQ(e.code, sqlstate::kUndefinedFunction);
  EXPECT_EQ(e.message, "function typeof(integer) does not exist");
}

TEST_F(TranslateTest, AmbiguousAndUsingColumns) {
  auto e = error("select aid from accounts a, accounts b");
  EXPECT_EQ(e.code, sqlstate::kAmbiguousColumn);
  EXPECT_EQ(e.message, "column reference \"aid\" is ambiguous");
  auto s = one("select aid from accounts a join accounts b using (aid)");
  ASSERT_EQ(s.columns.size(), 1u);
  EXPECT_EQ(s.columns[0].type.oid, oid::kInt4);
}

TEST_F(TranslateTest, AggregatesAreRejectedInWhereButNotInSubqueries) {
  auto e = error("select aid from accounts where sum(abalance) > 1");
  EXPECT_EQ(e.code, sqlstate::kGroupingError);
  EXPECT_EQ(e.position, 32);
  one("select aid from accounts where abalance > (select avg(abalance) from accounts)");
}

TEST_F(TranslateTest, WrongArgumentCountsAreUndefinedFunctions) {
  auto e = error("select lower('a', 'b')");
  EXPECT_EQ(e.code, sqlstate::kUndefinedFunction);
  EXPECT_EQ(e.message, "function lower(unknown, unknown) does not exist");
  EXPECT_EQ(error("select sum(*) from accounts").code, sqlstate::kWrongObjectType);
}

TEST_F(TranslateTest, SequencesResolveToTheirTables) {
  auto s = one("select nextval('t_id_seq')");
  EXPECT_EQ(s.kind, StatementKind::kWrite);
  EXPECT_EQ(s.sqlite_sql[0],
            "SELECT pg_nextval('t', 1, 1, 2147483647, 0, 't_id_seq') AS \"nextval\"");
  EXPECT_EQ(one("select currval('public.t_id_seq'::regclass)").kind, StatementKind::kRead);
  EXPECT_EQ(error("select nextval('nope_seq')").code, sqlstate::kUndefinedTable);
  auto g = one("select pg_get_serial_sequence('t', 'id')");
  EXPECT_EQ(g.sqlite_sql[0], "SELECT 'public.t_id_seq' AS \"pg_get_serial_sequence\"");
}

TEST_F(TranslateTest, PgTypeofIsResolvedAtTranslation) {
  auto s = one("select pg_typeof(1), pg_typeof(big) from t");
  EXPECT_EQ(s.columns[0].type.oid, oid::kRegtype);
  EXPECT_EQ(s.sqlite_sql[0],
            "SELECT 'integer' AS \"pg_typeof\", 'bigint' AS \"pg_typeof\" FROM \"t\"");
}

TEST_F(TranslateTest, UngroupedColumnsAreErrors) {
  auto e = error("select bid, count(*) from accounts");
  EXPECT_EQ(e.code, sqlstate::kGroupingError);
  EXPECT_EQ(e.message,
            "column \"accounts.bid\" must appear in the GROUP BY clause or be used in an aggregate "
            "function");
  EXPECT_EQ(e.position, 8);
  one("select bid, count(*) from accounts group by bid");
  one("select bid + 1, count(*) from accounts group by bid + 1");
  one("select bid, count(*) from accounts group by 1");
  one("select aid, bid from accounts group by aid");  // bid depends on the primary key
  one("select count(*), (select max(bid) from accounts a2 where a2.aid = 1) from accounts");
  // aid is the key: every column of a is grouped.
  one("select a.bid, sum(abalance) from accounts a group by a.aid having count(*) > 0 order by 1");
}

TEST_F(TranslateTest, CaseBranchesMustHaveACommonType) {
  EXPECT_EQ(error("select case when true then 1 else 'x'::text end").code, sqlstate::kDatatypeMismatch);
  one("select case when true then 1 else 2.5 end");
  auto s = one("select case when true then 1 else aid end from accounts");
  EXPECT_EQ(s.columns[0].name, "aid");
}

// libpg_query's JSON nests two or three objects per tree level, so ordinary queries (psql's
// \d publication query: UNION, CASE, a subquery, a cast to an array type) pass the default
// 32-level depth limit of the JSON parser.
TEST_F(TranslateTest, DeeplyNestedTreesAreRead) {
  one("select case when id is not null then (select string_agg(name, ', ') from t "
      "where id = (select max(id) from t where id = ('{1,2}'::int4[])[1])) else null end from t");
  std::string nested = "1";
  for (int i = 0; i < 40; ++i) nested = "(" + nested + " + 1)";
  auto s = one("select " + nested);
  EXPECT_EQ(s.columns.size(), 1u);
  std::string too_deep = "1";
  for (int i = 0; i < 2000; ++i) too_deep = "(" + too_deep + " + 1)";
  EXPECT_EQ(error("select " + too_deep).code, sqlstate::kStatementTooComplex);
}

// Found by fuzzing: a long chain of binary operators stays within the parse-tree depth limit
// but made the translator recurse until the thread's stack overflowed. Now the translator
// measures its stack (PostgreSQL's max_stack_depth check): it answers, or refuses with 54001.
TEST_F(TranslateTest, LongOperatorChainsNeverOverflowTheStack) {
  for (const char* op : {" + ", " || ", " ` "}) {
    std::string chain = "1";
    for (int i = 0; i < 330; ++i) chain += std::string(op) + "1";
    auto r = db.translate("select " + chain);
    if (!r) {
      const auto code = r.error().code;
      EXPECT_TRUE(code == sqlstate::kStatementTooComplex || code == sqlstate::kUndefinedFunction ||
                  code == sqlstate::kSyntaxError)
          << op << ": " << code.str() << " " << r.error().message;
    }
  }
}

}  // namespace
}  // namespace litewire::sqlite::testing
