// Leases against a real dynalite started on a free port. dynalite requires signed requests but
// does not verify signatures; the environment handed to the code under test holds dummy keys.
// Deadlines are generous and assertions are about outcomes, never about durations.

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>

#include "locking/dynamodb.h"
#include "locking/lease.h"
#include "tests/unit/locking/test_support.h"

namespace litewire::locking {
namespace {

using namespace std::chrono_literals;

// Wraps an HttpClient; once cut, every request fails as if the network were gone. Simulates a
// holder that stops heartbeating without releasing (crash, partition).
class CuttableTransport : public aws::HttpTransport {
 public:
  explicit CuttableTransport(std::shared_ptr<std::atomic<bool>> cut) : cut_(std::move(cut)) {}
  aws::HttpResult send(const aws::HttpRequest& r) override {
    if (cut_->load()) return aws::TransportError{aws::TransportErrorKind::kConnect, "cut by the test"};
    return inner_.send(r);
  }

 private:
  std::shared_ptr<std::atomic<bool>> cut_;
  aws::HttpClient inner_;
};

class Dynalite : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new test::Dynalite(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override {
    ASSERT_TRUE(server_->ready()) << "dynalite did not start (node " LITEWIRE_DYNALITE_CLI ")";
  }

  DynamoDbSettings settings() {
    auto env = test::map_env({{"AWS_ACCESS_KEY_ID", "dummy"},
                              {"AWS_SECRET_ACCESS_KEY", "dummy"},
                              {"AWS_REGION", "us-east-1"},
                              {"AWS_ENDPOINT_URL_DYNAMODB", server_->endpoint()},
                              {"AWS_EC2_METADATA_DISABLED", "true"},
                              {"HOME", "/nonexistent"}});
    auto s = dynamodb_settings_from_env(env);
    EXPECT_TRUE(s.has_value());
    return *s;
  }

  void ensure_table(const std::string& name) {
    auto r = create_table(settings(), name, 60s);
    ASSERT_TRUE(r.has_value()) << r.error().message;
  }

  LeaseConfig config(const std::string& table, const std::string& db, const std::string& owner) {
    LeaseConfig c;
    c.table = table;
    c.database_id = db;
    c.owner = owner;
    c.lease = 900ms;  // heartbeat 300 ms, margin 300 ms
    c.idle_release = 0ms;
    return c;
  }

  static test::Dynalite* server_;
};
test::Dynalite* Dynalite::server_ = nullptr;

TEST_F(Dynalite, CreateTableIsIdempotentAndActive) {
  ensure_table("locks_create");
  ensure_table("locks_create");  // exists: still success
  DynamoDbClient client(settings());
  auto d = client.call("DescribeTable", boost::json::object{{"TableName", "locks_create"}},
                       SteadyClock::now() + 30s);
  ASSERT_TRUE(d.has_value()) << d.error().message;
  EXPECT_EQ(d->at("Table").at("TableStatus"), "ACTIVE");
  EXPECT_EQ(d->at("Table").at("KeySchema").at(0).at("AttributeName"), "pk");
}

TEST_F(Dynalite, SecondLeaseIsBusyUntilTheFirstReleases) {
  ensure_table("locks_two");
  auto a = make_dynamodb_lease(config("locks_two", "db1", "host-a:1:aaaa"), settings());
  auto b = make_dynamodb_lease(config("locks_two", "db1", "host-b:2:bbbb"), settings());
  ASSERT_TRUE(a.has_value() && b.has_value());
  auto fa = (*a)->acquire(SteadyClock::now() + 30s);
  ASSERT_TRUE(fa.has_value()) << fa.error().message;
  EXPECT_TRUE((*a)->valid());

  auto busy = (*b)->acquire(SteadyClock::now() + 2500ms);  // > 2 leases: a heartbeats through it
  ASSERT_FALSE(busy.has_value());
  EXPECT_EQ(busy.error().code, protocol::sqlstate::kLockNotAvailable);
  EXPECT_NE(busy.error().message.find("host-a:1:aaaa"), std::string::npos) << busy.error().message;
  EXPECT_EQ((*b)->describe_holder(), "host-a:1:aaaa");
  EXPECT_TRUE((*a)->valid());
  EXPECT_EQ((*a)->fence(), *fa);

  (*a)->release();
  EXPECT_FALSE((*a)->valid());
  auto fb = (*b)->acquire(SteadyClock::now() + 30s);
  ASSERT_TRUE(fb.has_value()) << fb.error().message;
  EXPECT_GT(*fb, *fa);
  EXPECT_TRUE((*b)->valid());
}

TEST_F(Dynalite, HolderThatStopsHeartbeatingIsTakenOver) {
  ensure_table("locks_takeover");
  auto cut = std::make_shared<std::atomic<bool>>(false);
  auto a = make_dynamodb_lease(config("locks_takeover", "db1", "host-a:1:dead"), settings(),
                               std::make_unique<CuttableTransport>(cut));
  auto b = make_dynamodb_lease(config("locks_takeover", "db1", "host-b:2:live"), settings());
  ASSERT_TRUE(a.has_value() && b.has_value());
  std::mutex mu;
  std::condition_variable cv;
  bool lost = false;
  (*a)->on_lost([&] {
    std::lock_guard lock(mu);
    lost = true;
    cv.notify_all();
  });
  auto fa = (*a)->acquire(SteadyClock::now() + 30s);
  ASSERT_TRUE(fa.has_value()) << fa.error().message;
  cut->store(true);  // a's heartbeats and release now fail: the item keeps its last rvn

  auto fb = (*b)->acquire(SteadyClock::now() + 60s);
  ASSERT_TRUE(fb.has_value()) << fb.error().message;
  EXPECT_GT(*fb, *fa);
  // The invariant: by the time b holds the lease, a no longer believes it does.
  EXPECT_FALSE((*a)->valid());
  std::unique_lock lock(mu);
  EXPECT_TRUE(cv.wait_for(lock, 60s, [&] { return lost; }));
}

TEST_F(Dynalite, LeasesOnDifferentDatabasesDoNotContend) {
  ensure_table("locks_multi");
  auto a = make_dynamodb_lease(config("locks_multi", "db1", "a"), settings());
  auto b = make_dynamodb_lease(config("locks_multi", "db2", "b"), settings());
  ASSERT_TRUE(a.has_value() && b.has_value());
  EXPECT_TRUE((*a)->acquire(SteadyClock::now() + 30s).has_value());
  EXPECT_TRUE((*b)->acquire(SteadyClock::now() + 30s).has_value());
}

TEST_F(Dynalite, MissingTableFailsAtOnceWithItsOwnMessage) {
  auto a = make_dynamodb_lease(config("no_such_table", "db1", "a"), settings());
  ASSERT_TRUE(a.has_value());
  auto r = (*a)->acquire(SteadyClock::now() + 30s);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, protocol::sqlstate::kUndefinedTable);
  EXPECT_NE(r.error().message.find("no_such_table"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("does not exist"), std::string::npos) << r.error().message;
}

TEST_F(Dynalite, UnreachableEndpointFailsAtOnceWithItsOwnMessage) {
  auto s = settings();
  s.endpoint = "http://127.0.0.1:" + std::to_string(test::free_port());
  auto a = make_dynamodb_lease(config("locks", "db1", "a"), s);
  ASSERT_TRUE(a.has_value());
  auto r = (*a)->acquire(SteadyClock::now() + 30s);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, protocol::sqlstate::kConnectionFailure);
  EXPECT_NE(r.error().message.find("unreachable"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace litewire::locking
