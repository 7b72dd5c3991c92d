#include "locking/lease.h"

#include <unistd.h>

#include <atomic>
#include <charconv>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <random>
#include <thread>

#include "locking/lease_state.h"
#include "locking/log.h"

namespace litewire::locking {

using protocol::PgError;
using protocol::Result;
namespace sqlstate = protocol::sqlstate;
namespace json = boost::json;
using std::chrono::milliseconds;

Lease::~Lease() = default;

namespace {

class NoneLease final : public Lease {
 public:
  Result<uint64_t> acquire(SteadyClock::time_point) override { return uint64_t{0}; }
  bool valid() const override { return true; }
  uint64_t fence() const override { return 0; }
  void release() override {}
  void on_lost(std::function<void()>) override {}
  void touch() override {}
  std::string describe_holder() const override { return "this instance (local mode)"; }
};

// The lease item in DynamoDB. Every expression names its attributes through #placeholders
// (OWNER is a DynamoDB reserved word) and uses exactly the names and values it declares:
// DynamoDB rejects unused ones with a ValidationException.
class DynamoStore final : public LeaseStore {
 public:
  DynamoStore(std::unique_ptr<DynamoDbClient> client, std::string table, std::string database_id)
      : client_(std::move(client)),
        table_(std::move(table)),
        pk_("litewire#" + database_id),
        context_("lease table \"" + table_ + "\" at " + client_->settings().endpoint) {}

  StoreResult<std::optional<uint64_t>> grant(const GrantRequest& r, SteadyClock::time_point deadline) override {
    json::object names{{"#owner", "owner"}, {"#rvn", "rvn"}, {"#lease", "lease_ms"},
                       {"#released", "released"}, {"#fence", "fence"}};
    json::object values{{":owner", s(r.owner)}, {":rvn", s(r.new_rvn)},
                        {":lease", n(static_cast<uint64_t>(r.lease.count()))},
                        {":false", json::object{{"BOOL", false}}}, {":one", n(1)}};
    std::string condition;
    switch (r.kind) {
      case GrantKind::kFree:
        names["#pk"] = "pk";
        values[":true"] = json::object{{"BOOL", true}};
        condition = "attribute_not_exists(#pk) OR #released = :true";
        break;
      case GrantKind::kTakeOver:
        values[":expected_rvn"] = s(r.expected_rvn);
        condition = "#rvn = :expected_rvn";
        break;
      case GrantKind::kReclaim:
        values[":expected_fence"] = n(r.expected_fence);
        condition = "#owner = :owner AND #fence = :expected_fence";
        break;
    }
    names["#waiting"] = "waiting";
    json::object req = update(
        "SET #owner = :owner, #rvn = :rvn, #lease = :lease, #released = :false ADD #fence :one "
        "REMOVE #waiting",
        condition, std::move(names), std::move(values));
    req["ReturnValues"] = "UPDATED_NEW";
    auto resp = client_->call("UpdateItem", req, deadline);
    if (!resp) {
      if (resp.error().kind == DynamoErrorKind::kConditionalCheckFailed) return std::optional<uint64_t>();
      return store_error(resp.error());
    }
    uint64_t fence = 0;
    if (auto a = resp->if_contains("Attributes"); a && a->is_object()) fence = number(a->as_object(), "fence");
    if (fence == 0) {
      return StoreError(false, PgError(sqlstate::kSystemError,
                                       context_ + ": UpdateItem did not return the new fence"));
    }
    return std::optional<uint64_t>(fence);
  }

  StoreResult<Renewal> renew(const std::string& owner, uint64_t fence, const std::string& new_rvn,
                             SteadyClock::time_point deadline) override {
    json::object req = update(
        "SET #rvn = :rvn", "#owner = :owner AND #fence = :fence AND #released = :false",
        {{"#rvn", "rvn"}, {"#owner", "owner"}, {"#fence", "fence"}, {"#released", "released"}},
        {{":rvn", s(new_rvn)}, {":owner", s(owner)}, {":fence", n(fence)},
         {":false", json::object{{"BOOL", false}}}});
    req["ReturnValues"] = "ALL_NEW";
    auto resp = client_->call("UpdateItem", req, deadline);
    if (!resp) {
      if (resp.error().kind == DynamoErrorKind::kConditionalCheckFailed) return Renewal(false);
      return store_error(resp.error());
    }
    std::string waiting;
    if (auto a = resp->if_contains("Attributes"); a && a->is_object()) waiting = string(a->as_object(), "waiting");
    return Renewal(true, !waiting.empty() && waiting != owner);
  }

