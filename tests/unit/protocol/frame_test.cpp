#include "protocol/frame.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "test_util.h"

namespace litewire::protocol {
namespace {

using testing::unhex;

TEST(DecodeFrame, NeedsHeaderFirst) {
  auto r = decode_frame("", false);
  ASSERT_TRUE(std::holds_alternative<NeedMore>(r));
  EXPECT_EQ(std::get<NeedMore>(r).bytes, 5u);
  r = decode_frame(unhex("51 00 00"), false);
  ASSERT_TRUE(std::holds_alternative<NeedMore>(r));
  EXPECT_EQ(std::get<NeedMore>(r).bytes, 2u);
  r = decode_frame(unhex("00 00"), true);
  ASSERT_TRUE(std::holds_alternative<NeedMore>(r));
  EXPECT_EQ(std::get<NeedMore>(r).bytes, 2u);
}

TEST(DecodeFrame, NeedsWholeBody) {
  // Query "select 1": 'Q', length 13, "select 1\0".
  std::string q = unhex("51 0000000d 73656c6563742031 00");
  for (size_t i = 5; i < q.size(); ++i) {
    auto r = decode_frame(std::string_view(q).substr(0, i), false);
    ASSERT_TRUE(std::holds_alternative<NeedMore>(r)) << i;
    EXPECT_EQ(std::get<NeedMore>(r).bytes, q.size() - i);
  }
  std::string more = q + "trailing";
  auto r = decode_frame(more, false);
  ASSERT_TRUE(std::holds_alternative<Frame>(r));
  const auto& f = std::get<Frame>(r);
  EXPECT_EQ(f.type, 'Q');
  EXPECT_EQ(f.payload, std::string("select 1\0", 9));
  EXPECT_EQ(f.size, q.size());
}

TEST(DecodeFrame, EmptyPayload) {
  auto r = decode_frame(unhex("53 00000004"), false);
  ASSERT_TRUE(std::holds_alternative<Frame>(r));
  EXPECT_EQ(std::get<Frame>(r).type, 'S');
  EXPECT_TRUE(std::get<Frame>(r).payload.empty());
  EXPECT_EQ(std::get<Frame>(r).size, 5u);
}

TEST(DecodeFrame, LengthBelowFourIsAnError) {
  for (const char* h : {"51 00000003", "51 00000000", "51 ffffffff", "51 80000000"}) {
    auto r = decode_frame(unhex(h), false);
    ASSERT_TRUE(std::holds_alternative<PgError>(r)) << h;
    EXPECT_EQ(std::get<PgError>(r).code, sqlstate::kProtocolViolation);
    EXPECT_TRUE(std::get<PgError>(r).is_fatal());
  }
}

TEST(DecodeFrame, OversizedMessageRejectedBeforeBody) {
  auto r = decode_frame(unhex("51 00000401"), false, 1024);
  ASSERT_TRUE(std::holds_alternative<PgError>(r));
  EXPECT_EQ(std::get<PgError>(r).code, sqlstate::kProtocolViolation);
  r = decode_frame(unhex("51 00000400"), false, 1024);
  ASSERT_TRUE(std::holds_alternative<NeedMore>(r));
  EXPECT_EQ(std::get<NeedMore>(r).bytes, 1024u - 4);
  r = decode_frame(unhex("51 7fffffff"), false);
  ASSERT_TRUE(std::holds_alternative<PgError>(r));
}

TEST(DecodeFrame, StartupPacketCapIs10000) {
  auto at = [](uint32_t len) {
    std::string b = unhex("00000000");
    b[0] = static_cast<char>(len >> 24);
    b[1] = static_cast<char>(len >> 16);
    b[2] = static_cast<char>(len >> 8);
    b[3] = static_cast<char>(len);
    return decode_frame(b, true);
  };
  auto ok = at(10000);
  ASSERT_TRUE(std::holds_alternative<NeedMore>(ok));
  EXPECT_EQ(std::get<NeedMore>(ok).bytes, 9996u);
  for (uint32_t len : {10001u, 65536u, 0x7fffffffu, 0xffffffffu, 7u, 4u, 0u}) {
    auto r = at(len);
    ASSERT_TRUE(std::holds_alternative<PgError>(r)) << len;
    EXPECT_EQ(std::get<PgError>(r).code, sqlstate::kProtocolViolation);
    EXPECT_EQ(std::get<PgError>(r).message, "invalid length of startup packet");
  }
  // Even when the caller's own cap is larger.
  std::string b = unhex("00002711");
  EXPECT_TRUE(std::holds_alternative<PgError>(decode_frame(b, true, 1u << 30)));
}

TEST(DecodeFrame, StartupFrame) {
  // SSLRequest as psql sends it.
  std::string b = unhex("00000008 04d2162f");
  auto r = decode_frame(b, true);
  ASSERT_TRUE(std::holds_alternative<Frame>(r));
  EXPECT_EQ(std::get<Frame>(r).type, '\0');
  EXPECT_EQ(std::get<Frame>(r).payload, unhex("04d2162f"));
  EXPECT_EQ(std::get<Frame>(r).size, 8u);
}

TEST(DecodeFrame, RandomGarbageNeverCrashes) {
  std::mt19937 rng(42);
  for (int i = 0; i < 20000; ++i) {
    std::string b(rng() % 16, '\0');
    for (auto& c : b) c = static_cast<char>(rng());
    for (bool startup : {false, true}) {
      auto r = decode_frame(b, startup, 4096);
      if (auto* f = std::get_if<Frame>(&r)) {
        ASSERT_LE(f->size, b.size());
        ASSERT_LE(f->payload.size(), f->size);
      }
    }
  }
}

}  // namespace
}  // namespace litewire::protocol
