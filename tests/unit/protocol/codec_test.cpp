// Codec vectors observed on PostgreSQL 15.18 (psql, extra_float_digits = 1 unless noted;
// binary forms from the type's send function, e.g. select encode(float8send(0.1), 'hex')).

#include "protocol/codec.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "codec_util.h"
#include "protocol/types.h"

namespace litewire::protocol {
namespace {

using testing::binary_to_text;
using testing::text_round;
using testing::text_to_binary;
using testing::view_of;

struct Vec {
  const char* in;
  const char* text;  // PostgreSQL's text output
  const char* bin;   // PostgreSQL's send output in hex, or nullptr
};

void check(int32_t type_oid, const std::vector<Vec>& vecs, int32_t typmod = -1) {
  for (const auto& v : vecs) {
    EXPECT_EQ(text_round(v.in, type_oid, typmod), v.text) << v.in;
    if (v.bin != nullptr) {
      EXPECT_EQ(text_to_binary(v.in, type_oid, typmod), v.bin) << v.in;
      EXPECT_EQ(binary_to_text(v.bin, type_oid, typmod), v.text) << v.in;
    }
  }
}

TEST(Codec, Float8) {
  check(oid::kFloat8, {
      {"0.1", "0.1", "3fb999999999999a"},
      {"1e300", "1e+300", "7e37e43c8800759c"},
      {"0.3333333333333333", "0.3333333333333333", "3fd5555555555555"},
      {"123456789012345678", "1.2345678901234568e+17", "437b69b4ba630f35"},
      {"1e-310", "1e-310", "000012688b70e62b"},
      {"NaN", "NaN", "7ff8000000000000"},
      {"Infinity", "Infinity", "7ff0000000000000"},
      {"-Infinity", "-Infinity", "fff0000000000000"},
      {"5e-324", "5e-324", "0000000000000001"},
      {"1.7976931348623157e308", "1.7976931348623157e+308", "7fefffffffffffff"},
      {"100", "100", "4059000000000000"},
      {"1e15", "1e+15", "430c6bf526340000"},
      {"1e16", "1e+16", "4341c37937e08000"},
      {"0.0001", "0.0001", "3f1a36e2eb1c432d"},
      {"0.00001", "1e-05", "3ee4f8b588e368f1"},
      {"1.5e-5", "1.5e-05", "3eef75104d551d69"},
      {"123.456", "123.456", "405edd2f1a9fbe77"},
      {"-0", "-0", nullptr},
      {" 1.5 ", "1.5", nullptr},
      {"inf", "Infinity", nullptr},
      {"nan", "NaN", nullptr},
  });
  EXPECT_EQ(text_round("x", oid::kFloat8),
            "ERROR 22P02: invalid input syntax for type double precision: \"x\"");
  EXPECT_EQ(text_round("1e400", oid::kFloat8),
            "ERROR 22003: \"1e400\" is out of range for type double precision");
  EXPECT_EQ(text_round("1e-400", oid::kFloat8),
            "ERROR 22003: \"1e-400\" is out of range for type double precision");
  EXPECT_EQ(text_round("", oid::kFloat8),
            "ERROR 22P02: invalid input syntax for type double precision: \"\"");
}

TEST(Codec, Float8ExtraFloatDigitsZero) {
  auto ctx = testing::ctx_in("UTC");
  ctx.extra_float_digits = 0;
  EXPECT_EQ(text_round("0.1", oid::kFloat8, -1, ctx), "0.1");
  EXPECT_EQ(text_round("0.3333333333333333", oid::kFloat8, -1, ctx), "0.333333333333333");
  EXPECT_EQ(text_round("1e300", oid::kFloat8, -1, ctx), "1e+300");
  EXPECT_EQ(text_round("123456789", oid::kFloat8, -1, ctx), "123456789");
  EXPECT_EQ(text_round("0.1", oid::kFloat4, -1, ctx), "0.1");
}

TEST(Codec, Float4) {
  check(oid::kFloat4, {
      {"0.1", "0.1", "3dcccccd"},
      {"1e30", "1e+30", "7149f2ca"},
      {"3.4028235e38", "3.4028235e+38", "7f7fffff"},
      {"0.33333334", "0.33333334", "3eaaaaab"},
      {"16777217", "1.6777216e+07", "4b800000"},
      {"1e-45", "1e-45", "00000001"},
      {"NaN", "NaN", "7fc00000"},
      {"100", "100", "42c80000"},
      {"1e7", "1e+07", "4b189680"},
      {"1e-5", "1e-05", "3727c5ac"},
      {"-Infinity", "-Infinity", "ff800000"},
      {"123456.7", "123456.7", "47f1205a"},
      {"1234567", "1.234567e+06", nullptr},
      {"999999", "999999", nullptr},
      {"-0", "-0", nullptr},
  });
  EXPECT_EQ(text_round("1e40", oid::kFloat4),
            "ERROR 22003: \"1e40\" is out of range for type real");
  EXPECT_EQ(text_round("x", oid::kFloat4), "ERROR 22P02: invalid input syntax for type real: \"x\"");
}

TEST(Codec, Integers) {
  check(oid::kInt2, {{"-2", "-2", "fffe"}, {"32767", "32767", "7fff"}});
  check(oid::kInt4, {{"-2", "-2", "fffffffe"}, {" 12 ", "12", "0000000c"}, {"+7", "7", "00000007"}});
  check(oid::kInt8, {{"9223372036854775807", "9223372036854775807", "7fffffffffffffff"},
                     {"-9223372036854775808", "-9223372036854775808", "8000000000000000"}});
  EXPECT_EQ(text_round("abc", oid::kInt4),
            "ERROR 22P02: invalid input syntax for type integer: \"abc\"");
  EXPECT_EQ(text_round("99999999999", oid::kInt4),
            "ERROR 22003: value \"99999999999\" is out of range for type integer");
  EXPECT_EQ(text_round("1.5", oid::kInt4),
            "ERROR 22P02: invalid input syntax for type integer: \"1.5\"");
  EXPECT_EQ(text_round("", oid::kInt4), "ERROR 22P02: invalid input syntax for type integer: \"\"");
  EXPECT_EQ(text_round("0x10", oid::kInt4),
            "ERROR 22P02: invalid input syntax for type integer: \"0x10\"");
  EXPECT_EQ(text_round("40000", oid::kInt2),
            "ERROR 22003: value \"40000\" is out of range for type smallint");
  EXPECT_EQ(text_round("x", oid::kInt2), "ERROR 22P02: invalid input syntax for type smallint: \"x\"");
  EXPECT_EQ(text_round("9223372036854775808", oid::kInt8),
            "ERROR 22003: value \"9223372036854775808\" is out of range for type bigint");
  EXPECT_EQ(text_round("x", oid::kInt8), "ERROR 22P02: invalid input syntax for type bigint: \"x\"");
  EXPECT_EQ(text_round("-", oid::kInt8), "ERROR 22P02: invalid input syntax for type bigint: \"-\"");
  // Binary input with the wrong width.
  EXPECT_EQ(binary_to_text("000001", oid::kInt4).substr(0, 11), "ERROR 22P03");
  EXPECT_EQ(binary_to_text("0000000000000001", oid::kInt4).substr(0, 11), "ERROR 22P03");
}

TEST(Codec, OidAndReg) {
  check(oid::kOid, {{"4294967295", "4294967295", "ffffffff"}, {"-1", "4294967295", "ffffffff"},
                    {"16384", "16384", "00004000"}});
  EXPECT_EQ(text_round("x", oid::kOid), "ERROR 22P02: invalid input syntax for type oid: \"x\"");
  EXPECT_EQ(text_round("5000000000", oid::kOid),
            "ERROR 22003: value \"5000000000\" is out of range for type oid");
  check(oid::kRegclass, {{"1259", "1259", "000004eb"}});
  // A name needs the catalog: kept as text for the layer above.
  EXPECT_EQ(text_round("pg_class", oid::kRegclass), "pg_class");
}

TEST(Codec, Bool) {
  check(oid::kBool, {{"yes", "t", "01"}, {"of", "f", "00"}, {" t ", "t", "01"}, {"1", "t", "01"},
                     {"FALSE", "f", "00"}, {"on", "t", "01"}, {"n", "f", "00"}});
  EXPECT_EQ(text_round("x", oid::kBool), "ERROR 22P02: invalid input syntax for type boolean: \"x\"");
  EXPECT_EQ(text_round("o", oid::kBool), "ERROR 22P02: invalid input syntax for type boolean: \"o\"");
  EXPECT_EQ(text_round("truex", oid::kBool),
            "ERROR 22P02: invalid input syntax for type boolean: \"truex\"");
}

TEST(Codec, Numeric) {
  check(oid::kNumeric, {
      {"12.340", "12.34", nullptr},  // stored as REAL: the contract drops the trailing zero
      {"0", "0", "0000000000000000"},
      {"-1", "-1", "00010000400000000001"},
      {"10000", "10000", "00010001000000000001"},
      {"0.0001", "0.0001", "0001ffff000000040001"},
      {"123456789.123456789", "123456789.123456789", "0006000200000009000109291a8504d2162e2328"},
      {"NaN", "NaN", "00000000c0000000"},
      {"Infinity", "Infinity", "00000000d0000020"},
      {"-Infinity", "-Infinity", "00000000f0000020"},
      {"1e20", "100000000000000000000", "00010005000000000001"},
      {"-0.5", "-0.5", "0001ffff400000011388"},
      {"99999999", "99999999", "0002000100000000270f270f"},
      {"1.1e-10", "0.00000000011", "0001fffd0000000b006e"},
  });
  // Binary input keeps the scale PostgreSQL sent: numeric_send(12.340) -> text.
  EXPECT_EQ(binary_to_text("0002000000000003000c0d48", oid::kNumeric), "12.34");
  EXPECT_EQ(binary_to_text("0000000000000002", oid::kNumeric), "0");
  // With a typmod the scale is PostgreSQL's: numeric(5,2), numeric(10,3), numeric(3,0).
  auto tm = [](int p, int s) { return ((p << 16) | s) + 4; };
  EXPECT_EQ(text_round("123.456", oid::kNumeric, tm(5, 2)), "123.46");
  EXPECT_EQ(text_round("1", oid::kNumeric, tm(10, 3)), "1.000");
  EXPECT_EQ(text_round("-0.004", oid::kNumeric, tm(5, 2)), "0.00");
  EXPECT_EQ(text_round("0.5", oid::kNumeric, tm(3, 0)), "1");
  EXPECT_EQ(text_round("1.5", oid::kNumeric, tm(3, 0)), "2");
  EXPECT_EQ(text_round("2.5", oid::kNumeric, tm(3, 0)), "3");
  EXPECT_EQ(text_round("12.340", oid::kNumeric, tm(10, 3)), "12.340");
  EXPECT_EQ(text_to_binary("1", oid::kNumeric, tm(10, 3)), "00010000000000030001");
  EXPECT_EQ(text_round("NaN", oid::kNumeric, tm(3, 1)), "NaN");
  auto v = parse_value("1234.5", 0, oid::kNumeric, tm(5, 2), {});
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().code, sqlstate::kNumericValueOutOfRange);
  EXPECT_EQ(v.error().message, "numeric field overflow");
  EXPECT_EQ(v.error().detail,
            "A field with precision 5, scale 2 must round to an absolute value less than 10^3.");
  EXPECT_EQ(text_round("x", oid::kNumeric), "ERROR 22P02: invalid input syntax for type numeric: \"x\"");
  EXPECT_EQ(text_round("1e", oid::kNumeric), "ERROR 22P02: invalid input syntax for type numeric: \"1e\"");
  EXPECT_EQ(text_round("1e1000", oid::kNumeric), "1" + std::string(1000, '0'));
}

TEST(Codec, NumericStorageForms) {
  auto stored = [](const char* in) {
    auto v = parse_value(in, 0, oid::kNumeric, -1, {});
    return v ? v->index() : 99;
  };
  EXPECT_EQ(stored("42"), 1u);                        // INTEGER
  EXPECT_EQ(stored("-9223372036854775808"), 1u);
  EXPECT_EQ(stored("9223372036854775808"), 3u);       // beyond int64: TEXT
  EXPECT_EQ(stored("12.34"), 2u);                     // REAL
  EXPECT_EQ(stored("0.1234567890123456789"), 3u);     // more than 15 digits: TEXT
  EXPECT_EQ(stored("NaN"), 3u);
  EXPECT_EQ(text_round("0.1234567890123456789", oid::kNumeric), "0.1234567890123456789");
}

TEST(Codec, CharacterTypes) {
  auto tm = [](int n) { return n + 4; };
  EXPECT_EQ(text_round("abc", oid::kVarchar, tm(3)), "abc");
  EXPECT_EQ(text_round("abcd", oid::kVarchar, tm(3)),
            "ERROR 22001: value too long for type character varying(3)");
  EXPECT_EQ(text_round("abc   ", oid::kVarchar, tm(3)), "abc");  // excess spaces dropped
  EXPECT_EQ(text_round("ééé", oid::kVarchar, tm(3)), "ééé");     // characters, not bytes
  EXPECT_EQ(text_round("abcd", oid::kBpchar, tm(3)),
            "ERROR 22001: value too long for type character(3)");
  EXPECT_EQ(text_round("ab", oid::kBpchar, tm(4)), "ab  ");
  EXPECT_EQ(text_to_binary("ab", oid::kBpchar, tm(4)), "61622020");
  EXPECT_EQ(text_round("ab", oid::kChar), "a");
  EXPECT_EQ(text_round("", oid::kChar), "");
  EXPECT_EQ(text_to_binary("a", oid::kChar), "61");
  EXPECT_EQ(text_round(std::string(70, 'n'), oid::kName), std::string(63, 'n'));
  EXPECT_EQ(text_round("hello", oid::kText), "hello");
  EXPECT_EQ(text_to_binary("hello", oid::kText), "68656c6c6f");
  EXPECT_EQ(binary_to_text("68656c6c6f", oid::kVarchar), "hello");
  EXPECT_EQ(text_round("a\xff", oid::kText),
            "ERROR 22021: invalid byte sequence for encoding \"UTF8\": 0xff");
  EXPECT_EQ(text_round("a\xc3\x28", oid::kText),
            "ERROR 22021: invalid byte sequence for encoding \"UTF8\": 0xc3 0x28");
  EXPECT_EQ(text_round(std::string("a\0b", 3), oid::kText),
            "ERROR 22021: invalid byte sequence for encoding \"UTF8\": 0x00");
}

TEST(Codec, Bytea) {
  check(oid::kBytea, {{"\\x0001ff", "\\x0001ff", "0001ff"},
                      {"ab\\\\cd\\001", "\\x61625c636401", nullptr},
                      {"\\x 01 02", "\\x0102", nullptr},
                      {"\\\\q", "\\x5c71", nullptr}});
  EXPECT_EQ(text_round("\\xzz", oid::kBytea), "ERROR 22023: invalid hexadecimal digit: \"z\"");
  EXPECT_EQ(text_round("\\x1", oid::kBytea),
            "ERROR 22023: invalid hexadecimal data: odd number of digits");
  EXPECT_EQ(text_round("\\q", oid::kBytea), "ERROR 22P02: invalid input syntax for type bytea");
  auto ctx = testing::ctx_in("UTC");
  ctx.bytea_hex = false;  // bytea_output = escape
  EXPECT_EQ(text_round("\\x00015c41ff", oid::kBytea, -1, ctx), "\\000\\001\\\\A\\377");
}

TEST(Codec, Uuid) {
  check(oid::kUuid, {
      {"{A0EEBC99-9C0B4EF8-BB6D6BB9-BD380A11}", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
       "a0eebc999c0b4ef8bb6d6bb9bd380a11"},
      {"a0eebc999c0b4ef8bb6d6bb9bd380a11", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", nullptr},
      {"a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", nullptr},
  });
  for (const char* bad : {"x", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1", "{a0eebc999c0b4ef8bb6d6bb9bd380a11",
                          "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11x", "-a0eebc999c0b4ef8bb6d6bb9bd380a11"}) {
    EXPECT_EQ(text_round(bad, oid::kUuid),
              std::string("ERROR 22P02: invalid input syntax for type uuid: \"") + bad + "\"");
  }
}

TEST(Codec, Json) {
  EXPECT_EQ(text_round(R"({"b": 1, "aa": [1, 2.50, 1e2], "a": {"y": null, "x": true}, "b": "dup\n\u00e9"})",
                       oid::kJsonb),
            "{\"a\": {\"x\": true, \"y\": null}, \"b\": \"dup\\né\", \"aa\": [1, 2.50, 100]}");
  EXPECT_EQ(text_round(R"({"a":1,"a":2})", oid::kJsonb), R"({"a": 2})");
  EXPECT_EQ(text_round(R"("\u0001")", oid::kJsonb), R"("\u0001")");
  EXPECT_EQ(text_to_binary(R"({"a":1})", oid::kJsonb), "017b2261223a20317d");
  EXPECT_EQ(binary_to_text("017b2261223a20317d", oid::kJsonb), R"({"a": 1})");
  EXPECT_EQ(binary_to_text("027b7d", oid::kJsonb).substr(0, 11), "ERROR 22P03");
  EXPECT_EQ(text_round("  [1,2]  ", oid::kJson), "  [1,2]  ");
  auto e = parse_value("{", 0, oid::kJson, -1, {});
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().code, sqlstate::kInvalidTextRepresentation);
  EXPECT_EQ(e.error().message, "invalid input syntax for type json");
  EXPECT_EQ(e.error().detail, "The input string ended unexpectedly.");
  e = parse_value("[1,2", 0, oid::kJsonb, -1, {});
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().detail, "The input string ended unexpectedly.");
  e = parse_value("[1,x]", 0, oid::kJsonb, -1, {});
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().detail, "Token \"x\" is invalid.");
  e = parse_value(R"("\u0000")", 0, oid::kJsonb, -1, {});
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().code, sqlstate::kUntranslatableCharacter);
  EXPECT_TRUE(parse_value(R"("\u0000")", 0, oid::kJson, -1, {}));
  std::string deep(100000, '[');
  EXPECT_FALSE(parse_value(deep, 0, oid::kJson, -1, {}));
}

