// The SQL functions and the error encoding between functions and the engine.

#include <gtest/gtest.h>

#include "protocol/types.h"
#include "sqlite/functions/cast.h"
#include "tests/unit/sqlite/test_util.h"

namespace litewire::sqlite::testing {
namespace {

namespace oid = protocol::oid;
namespace sqlstate = protocol::sqlstate;

TEST(FunctionErrors, RoundTripThroughSqliteMessage) {
  protocol::PgError e(sqlstate::kStringDataRightTruncation, "value too long for type character varying(3)");
  e.detail = "some detail";
  e.hint = "a hint";
  auto d = decode_function_error(encode_function_error(e));
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->code, sqlstate::kStringDataRightTruncation);
  EXPECT_EQ(d->message, e.message);
  EXPECT_EQ(d->detail, "some detail");
  EXPECT_EQ(d->hint, "a hint");
  EXPECT_FALSE(decode_function_error("UNIQUE constraint failed: t.a").has_value());
}

TEST(FunctionErrors, SurviveSqlite) {
  Db db;
  auto r = db.exec("SELECT pg_div(1, 0, 1)");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, sqlstate::kDivisionByZero);
  EXPECT_EQ(r.error().message, "division by zero");
}

protocol::StoredValueView text(std::string_view s) {
  protocol::StoredValueView v;
  v.kind = protocol::StoredValueView::Kind::kText;
  v.s = s;
  return v;
}

TEST(Cast, NumericRoundsToTypmodScale) {
  protocol::FormatContext ctx;
  int32_t typmod = ((10 << 16) | 2) + 4;
  auto r = convert_value(text("2.345"), 0, oid::kNumeric, typmod, CastKind::kAssignment, ctx);
  ASSERT_TRUE(r);
  EXPECT_DOUBLE_EQ(std::get<double>(*r), 2.35);
  auto big = numeric_from_text("123456789012345678901234567890", -1);
  ASSERT_TRUE(big);
  EXPECT_EQ(std::get<std::string>(*big), "123456789012345678901234567890");
  auto integral = numeric_from_text("42.000", -1);
  ASSERT_TRUE(integral);
  EXPECT_EQ(std::get<int64_t>(*integral), 42);
  auto over = numeric_from_text("1000", ((3 << 16) | 1) + 4);
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().code, sqlstate::kNumericValueOutOfRange);
  EXPECT_EQ(over.error().detail, "A field with precision 3, scale 1 must round to an absolute value less than 10^2.");
}

TEST(Cast, BooleanSpellings) {
  protocol::FormatContext ctx;
  for (const char* t : {"t", "TRUE", "yes", "on", "1", " y "}) {
    auto r = convert_value(text(t), 0, oid::kBool, -1, CastKind::kExplicit, ctx);
    ASSERT_TRUE(r) << t;
    EXPECT_EQ(std::get<int64_t>(*r), 1) << t;
  }
  for (const char* t : {"f", "false", "no", "off", "0"}) {
    auto r = convert_value(text(t), 0, oid::kBool, -1, CastKind::kExplicit, ctx);
    ASSERT_TRUE(r) << t;
    EXPECT_EQ(std::get<int64_t>(*r), 0) << t;
  }
  auto bad = convert_value(text("o"), 0, oid::kBool, -1, CastKind::kExplicit, ctx);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "invalid input syntax for type boolean: \"o\"");
}

TEST(Cast, IntegerMessages) {
  protocol::FormatContext ctx;
  auto r = convert_value(text("99999999999"), 0, oid::kInt4, -1, CastKind::kAssignment, ctx);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "value \"99999999999\" is out of range for type integer");
  auto s = convert_value(text("12a"), 0, oid::kInt2, -1, CastKind::kAssignment, ctx);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().message, "invalid input syntax for type smallint: \"12a\"");
}

TEST(Cast, UuidIsNormalized) {
  protocol::FormatContext ctx;
  auto r = convert_value(text("{A0EEBC99-9C0B4EF8-BB6D6BB9-BD380A11}"), 0, oid::kUuid, -1,
                         CastKind::kExplicit, ctx);
  ASSERT_TRUE(r);
  EXPECT_EQ(std::get<std::string>(*r), "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
}

TEST(Functions, NowIsUtcTimestampText) {
  Db db;
  FunctionContext ctx;
  ctx.transaction_start_us = 1714566896500000;  // 2024-05-01 12:34:56.5 UTC
  ScopedFunctionContext scope(ctx);
  auto r = db.run("select now(), current_timestamp");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(*r, (Rows{{"2024-05-01 12:34:56.5", "2024-05-01 12:34:56.5"}}));
}

TEST(Functions, StringHelpers) {
  Db db;
  auto r = db.run("select lpad('7', 3, '0'), repeat('ab', 2), split_part('a,b,c', ',', 2), "
                  "md5('abc'), left('hello', -2), concat('a', null, 1), concat_ws('-', 'a', null, 'b')");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(*r, (Rows{{"007", "abab", "b", "900150983cd24fb0d6963f7d28e17f72", "hel", "a1", "a-b"}}));
}

}  // namespace
}  // namespace litewire::sqlite::testing
