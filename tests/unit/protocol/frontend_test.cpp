#include "protocol/frontend.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "protocol/frame.h"
#include "test_util.h"

namespace litewire::protocol {
namespace {

using testing::hex;
using testing::state_of;
using testing::unhex;

// Splits an encoded normal-phase message into (type, payload) after checking its frame.
std::pair<char, std::string> split(const std::string& msg) {
  auto r = decode_frame(msg, false);
  EXPECT_TRUE(std::holds_alternative<Frame>(r));
  const auto& f = std::get<Frame>(r);
  EXPECT_EQ(f.size, msg.size());
  return {f.type, std::string(f.payload)};
}

// Every strict prefix of a payload must fail with 08P01, and so must an extra trailing byte.
void expect_strict(char type, const std::string& payload, bool prefixes_fail = true) {
  if (prefixes_fail) {
    for (size_t i = 0; i < payload.size(); ++i) {
      auto r = decode_frontend(type, std::string_view(payload).substr(0, i));
      EXPECT_EQ(state_of(r), "08P01") << type << " prefix " << i;
    }
  }
  auto r = decode_frontend(type, payload + "x");
  EXPECT_EQ(state_of(r), "08P01") << type << " trailing byte";
}

// The bytes below are laid out by hand from "Message Formats" in the PostgreSQL 15 docs; the
// Parse/Bind/Describe/Execute/Close/Sync group is what psycopg 3 sends for one query.

TEST(Frontend, Query) {
  std::string wire = unhex("51 0000000d 73656c6563742031 00");
  auto [type, payload] = split(wire);
  auto m = decode_frontend(type, payload);
  ASSERT_TRUE(m);
  EXPECT_EQ(std::get<Query>(*m).sql, "select 1");
  std::string enc;
  encode(enc, FrontendMessage{Query{"select 1"}});
  EXPECT_EQ(hex(enc), hex(wire));
  expect_strict(type, payload);
}

TEST(Frontend, Parse) {
  std::string wire = unhex(
      "50 0000001b 7331 00 73656c65637420243100 0002 00000017 00000000");
  // 'P', len, "s1\0", "select $1\0", 2 types: int4, unspecified.
  auto [type, payload] = split(wire);
  auto m = decode_frontend(type, payload);
  ASSERT_TRUE(m);
  const auto& p = std::get<Parse>(*m);
  EXPECT_EQ(p.name, "s1");
  EXPECT_EQ(p.query, "select $1");
  EXPECT_EQ(p.param_types, (std::vector<int32_t>{23, 0}));
  std::string enc;
  encode(enc, FrontendMessage{p});
  EXPECT_EQ(hex(enc), hex(wire));
  expect_strict(type, payload);
  EXPECT_EQ(state_of(decode_frontend('P', unhex("00 00 ffff"))), "08P01");  // negative count
  EXPECT_EQ(state_of(decode_frontend('P', unhex("00 00 7fff 00000017"))), "08P01");
}

TEST(Frontend, Bind) {
  // portal "", statement "s1", 1 format (binary), 2 params (int4 7, NULL), 1 result format text.
  std::string wire = unhex(
      "42 0000001e 00 733100 0001 0001 0002 00000004 00000007 ffffffff 0001 0000");
  auto [type, payload] = split(wire);
  auto m = decode_frontend(type, payload);
  ASSERT_TRUE(m);
  const auto& b = std::get<Bind>(*m);
  EXPECT_EQ(b.portal, "");
  EXPECT_EQ(b.statement, "s1");
  EXPECT_EQ(b.param_formats, (std::vector<int16_t>{1}));
  ASSERT_EQ(b.params.size(), 2u);
  EXPECT_EQ(*b.params[0], unhex("00000007"));
  EXPECT_FALSE(b.params[1].has_value());
  EXPECT_EQ(b.result_formats, (std::vector<int16_t>{0}));
  std::string enc;
  encode(enc, FrontendMessage{b});
  EXPECT_EQ(hex(enc), hex(wire));
  expect_strict(type, payload);
}

TEST(Frontend, BindRejectsBadCountsAndFormats) {
  EXPECT_EQ(state_of(decode_frontend('B', unhex("00 00 0001 0002 0000 0000"))), "08P01");
  EXPECT_EQ(state_of(decode_frontend('B', unhex("00 00 0000 0000 0001 0002"))), "08P01");
  EXPECT_EQ(state_of(decode_frontend('B', unhex("00 00 ffff 0000 0000"))), "08P01");
  EXPECT_EQ(state_of(decode_frontend('B', unhex("00 00 0000 ffff 0000"))), "08P01");
  EXPECT_EQ(state_of(decode_frontend('B', unhex("00 00 0000 0001 fffffffe 0000"))), "08P01");
  EXPECT_EQ(state_of(decode_frontend('B', unhex("00 00 0000 0001 7fffffff 0000"))), "08P01");
  EXPECT_EQ(state_of(decode_frontend('B', unhex("00 00 0000 7fff 0000"))), "08P01");
  // The minimal valid Bind.
  auto m = decode_frontend('B', unhex("00 00 0000 0000 0000"));
  ASSERT_TRUE(m);
  EXPECT_TRUE(std::get<Bind>(*m).params.empty());
}

TEST(Frontend, DescribeAndClose) {
  std::string wire = unhex("44 00000008 53 733100");
  auto [type, payload] = split(wire);
  auto m = decode_frontend(type, payload);
  ASSERT_TRUE(m);
  EXPECT_EQ(std::get<Describe>(*m).kind, 'S');
  EXPECT_EQ(std::get<Describe>(*m).name, "s1");
  std::string enc;
  encode(enc, *m);
  EXPECT_EQ(hex(enc), hex(wire));
  expect_strict(type, payload);

  std::string close = unhex("43 00000006 50 00");
  auto [ctype, cpayload] = split(close);
  auto c = decode_frontend(ctype, cpayload);
  ASSERT_TRUE(c);
  EXPECT_EQ(std::get<Close>(*c).kind, 'P');
  EXPECT_EQ(std::get<Close>(*c).name, "");
  enc.clear();
  encode(enc, *c);
  EXPECT_EQ(hex(enc), hex(close));
  expect_strict(ctype, cpayload);
  EXPECT_EQ(state_of(decode_frontend('D', unhex("58 00"))), "08P01");
  EXPECT_EQ(state_of(decode_frontend('C', unhex("00 00"))), "08P01");
}

TEST(Frontend, Execute) {
  std::string wire = unhex("45 00000009 00 00000000");
  auto [type, payload] = split(wire);
  auto m = decode_frontend(type, payload);
  ASSERT_TRUE(m);
  EXPECT_EQ(std::get<Execute>(*m).portal, "");
  EXPECT_EQ(std::get<Execute>(*m).max_rows, 0);
  std::string enc;
  encode(enc, FrontendMessage{Execute{"c1", 100}});
  EXPECT_EQ(hex(enc), hex(unhex("45 0000000b 633100 00000064")));
  expect_strict(type, payload);
}

TEST(Frontend, EmptyMessages) {
  struct Case {
    std::string wire;
    size_t index;
  } cases[] = {{unhex("53 00000004"), 6},
               {unhex("48 00000004"), 7},
               {unhex("58 00000004"), 8},
               {unhex("63 00000004"), 10}};
  for (const auto& c : cases) {
    auto [type, payload] = split(c.wire);
    auto m = decode_frontend(type, payload);
    ASSERT_TRUE(m);
    EXPECT_EQ(m->index(), c.index);
    std::string enc;
    encode(enc, *m);
    EXPECT_EQ(hex(enc), hex(c.wire));
    expect_strict(type, payload);
  }
}

TEST(Frontend, CopyDataAndFail) {
  std::string wire = unhex("64 00000009 310a320a00");  // binary-safe: includes a NUL
  auto [type, payload] = split(wire);
  auto m = decode_frontend(type, payload);
  ASSERT_TRUE(m);
  EXPECT_EQ(std::get<CopyData>(*m).data, std::string("1\n2\n\0", 5));
  std::string enc;
  encode(enc, *m);
  EXPECT_EQ(hex(enc), hex(wire));
  auto empty = decode_frontend('d', "");
  ASSERT_TRUE(empty);

  std::string fail = unhex("66 00000009 6f6f707300");
  auto [ftype, fpayload] = split(fail);
  auto f = decode_frontend(ftype, fpayload);
  ASSERT_TRUE(f);
  EXPECT_EQ(std::get<CopyFail>(*f).message, "oops");
  enc.clear();
  encode(enc, *f);
  EXPECT_EQ(hex(enc), hex(fail));
  expect_strict(ftype, fpayload);
}

TEST(Frontend, PasswordAndSasl) {
  std::string wire = unhex("70 0000000b 70656e63696c00");
  auto [type, payload] = split(wire);
  auto m = decode_frontend(type, payload);
  ASSERT_TRUE(m);
  const auto& data = std::get<PasswordMessage>(*m).data;
  auto pw = decode_password(data);
  ASSERT_TRUE(pw);
  EXPECT_EQ(*pw, "pencil");
  EXPECT_EQ(state_of(decode_password("pencil")), "08P01");
  EXPECT_EQ(state_of(decode_password(std::string("a\0b", 3))), "08P01");

  // SASLInitialResponse as libpq sends it: mechanism, Int32 length, client-first message.
  std::string first = "n,,n=,r=rOprNGfwEbeRWgbNEkqO";
  std::string sasl = std::string("SCRAM-SHA-256\0", 14) + unhex("0000001c") + first;
  auto s = decode_sasl_initial_response(sasl);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->mechanism, "SCRAM-SHA-256");
  ASSERT_TRUE(s->data);
  EXPECT_EQ(*s->data, first);
  for (size_t i = 0; i < sasl.size(); ++i) {
    EXPECT_EQ(state_of(decode_sasl_initial_response(sasl.substr(0, i))), "08P01") << i;
  }
  EXPECT_EQ(state_of(decode_sasl_initial_response(sasl + "x")), "08P01");
  auto none = decode_sasl_initial_response(std::string("SCRAM-SHA-256\0", 14) + unhex("ffffffff"));
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->data);
  EXPECT_EQ(state_of(decode_sasl_initial_response(std::string("M\0", 2) + unhex("fffffffe"))),
            "08P01");
}