TEST(Codec, Arrays) {
  EXPECT_EQ(text_round("{1,2,NULL}", oid::kInt4Array), "{1,2,NULL}");
  EXPECT_EQ(text_to_binary("{1,2,NULL}", oid::kInt4Array),
            "000000010000000100000017000000030000000100000004000000010000000400000002ffffffff");
  EXPECT_EQ(binary_to_text(
                "000000010000000100000017000000030000000100000004000000010000000400000002ffffffff",
                oid::kInt4Array),
            "{1,2,NULL}");
  EXPECT_EQ(text_round(R"({"a b",c,"","NULL","x\"y","a\\b","{}",NULL})", oid::kTextArray),
            R"({"a b",c,"","NULL","x\"y","a\\b","{}",NULL})");
  EXPECT_EQ(text_to_binary("{}", oid::kInt4Array), "000000000000000000000017");
  EXPECT_EQ(text_round("{}", oid::kInt4Array), "{}");
  EXPECT_EQ(text_round("{1.5,2}", oid::kNumericArray), "{1.5,2}");
  EXPECT_EQ(text_round("{\"\\\\x01\"}", oid::kByteaArray), "{\"\\\\x01\"}");
  EXPECT_EQ(text_round("{\"2024-05-01 12:00+00\"}", oid::kTimestamptzArray),
            "{\"2024-05-01 12:00:00+00\"}");
  EXPECT_EQ(text_round("{true,false}", oid::kBoolArray), "{t,f}");
  EXPECT_EQ(text_to_binary("{ab,c}", oid::kTextArray),
            "00000001000000000000001900000002000000010000000261620000000163");
  EXPECT_EQ(text_round("{ 1 , 2 }", oid::kInt4Array), "{1,2}");
  EXPECT_EQ(text_round("{NULL,\"NULL\",null}", oid::kTextArray), "{NULL,\"NULL\",NULL}");
  EXPECT_EQ(text_round("{  a  b  }", oid::kTextArray), "{\"a  b\"}");
  EXPECT_EQ(text_round("{a\\,b}", oid::kTextArray), "{\"a,b\"}");
  // Stored form: a JSON array of the elements' stored forms.
  auto v = parse_value("{1,2,NULL}", 0, oid::kInt4Array, -1, {});
  ASSERT_TRUE(v);
  EXPECT_EQ(std::get<std::string>(*v), "[1,2,null]");
  v = parse_value("{a,\"b c\"}", 0, oid::kTextArray, -1, {});
  EXPECT_EQ(std::get<std::string>(*v), R"(["a","b c"])");
  v = parse_value("{1.5,NaN}", 0, oid::kFloat8Array, -1, {});
  EXPECT_EQ(std::get<std::string>(*v), R"([1.5,"NaN"])");
  EXPECT_EQ(text_round("{1.5,NaN,2}", oid::kFloat8Array), "{1.5,NaN,2}");
  // Errors as PostgreSQL reports them.
  auto e = parse_value("{1,2", 0, oid::kInt4Array, -1, {});
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().message, "malformed array literal: \"{1,2\"");
  EXPECT_EQ(e.error().detail, "Unexpected end of input.");
  EXPECT_EQ(text_round("{1,x}", oid::kInt4Array),
            "ERROR 22P02: invalid input syntax for type integer: \"x\"");
  EXPECT_EQ(text_round("1,2", oid::kInt4Array),
            "ERROR 22P02: malformed array literal: \"1,2\"");
  EXPECT_EQ(text_round("{{1},{2}}", oid::kInt4Array).substr(0, 11), "ERROR 0A000");
  EXPECT_EQ(text_round("{1}x", oid::kInt4Array), "ERROR 22P02: malformed array literal: \"{1}x\"");
  EXPECT_EQ(binary_to_text("000000010000000000000019000000010000000100000004000000010000",
                           oid::kInt4Array).substr(0, 11), "ERROR 42804");
}

