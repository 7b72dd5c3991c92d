#include "server/copy_format.h"

#include "protocol/wire.h"

#include <gtest/gtest.h>

namespace litewire::server {
namespace {

sqlite::CopyCommand text_options() { return sqlite::CopyCommand{}; }
sqlite::CopyCommand csv_options(bool header = false) {
  sqlite::CopyCommand o;
  o.format = sqlite::CopyCommand::Format::kCsv;
  o.delimiter = ',';
  o.null_string = "";
  o.header = header;
  return o;
}

TEST(CopyParserTest, TextRowsSplitAcrossCopyData) {
  CopyParser p(text_options());
  ASSERT_TRUE(p.feed("1\tone\n2\t"));
  ASSERT_TRUE(p.feed("\\N\n3\ta\\tb\\\\c\\n"));
  ASSERT_TRUE(p.finish());
  ASSERT_EQ(p.rows().size(), 3u);
  EXPECT_EQ(*p.rows()[0][1], "one");
  EXPECT_FALSE(p.rows()[1][1].has_value());
  EXPECT_EQ(*p.rows()[2][1], "a\tb\\c\n");
}

TEST(CopyParserTest, TextEndMarkerStopsParsing) {
  CopyParser p(text_options());
  ASSERT_TRUE(p.feed("1\n\\.\n2\n"));
  ASSERT_TRUE(p.finish());
  EXPECT_EQ(p.rows().size(), 1u);
}

TEST(CopyParserTest, TextOctalAndHexEscapes) {
  CopyParser p(text_options());
  ASSERT_TRUE(p.feed("\\101\\x42\n"));
  ASSERT_TRUE(p.finish());
  EXPECT_EQ(*p.rows()[0][0], "AB");
}

TEST(CopyParserTest, CsvQuotesDelimitersAndNewlinesInFields) {
  CopyParser p(csv_options(true));
  ASSERT_TRUE(p.feed("id,name\n1,\"a, \"\"quoted\"\" name\"\n2,\"two\nlines\"\n3,\n4,\"\"\n"));
  ASSERT_TRUE(p.finish());
  ASSERT_EQ(p.rows().size(), 4u);
  EXPECT_EQ(*p.rows()[0][1], "a, \"quoted\" name");
  EXPECT_EQ(*p.rows()[1][1], "two\nlines");
  EXPECT_FALSE(p.rows()[2][1].has_value());  // unquoted empty: NULL
  EXPECT_EQ(*p.rows()[3][1], "");            // quoted empty: empty string
}

TEST(CopyParserTest, CsvRecordSplitInsideQuotesWaitsForMore) {
  CopyParser p(csv_options());
  ASSERT_TRUE(p.feed("1,\"ab"));
  EXPECT_EQ(p.rows().size(), 0u);
  ASSERT_TRUE(p.feed("c\"\r\n2,x"));
  ASSERT_TRUE(p.finish());
  ASSERT_EQ(p.rows().size(), 2u);
  EXPECT_EQ(*p.rows()[0][1], "abc");
  EXPECT_EQ(*p.rows()[1][1], "x");
}

TEST(CopyParserTest, CsvUnterminatedQuoteIsAnError) {
  CopyParser p(csv_options());
  ASSERT_TRUE(p.feed("1,\"never closed\n"));
  auto r = p.finish();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, protocol::sqlstate::kBadCopyFileFormat);
}

TEST(CopyFormatTest, TextEscapesAndNull) {
  std::string out;
  format_copy_row(out, {std::string("a\tb"), std::nullopt, std::string("x\\y\n")}, text_options());
  EXPECT_EQ(out, "a\\tb\t\\N\tx\\\\y\\n\n");
}

TEST(CopyFormatTest, CsvQuotesOnlyWhenNeeded) {
  std::string out;
  format_copy_row(out, {std::string("plain"), std::string("a,b"), std::string("say \"hi\""),
                        std::nullopt, std::string("")},
                  csv_options());
  EXPECT_EQ(out, "plain,\"a,b\",\"say \"\"hi\"\"\",,\"\"\n");
}

}  // namespace
}  // namespace litewire::server

namespace litewire::server {
namespace {

sqlite::CopyCommand binary_options() {
  sqlite::CopyCommand o;
  o.format = sqlite::CopyCommand::Format::kBinary;
  return o;
}

TEST(CopyParserTest, BinaryTuplesAcrossChunksWithNullAndTrailer) {
  std::string data;
  binary_copy_header(data);
  protocol::put_i16(data, 2);
  protocol::put_i32(data, 4);
  protocol::put_i32(data, 7);  // int4 7
  protocol::put_i32(data, -1);  // NULL
  protocol::put_i16(data, 1);
  protocol::put_i32(data, 3);
  data.append("abc");
  binary_copy_trailer(data);
  CopyParser p(binary_options());
  // Feed byte by byte: every split point must work.
  for (char c : data) ASSERT_TRUE(p.feed(std::string_view(&c, 1)));
  ASSERT_TRUE(p.finish());
  ASSERT_EQ(p.rows().size(), 2u);
  EXPECT_EQ(*p.rows()[0][0], std::string("\0\0\0\7", 4));
  EXPECT_FALSE(p.rows()[0][1].has_value());
  EXPECT_EQ(*p.rows()[1][0], "abc");
}

TEST(CopyParserTest, BinaryBadSignatureAndTruncation) {
  CopyParser bad(binary_options());
  ASSERT_TRUE(bad.feed("NOTCOPY\n\377\r\n\0\0\0\0\0\0\0\0\0"));
  auto r = bad.finish();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, protocol::sqlstate::kBadCopyFileFormat);

  std::string data;
  binary_copy_header(data);
  protocol::put_i16(data, 1);
  protocol::put_i32(data, 10);
  data.append("short");
  CopyParser truncated(binary_options());
  ASSERT_TRUE(truncated.feed(data));
  EXPECT_FALSE(truncated.finish());
}

}  // namespace
}  // namespace litewire::server
