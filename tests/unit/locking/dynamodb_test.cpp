// The DynamoDB client against a scripted transport (classification, retries, request shape)
// and against a closed port (unreachable endpoint).

#include "locking/dynamodb.h"

#include <gtest/gtest.h>

#include <deque>

#include "tests/unit/locking/test_support.h"

namespace litewire::locking {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;

struct Script {
  std::deque<aws::HttpResult> answers;
  std::vector<aws::HttpRequest> seen;
};

class ScriptedTransport : public aws::HttpTransport {
 public:
  explicit ScriptedTransport(Script& s) : s_(s) {}
  aws::HttpResult send(const aws::HttpRequest& r) override {
    s_.seen.push_back(r);
    if (s_.answers.empty()) return aws::HttpResponse{200, {}, "{}"};
    auto a = s_.answers.front();
    s_.answers.pop_front();
    return a;
  }

 private:
  Script& s_;
};

aws::HttpResponse error_response(long status, std::string type, std::string message) {
  json::object o{{"__type", "com.amazonaws.dynamodb.v20120810#" + type}, {"message", message}};
  return aws::HttpResponse{status, {}, json::serialize(o)};
}

struct FakeTime {
  SteadyClock::time_point now = SteadyClock::time_point{} + 100h;
  std::vector<std::chrono::milliseconds> sleeps;
  ClientHooks hooks() {
    ClientHooks h;
    h.now = [this] { return now; };
    h.sleep = [this](std::chrono::milliseconds d) {
      sleeps.push_back(d);
      now += d;
    };
    h.random = [] { return uint64_t{0xdeadbeefcafe}; };
    h.wall_now = [] { return std::chrono::system_clock::from_time_t(1440938160); };
    return h;
  }
};

DynamoDbSettings settings(std::string endpoint = "http://127.0.0.1:9/") {
  DynamoDbSettings s;
  s.endpoint = std::move(endpoint);
  s.region = "us-east-1";
  s.credentials = aws::make_static_credentials({"AKIDEXAMPLE", "secret", "", {}});
  return s;
}

TEST(DynamoErrors, ClassifiedByType) {
  struct Case {
    long status;
    const char* type;
    DynamoErrorKind kind;
    bool retryable;
  };
  for (const auto& c : std::vector<Case>{
           {400, "ConditionalCheckFailedException", DynamoErrorKind::kConditionalCheckFailed, false},
           {400, "ProvisionedThroughputExceededException", DynamoErrorKind::kThrottled, true},
           {400, "ThrottlingException", DynamoErrorKind::kThrottled, true},
           {400, "RequestLimitExceeded", DynamoErrorKind::kThrottled, true},
           {500, "InternalServerError", DynamoErrorKind::kServerError, true},
           {503, "", DynamoErrorKind::kServerError, true},
           {400, "ResourceNotFoundException", DynamoErrorKind::kTableNotFound, false},
           {400, "UnrecognizedClientException", DynamoErrorKind::kBadCredentials, false},
           {400, "InvalidSignatureException", DynamoErrorKind::kBadCredentials, false},
           {400, "ExpiredTokenException", DynamoErrorKind::kBadCredentials, false},
           {400, "ValidationException", DynamoErrorKind::kValidation, false},
           {400, "AccessDeniedException", DynamoErrorKind::kAccessDenied, false},
       }) {
    auto body = c.type[0] ? json::serialize(json::object{
                                {"__type", std::string("com.amazonaws.dynamodb.v20120810#") + c.type},
                                {"message", "m"}})
                          : std::string("not json");
    auto e = classify_dynamo_error(c.status, body);
    EXPECT_EQ(e.kind, c.kind) << c.type;
    EXPECT_EQ(e.retryable(), c.retryable) << c.type;
  }
}

TEST(DynamoErrors, PgErrorsSayWhich) {
  auto missing = classify_dynamo_error(400, R"({"__type":"x#ResourceNotFoundException","message":"Requested resource not found"})");
  auto pg = missing.to_pg_error("could not use lease table \"t\"");
  EXPECT_EQ(pg.code, protocol::sqlstate::kUndefinedTable);
  EXPECT_NE(pg.message.find("does not exist"), std::string::npos);
  EXPECT_NE(pg.message.find("lease table \"t\""), std::string::npos);
  auto creds = classify_dynamo_error(400, R"({"__type":"x#UnrecognizedClientException","Message":"The security token included in the request is invalid."})");
  EXPECT_EQ(creds.to_pg_error("c").code, protocol::sqlstate::kInvalidAuthorizationSpecification);
  EXPECT_NE(creds.message.find("security token"), std::string::npos);
}

TEST(Backoff, FullJitterStaysUnderTheExponentialCeiling) {
  EXPECT_EQ(full_jitter_backoff(0, 25ms, 1000ms, 0), 0ms);
  EXPECT_EQ(full_jitter_backoff(0, 25ms, 1000ms, 25), 25ms);
  EXPECT_EQ(full_jitter_backoff(0, 25ms, 1000ms, 26), 0ms);  // 26 % 26
  EXPECT_EQ(full_jitter_backoff(3, 25ms, 1000ms, 200), 200ms);
  EXPECT_EQ(full_jitter_backoff(3, 25ms, 1000ms, 201), 0ms);  // ceiling 200
  EXPECT_EQ(full_jitter_backoff(20, 25ms, 1000ms, 1000), 1000ms);  // capped
  EXPECT_EQ(full_jitter_backoff(20, 25ms, 1000ms, 1001), 0ms);
}

TEST(DynamoDbClient, SendsASignedJson10Request) {
  Script script;
  script.answers.push_back(aws::HttpResponse{200, {}, R"({"Item":{"pk":{"S":"x"}}})"});
  FakeTime t;
  DynamoDbClient client(settings("http://127.0.0.1:8000"), std::make_unique<ScriptedTransport>(script), t.hooks());
  auto r = client.call("GetItem", json::object{{"TableName", "locks"}}, t.now + 1s);
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->contains("Item"));
  ASSERT_EQ(script.seen.size(), 1u);
  const auto& req = script.seen[0];
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(req.url, "http://127.0.0.1:8000");
  EXPECT_EQ(json::parse(req.body), json::parse(R"({"TableName":"locks"})"));
  std::map<std::string, std::string> h(req.headers.begin(), req.headers.end());
  EXPECT_EQ(h["X-Amz-Target"], "DynamoDB_20120810.GetItem");
  EXPECT_EQ(h["Content-Type"], "application/x-amz-json-1.0");
  EXPECT_EQ(h["X-Amz-Date"], "20150830T123600Z");
  EXPECT_EQ(h["Authorization"].rfind(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/dynamodb/aws4_request, "
                "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=", 0),
            0u)
      << h["Authorization"];
}

TEST(DynamoDbClient, ThrottlingIsRetriedWithBackoff) {
  Script script;
  script.answers.push_back(error_response(400, "ThrottlingException", "slow down"));
  script.answers.push_back(error_response(500, "InternalServerError", "oops"));
  script.answers.push_back(aws::HttpResponse{200, {}, R"({"ok":1})"});
  FakeTime t;
  DynamoDbClient client(settings(), std::make_unique<ScriptedTransport>(script), t.hooks());
  auto r = client.call("UpdateItem", {}, t.now + 10s);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(client.attempts_of_last_call(), 3);
  ASSERT_EQ(t.sleeps.size(), 2u);
  EXPECT_LE(t.sleeps[0], 25ms);
  EXPECT_LE(t.sleeps[1], 50ms);
}

TEST(DynamoDbClient, ThrottlingGivesUpAtTheDeadline) {
  Script script;
  for (int i = 0; i < 1000; ++i) script.answers.push_back(error_response(400, "ProvisionedThroughputExceededException", "x"));
  FakeTime t;
  auto start = t.now;
  DynamoDbClient client(settings(), std::make_unique<ScriptedTransport>(script), t.hooks());
  auto r = client.call("UpdateItem", {}, start + 2s);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, DynamoErrorKind::kThrottled);
  EXPECT_NE(r.error().message.find("deadline"), std::string::npos);
  EXPECT_LE(t.now, start + 2s);
  EXPECT_GT(client.attempts_of_last_call(), 3);
}

// Hands out numbered credentials; invalidate() makes the next get() fetch new ones.
class RotatingCredentials : public aws::CredentialsProvider {
 public:
  protocol::Result<aws::Credentials> get() override {
    return aws::Credentials{"ASIA" + std::to_string(generation), "secret", "token", {}};
  }
  void invalidate() override { ++generation; }
  int generation = 1;
};

TEST(DynamoDbClient, ExpiredTokenFetchesFreshCredentialsAndRetriesOnce) {
  Script script;
  script.answers.push_back(error_response(400, "ExpiredTokenException", "The security token included in the request is expired"));
  script.answers.push_back(aws::HttpResponse{200, {}, R"({"ok":1})"});
  FakeTime t;
  auto s = settings();
  auto creds = std::make_shared<RotatingCredentials>();
  s.credentials = creds;
  DynamoDbClient client(s, std::make_unique<ScriptedTransport>(script), t.hooks());
  auto r = client.call("UpdateItem", {}, t.now + 10s);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(creds->generation, 2);
  ASSERT_EQ(script.seen.size(), 2u);
  auto auth = [](const aws::HttpRequest& q) {
    for (const auto& [k, v] : q.headers) {
      if (k == "Authorization") return v;
    }
    return std::string();
  };
  EXPECT_NE(auth(script.seen[0]).find("Credential=ASIA1/"), std::string::npos);
  EXPECT_NE(auth(script.seen[1]).find("Credential=ASIA2/"), std::string::npos);
  EXPECT_TRUE(t.sleeps.empty());  // no backoff: fresh credentials are not a busy server

  // Refused again with the fresh ones: reported (28000-class), not retried forever.
  script.answers.push_back(error_response(400, "ExpiredTokenException", "expired"));
  script.answers.push_back(error_response(400, "ExpiredTokenException", "still expired"));
  auto again = client.call("UpdateItem", {}, t.now + 10s);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().kind, DynamoErrorKind::kBadCredentials);
  EXPECT_EQ(client.attempts_of_last_call(), 2);
}

