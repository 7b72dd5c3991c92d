#include "protocol/backend.h"

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

// Messages captured from a PostgreSQL 15.18 server (python socket client, trust auth).
// select 1::int4 as a, 'x'::text as b, null::int8 as c
constexpr const char* kPgRowDescription =
    "540000004200036100000000000000000000170004ffffffff00006200000000000000000000"
    "19ffffffffffff00006300000000000000000000140008ffffffff0000";
constexpr const char* kPgDataRow = "4400000014000300000001310000000178ffffffff";
constexpr const char* kPgCommandComplete = "430000000d53454c454354203100";
constexpr const char* kPgReadyForQuery = "5a0000000549";
// select 1/0 (includes F, L, R fields that litewire does not send).
constexpr const char* kPgDivisionByZero =
    "4500000041534552524f5200564552524f5200433232303132004d6469766973696f6e206279207a65726f00"
    "46696e742e63004c3836390052696e74346469760000";
// raise notice 'hi' in a DO block (has a W field).
constexpr const char* kPgNotice =
    "4e00000077534e4f5449434500564e4f5449434500433030303030004d68690057504c2f706753514c206675"
    "6e6374696f6e20696e6c696e655f636f64655f626c6f636b206c696e6520312061742052414953450046706c"
    "5f657865632e63004c333839310052657865635f73746d745f72616973650000";
constexpr const char* kPgTimeZoneStatus = "530000001554696d655a6f6e65004574632f55544300";
constexpr const char* kPgBackendKeyData = "4b0000000c000014e4115f1c63";
constexpr const char* kPgAuthOk = "520000000800000000";
constexpr const char* kPgNotification = "410000000f000014e463680070617900";
constexpr const char* kPgParameterDescription = "740000000a000100000017";
constexpr const char* kPgCopyOut = "48000000090000010000";
constexpr const char* kPgCopyIn = "470000000b00000200000000";

BackendMessage decode_hex(const char* h) {
  std::string bytes = unhex(h);
  auto f = decode_frame(bytes, false);
  EXPECT_TRUE(std::holds_alternative<Frame>(f));
  EXPECT_EQ(std::get<Frame>(f).size, bytes.size());
  auto m = decode_backend(std::get<Frame>(f).type, std::get<Frame>(f).payload);
  EXPECT_TRUE(m) << h;
  return m ? *m : BackendMessage{};
}

std::string enc(const BackendMessage& m) {
  std::string out;
  encode(out, m);
  return hex(out);
}

RowDescription pg_row_description() {
  RowDescription rd;
  rd.fields.push_back({"a", 0, 0, 23, 4, -1, 0});
  rd.fields.push_back({"b", 0, 0, 25, -1, -1, 0});
  rd.fields.push_back({"c", 0, 0, 20, 8, -1, 0});
  return rd;
}

TEST(Backend, RowDescriptionMatchesPostgres) {
  EXPECT_EQ(enc(pg_row_description()), kPgRowDescription);
  std::string direct;
  encode(direct, pg_row_description());
  EXPECT_EQ(hex(direct), kPgRowDescription);
  auto m = decode_hex(kPgRowDescription);
  const auto& rd = std::get<RowDescription>(m);
  ASSERT_EQ(rd.fields.size(), 3u);
  EXPECT_EQ(rd.fields[1].name, "b");
  EXPECT_EQ(rd.fields[1].type_oid, 25);
  EXPECT_EQ(rd.fields[1].type_size, -1);
  EXPECT_EQ(rd.fields[2].type_size, 8);
  EXPECT_EQ(enc(m), kPgRowDescription);
}

TEST(Backend, DataRowMatchesPostgres) {
  DataRow row{{std::string("1"), std::string("x"), std::nullopt}};
  EXPECT_EQ(enc(row), kPgDataRow);
  std::string out;
  DataRowWriter w(out);
  w.begin(3);
  w.start_value();
  w.buffer().push_back('1');
  w.finish_value();
  w.add("x");
  w.add_null();
  w.end();
  EXPECT_EQ(hex(out), kPgDataRow);
  auto m = decode_hex(kPgDataRow);
  EXPECT_EQ(std::get<DataRow>(m).values, row.values);
}

