// Date/time vectors observed on PostgreSQL 15.18 (DateStyle ISO, MDY; IntervalStyle postgres).

#include "protocol/datetime.h"

#include <gtest/gtest.h>

#include "codec_util.h"
#include "protocol/timezone.h"
#include "protocol/types.h"

namespace litewire::protocol {
namespace {

using testing::binary_to_text;
using testing::ctx_in;
using testing::text_round;
using testing::text_to_binary;

TEST(DateTime, TimestamptzInParis) {
  auto paris = ctx_in("Europe/Paris");
  struct Case {
    const char* in;
    const char* out;
  } cases[] = {
      {"2024-03-31 02:30", "2024-03-31 03:30:00+02"},  // spring-forward gap
      {"2024-10-27 02:30", "2024-10-27 02:30:00+01"},  // fall-back overlap: the later instant
      {"2024-10-27 01:30:00+00", "2024-10-27 02:30:00+01"},
      {"2024-10-27 00:30:00+00", "2024-10-27 02:30:00+02"},
      {"0001-01-01 00:00:00+00 BC", "0001-01-01 00:09:21+00:09:21 BC"},
      {"2024-05-01 12:34:56.5+02", "2024-05-01 12:34:56.5+02"},
      {"1900-01-01 00:00", "1900-01-01 00:00:00+00:09:21"},
      {"1850-01-01 00:00", "1850-01-01 00:00:00+00:09:21"},
      {"infinity", "infinity"},
      {"epoch", "1970-01-01 01:00:00+01"},
      {"2024-01-01T12:00:00Z", "2024-01-01 13:00:00+01"},
      {"2024-01-01 12:00 America/New_York", "2024-01-01 18:00:00+01"},
      {"2024-01-01 12:00+05:30", "2024-01-01 07:30:00+01"},
      {"2024-01-01 12:00 +0530", "2024-01-01 07:30:00+01"},
      {"2024-05-01", "2024-05-01 00:00:00+02"},
      {"2024-05-01 12:00 PST", "2024-05-01 22:00:00+02"},
      {"2024-05-01 12:00 EST5EDT", "2024-05-01 18:00:00+02"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(text_round(c.in, oid::kTimestamptz, -1, paris), c.out) << c.in;
  }
}

TEST(DateTime, TimestamptzInOtherZones) {
  EXPECT_EQ(text_round("2024-05-01 12:00Z", oid::kTimestamptz, -1, ctx_in("Asia/Kolkata")),
            "2024-05-01 17:30:00+05:30");
  EXPECT_EQ(text_round("2024-05-01 12:00Z", oid::kTimestamptz, -1, ctx_in("America/St_Johns")),
            "2024-05-01 09:30:00-02:30");
  EXPECT_EQ(text_round("2024-05-01 12:00Z", oid::kTimestamptz, -1, ctx_in("UTC+3")),
            "2024-05-01 09:00:00-03");
  EXPECT_EQ(text_round("2024-05-01 12:00Z", oid::kTimestamptz, -1, ctx_in("+02")),
            "2024-05-01 14:00:00+02");
  EXPECT_EQ(text_round("2024-05-01 12:00Z", oid::kTimestamptz, -1, ctx_in("-05:30")),
            "2024-05-01 17:30:00+05:30");
  auto london = ctx_in("Europe/London");
  EXPECT_EQ(text_round("1900-01-01 00:00Z", oid::kTimestamptz, -1, london), "1900-01-01 00:00:00+00");
  EXPECT_EQ(text_round("2024-07-01 00:00Z", oid::kTimestamptz, -1, london), "2024-07-01 01:00:00+01");
  // Beyond the TZif table: the POSIX footer rule.
  EXPECT_EQ(text_round("2100-07-01 00:00Z", oid::kTimestamptz, -1, london), "2100-07-01 01:00:00+01");
  EXPECT_EQ(text_round("1930-07-01 00:00Z", oid::kTimestamptz, -1, ctx_in("Europe/Amsterdam")),
            "1930-07-01 01:19:32+01:19:32");
  // Case-insensitive zone names, as PostgreSQL.
  EXPECT_EQ(text_round("2024-05-01 12:00Z", oid::kTimestamptz, -1, ctx_in("europe/paris")),
            "2024-05-01 14:00:00+02");
}

TEST(DateTime, Timestamp) {
  struct Case {
    const char* in;
    const char* out;
  } cases[] = {
      {"epoch", "1970-01-01 00:00:00"},
      {"20240101T120000", "2024-01-01 12:00:00"},
      {"2024-01-01 12:00:00.1234567", "2024-01-01 12:00:00.123457"},
      {"2024-01-01 23:59:59.9999996", "2024-01-02 00:00:00"},
      {"2024-01-01 12:00:00.0000005", "2024-01-01 12:00:00"},
      {"2024-01-01 12:00+05", "2024-01-01 12:00:00"},  // zone ignored
      {"-infinity", "-infinity"},
      {"May 1 2024", "2024-05-01 00:00:00"},
      {"1999-01-08 04:05:06 PM", "1999-01-08 16:05:06"},
  };
  for (const auto& c : cases) EXPECT_EQ(text_round(c.in, oid::kTimestamp), c.out) << c.in;
  EXPECT_EQ(text_round("2024-01-01 12:00:00.123456789", oid::kTimestamp, 3), "2024-01-01 12:00:00.123");
  EXPECT_EQ(text_round("2024-01-01 12:00:00.5", oid::kTimestamp, 0), "2024-01-01 12:00:01");
  EXPECT_EQ(text_round("2024-01-01 25:00", oid::kTimestamp),
            "ERROR 22008: date/time field value out of range: \"2024-01-01 25:00\"");
  EXPECT_EQ(text_round("x", oid::kTimestamptz),
            "ERROR 22007: invalid input syntax for type timestamp with time zone: \"x\"");
  EXPECT_EQ(text_round("2024-01-01 12:00 Mars/Olympus", oid::kTimestamptz),
            "ERROR 22023: time zone \"mars/olympus\" not recognized");
  EXPECT_EQ(text_round("294277-01-01", oid::kTimestamp).substr(0, 11), "ERROR 22008");
}

TEST(DateTime, Date) {
  struct Case {
    const char* in;
    const char* out;
  } cases[] = {
      {"0044-03-15 BC", "0044-03-15 BC"}, {"-infinity", "-infinity"}, {"epoch", "1970-01-01"},
      {"May 1 2024", "2024-05-01"},       {"05/01/2024", "2024-05-01"}, {"2024/05/01", "2024-05-01"},
      {"January 8, 1999", "1999-01-08"},  {"1999-Jan-08", "1999-01-08"}, {"08-Jan-1999", "1999-01-08"},
      {"2024-02-29", "2024-02-29"},       {"20240501", "2024-05-01"},
      {"today", "2024-05-01"},            {"tomorrow", "2024-05-02"},  {"yesterday", "2024-04-30"},
  };
  for (const auto& c : cases) EXPECT_EQ(text_round(c.in, oid::kDate), c.out) << c.in;
  EXPECT_EQ(text_round("x", oid::kDate), "ERROR 22007: invalid input syntax for type date: \"x\"");
  auto r = parse_value("2024-13-01", 0, oid::kDate, -1, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, sqlstate::kDatetimeFieldOverflow);
  EXPECT_EQ(r.error().message, "date/time field value out of range: \"2024-13-01\"");
  EXPECT_EQ(r.error().hint, "Perhaps you need a different \"datestyle\" setting.");
  r = parse_value("2024-02-30", 0, oid::kDate, -1, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "date/time field value out of range: \"2024-02-30\"");
  EXPECT_EQ(r.error().hint, "");
  // Stored form: BC years complemented behind '/', years from 10000 behind '>'.
  auto v = parse_value("0044-03-15 BC", 0, oid::kDate, -1, {});
  EXPECT_EQ(std::get<std::string>(*v), "/9956-03-15");
  // DMY order.
  auto dmy = ctx_in("UTC");
  dmy.date_order = DateOrder::kDMY;
  EXPECT_EQ(text_round("05/01/2024", oid::kDate, -1, dmy), "2024-01-05");
}

TEST(DateTime, Time) {
  struct Case {
    const char* in;
    const char* out;
  } cases[] = {
      {"12:00 pm", "12:00:00"}, {"12:00 am", "00:00:00"}, {"24:00", "24:00:00"},
      {"allballs", "00:00:00"}, {"1:2:3", "01:02:03"},    {"12:34:56.789", "12:34:56.789"},
      {"2024-01-01 12:00", "12:00:00"},
  };
  for (const auto& c : cases) EXPECT_EQ(text_round(c.in, oid::kTime), c.out) << c.in;
  EXPECT_EQ(text_round("12:00:00.5", oid::kTime, 0), "12:00:01");
  EXPECT_EQ(text_round("x", oid::kTime), "ERROR 22007: invalid input syntax for type time: \"x\"");
  EXPECT_EQ(text_round("24:00:01", oid::kTime),
            "ERROR 22008: date/time field value out of range: \"24:00:01\"");
  EXPECT_EQ(text_round("12:34:56+05:30", oid::kTimetz), "12:34:56+05:30");
  EXPECT_EQ(text_round("12:34:56 -08", oid::kTimetz), "12:34:56-08");
  EXPECT_EQ(text_round("x", oid::kTimetz),
            "ERROR 22007: invalid input syntax for type time with time zone: \"x\"");
}

TEST(DateTime, BinaryForms) {
  EXPECT_EQ(text_to_binary("2024-05-01 12:34:56.5+02", oid::kTimestamptz), "0002ba60ce701520");
  EXPECT_EQ(binary_to_text("0002ba60ce701520", oid::kTimestamptz, -1, ctx_in("Europe/Paris")),
            "2024-05-01 12:34:56.5+02");
  EXPECT_EQ(text_to_binary("1999-12-31 23:59:59", oid::kTimestamp), "fffffffffff0bdc0");
  EXPECT_EQ(binary_to_text("fffffffffff0bdc0", oid::kTimestamp), "1999-12-31 23:59:59");
  EXPECT_EQ(text_to_binary("2024-05-01", oid::kDate), "000022b7");
  EXPECT_EQ(binary_to_text("000022b7", oid::kDate), "2024-05-01");
  EXPECT_EQ(text_to_binary("12:34:56.789", oid::kTime), "0000000a8be62608");
  EXPECT_EQ(binary_to_text("0000000a8be62608", oid::kTime), "12:34:56.789");
  EXPECT_EQ(text_to_binary("12:34:56+05:30", oid::kTimetz), "0000000a8bda1c00ffffb2a8");
  EXPECT_EQ(binary_to_text("0000000a8bda1c00ffffb2a8", oid::kTimetz), "12:34:56+05:30");
  EXPECT_EQ(text_to_binary("infinity", oid::kDate), "7fffffff");
  EXPECT_EQ(binary_to_text("7fffffff", oid::kDate), "infinity");
  EXPECT_EQ(text_to_binary("-infinity", oid::kTimestamp), "8000000000000000");
  EXPECT_EQ(binary_to_text("8000000000000000", oid::kTimestamp), "-infinity");
  EXPECT_EQ(text_to_binary("1 year 2 mons 3 days 04:05:06.5", oid::kInterval),
            "000000036c9361a0000000030000000e");
  EXPECT_EQ(binary_to_text("000000036c9361a0000000030000000e", oid::kInterval),
            "1 year 2 mons 3 days 04:05:06.5");
  EXPECT_EQ(binary_to_text("7fffffffffffff00", oid::kTimestamp).substr(0, 11), "ERROR 22008");
  EXPECT_EQ(binary_to_text("ffffffffffffffff", oid::kTime).substr(0, 11), "ERROR 22008");
  EXPECT_EQ(binary_to_text("0000", oid::kDate).substr(0, 11), "ERROR 22P03");
}

TEST(DateTime, StoredForms) {
  struct Case {
    const char* in;
    int32_t type;
    const char* stored;
  } cases[] = {
      {"2024-05-01", oid::kDate, "2024-05-01"},
      {"0001-01-01", oid::kDate, "0001-01-01"},
      {"0001-12-31 BC", oid::kDate, "/9999-12-31"},
      {"0044-03-15 BC", oid::kDate, "/9956-03-15"},
      {"4714-11-24 BC", oid::kDate, "/5286-11-24"},
      {"10000-01-01", oid::kDate, ">0010000-01-01"},
      {"5874897-12-31", oid::kDate, ">5874897-12-31"},
      {"infinity", oid::kDate, "infinity"},
      {"0044-03-15 12:30:00.5 BC", oid::kTimestamp, "/9956-03-15 12:30:00.5"},
      {"294276-12-31 23:59:59.999999", oid::kTimestamp, ">0294276-12-31 23:59:59.999999"},
      {"0001-01-01 00:30+01", oid::kTimestamptz, "/9999-12-31 23:30:00"},
  };
  for (const auto& c : cases) {
    auto v = parse_value(c.in, 0, c.type, -1, {});
    ASSERT_TRUE(v) << c.in;
    EXPECT_EQ(std::get<std::string>(*v), c.stored) << c.in;
  }
  // Files written before: BC years as ISO 8601 astronomical years, big years as plain digits.
  EXPECT_EQ(*load_stored_date("-0043-03-15"), *load_stored_date("/9956-03-15"));
  EXPECT_EQ(*load_stored_date("12345-06-07"), *load_stored_date(">0012345-06-07"));
  EXPECT_EQ(*load_stored_timestamp("-0043-03-15 12:30:00", false),
            *load_stored_timestamp("/9956-03-15 12:30:00", false));
  StoredValueView legacy;
  legacy.kind = StoredValueView::Kind::kText;
  legacy.s = "-0043-03-15 12:30:00";
  std::string shown;
  ASSERT_TRUE(append_text(shown, legacy, oid::kTimestamp, -1, ctx_in("UTC")));
  EXPECT_EQ(shown, "0044-03-15 12:30:00 BC");
  // A stored date read as a timestamp is its midnight.
  EXPECT_EQ(*load_stored_timestamp("/9956-03-15", false),
            *load_stored_timestamp("/9956-03-15 00:00:00", false));
  auto bad = load_stored_date("/9956-13-15");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, sqlstate::kInvalidDatetimeFormat);
}

// Byte order of the stored text (SQLite's BINARY collation) is the order of the values, over
// PostgreSQL's whole range: -infinity, BC, AD, years from 10000, infinity.
TEST(DateTime, StoredFormsSortAsValues) {
  const int32_t first_date = *parse_date("4714-11-24 BC", {});
  const int32_t last_date = *parse_date("5874897-12-31", {});
  std::string prev = stored_date(kDateBegin);
  auto step = [&](int32_t d) {
    std::string cur = stored_date(d);
    EXPECT_LT(prev, cur) << "date " << d;
    EXPECT_EQ(*load_stored_date(cur), d) << cur;
    prev = cur;
  };
  for (int64_t d = first_date; d <= last_date; d += 9973) step(static_cast<int32_t>(d));
  for (int32_t d : {*parse_date("0001-12-31 BC", {}), *parse_date("0001-01-01", {}),
                    *parse_date("9999-12-31", {}), *parse_date("10000-01-01", {})}) {
    prev = stored_date(d - 1);
    step(d);
  }
  prev = stored_date(last_date);
  EXPECT_LT(prev, stored_date(kDateEnd));

  const int64_t first_ts = *parse_timestamp("4714-11-24 00:00 BC", -1, {});
  const int64_t last_ts = *parse_timestamp("294276-12-31 23:59:59.999999", -1, {});
  std::string prev_ts = stored_timestamp(kTimestampBegin);
  const int64_t stride = 86399999977LL * 997;
  for (int64_t t = first_ts; t <= last_ts - stride; t += stride) {
    std::string cur = stored_timestamp(t);
    EXPECT_LT(prev_ts, cur) << cur;
    EXPECT_EQ(*load_stored_timestamp(cur, false), t) << cur;
    prev_ts = cur;
  }
  // Within a second: the trimmed fraction still sorts ("12:00:00" < "12:00:00.5").
  EXPECT_LT(stored_timestamp(0), stored_timestamp(1));
  EXPECT_LT(stored_timestamp(last_ts), stored_timestamp(kTimestampEnd));
}

TEST(DateTime, BinaryFormsAcrossEras) {
  // date_send / timestamp_send / timestamptz_send of PostgreSQL 15.
  EXPECT_EQ(text_to_binary("0044-03-15 BC", oid::kDate), "fff49d7b");
  EXPECT_EQ(binary_to_text("fff49d7b", oid::kDate), "0044-03-15 BC");
  EXPECT_EQ(binary_to_text("ffda97a7", oid::kDate), "4714-11-24 BC");
  EXPECT_EQ(binary_to_text("7fda970c", oid::kDate), "5874897-12-31");
  EXPECT_EQ(text_to_binary("0044-03-15 12:30 BC", oid::kTimestamp), "ff1af9e96690a200");
  EXPECT_EQ(binary_to_text("ff1af9e96690a200", oid::kTimestamp), "0044-03-15 12:30:00 BC");
  EXPECT_EQ(binary_to_text("7fffff5bb3b29fff", oid::kTimestamptz),
            "294276-12-31 23:59:59.999999+00");
  EXPECT_EQ(text_to_binary("12345-06-07 08:09:10", oid::kTimestamp), "0487db00297a1580");
  // One day past either end: date_recv's "date out of range".
  EXPECT_EQ(binary_to_text("ffda97a6", oid::kDate), "ERROR 22008: date out of range");
  EXPECT_EQ(binary_to_text("7fda970d", oid::kDate), "ERROR 22008: date out of range");
}

TEST(DateTime, Interval) {
  struct Case {
    const char* in;
    const char* out;
  } cases[] = {
      {"1 day 02:00:00", "1 day 02:00:00"},
      {"1 year 2 mons", "1 year 2 mons"},
      {"3 hours", "03:00:00"},
      {"-1 day +02:03", "-1 days +02:03:00"},
      {"00:01:30", "00:01:30"},
      {"@ 1 hour ago", "-01:00:00"},
      {"P1Y2M3DT4H5M6S", "1 year 2 mons 3 days 04:05:06"},
      {"1.5 months", "1 mon 15 days"},
      {"1.5 years", "1 year 6 mons"},
      {"-1 year 2 mons", "-10 mons"},
      {"1 day -02:00", "1 day -02:00:00"},
      {"0", "00:00:00"},
      {"1 week", "7 days"},
      {"-00:00:01.5", "-00:00:01.5"},
      {"100 hours", "100:00:00"},
      {"1", "00:00:01"},
      {"1.5 days", "1 day 12:00:00"},
      {"PT1.5S", "00:00:01.5"},
      {"-1 days -02:00", "-1 days -02:00:00"},
      {"1 mon -1 day", "1 mon -1 days"},
      {"1 year 2 mons 3 days 04:05:06.5", "1 year 2 mons 3 days 04:05:06.5"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(text_round(c.in, oid::kInterval), c.out) << c.in;
    // The output reads back to the same value.
    EXPECT_EQ(text_round(c.out, oid::kInterval), c.out) << c.out;
  }
  EXPECT_EQ(text_round("x", oid::kInterval), "ERROR 22007: invalid input syntax for type interval: \"x\"");
  EXPECT_EQ(text_round("1 foo", oid::kInterval),
            "ERROR 22007: invalid input syntax for type interval: \"1 foo\"");
  auto iso = ctx_in("UTC");
  iso.interval_style = IntervalStyleOutput::kIso8601;
  EXPECT_EQ(text_round("1 year 2 mons 3 days 04:05:06.5", oid::kInterval, -1, iso),
            "P1Y2M3DT4H5M6.5S");
  EXPECT_EQ(text_round("0", oid::kInterval, -1, iso), "PT0S");
}

TEST(DateTime, Arithmetic) {
  DateTimeInput in;
  auto ts = [&](const char* s) { return *parse_timestamp(s, -1, in); };
  auto fmt = [](int64_t v) {
    std::string out;
    format_timestamp(out, v);
    return out;
  };
  Interval one_month{0, 0, 1};
  EXPECT_EQ(fmt(*timestamp_plus_interval(ts("2024-01-31 10:00"), one_month)), "2024-02-29 10:00:00");
  EXPECT_EQ(fmt(*timestamp_plus_interval(ts("2024-03-31 10:00"), Interval{0, 0, -1})),
            "2024-02-29 10:00:00");
  EXPECT_EQ(fmt(*timestamp_plus_interval(ts("2024-01-01 00:00"), Interval{kUsecPerHour, 1, 14})),
            "2025-03-02 01:00:00");
  EXPECT_EQ(*timestamp_plus_interval(kTimestampEnd, one_month), kTimestampEnd);
  EXPECT_FALSE(timestamp_plus_interval(ts("294276-12-01"), Interval{0, 0, 1}));

  // timestamptz + '1 day' across the Paris spring-forward keeps the wall-clock time
  // (PostgreSQL: '2024-03-30 12:00+01'::timestamptz + '1 day' = 2024-03-31 12:00:00+02),
  // while + '24 hours' does not.
  auto paris = TimeZone::load("Europe/Paris");
  ASSERT_TRUE(paris);
  int64_t t = *parse_timestamptz("2024-03-30 12:00+01", -1, in);
  std::string out;
  format_timestamptz(out, *timestamptz_plus_interval(t, Interval{0, 1, 0}, paris->get()),
                     paris->get());
  EXPECT_EQ(out, "2024-03-31 12:00:00+02");
  out.clear();
  format_timestamptz(out, *timestamptz_plus_interval(t, Interval{24 * kUsecPerHour, 0, 0}, paris->get()),
                     paris->get());
  EXPECT_EQ(out, "2024-03-31 13:00:00+02");

  EXPECT_EQ(justify_hours(Interval{27 * kUsecPerHour, 0, 0}), (Interval{3 * kUsecPerHour, 1, 0}));
  EXPECT_EQ(justify_days(Interval{0, 35, 0}), (Interval{0, 5, 1}));
  // justify_interval('1 mon -1 hour') = '29 days 23:00:00'
  EXPECT_EQ(justify_interval(Interval{-kUsecPerHour, 0, 1}), (Interval{23 * kUsecPerHour, 29, 0}));
  EXPECT_EQ(*interval_negate(Interval{1, 2, 3}), (Interval{-1, -2, -3}));
  EXPECT_FALSE(interval_negate(Interval{0, INT32_MIN, 0}));
}

TEST(DateTime, CivilCalendar) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(days_from_civil(2000, 1, 1), kPgEpochDays);
  for (int64_t d = -3000000; d < 3000000; d += 997) {
    int64_t y;
    int m, dd;
    civil_from_days(d, y, m, dd);
    ASSERT_EQ(days_from_civil(y, m, dd), d);
  }
  EXPECT_EQ(round_usec(1500000, 0), 2000000);
  EXPECT_EQ(round_usec(-1500000, 0), -2000000);
  EXPECT_EQ(round_usec(123456, 3), 123000);
}

TEST(TimeZoneTest, LoadsAndCaches) {
  auto a = TimeZone::load("Europe/Paris");
  auto b = TimeZone::load("Europe/Paris");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->get(), b->get());
  EXPECT_EQ((*a)->name(), "Europe/Paris");
  // 2024-07-01 00:00 UTC = 1719792000.
  EXPECT_EQ((*a)->utc_offset(1719792000), 7200);
  EXPECT_EQ((*a)->abbreviation(1719792000), "CEST");
  EXPECT_TRUE((*a)->is_dst(1719792000));
  EXPECT_EQ((*a)->abbreviation(1704067200), "CET");
  EXPECT_EQ(TimeZone::load("Mars/Olympus").error().message,
            "time zone \"Mars/Olympus\" not recognized");
  EXPECT_FALSE(TimeZone::load("../../etc/passwd"));
  EXPECT_FALSE(TimeZone::load(""));
  EXPECT_EQ((*TimeZone::load("utc"))->utc_offset(0), 0);
  EXPECT_EQ((*TimeZone::load("Z"))->utc_offset(0), 0);
  EXPECT_EQ((*TimeZone::load("5.5"))->utc_offset(0), 19800);
  // Outside SET TIME ZONE a number is a POSIX string: hours west of UTC.
  EXPECT_EQ((*TimeZone::load("+05"))->utc_offset(0), 5 * 3600);
  EXPECT_EQ((*TimeZone::load_named("+05"))->utc_offset(0), -5 * 3600);
  EXPECT_EQ((*TimeZone::load_named("-03:30"))->utc_offset(0), 12600);
}

TEST(TimeZoneTest, ConversionZones) {
  // 2024-07-01 00:00 UTC: abbreviations are fixed offsets even where the zone of the same
  // name observes DST; names follow their rules.
  EXPECT_EQ((*conversion_zone("CET"))->utc_offset(1719792000), 3600);
  EXPECT_EQ((*conversion_zone("pst"))->utc_offset(1719792000), -8 * 3600);
  EXPECT_EQ((*conversion_zone("Europe/Berlin"))->utc_offset(1719792000), 7200);
  EXPECT_EQ((*conversion_zone("UTC+3"))->utc_offset(1719792000), -3 * 3600);
  EXPECT_EQ(conversion_zone("Mars/Phobos").error().code, sqlstate::kInvalidParameterValue);
  // make_timestamptz reads a signed number as an ISO offset (east), a bare one is an error.
  EXPECT_EQ((*make_timestamptz_zone("+05"))->utc_offset(1719792000), 5 * 3600);
  EXPECT_EQ((*make_timestamptz_zone("-03:30"))->utc_offset(1719792000), -12600);
  EXPECT_EQ((*make_timestamptz_zone("UTC+3"))->utc_offset(1719792000), -3 * 3600);
  EXPECT_EQ(make_timestamptz_zone("5").error().code, sqlstate::kInvalidParameterValue);
  // A zone-bound abbreviation follows its zone.
  EXPECT_EQ((*conversion_zone("MSK"))->utc_offset(1719792000), 3 * 3600);
}

TEST(TimeZoneTest, PosixRules) {
  TimeZone::Posix p;
  ASSERT_TRUE(TimeZone::parse_posix("CET-1CEST,M3.5.0,M10.5.0/3", p));
  EXPECT_EQ(p.std_type.offset, 3600);
  EXPECT_EQ(p.dst_type.offset, 7200);
  EXPECT_EQ(p.end.time, 3 * 3600);
  ASSERT_TRUE(TimeZone::parse_posix("<+0330>-3:30", p));
  EXPECT_EQ(p.std_type.offset, 12600);
  EXPECT_EQ(p.std_type.abbr, "+0330");
  ASSERT_TRUE(TimeZone::parse_posix("AEST-10AEDT,M10.1.0,M4.1.0/3", p));  // southern hemisphere
  EXPECT_FALSE(TimeZone::parse_posix("CET-1CEST,M13.5.0,M10.5.0", p));
  EXPECT_FALSE(TimeZone::parse_posix("C-1", p));
  // A POSIX zone as a setting: Sydney rules in 2100 (January is summer there).
  auto syd = TimeZone::load("AEST-10AEDT,M10.1.0,M4.1.0/3");
  ASSERT_TRUE(syd);
  EXPECT_EQ((*syd)->utc_offset(4102444800), 11 * 3600);             // 2100-01-01
  EXPECT_EQ((*syd)->utc_offset(4102444800 + 180 * 86400), 10 * 3600);  // mid-2100
  // Sydney from the TZif file agrees far in the future (footer rule).
  auto file = TimeZone::load("Australia/Sydney");
  ASSERT_TRUE(file);
  EXPECT_EQ((*file)->utc_offset(4102444800), 11 * 3600);
}

}  // namespace
}  // namespace litewire::protocol