TEST(Frontend, FunctionCall) {
  std::string wire = unhex("46 0000000e 00000457 0000 0000 0000");
  auto [type, payload] = split(wire);
  auto m = decode_frontend(type, payload);
  ASSERT_TRUE(m);
  EXPECT_EQ(std::get<FunctionCall>(*m).function_oid, 1111);
  std::string enc;
  encode(enc, *m);
  EXPECT_EQ(hex(enc), hex(wire));
  EXPECT_EQ(state_of(decode_frontend('F', unhex("0000"))), "08P01");
}

TEST(Frontend, UnknownTypeIsProtocolViolation) {
  for (char t : {'a', 'z', '\0', 'R', 'T'}) {
    auto r = decode_frontend(t, "");
    EXPECT_EQ(state_of(r), "08P01") << t;
    EXPECT_TRUE(r.error().is_fatal());
  }
}

TEST(Startup, StartupMessage) {
  // What psql 15 sends (trimmed): user, database, application_name.
  std::string wire = unhex(
      "0000003f 00030000 7573657200706f73746772657300 646174616261736500706f73746772657300"
      "6170706c69636174696f6e5f6e616d65007073716c00 00");
  auto f = decode_frame(wire, true);
  ASSERT_TRUE(std::holds_alternative<Frame>(f));
  auto p = decode_startup(std::get<Frame>(f).payload);
  ASSERT_TRUE(p);
  const auto& m = std::get<StartupMessage>(*p);
  EXPECT_EQ(m.protocol, kProtocolV3);
  ASSERT_EQ(m.params.size(), 3u);
  ASSERT_NE(m.find("user"), nullptr);
  EXPECT_EQ(*m.find("user"), "postgres");
  EXPECT_EQ(*m.find("application_name"), "psql");
  EXPECT_EQ(m.find("options"), nullptr);
  std::string enc;
  encode(enc, m);
  EXPECT_EQ(hex(enc), hex(wire));

  std::string payload(std::get<Frame>(f).payload);
  for (size_t i = 0; i < payload.size(); ++i) {
    EXPECT_EQ(state_of(decode_startup(payload.substr(0, i))), "08P01") << i;
  }
  EXPECT_EQ(state_of(decode_startup(payload + "x")), "08P01");
  EXPECT_EQ(state_of(decode_startup(payload + std::string("x\0", 2))), "08P01");
}

