#include "server/settings.h"

#include <gtest/gtest.h>

#include <set>

namespace litewire::server {
namespace {

TEST(SettingsTest, ReportsThe13ParametersPostgreSQLSends) {
  Settings s;
  auto reported = s.reported();
  std::set<std::string> names;
  for (const auto& p : reported) names.insert(p.name);
  EXPECT_EQ(names, (std::set<std::string>{
                       "application_name", "client_encoding", "DateStyle",
                       "default_transaction_read_only", "in_hot_standby", "integer_datetimes",
                       "IntervalStyle", "is_superuser", "server_encoding", "server_version",
                       "session_authorization", "standard_conforming_strings", "TimeZone"}));
}

TEST(SettingsTest, SetReportsChangesOfReportedParametersOnly) {
  Settings s;
  auto r = s.set("application_name", "myapp");
  ASSERT_TRUE(r);
  ASSERT_TRUE(r->has_value());
  EXPECT_EQ((*r)->name, "application_name");
  EXPECT_EQ((*r)->value, "myapp");
  auto q = s.set("statement_timeout", "5s");
  ASSERT_TRUE(q);
  EXPECT_FALSE(q->has_value());
  EXPECT_EQ(s.statement_timeout_ms(), 5000);
}

TEST(SettingsTest, ShowUsesTheCanonicalNameAndResetRestoresTheStartupValue) {
  Settings s;
  ASSERT_TRUE(s.set("timezone", "UTC"));
  s.commit_startup_values();
  ASSERT_TRUE(s.set("TimeZone", "Europe/Paris"));
  auto shown = s.show("timezone");
  ASSERT_TRUE(shown);
  EXPECT_EQ(shown->first, "TimeZone");
  EXPECT_EQ(shown->second, "Europe/Paris");
  ASSERT_TRUE(s.reset("TIMEZONE"));
  EXPECT_EQ(s.show("timezone")->second, "UTC");
}

TEST(SettingsTest, DateStyleIsNormalized) {
  Settings s;
  ASSERT_TRUE(s.set("DateStyle", "iso"));
  EXPECT_EQ(*s.get("datestyle"), "ISO, MDY");
  ASSERT_TRUE(s.set("datestyle", "ISO, DMY"));
  EXPECT_EQ(s.format().date_order, protocol::DateOrder::kDMY);
  auto bad = s.set("datestyle", "banana");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, protocol::sqlstate::kInvalidParameterValue);
}

TEST(SettingsTest, UnknownAndReadOnlyParameters) {
  Settings s;
  auto unknown = s.set("no_such_setting", "1");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, protocol::sqlstate::kUndefinedObject);
  auto ro = s.set("server_version", "16");
  ASSERT_FALSE(ro);
  EXPECT_EQ(ro.error().code, protocol::sqlstate::kCantChangeRuntimeParam);
  EXPECT_TRUE(s.set("myapp.tenant", "42"));  // custom dotted names are allowed
  EXPECT_EQ(*s.get("myapp.tenant"), "42");
}

TEST(SettingsTest, ClientEncodingOnlyUtf8AndExtraFloatDigitsRange) {
  Settings s;
  auto r = s.set("client_encoding", "utf-8");
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)->value, "UTF8");
  EXPECT_FALSE(s.set("client_encoding", "LATIN1"));
  EXPECT_TRUE(s.set("extra_float_digits", "3"));
  EXPECT_EQ(s.format().extra_float_digits, 3);
  EXPECT_FALSE(s.set("extra_float_digits", "4"));
}

}  // namespace
}  // namespace litewire::server