  StoreResult<bool> mark_waiting(const std::string& owner, SteadyClock::time_point deadline) override {
    json::object req = update(
        "SET #waiting = :owner",
        "attribute_exists(#pk) AND #owner <> :owner AND #released = :false AND attribute_not_exists(#waiting)",
        {{"#waiting", "waiting"}, {"#pk", "pk"}, {"#owner", "owner"}, {"#released", "released"}},
        {{":owner", s(owner)}, {":false", json::object{{"BOOL", false}}}});
    return conditional(req, deadline);
  }

  StoreResult<bool> release(const std::string& owner, uint64_t fence,
                            SteadyClock::time_point deadline) override {
    json::object req = update("SET #released = :true", "#owner = :owner AND #fence = :fence",
                              {{"#released", "released"}, {"#owner", "owner"}, {"#fence", "fence"}},
                              {{":true", json::object{{"BOOL", true}}}, {":owner", s(owner)},
                               {":fence", n(fence)}});
    return conditional(req, deadline);
  }

  StoreResult<LeaseRecord> read(SteadyClock::time_point deadline) override {
    json::object req{{"TableName", table_}, {"Key", key()}, {"ConsistentRead", true}};
    auto resp = client_->call("GetItem", req, deadline);
    if (!resp) return store_error(resp.error());
    LeaseRecord rec;
    auto item = resp->if_contains("Item");
    if (!item || !item->is_object()) return rec;
    const auto& o = item->as_object();
    rec.exists = true;
    rec.owner = string(o, "owner");
    rec.rvn = string(o, "rvn");
    rec.fence = number(o, "fence");
    rec.lease = milliseconds(number(o, "lease_ms"));
    rec.waiting = string(o, "waiting");
    if (auto r = o.if_contains("released"); r && r->is_object()) {
      auto b = r->as_object().if_contains("BOOL");
      rec.released = b && b->is_bool() && b->as_bool();
    }
    return rec;
  }

  std::string describe() const override {
    return "DynamoDB table \"" + table_ + "\", item " + pk_;
  }

 private:
  static json::object s(std::string_view v) { return json::object{{"S", v}}; }
  static json::object n(uint64_t v) { return json::object{{"N", std::to_string(v)}}; }
  static std::string string(const json::object& o, const char* k) {
    auto a = o.if_contains(k);
    if (!a || !a->is_object()) return {};
    auto v = a->as_object().if_contains("S");
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
  }
  static uint64_t number(const json::object& o, const char* k) {
    auto a = o.if_contains(k);
    if (!a || !a->is_object()) return 0;
    auto v = a->as_object().if_contains("N");
    if (!v || !v->is_string()) return 0;
    uint64_t out = 0;
    std::string_view t = v->as_string();
    std::from_chars(t.data(), t.data() + t.size(), out);
    return out;
  }
  json::object key() const { return json::object{{"pk", s(pk_)}}; }
  json::object update(std::string_view expr, std::string_view cond, json::object names,
                      json::object values) const {
    return json::object{{"TableName", table_},
                        {"Key", key()},
                        {"UpdateExpression", expr},
                        {"ConditionExpression", cond},
                        {"ExpressionAttributeNames", std::move(names)},
                        {"ExpressionAttributeValues", std::move(values)}};
  }
  StoreResult<bool> conditional(const json::object& req, SteadyClock::time_point deadline) {
    auto resp = client_->call("UpdateItem", req, deadline);
    if (resp) return true;
    if (resp.error().kind == DynamoErrorKind::kConditionalCheckFailed) return false;
    return store_error(resp.error());
  }
  StoreError store_error(const DynamoError& e) const {
    return StoreError(e.retryable(), e.to_pg_error("could not use " + context_));
  }