TEST(Startup, OtherProtocolVersionsAreReturnedForTheCaller) {
  auto p = decode_startup(unhex("00020000 757365720061 00"));
  ASSERT_TRUE(p);
  EXPECT_EQ(std::get<StartupMessage>(*p).protocol, 0x20000);
  auto p31 = decode_startup(unhex("00030001 00"));
  ASSERT_TRUE(p31);
  EXPECT_EQ(std::get<StartupMessage>(*p31).protocol, 0x30001);
}

TEST(Startup, SslGssCancel) {
  auto ssl = decode_startup(unhex("04d2162f"));
  ASSERT_TRUE(ssl);
  EXPECT_TRUE(std::holds_alternative<SSLRequest>(*ssl));
  std::string enc;
  encode(enc, SSLRequest{});
  EXPECT_EQ(hex(enc), "0000000804d2162f");
  EXPECT_EQ(state_of(decode_startup(unhex("04d2162f 00"))), "08P01");

  auto gss = decode_startup(unhex("04d21630"));
  ASSERT_TRUE(gss);
  EXPECT_TRUE(std::holds_alternative<GSSENCRequest>(*gss));

  std::string cancel = unhex("00000010 04d2162e 000014e4 115f1c63");
  auto f = decode_frame(cancel, true);
  ASSERT_TRUE(std::holds_alternative<Frame>(f));
  auto c = decode_startup(std::get<Frame>(f).payload);
  ASSERT_TRUE(c);
  EXPECT_EQ(std::get<CancelRequest>(*c).process_id, 5348);
  EXPECT_EQ(std::get<CancelRequest>(*c).secret_key, 0x115f1c63);
  enc.clear();
  encode(enc, std::get<CancelRequest>(*c));
  EXPECT_EQ(hex(enc), hex(cancel));
  std::string payload(std::get<Frame>(f).payload);
  for (size_t i = 0; i < payload.size(); ++i) {
    EXPECT_EQ(state_of(decode_startup(payload.substr(0, i))), "08P01") << i;
  }
  EXPECT_EQ(state_of(decode_startup(payload + "x")), "08P01");
}

