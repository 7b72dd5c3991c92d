// The SQL functions and the error encoding between functions and the engine.

#include <gtest/gtest.h>

#include "protocol/types.h"
#include "sqlite/functions/cast.h"
#include "sqlite/functions/numeric.h"
#include "sqlite/functions/text_functions.h"
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

TEST(TextFunctions, Format) {
  auto r = format_text("%s|%s|%L|%L|%2$-3s|%I", {"a", std::nullopt, "it's", std::nullopt, "A b"});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(*r, "a||'it''s'|NULL|   |\"it's\"");  // after %2$, %I takes the third
  auto few = format_text("%s %s", {std::string("x")});
  ASSERT_FALSE(few);
  EXPECT_EQ(few.error().code, sqlstate::kInvalidParameterValue);
  auto null_ident = format_text("%I", {std::nullopt});
  ASSERT_FALSE(null_ident);
  EXPECT_EQ(null_ident.error().code, sqlstate::kNullValueNotAllowed);
}

TEST(NumericFunctions, VarianceAndRoots) {
  numeric::Decimal sum{false, "43", 0}, sum_sq{false, "561", 0};  // 4, 8, 15, 16
  EXPECT_EQ(numeric::variance(4, sum, sum_sq, true, false), "32.9166666666666667");
  EXPECT_EQ(numeric::variance(4, sum, sum_sq, true, true), "5.7373048260195019");
  EXPECT_EQ(numeric::variance(4, sum, sum_sq, false, false), "24.6875000000000000");
  EXPECT_EQ(numeric::variance(1, numeric::Decimal{false, "4", 0}, numeric::Decimal{false, "16", 0}, true, false),
            std::nullopt);
  EXPECT_EQ(numeric::variance(1, numeric::Decimal{false, "4", 0}, numeric::Decimal{false, "16", 0}, false, true),
            "0");
  auto p = numeric::power(numeric::Decimal{false, "20", 1}, numeric::Decimal{false, "5", 1});
  ASSERT_TRUE(p);
  EXPECT_EQ(*p, "1.4142135623730950");
  auto l = numeric::log(numeric::Decimal{false, "2", 0}, numeric::Decimal{false, "8", 0});
  ASSERT_TRUE(l);
  EXPECT_EQ(*l, "3.0000000000000000");
  auto neg = numeric::power(numeric::Decimal{true, "2", 0}, numeric::Decimal{false, "5", 1});
  ASSERT_FALSE(neg);
  EXPECT_EQ(neg.error().code, sqlstate::kInvalidArgumentForPowerFunction);
}

TEST(Functions, FormattingThroughSqlite) {
  Db db;
  auto r = db.run("select pg_to_char_dt('2024-03-01 09:05:00', 'FMMonth FMDDth, YYYY HH12:MI am', 't'), "
                  "pg_to_char_num(-1234.5, 'FM9,999.00', 0), pg_to_date('05 Feb 2024', 'DD Mon YYYY'), "
                  "pg_age('2024-03-15', '2023-01-10', 't'), pg_make_interval(1, 2, 0, 3, 0, 0, 1.5)");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(*r, (Rows{{"March 1st, 2024 09:05 am", "-1,234.50", "2024-02-05", "1 year 2 mons 5 days",
                       "1 year 2 mons 3 days 00:00:01.5"}}));
  auto bad = db.run("select pg_to_date('2024-02-30', 'YYYY-MM-DD')");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, sqlstate::kDatetimeFieldOverflow);
}

}  // namespace
}  // namespace litewire::sqlite::testing