TEST(Codec, UnknownOidRendersFromStorageClass) {
  StoredValueView v;
  v.kind = StoredValueView::Kind::kInteger;
  v.i = 42;
  std::string out;
  ASSERT_TRUE(append_text(out, v, 99999, -1, {}));
  EXPECT_EQ(out, "42");
  v.kind = StoredValueView::Kind::kReal;
  v.d = 0.1;
  out.clear();
  ASSERT_TRUE(append_text(out, v, 99999, -1, {}));
  EXPECT_EQ(out, "0.1");
  v.kind = StoredValueView::Kind::kBlob;
  v.s = "\x01\x02";
  out.clear();
  ASSERT_TRUE(append_text(out, v, 99999, -1, {}));
  EXPECT_EQ(out, "\\x0102");
  EXPECT_FALSE(has_binary_output(99999));
  EXPECT_TRUE(has_binary_output(oid::kInt4Array));
  EXPECT_TRUE(has_binary_output(oid::kTimestamptz));
  out.clear();
  EXPECT_EQ(append_binary(out, v, 99999, -1, {}).error().code, sqlstate::kFeatureNotSupported);
}

TEST(Codec, GarbageBinaryNeverCrashes) {
  std::mt19937 rng(5);
  for (const auto& t : all_types()) {
    for (int i = 0; i < 300; ++i) {
      std::string b(rng() % 40, '\0');
      for (auto& c : b) c = static_cast<char>(rng() % 3 == 0 ? 0 : rng());
      for (int16_t format : {0, 1}) {
        auto v = parse_value(b, format, t.oid, -1, testing::ctx_in("UTC"));
        if (v) {
          std::string out;
          (void)append_text(out, view_of(*v), t.oid, -1, {});
          (void)append_binary(out, view_of(*v), t.oid, -1, {});
        }
      }
    }
  }
}

}  // namespace
}  // namespace litewire::protocol
