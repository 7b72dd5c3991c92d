// The credential chain with an injected environment, temporary files, and a local HTTP server
// standing in for the container credentials endpoint and EC2 instance metadata.

#include "locking/aws/credentials.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "locking/lease.h"
#include "tests/unit/locking/test_support.h"

namespace litewire::locking::aws {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "litewire-creds-XXXXXX").string();
    path_ = mkdtemp(tmpl.data());
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string write(const std::string& name, const std::string& text) const {
    auto p = (fs::path(path_) / name).string();
    std::ofstream(p) << text;
    return p;
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

const char* kCredsJson =
    R"({"AccessKeyId":"ASIACONTAINER","SecretAccessKey":"csecret","Token":"ctoken","Expiration":"2030-01-02T03:04:05Z"})";

TEST(Credentials, EnvironmentFirst) {
  auto env = test::map_env({{"AWS_ACCESS_KEY_ID", "AKID"}, {"AWS_SECRET_ACCESS_KEY", "S"},
                            {"AWS_SESSION_TOKEN", "T"}, {"HOME", "/nonexistent"}});
  auto c = credentials_from_env(env);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->access_key_id, "AKID");
  EXPECT_EQ(c->session_token, "T");
  auto chain = make_default_credentials_chain(env);
  auto got = chain->get();
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->secret_access_key, "S");
  EXPECT_FALSE(credentials_from_env(test::map_env({{"AWS_ACCESS_KEY_ID", "only-id"}})).has_value());
}

TEST(Credentials, ProfileFromSharedCredentialsAndConfigFiles) {
  TempDir dir;
  auto creds = dir.write("credentials",
                         "[default]\naws_access_key_id = DEFAULTID\naws_secret_access_key = ds\n"
                         "[work]\naws_access_key_id=WORKID\naws_secret_access_key=ws\n"
                         "aws_session_token = wt\n");
  auto config = dir.write("config",
                          "[default]\nregion = eu-central-1\n"
                          "[profile cfgonly]\naws_access_key_id = CFGID\naws_secret_access_key = cs\n"
                          "region = ap-south-1\n"
                          "[profile assume]\nrole_arn = arn:aws:iam::1:role/x\n");
  auto env_for = [&](std::optional<std::string> profile) {
    std::map<std::string, std::string> m{{"AWS_SHARED_CREDENTIALS_FILE", creds},
                                         {"AWS_CONFIG_FILE", config}, {"HOME", "/nonexistent"}};
    if (profile) m["AWS_PROFILE"] = *profile;
    return test::map_env(m);
  };
  auto d = credentials_from_profile(env_for(std::nullopt));
  ASSERT_TRUE(d.has_value() && d->has_value());
  EXPECT_EQ((*d)->access_key_id, "DEFAULTID");
  auto w = credentials_from_profile(env_for("work"));
  ASSERT_TRUE(w.has_value() && w->has_value());
  EXPECT_EQ((*w)->access_key_id, "WORKID");
  EXPECT_EQ((*w)->session_token, "wt");
  auto c = credentials_from_profile(env_for("cfgonly"));
  ASSERT_TRUE(c.has_value() && c->has_value());
  EXPECT_EQ((*c)->access_key_id, "CFGID");
  EXPECT_EQ(resolve_region(env_for("cfgonly")), "ap-south-1");
  EXPECT_EQ(resolve_region(env_for(std::nullopt)), "eu-central-1");
  auto missing = credentials_from_profile(env_for("nope"));
  ASSERT_FALSE(missing.has_value());
  EXPECT_NE(missing.error().message.find("\"nope\" not found"), std::string::npos);
  auto assume = credentials_from_profile(env_for("assume"));
  ASSERT_FALSE(assume.has_value());
  EXPECT_NE(assume.error().message.find("role_arn"), std::string::npos);
}