TEST(DynamoDbClient, MissingTableFailsAtOnce) {
  Script script;
  script.answers.push_back(error_response(400, "ResourceNotFoundException", "Requested resource not found"));
  FakeTime t;
  DynamoDbClient client(settings(), std::make_unique<ScriptedTransport>(script), t.hooks());
  auto r = client.call("GetItem", {}, t.now + 10s);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, DynamoErrorKind::kTableNotFound);
  EXPECT_EQ(client.attempts_of_last_call(), 1);
  EXPECT_TRUE(t.sleeps.empty());
}

TEST(DynamoDbClient, UnreachableEndpointFailsAtOnceAndSaysSo) {
  const int port = test::free_port();  // nobody listens: connection refused
  const std::string endpoint = "http://127.0.0.1:" + std::to_string(port);
  DynamoDbClient client(settings(endpoint));
  auto r = client.call("GetItem", {}, SteadyClock::now() + 30s);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, DynamoErrorKind::kUnreachable);
  EXPECT_NE(r.error().message.find("unreachable"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find(endpoint), std::string::npos) << r.error().message;
  EXPECT_EQ(client.attempts_of_last_call(), 1);
  EXPECT_EQ(r.error().to_pg_error("x").code, protocol::sqlstate::kConnectionFailure);
}