TEST(Backend, SimpleMessagesMatchPostgres) {
  EXPECT_EQ(enc(CommandComplete{"SELECT 1"}), kPgCommandComplete);
  EXPECT_EQ(enc(ReadyForQuery{'I'}), kPgReadyForQuery);
  EXPECT_EQ(enc(ParameterStatus{"TimeZone", "Etc/UTC"}), kPgTimeZoneStatus);
  EXPECT_EQ(enc(BackendKeyData{5348, 0x115f1c63}), kPgBackendKeyData);
  EXPECT_EQ(enc(AuthenticationOk{}), kPgAuthOk);
  EXPECT_EQ(enc(NotificationResponse{5348, "ch", "pay"}), kPgNotification);
  EXPECT_EQ(enc(ParameterDescription{{23}}), kPgParameterDescription);
  EXPECT_EQ(enc(CopyOutResponse{0, {0}}), kPgCopyOut);
  EXPECT_EQ(enc(CopyInResponse{0, {0, 0}}), kPgCopyIn);
  EXPECT_EQ(enc(EmptyQueryResponse{}), "4900000004");
  EXPECT_EQ(enc(ParseComplete{}), "3100000004");
  EXPECT_EQ(enc(BindComplete{}), "3200000004");
  EXPECT_EQ(enc(CloseComplete{}), "3300000004");
  EXPECT_EQ(enc(NoData{}), "6e00000004");
  EXPECT_EQ(enc(PortalSuspended{}), "7300000004");
  EXPECT_EQ(enc(BackendCopyData{"1\n"}), "6400000006310a");
  EXPECT_EQ(enc(BackendCopyDone{}), "6300000004");

  EXPECT_EQ(std::get<CommandComplete>(decode_hex(kPgCommandComplete)).tag, "SELECT 1");
  EXPECT_EQ(std::get<ReadyForQuery>(decode_hex(kPgReadyForQuery)).status, 'I');
  EXPECT_EQ(std::get<ParameterStatus>(decode_hex(kPgTimeZoneStatus)).value, "Etc/UTC");
  EXPECT_EQ(std::get<BackendKeyData>(decode_hex(kPgBackendKeyData)).process_id, 5348);
  EXPECT_TRUE(std::holds_alternative<AuthenticationOk>(decode_hex(kPgAuthOk)));
  auto n = std::get<NotificationResponse>(decode_hex(kPgNotification));
  EXPECT_EQ(n.channel, "ch");
  EXPECT_EQ(n.payload, "pay");
  EXPECT_EQ(std::get<ParameterDescription>(decode_hex(kPgParameterDescription)).type_oids,
            (std::vector<int32_t>{23}));
  EXPECT_EQ(std::get<CopyInResponse>(decode_hex(kPgCopyIn)).column_formats,
            (std::vector<int16_t>{0, 0}));
  EXPECT_EQ(std::get<CopyOutResponse>(decode_hex(kPgCopyOut)).format, 0);
  for (const char* h : {"4900000004", "3100000004", "3200000004", "3300000004", "6e00000004",
                        "7300000004", "6300000004"}) {
    EXPECT_EQ(enc(decode_hex(h)), h);
  }
}

TEST(Backend, ErrorResponseMatchesPostgresApartFromSourceFields) {
  PgError e(sqlstate::kDivisionByZero, "division by zero");
  // PostgreSQL's bytes without the F (file), L (line) and R (routine) fields.
  EXPECT_EQ(enc(ErrorResponse{e}),
            "450000002c534552524f5200564552524f5200433232303132004d6469766973696f6e206279207a"
            "65726f0000");
  auto m = decode_hex(kPgDivisionByZero);
  const auto& d = std::get<ErrorResponse>(m).error;
  EXPECT_EQ(d.severity, Severity::kError);
  EXPECT_EQ(d.code, sqlstate::kDivisionByZero);
  EXPECT_EQ(d.message, "division by zero");

  auto nm = decode_hex(kPgNotice);
  const auto& notice = std::get<NoticeResponse>(nm).notice;
  EXPECT_EQ(notice.severity, Severity::kNotice);
  EXPECT_EQ(notice.code, sqlstate::kSuccessfulCompletion);
  EXPECT_EQ(notice.message, "hi");
  EXPECT_EQ(notice.where, "PL/pgSQL function inline_code_block line 1 at RAISE");
}

TEST(Backend, ErrorResponseAllFieldsRoundTrip) {
  PgError e(Severity::kFatal, sqlstate::kUniqueViolation, "duplicate key");
  e.detail = "Key (id)=(1) already exists.";
  e.hint = "h";
  e.position = 42;
  e.where = "w";
  e.schema_name = "public";
  e.table_name = "t";
  e.column_name = "id";
  e.data_type_name = "integer";
  e.constraint_name = "t_pkey";
  std::string out;
  encode(out, ErrorResponse{e});
  auto f = decode_frame(out, false);
  auto m = decode_backend('E', std::get<Frame>(f).payload);
  ASSERT_TRUE(m);
  const auto& d = std::get<ErrorResponse>(*m).error;
  EXPECT_EQ(d.severity, Severity::kFatal);
  EXPECT_EQ(d.code, sqlstate::kUniqueViolation);
  EXPECT_EQ(d.detail, e.detail);
  EXPECT_EQ(d.hint, "h");
  EXPECT_EQ(d.position, 42);
  EXPECT_EQ(d.where, "w");
  EXPECT_EQ(d.schema_name, "public");
  EXPECT_EQ(d.table_name, "t");
  EXPECT_EQ(d.column_name, "id");
  EXPECT_EQ(d.data_type_name, "integer");
  EXPECT_EQ(d.constraint_name, "t_pkey");
  std::string again;
  encode(again, *m);
  EXPECT_EQ(hex(again), hex(out));
}