TEST(Credentials, RegionAndEndpointOrder) {
  EXPECT_EQ(resolve_region(test::map_env({{"AWS_REGION", "a"}, {"AWS_DEFAULT_REGION", "b"}})), "a");
  EXPECT_EQ(resolve_region(test::map_env({{"AWS_DEFAULT_REGION", "b"}, {"HOME", "/nonexistent"}})), "b");
  EXPECT_EQ(resolve_dynamodb_endpoint(test::map_env({}), "us-west-2"),
            "https://dynamodb.us-west-2.amazonaws.com");
  EXPECT_EQ(resolve_dynamodb_endpoint(test::map_env({{"AWS_ENDPOINT_URL", "http://x"}}), "r"), "http://x");
  EXPECT_EQ(resolve_dynamodb_endpoint(
                test::map_env({{"AWS_ENDPOINT_URL", "http://x"}, {"AWS_ENDPOINT_URL_DYNAMODB", "http://y"}}), "r"),
            "http://y");
  EXPECT_EQ(resolve_dynamodb_endpoint(test::map_env({}), ""), "");
}

TEST(Credentials, ContainerFullUriWithTokenFile) {
  test::LocalHttpServer server([](const test::SeenRequest& r) {
    if (r.path != "/creds" || r.headers.count("authorization") == 0 ||
        r.headers.at("authorization") != "file-token") {
      return test::CannedResponse{403, "{}"};
    }
    return test::CannedResponse{200, kCredsJson};
  });
  TempDir dir;
  auto token_file = dir.write("token", "file-token\n");
  auto env = test::map_env({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", server.url("/creds")},
                            {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "env-token"},
                            {"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", token_file},
                            {"HOME", "/nonexistent"}});
  HttpClient http;
  auto c = credentials_from_container(env, http);
  ASSERT_TRUE(c.has_value()) << c.error().message;
  ASSERT_TRUE(c->has_value());
  EXPECT_EQ((*c)->access_key_id, "ASIACONTAINER");
  EXPECT_EQ((*c)->session_token, "ctoken");
  ASSERT_TRUE((*c)->expiration.has_value());
  EXPECT_EQ(*(*c)->expiration, *parse_iso8601("2030-01-02T03:04:05Z"));
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST(Credentials, ContainerErrorIsReportedNotSkipped) {
  test::LocalHttpServer server([](const test::SeenRequest&) { return test::CannedResponse{500, "{}"}; });
  auto env = test::map_env({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", server.url("/creds")},
                            {"HOME", "/nonexistent"}, {"AWS_EC2_METADATA_DISABLED", "true"}});
  auto chain = make_default_credentials_chain(env);
  auto r = chain->get();
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("HTTP 500"), std::string::npos) << r.error().message;
}

TEST(Credentials, ImdsV2TokenRoleThenCredentials) {
  test::LocalHttpServer server([](const test::SeenRequest& r) {
    if (r.method == "PUT" && r.path == "/latest/api/token" &&
        r.headers.count("x-aws-ec2-metadata-token-ttl-seconds")) {
      return test::CannedResponse{200, "imds-token"};
    }
    if (r.headers.count("x-aws-ec2-metadata-token") == 0 ||
        r.headers.at("x-aws-ec2-metadata-token") != "imds-token") {
      return test::CannedResponse{401, ""};
    }
    if (r.path == "/latest/meta-data/iam/security-credentials/") return test::CannedResponse{200, "my-role\n"};
    if (r.path == "/latest/meta-data/iam/security-credentials/my-role") {
      return test::CannedResponse{200, R"({"Code":"Success","AccessKeyId":"ASIAIMDS","SecretAccessKey":"is","Token":"it","Expiration":"2030-01-01T00:00:00Z"})"};
    }
    return test::CannedResponse{404, ""};
  });
  auto env = test::map_env({{"AWS_EC2_METADATA_SERVICE_ENDPOINT", server.url("/")}, {"HOME", "/nonexistent"}});
  auto chain = make_default_credentials_chain(env);
  auto c = chain->get();
  ASSERT_TRUE(c.has_value()) << c.error().message;
  EXPECT_EQ(c->access_key_id, "ASIAIMDS");
  EXPECT_EQ(c->session_token, "it");
  auto seen = server.requests();
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].method, "PUT");
  // Cached: far from expiry, a second get() does not ask again.
  ASSERT_TRUE(chain->get().has_value());
  EXPECT_EQ(server.requests().size(), 3u);
}