TEST(Frontend, RandomGarbageNeverCrashes) {
  std::mt19937 rng(7);
  const char types[] = "QPBDECSHXdcfpFzA";
  for (int i = 0; i < 50000; ++i) {
    std::string b(rng() % 24, '\0');
    for (auto& c : b) c = static_cast<char>(rng() % 4 == 0 ? 0 : rng() % 4 == 0 ? 0xff : rng());
    auto r = decode_frontend(types[rng() % (sizeof(types) - 1)], b);
    if (!r) {
      ASSERT_EQ(r.error().code, sqlstate::kProtocolViolation);
    }
    auto s = decode_startup(b);
    if (!s) {
      ASSERT_EQ(s.error().code, sqlstate::kProtocolViolation);
    }
    auto a = decode_sasl_initial_response(b);
    if (!a) {
      ASSERT_EQ(a.error().code, sqlstate::kProtocolViolation);
    }
  }
}

TEST(Frontend, RoundTripsThroughEncode) {
  std::vector<FrontendMessage> msgs = {
      Query{""},
      Parse{"", "insert into t values ($1, $2)", {}},
      Bind{"p", "s", {0, 1}, {std::string("abc"), std::nullopt, std::string()}, {1, 0, 1}},
      Describe{'P', "portal"},
      Execute{"x", 7},
      Close{'S', "stmt"},
      CopyData{std::string(70000, 'z')},
      CopyFail{"bye"},
      PasswordMessage{std::string("md5abc\0", 7)},
  };
  for (const auto& m : msgs) {
    std::string enc;
    encode(enc, m);
    auto f = decode_frame(enc, false);
    ASSERT_TRUE(std::holds_alternative<Frame>(f));
    auto d = decode_frontend(std::get<Frame>(f).type, std::get<Frame>(f).payload);
    ASSERT_TRUE(d);
    std::string again;
    encode(again, *d);
    EXPECT_EQ(hex(again), hex(enc));
  }
}

}  // namespace
}  // namespace litewire::protocol
