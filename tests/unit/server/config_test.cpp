#include "server/config.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

namespace litewire::server {
namespace {

protocol::Result<Command> parse(std::vector<const char*> args, std::vector<std::string> env = {}) {
  args.insert(args.begin(), "litewire");
  return parse_command_line(static_cast<int>(args.size()), args.data(), env);
}

TEST(ConfigTest, DefaultsAreTheDocumentedOnes) {
  auto c = parse({});
  ASSERT_TRUE(c);
  EXPECT_EQ(c->kind, Command::Kind::kServe);
  EXPECT_EQ(c->config.data_dir, "./data");
  EXPECT_EQ(c->config.host, "127.0.0.1");
  EXPECT_EQ(c->config.port, 5432);
  EXPECT_EQ(c->config.auth, AuthMethod::kTrust);
  EXPECT_EQ(c->config.mode, Mode::kLocal);
  EXPECT_EQ(c->config.max_connections, 100);
  EXPECT_EQ(c->config.users_path(), "./data/users");
}

TEST(ConfigTest, FlagsBeatEnvironmentWhichBeatsTheFile) {
  std::string path = ::testing::TempDir() + "litewire_config_test.conf";
  {
    std::ofstream f(path);
    f << "# comment\nport = 7000\ndata_dir = /from/file\nhost = 10.0.0.1\nauth = md5\n";
  }
  auto c = parse({"--config", path.c_str(), "--port", "9000"},
                 {"LITEWIRE_PORT=8000", "LITEWIRE_DATA_DIR=/from/env", "UNRELATED=1"});
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->config.port, 9000);            // flag
  EXPECT_EQ(c->config.data_dir, "/from/env");  // environment over file
  EXPECT_EQ(c->config.host, "10.0.0.1");      // file only
  EXPECT_EQ(c->config.auth, AuthMethod::kMd5);
  std::remove(path.c_str());
}

TEST(ConfigTest, EnvironmentNamesFollowTheOptionNames) {
  auto c = parse({}, {"LITEWIRE_MAX_CONNECTIONS=7", "LITEWIRE_LOCK_TIMEOUT_MS=250",
                      "LITEWIRE_MODE=shared", "LITEWIRE_DYNAMODB_TABLE=locks"});
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->config.max_connections, 7);
  EXPECT_EQ(c->config.lock_timeout.count(), 250);
  EXPECT_EQ(c->config.mode, Mode::kShared);
  EXPECT_EQ(c->config.dynamodb_table, "locks");
}

TEST(ConfigTest, BadValuesAreRejectedWithAMessage) {
  auto bad_auth = parse({"--auth", "kerberos"});
  ASSERT_FALSE(bad_auth);
  EXPECT_NE(bad_auth.error().message.find("kerberos"), std::string::npos);
  EXPECT_FALSE(parse({"--port", "70000"}));
  EXPECT_FALSE(parse({"--mode", "cluster"}));
  EXPECT_FALSE(parse({"--tls-cert", "a.pem"}));  // without --tls-key
  EXPECT_FALSE(parse({"--no-such-flag"}));
  EXPECT_FALSE(parse({"frobnicate"}));
}

TEST(ConfigTest, Subcommands) {
  auto p = parse({"passwd", "alice", "--users", "/tmp/u"});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->kind, Command::Kind::kPasswd);
  EXPECT_EQ(p->args, std::vector<std::string>{"alice"});
  EXPECT_EQ(p->config.users_path(), "/tmp/u");
  auto b = parse({"backup", "postgres", "/tmp/copy.db", "--data-dir", "/d"});
  ASSERT_TRUE(b);
  EXPECT_EQ(b->kind, Command::Kind::kBackup);
  EXPECT_EQ(b->args.size(), 2u);
  EXPECT_EQ(b->config.data_dir, "/d");
  auto d = parse({"dynamodb", "create-table", "--dynamodb-table", "t"});
  ASSERT_TRUE(d);
  EXPECT_EQ(d->kind, Command::Kind::kDynamoCreateTable);
  EXPECT_EQ(d->config.dynamodb_table, "t");
  EXPECT_FALSE(parse({"passwd"}));
  EXPECT_FALSE(parse({"check"}));
  auto h = parse({"--help"});
  ASSERT_TRUE(h);
  EXPECT_EQ(h->kind, Command::Kind::kHelp);
  EXPECT_NE(h->help_text.find("--data-dir"), std::string::npos);
}

}  // namespace
}  // namespace litewire::server