  std::unique_ptr<DynamoDbClient> client_;
  std::string table_;
  std::string pk_;
  std::string context_;
};

int64_t ticks(SteadyClock::time_point t) { return t.time_since_epoch().count(); }

class DynamoLease final : public Lease {
 public:
  DynamoLease(LeaseParams params, std::unique_ptr<DynamoStore> store)
      : store_(std::move(store)),
        rng_(std::random_device{}()),
        machine_(std::move(params), *store_, [] { return SteadyClock::now(); },
                 [this] { return rng_(); }) {
    heartbeat_ = std::thread([this] { run_heartbeat(); });
  }

  ~DynamoLease() override {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    heartbeat_.join();
    std::lock_guard lock(mu_);
    machine_.release();
  }

  Result<uint64_t> acquire(SteadyClock::time_point deadline) override {
    if (valid()) return fence_.load();
    std::unique_lock lock(mu_);
    machine_.touch(SteadyClock::time_point(SteadyClock::duration(last_touch_.load())));
    // Waiting releases mu_, so the heartbeat thread is never blocked by a waiting acquirer.
    auto r = machine_.acquire(deadline, [&](SteadyClock::time_point t) {
      cv_.wait_until(lock, t, [&] { return stop_; });
    });
    publish();
    lock.unlock();
    cv_.notify_all();  // the heartbeat thread starts renewing
    return r;
  }

  bool valid() const override {
    return held_.load() && ticks(SteadyClock::now()) < valid_until_.load();
  }
  uint64_t fence() const override { return fence_.load(); }

  void release() override {
    std::lock_guard lock(mu_);
    machine_.release();
    publish();
  }

  void on_lost(std::function<void()> cb) override {
    std::lock_guard lock(cb_mu_);
    lost_cb_ = std::move(cb);
  }

  void touch() override { last_touch_.store(ticks(SteadyClock::now())); }

  bool others_waiting() const override { return others_waiting_.load(); }

  void hold(bool open) override {
    if (busy_.exchange(open) == open) return;
    if (open) {
      // A tick that read busy_ = false just before may be releasing for idleness right now;
      // wait for it (it holds mu_) so that the writer's next valid() sees the outcome.
      std::lock_guard lock(mu_);
      return;
    }
    touch();  // idle from now on
    recompute_.store(true);
    cv_.notify_all();  // the heartbeat thread recomputes when idle release is due
  }

  void yield() override {
    std::lock_guard lock(mu_);
    machine_.yield();
    publish();
  }

  std::string describe_holder() const override {
    std::lock_guard lock(holder_mu_);
    return holder_;
  }

 private:
  // Called under mu_: copies what lock-free readers need.
  void publish() {
    held_.store(machine_.held());
    valid_until_.store(ticks(machine_.valid_until()));
    fence_.store(machine_.fence());
    others_waiting_.store(machine_.others_waiting());
    std::lock_guard lock(holder_mu_);
    if (machine_.held()) {
      holder_ = "this instance (" + machine_.params().owner + "), fence " + std::to_string(machine_.fence());
    } else {
      holder_ = machine_.holder();
    }
  }

  void run_heartbeat() {
    std::unique_lock lock(mu_);
    while (!stop_) {
      machine_.touch(SteadyClock::time_point(SteadyClock::duration(last_touch_.load())));
      machine_.set_busy(busy_.load());
      auto t = machine_.tick();
      publish();
      if (t.outcome == LeaseMachine::TickOutcome::kLost) {
        std::function<void()> cb;
        {
          std::lock_guard cb_lock(cb_mu_);
          cb = lost_cb_;
        }
        lock.unlock();
        if (cb) cb();
        lock.lock();
        continue;
      }
      if (!machine_.held()) {
        cv_.wait(lock, [&] { return stop_ || machine_.held(); });
      } else {
        cv_.wait_until(lock, t.next, [&] { return stop_ || recompute_.exchange(false); });
      }
    }
  }

  std::unique_ptr<DynamoStore> store_;
  std::mt19937_64 rng_;  // under mu_
  mutable std::mutex mu_;
  std::condition_variable cv_;
  LeaseMachine machine_;  // under mu_
  bool stop_ = false;     // under mu_
  std::thread heartbeat_;

  std::atomic<bool> held_{false};
  std::atomic<int64_t> valid_until_{0};
  std::atomic<uint64_t> fence_{0};
  std::atomic<bool> others_waiting_{false};
  std::atomic<bool> busy_{false};
  std::atomic<bool> recompute_{false};
  std::atomic<int64_t> last_touch_{0};