TEST(Credentials, TemporaryCredentialsAreRefreshedBeforeExpiration) {
  int served = 0;
  test::LocalHttpServer server([&served](const test::SeenRequest&) {
    ++served;
    std::string id = "ASIA" + std::to_string(served);
    return test::CannedResponse{200, R"({"AccessKeyId":")" + id +
                                         R"(","SecretAccessKey":"s","Token":"t","Expiration":"2030-01-01T00:10:00Z"})"};
  });
  auto env = test::map_env({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", server.url("/c")}, {"HOME", "/nonexistent"}});
  auto wall = *parse_iso8601("2030-01-01T00:00:00Z");
  auto chain = make_default_credentials_chain(env, nullptr, [&wall] { return wall; });
  EXPECT_EQ(chain->get()->access_key_id, "ASIA1");
  wall += 4min;  // 6 min left: still good
  EXPECT_EQ(chain->get()->access_key_id, "ASIA1");
  wall += 2min;  // 4 min left: inside the refresh window
  EXPECT_EQ(chain->get()->access_key_id, "ASIA2");
}

TEST(Credentials, NothingConfiguredSaysWhatWasTried) {
  auto env = test::map_env({{"HOME", "/nonexistent"}, {"AWS_EC2_METADATA_DISABLED", "true"}});
  auto r = make_default_credentials_chain(env)->get();
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, protocol::sqlstate::kInvalidAuthorizationSpecification);
  EXPECT_NE(r.error().message.find("no AWS credentials"), std::string::npos);
}

TEST(Credentials, Iso8601) {
  auto a = parse_iso8601("2015-08-30T12:36:00Z");
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(std::chrono::system_clock::to_time_t(*a), 1440938160);
  EXPECT_EQ(parse_iso8601("2015-08-30T14:36:00.123+02:00"), a);
  EXPECT_FALSE(parse_iso8601("yesterday").has_value());
}

TEST(LeaseConfigEnv, LegacyNamesAreAliases) {
  auto c = lease_config_from_env(test::map_env({{"SQLITE_LOCK_DYNAMODB_TABLE", "legacy"},
                                                {"SQLITE_LOCK_EXPIRATION", "15"},
                                                {"SQLITE_LOCK_MAX_ATTEMPTS", "7"}}));
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->table, "legacy");
  EXPECT_EQ(c->lease, 15000ms);
  EXPECT_EQ(c->max_attempts, 7);
  auto n = lease_config_from_env(test::map_env({{"SQLITE_LOCK_DYNAMODB_TABLE", "legacy"},
                                                {"LITEWIRE_DYNAMODB_TABLE", "new"},
                                                {"SQLITE_LOCK_EXPIRATION", "15"},
                                                {"LITEWIRE_LEASE_MS", "4000"},
                                                {"LITEWIRE_DATABASE_ID", "prod"}}));
  ASSERT_TRUE(n.has_value());
  EXPECT_EQ(n->table, "new");
  EXPECT_EQ(n->lease, 4000ms);
  EXPECT_EQ(n->database_id, "prod");
  auto bad = lease_config_from_env(test::map_env({{"SQLITE_LOCK_EXPIRATION", "10s"}}));
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, protocol::sqlstate::kInvalidParameterValue);
  EXPECT_NE(bad.error().message.find("SQLITE_LOCK_EXPIRATION"), std::string::npos);
}

TEST(NoneLease, AlwaysValidFenceZero) {
  auto l = make_none_lease();
  auto f = l->acquire(std::chrono::steady_clock::now());
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(*f, 0u);
  EXPECT_TRUE(l->valid());
  l->release();
  EXPECT_TRUE(l->valid());
}

TEST(DynamoDbLeaseFactory, RejectsIncompleteConfiguration) {
  DynamoDbSettings s;
  s.endpoint = "http://127.0.0.1:1";
  s.credentials = make_static_credentials({"a", "b", "", {}});
  LeaseConfig c;
  c.database_id = "db";
  auto no_table = make_dynamodb_lease(c, s);
  ASSERT_FALSE(no_table.has_value());
  EXPECT_NE(no_table.error().message.find("table"), std::string::npos);
  c.table = "t";
  c.database_id.clear();
  EXPECT_FALSE(make_dynamodb_lease(c, s).has_value());
  c.database_id = "db";
  c.heartbeat = c.lease;  // heartbeat not before validity ends
  EXPECT_FALSE(make_dynamodb_lease(c, s).has_value());
  c.heartbeat = std::chrono::milliseconds(0);
  EXPECT_TRUE(make_dynamodb_lease(c, s).has_value());
}

}  // namespace
}  // namespace litewire::locking::aws