TEST(Backend, AuthenticationRequests) {
  EXPECT_EQ(enc(AuthenticationCleartextPassword{}), "520000000800000003");
  AuthenticationMD5Password md5;
  md5.salt = {'\x01', '\x02', '\x03', '\xff'};
  EXPECT_EQ(enc(md5), "520000000c00000005010203ff");
  EXPECT_EQ(enc(AuthenticationSASL{{"SCRAM-SHA-256"}}),
            "52000000170000000a534352414d2d5348412d3235360000");
  EXPECT_EQ(enc(AuthenticationSASLContinue{"r=abc"}), "520000000d0000000b723d616263");
  EXPECT_EQ(enc(AuthenticationSASLFinal{"v=xyz"}), "520000000d0000000c763d78797a");
  for (const BackendMessage& m :
       {BackendMessage{AuthenticationCleartextPassword{}}, BackendMessage{md5},
        BackendMessage{AuthenticationSASL{{"SCRAM-SHA-256", "SCRAM-SHA-256-PLUS"}}},
        BackendMessage{AuthenticationSASLContinue{"r=abc,s=QSXCR+Q6sek8bf92,i=4096"}},
        BackendMessage{AuthenticationSASLFinal{"v=rmF9pqV8S7suAoZWja4dJRkFsKQ="}}}) {
    std::string out;
    encode(out, m);
    auto f = decode_frame(out, false);
    auto d = decode_backend(std::get<Frame>(f).type, std::get<Frame>(f).payload);
    ASSERT_TRUE(d);
    EXPECT_EQ(d->index(), m.index());
    EXPECT_EQ(enc(*d), hex(out));
  }
  EXPECT_EQ(state_of(decode_backend('R', unhex("00000007"))), "08P01");
}

TEST(Backend, NegotiateProtocolVersionAndCopyBoth) {
  NegotiateProtocolVersion v{0, {"_pq_.foo"}};
  EXPECT_EQ(enc(v), "760000001500000000000000015f70715f2e666f6f00");
  auto d = decode_hex("760000001500000000000000015f70715f2e666f6f00");
  EXPECT_EQ(std::get<NegotiateProtocolVersion>(d).unrecognized_options,
            (std::vector<std::string>{"_pq_.foo"}));
  EXPECT_EQ(enc(CopyBothResponse{1, {1}}), "57000000090100010001");
  EXPECT_EQ(std::get<CopyBothResponse>(decode_hex("57000000090100010001")).format, 1);
}

// Each captured message: every strict prefix and an extra byte must fail with 08P01.
TEST(Backend, TruncatedAndTrailingInputIsRejected) {
  for (const char* h : {kPgRowDescription, kPgDataRow, kPgCommandComplete, kPgReadyForQuery,
                        kPgDivisionByZero, kPgNotice, kPgTimeZoneStatus, kPgBackendKeyData,
                        kPgAuthOk, kPgNotification, kPgParameterDescription, kPgCopyOut,
                        kPgCopyIn}) {
    std::string bytes = unhex(h);
    char type = bytes[0];
    std::string payload = bytes.substr(5);
    for (size_t i = 0; i < payload.size(); ++i) {
      EXPECT_EQ(state_of(decode_backend(type, payload.substr(0, i))), "08P01") << h << " " << i;
    }
    EXPECT_EQ(state_of(decode_backend(type, payload + "x")), "08P01") << h;
  }
  EXPECT_EQ(state_of(decode_backend('?', "")), "08P01");
  EXPECT_EQ(state_of(decode_backend('Z', "X")), "08P01");
}

TEST(Backend, RandomGarbageNeverCrashes) {
  std::mt19937 rng(99);
  const char types[] = "RSKZTDCI123nstGHWdcAvEN?";
  for (int i = 0; i < 50000; ++i) {
    std::string b(rng() % 32, '\0');
    for (auto& c : b) c = static_cast<char>(rng() % 3 == 0 ? 0 : rng());
    auto r = decode_backend(types[rng() % (sizeof(types) - 1)], b);
    if (!r) {
      ASSERT_EQ(r.error().code, sqlstate::kProtocolViolation);
    }
  }
}

}  // namespace
}  // namespace litewire::protocol