  std::mutex cb_mu_;
  std::function<void()> lost_cb_;
  mutable std::mutex holder_mu_;
  std::string holder_;
};

Result<std::optional<int64_t>> env_int(const aws::EnvLookup& env, std::string_view name) {
  auto v = env(name);
  if (!v || v->empty()) return std::optional<int64_t>();
  int64_t out = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  if (ec != std::errc() || p != v->data() + v->size() || out < 0) {
    return PgError(sqlstate::kInvalidParameterValue,
                   "invalid value for " + std::string(name) + ": \"" + *v + "\"")
        .with_hint("expected a non-negative integer");
  }
  return std::optional<int64_t>(out);
}

}  // namespace

std::unique_ptr<Lease> make_none_lease() { return std::make_unique<NoneLease>(); }

std::string default_owner() {
  char host[256] = {0};
  if (gethostname(host, sizeof host - 1) != 0) std::snprintf(host, sizeof host, "unknown");
  char buf[320];
  std::snprintf(buf, sizeof buf, "%s:%d:%08x", host, static_cast<int>(getpid()),
                static_cast<unsigned>(std::random_device{}()));
  return buf;
}

Result<std::unique_ptr<Lease>> make_dynamodb_lease(LeaseConfig config, DynamoDbSettings settings,
                                                   std::unique_ptr<aws::HttpTransport> transport) {
  if (config.table.empty()) {
    return PgError(sqlstate::kInvalidParameterValue, "shared mode needs a DynamoDB table")
        .with_hint("set --dynamodb-table or LITEWIRE_DYNAMODB_TABLE");
  }
  if (config.database_id.empty()) {
    return PgError(sqlstate::kInvalidParameterValue, "shared mode needs a database id")
        .with_hint("set --database-id or LITEWIRE_DATABASE_ID");
  }
  if (settings.endpoint.empty()) {
    return PgError(sqlstate::kInvalidParameterValue, "no DynamoDB endpoint or AWS region configured");
  }
  if (!settings.credentials) {
    return PgError(sqlstate::kInvalidAuthorizationSpecification, "no AWS credentials provider given");
  }
  LeaseParams p;
  p.owner = config.owner.empty() ? default_owner() : config.owner;
  p.database_id = config.database_id;
  p.lease = config.lease;
  p.heartbeat = config.heartbeat;
  p.idle_release = config.idle_release;
  p.max_attempts = config.max_attempts;
  LITEWIRE_TRY_ASSIGN(params, normalize(p));
  auto client = std::make_unique<DynamoDbClient>(std::move(settings), std::move(transport));
  auto store = std::make_unique<DynamoStore>(std::move(client), config.table, config.database_id);
  return std::unique_ptr<Lease>(std::make_unique<DynamoLease>(std::move(params), std::move(store)));
}

Result<LeaseConfig> lease_config_from_env(const aws::EnvLookup& env, LeaseConfig c) {
  auto str = [&env](std::string_view name) -> std::optional<std::string> {
    auto v = env(name);
    if (v && !v->empty()) return v;
    return std::nullopt;
  };
  if (auto t = str("LITEWIRE_DYNAMODB_TABLE")) {
    c.table = *t;
  } else if (auto legacy = str("SQLITE_LOCK_DYNAMODB_TABLE")) {
    c.table = *legacy;
  }
  if (auto id = str("LITEWIRE_DATABASE_ID")) c.database_id = *id;
  LITEWIRE_TRY_ASSIGN(lease_ms, env_int(env, "LITEWIRE_LEASE_MS"));
  LITEWIRE_TRY_ASSIGN(expiration_s, env_int(env, "SQLITE_LOCK_EXPIRATION"));
  if (lease_ms) {
    c.lease = milliseconds(*lease_ms);
  } else if (expiration_s) {
    c.lease = milliseconds(*expiration_s * 1000);
  }
  LITEWIRE_TRY_ASSIGN(attempts, env_int(env, "SQLITE_LOCK_MAX_ATTEMPTS"));
  if (attempts) c.max_attempts = static_cast<int>(*attempts);
  return c;
}

}  // namespace litewire::locking