TEST(DynamoDbClient, UnresolvableHostIsUnreachable) {
  DynamoDbClient client(settings("http://no-such-host.invalid"));
  auto r = client.call("GetItem", {}, SteadyClock::now() + 30s);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, DynamoErrorKind::kUnreachable) << r.error().message;
}

TEST(DynamoDbSettings, FromEnvironment) {
  auto s = dynamodb_settings_from_env(test::map_env({{"AWS_REGION", "eu-west-1"}, {"HOME", "/nonexistent"}}));
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->endpoint, "https://dynamodb.eu-west-1.amazonaws.com");
  EXPECT_EQ(s->region, "eu-west-1");
  auto local = dynamodb_settings_from_env(
      test::map_env({{"AWS_ENDPOINT_URL", "http://a:1"}, {"AWS_ENDPOINT_URL_DYNAMODB", "http://b:2"},
                     {"HOME", "/nonexistent"}}));
  ASSERT_TRUE(local.has_value());
  EXPECT_EQ(local->endpoint, "http://b:2");
  EXPECT_EQ(local->region, "us-east-1");
  auto none = dynamodb_settings_from_env(test::map_env({{"HOME", "/nonexistent"}}));
  ASSERT_FALSE(none.has_value());
  EXPECT_EQ(none.error().code, protocol::sqlstate::kInvalidParameterValue);
}

}  // namespace
}  // namespace litewire::locking
