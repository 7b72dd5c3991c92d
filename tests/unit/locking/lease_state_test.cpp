// The lease state machine against a fake clock and an in-memory store that evaluates the same
// conditions DynamoDB does. Faults a real server cannot produce on demand (throttling bursts,
// lost answers, paused processes) are injected here.

#include "locking/lease_state.h"

#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <memory>
#include <random>

namespace litewire::locking {
namespace {

using namespace std::chrono_literals;
using std::chrono::milliseconds;
using TP = SteadyClock::time_point;

struct FakeClock {
  TP now = TP{} + 1000h;  // far from the epoch so "time_point{}" never looks recent
  void advance(milliseconds d) { now += d; }
};

class FakeStore : public LeaseStore {
 public:
  LeaseRecord item;
  std::deque<StoreError> fail_next;  // consumed one per call, before the call takes effect
  bool lose_next_grant_answer = false;
  bool lose_next_renew_answer = false;  // applied, but the caller sees a timeout
  int grants = 0, renews = 0, releases = 0, reads = 0, waits = 0;

  StoreResult<std::optional<uint64_t>> grant(const GrantRequest& r, TP) override {
    ++grants;
    if (auto f = fault()) return *f;
    bool ok = false;
    switch (r.kind) {
      case GrantKind::kFree: ok = !item.exists || item.released; break;
      case GrantKind::kTakeOver: ok = item.exists && item.rvn == r.expected_rvn; break;
      case GrantKind::kReclaim:
        ok = item.exists && item.owner == r.owner && item.fence == r.expected_fence;
        break;
    }
    if (!ok) return std::optional<uint64_t>();
    item.exists = true;
    item.owner = r.owner;
    item.rvn = r.new_rvn;
    item.lease = r.lease;
    item.released = false;
    item.waiting.clear();
    item.fence += 1;
    if (lose_next_grant_answer) {
      lose_next_grant_answer = false;
      return StoreError{true, protocol::PgError(protocol::sqlstate::kLockNotAvailable, "timeout")};
    }
    return std::optional<uint64_t>(item.fence);
  }
  StoreResult<Renewal> renew(const std::string& owner, uint64_t fence, const std::string& rvn,
                             TP) override {
    ++renews;
    if (auto f = fault()) return *f;
    if (!item.exists || item.owner != owner || item.fence != fence || item.released) return Renewal(false);
    item.rvn = rvn;
    if (lose_next_renew_answer) {
      lose_next_renew_answer = false;
      return StoreError{true, protocol::PgError(protocol::sqlstate::kLockNotAvailable, "timeout")};
    }
    return Renewal(true, !item.waiting.empty() && item.waiting != owner);
  }
  StoreResult<bool> mark_waiting(const std::string& owner, TP) override {
    ++waits;
    if (auto f = fault()) return *f;
    if (!item.exists || item.released || item.owner == owner || !item.waiting.empty()) return false;
    item.waiting = owner;
    return true;
  }
  StoreResult<bool> release(const std::string& owner, uint64_t fence, TP) override {
    ++releases;
    if (auto f = fault()) return *f;
    if (!item.exists || item.owner != owner || item.fence != fence) return false;
    item.released = true;
    return true;
  }
  StoreResult<LeaseRecord> read(TP) override {
    ++reads;
    if (auto f = fault()) return *f;
    return item;
  }
  std::string describe() const override { return "fake store"; }

 private:
  std::optional<StoreError> fault() {
    if (fail_next.empty()) return std::nullopt;
    auto e = fail_next.front();
    fail_next.pop_front();
    return e;
  }
};

StoreError throttled() {
  return {true, protocol::PgError(protocol::sqlstate::kLockNotAvailable,
                                  "DynamoDB throttled the request (ThrottlingException)")};
}

// Several machines on one fake clock and one store. A machine "runs" its heartbeat thread when
// alive; a dead or paused one is simply not ticked.
class World {
 public:
  FakeClock clock;
  FakeStore store;
  std::mt19937_64 rng{42};

  LeaseMachine& add(const std::string& owner, LeaseParams p = {}) {
    p.owner = owner;
    p.database_id = "db1";
    auto n = normalize(p);
    EXPECT_TRUE(n.has_value());
    machines_.push_back(std::make_unique<LeaseMachine>(
        *n, store, [this] { return clock.now; }, [this] { return rng(); }));
    alive_.push_back(true);
    return *machines_.back();
  }
  void set_alive(const LeaseMachine& m, bool alive) { alive_[index(m)] = alive; }

  // Advances the clock to `t`, ticking every live machine whenever its tick is due.
  void run_until(TP t, const LeaseMachine* except = nullptr) {
    while (clock.now < t) {
      TP next = t;
      for (size_t i = 0; i < machines_.size(); ++i) {
        if (!alive_[i] || machines_[i].get() == except || !machines_[i]->held()) continue;
        next = std::min(next, next_tick_[machines_[i].get()]);
      }
      if (next > clock.now) clock.now = next;
      for (size_t i = 0; i < machines_.size(); ++i) {
        auto* m = machines_[i].get();
        if (!alive_[i] || m == except || !m->held()) continue;
        if (next_tick_[m] <= clock.now) {
          auto r = m->tick();
          outcomes_[m].push_back(r.outcome);
          next_tick_[m] = r.next;
        }
      }
    }
  }
  // Keeps a live machine's writes coming (touch) so idle release does not kick in.
  void touch_all() {
    for (auto& m : machines_) m->touch(clock.now);
  }
  protocol::Result<uint64_t> acquire(LeaseMachine& m, milliseconds budget) {
    auto r = m.acquire(clock.now + budget, [&](TP t) { run_until(t, &m); });
    if (r) next_tick_[&m] = clock.now;  // its heartbeat thread wakes up
    return r;
  }
  const std::vector<LeaseMachine::TickOutcome>& outcomes(const LeaseMachine& m) {
    return outcomes_[&m];
  }

 private:
  size_t index(const LeaseMachine& m) const {
    for (size_t i = 0; i < machines_.size(); ++i) {
      if (machines_[i].get() == &m) return i;
    }
    throw std::logic_error("unknown machine");
  }
  std::vector<std::unique_ptr<LeaseMachine>> machines_;
  std::vector<bool> alive_;
  std::map<const LeaseMachine*, TP> next_tick_;
  std::map<const LeaseMachine*, std::vector<LeaseMachine::TickOutcome>> outcomes_;
};

LeaseParams sticky() {
  LeaseParams p;
  p.lease = 9000ms;           // heartbeat 3 s, margin 3 s, poll 450 ms
  p.idle_release = 0ms;       // tests that want idle release say so
  return p;
}

TEST(LeaseParams, DefaultsAndValidation) {
  LeaseParams p;
  p.owner = "a";
  p.lease = 9000ms;
  auto n = normalize(p);
  ASSERT_TRUE(n.has_value());
  EXPECT_EQ(n->heartbeat, 3000ms);
  EXPECT_EQ(n->margin, 3000ms);
  EXPECT_EQ(n->poll, 450ms);
  p.heartbeat = 6000ms;  // not before lease - margin
  auto bad = normalize(p);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, protocol::sqlstate::kInvalidParameterValue);
  p.heartbeat = 0ms;
  p.owner.clear();
  EXPECT_FALSE(normalize(p).has_value());
}

TEST(LeaseMachine, FreeItemIsGrantedWithFenceOne) {
  World w;
  auto& a = w.add("A", sticky());
  auto r = w.acquire(a, 1s);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(*r, 1u);
  EXPECT_TRUE(a.valid());
  EXPECT_EQ(a.fence(), 1u);
  EXPECT_EQ(w.store.item.owner, "A");
  EXPECT_FALSE(w.store.item.released);
  EXPECT_EQ(w.store.item.lease, 9000ms);
  EXPECT_EQ(a.holder(), "A");
}

TEST(LeaseMachine, SecondContenderGets55P03NamingTheHolderAtItsDeadline) {
  World w;
  auto& a = w.add("host-a:1:aaaa", sticky());
  auto& b = w.add("host-b:2:bbbb", sticky());
  ASSERT_TRUE(w.acquire(a, 1s).has_value());
  TP start = w.clock.now;
  auto r = w.acquire(b, 4s);  // a keeps heartbeating meanwhile
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, protocol::sqlstate::kLockNotAvailable);
  EXPECT_NE(r.error().message.find("host-a:1:aaaa"), std::string::npos) << r.error().message;
  EXPECT_EQ(w.clock.now, start + 4s);  // it gave up at its deadline, not before, not after
  EXPECT_EQ(b.holder(), "host-a:1:aaaa");
  EXPECT_FALSE(b.held());
  EXPECT_TRUE(a.valid());
  EXPECT_EQ(w.store.item.owner, "host-a:1:aaaa");
  EXPECT_EQ(w.store.item.fence, 1u);
}

TEST(LeaseMachine, AfterReleaseTheOtherAcquiresWithAHigherFence) {
  World w;
  auto& a = w.add("A", sticky());
  auto& b = w.add("B", sticky());
  ASSERT_EQ(*w.acquire(a, 1s), 1u);
  a.release();
  EXPECT_FALSE(a.held());
  EXPECT_TRUE(w.store.item.released);
  auto r = w.acquire(b, 1s);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(*r, 2u);
  EXPECT_EQ(w.store.item.owner, "B");
}

TEST(LeaseMachine, HeartbeatsKeepTheLeaseAcrossManyLeaseLengths) {
  World w;
  auto& a = w.add("A", sticky());
  auto& b = w.add("B", sticky());
  ASSERT_TRUE(w.acquire(a, 1s).has_value());
  std::string first_rvn = w.store.item.rvn;
  auto r = w.acquire(b, 40s);  // more than four leases
  ASSERT_FALSE(r.has_value());
  EXPECT_TRUE(a.valid());
  EXPECT_EQ(a.fence(), 1u);
  EXPECT_NE(w.store.item.rvn, first_rvn);
  EXPECT_GE(w.store.renews, 12);  // every 3 s for 40 s
}

TEST(LeaseMachine, CrashedHolderIsTakenOverAfterOneFullLeaseOfUnchangedRvn) {
  World w;
  auto& a = w.add("A", sticky());
  auto& b = w.add("B", sticky());
  ASSERT_TRUE(w.acquire(a, 1s).has_value());
  TP a_acquired = w.clock.now;
  w.set_alive(a, false);  // kill -9: no heartbeat, no release
  w.clock.advance(1000ms);
  TP b_started = w.clock.now;
  auto r = w.acquire(b, 60s);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(*r, 2u);
  // Not before a full lease after B first saw the rvn, and within one poll after it.
  EXPECT_GE(w.clock.now, b_started + 9000ms);
  EXPECT_LE(w.clock.now, b_started + 9000ms + b.params().poll);
  // A's own validity had ended well before: it can never have believed it held the lease.
  EXPECT_LT(a.valid_until(), w.clock.now);
  EXPECT_EQ(a.valid_until(), a_acquired + 6000ms);
  EXPECT_EQ(w.store.item.owner, "B");
}

TEST(LeaseMachine, NoTakeOverBeforeAFullLease) {
  World w;
  auto& a = w.add("A", sticky());
  auto& b = w.add("B", sticky());
  ASSERT_TRUE(w.acquire(a, 1s).has_value());
  w.set_alive(a, false);
  auto r = w.acquire(b, 8900ms);  // just short of one lease
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, protocol::sqlstate::kLockNotAvailable);
  EXPECT_EQ(w.store.item.owner, "A");
  EXPECT_EQ(w.store.item.fence, 1u);
}

TEST(LeaseMachine, HolderWithLongerLeaseIsWatchedForItsOwnLength) {
  World w;
  LeaseParams long_lease = sticky();
  long_lease.lease = 30000ms;
  auto& a = w.add("A", long_lease);
  auto& b = w.add("B", sticky());  // 9 s lease
  ASSERT_TRUE(w.acquire(a, 1s).has_value());
  w.set_alive(a, false);
  TP start = w.clock.now;
  auto r = w.acquire(b, 60s);
  ASSERT_TRUE(r.has_value());
  EXPECT_GE(w.clock.now, start + 30000ms);
}

TEST(LeaseMachine, HeartbeatFailuresMakeTheHolderInvalidAtLeaseMinusMargin) {
  World w;
  auto& a = w.add("A", sticky());
  ASSERT_TRUE(w.acquire(a, 1s).has_value());
  TP confirmed = w.clock.now;
  for (int i = 0; i < 100; ++i) w.store.fail_next.push_back(throttled());
  w.run_until(confirmed + 5999ms);
  EXPECT_TRUE(a.held());
  EXPECT_TRUE(a.valid());
  w.run_until(confirmed + 6000ms);
  EXPECT_FALSE(a.valid());
  EXPECT_FALSE(a.held());
  const auto& out = w.outcomes(a);
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(out.back(), LeaseMachine::TickOutcome::kLost);
  EXPECT_NE(std::find(out.begin(), out.end(), LeaseMachine::TickOutcome::kRenewFailed), out.end());
}

TEST(LeaseMachine, OneFailedHeartbeatIsRetriedAndTheLeaseSurvives) {
  World w;
  auto& a = w.add("A", sticky());
  ASSERT_TRUE(w.acquire(a, 1s).has_value());
  w.store.fail_next.push_back(throttled());
  w.run_until(w.clock.now + 20s);
  EXPECT_TRUE(a.valid());
  const auto& out = w.outcomes(a);
  EXPECT_NE(std::find(out.begin(), out.end(), LeaseMachine::TickOutcome::kRenewFailed), out.end());
  EXPECT_EQ(std::count(out.begin(), out.end(), LeaseMachine::TickOutcome::kLost), 0);
}

TEST(LeaseMachine, SupersededHolderLearnsAtItsNextHeartbeat) {
  World w;
  auto& a = w.add("A", sticky());
  ASSERT_TRUE(w.acquire(a, 1s).has_value());
  // Someone else's grant landed (what a take-over looks like from A's side).
  w.store.item.owner = "C";
  w.store.item.fence = 2;
  w.run_until(w.clock.now + 3000ms);
  EXPECT_FALSE(a.held());
  EXPECT_EQ(w.outcomes(a).back(), LeaseMachine::TickOutcome::kLost);
  EXPECT_EQ(w.store.item.owner, "C");  // A wrote nothing over it
}

TEST(LeaseMachine, PausedHolderResumesAndFindsItselfSuperseded) {
  World w;
  auto& a = w.add("A", sticky());
  auto& b = w.add("B", sticky());
  ASSERT_TRUE(w.acquire(a, 1s).has_value());
  w.set_alive(a, false);  // SIGSTOP: its heartbeat thread does not run
  auto r = w.acquire(b, 60s);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(*r, 2u);
  w.set_alive(a, true);  // SIGCONT
  // Before its heartbeat thread even runs, the writer's validity check already refuses.
  EXPECT_FALSE(a.valid());
  auto t = a.tick();
  EXPECT_EQ(t.outcome, LeaseMachine::TickOutcome::kLost);
  EXPECT_FALSE(a.held());
  // Its best-effort release was conditioned on its own fence and did not free B's lease.
  EXPECT_EQ(w.store.item.owner, "B");
  EXPECT_FALSE(w.store.item.released);
  EXPECT_EQ(w.store.item.fence, 2u);
  EXPECT_TRUE(b.valid());
  // A re-acquiring now waits behind B like anyone else.
  auto again = w.acquire(a, 2s);
  ASSERT_FALSE(again.has_value());
  EXPECT_NE(again.error().message.find("held by B"), std::string::npos);
}

TEST(LeaseMachine, ThrottlingIsRetriedWithinTheDeadline) {
  World w;
  auto& a = w.add("A", sticky());
  for (int i = 0; i < 3; ++i) w.store.fail_next.push_back(throttled());
  TP start = w.clock.now;
  auto r = w.acquire(a, 5s);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(*r, 1u);
  EXPECT_EQ(w.store.grants, 4);
  EXPECT_LT(w.clock.now, start + 5s);
}

TEST(LeaseMachine, EndlessThrottlingEndsAt55P03AtTheDeadline) {
  World w;
  auto& a = w.add("A", sticky());
  for (int i = 0; i < 1000; ++i) w.store.fail_next.push_back(throttled());
  TP start = w.clock.now;
  auto r = w.acquire(a, 3s);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, protocol::sqlstate::kLockNotAvailable);
  EXPECT_NE(r.error().message.find("throttled"), std::string::npos) << r.error().message;
  EXPECT_EQ(w.clock.now, start + 3s);
  EXPECT_FALSE(a.held());
}

TEST(LeaseMachine, ConfigurationErrorsFailAtOnceWithTheirOwnMessage) {
  World w;
  auto& a = w.add("A", sticky());
  w.store.fail_next.push_back(
      {false, protocol::PgError(protocol::sqlstate::kUndefinedTable, "DynamoDB table does not exist")});
  TP start = w.clock.now;
  auto r = w.acquire(a, 5s);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, protocol::sqlstate::kUndefinedTable);
  EXPECT_EQ(r.error().message, "DynamoDB table does not exist");
  EXPECT_EQ(w.clock.now, start);
  EXPECT_EQ(w.store.grants, 1);
}

TEST(LeaseMachine, IdleLeaseIsReleasedAndStickyWhileTouched) {
  World w;
  LeaseParams p = sticky();
  p.idle_release = 2000ms;
  auto& a = w.add("A", p);
  auto& b = w.add("B", sticky());
  ASSERT_TRUE(w.acquire(a, 1s).has_value());
  for (int i = 0; i < 20; ++i) {  // writes every second for 20 s: stays held
    w.run_until(w.clock.now + 1000ms);
    w.touch_all();
  }
  EXPECT_TRUE(a.valid());
  EXPECT_EQ(w.store.releases, 0);
  w.run_until(w.clock.now + 2000ms);  // no writes for idle_release
  EXPECT_FALSE(a.held());
  EXPECT_EQ(w.outcomes(a).back(), LeaseMachine::TickOutcome::kReleasedIdle);
  EXPECT_TRUE(w.store.item.released);
  TP before = w.clock.now;
  auto r = w.acquire(b, 1s);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(*r, 2u);
  EXPECT_EQ(w.clock.now, before);  // no waiting at all
}

TEST(LeaseMachine, OwnItemIsReclaimedWithANewFenceWithoutWaiting) {
  World w;
  auto& a = w.add("A", sticky());
  ASSERT_TRUE(w.acquire(a, 1s).has_value());
  for (int i = 0; i < 100; ++i) w.store.fail_next.push_back(throttled());
  w.run_until(w.clock.now + 7s);
  ASSERT_FALSE(a.held());
  w.store.fail_next.clear();
  TP before = w.clock.now;
  auto r = w.acquire(a, 1s);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(*r, 2u);
  EXPECT_EQ(w.clock.now, before);
}

TEST(LeaseMachine, LostGrantAnswerIsRecoveredByReclaim) {
  World w;
  auto& a = w.add("A", sticky());
  w.store.lose_next_grant_answer = true;
  auto r = w.acquire(a, 5s);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(*r, 2u);  // the lost grant's fence 1 is never used
  EXPECT_EQ(w.store.item.owner, "A");
}

TEST(LeaseMachine, MaxAttemptsStopsBeforeTheDeadline) {
  World w;
  auto& a = w.add("A", sticky());
  LeaseParams p = sticky();
  p.max_attempts = 3;
  auto& b = w.add("B", p);
  ASSERT_TRUE(w.acquire(a, 1s).has_value());
  TP start = w.clock.now;
  auto r = w.acquire(b, 60s);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, protocol::sqlstate::kLockNotAvailable);
  EXPECT_LT(w.clock.now, start + 60s);
  EXPECT_EQ(w.store.grants, 1 + 3);
}

TEST(LeaseMachine, FenceGoingBackwardsIsRefused) {
  World w;
  auto& a = w.add("A", sticky());
  ASSERT_TRUE(w.acquire(a, 1s).has_value());
  a.release();
  w.store.item = LeaseRecord{};  // somebody deleted the item by hand
  auto r = w.acquire(a, 1s);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, protocol::sqlstate::kInternalError);
  EXPECT_FALSE(a.held());
}

TEST(LeaseMachine, OnlyOneOfTwoWatchersTakesOver) {
  World w;
  auto& a = w.add("A", sticky());
  auto& b = w.add("B", sticky());
  auto& c = w.add("C", sticky());
  ASSERT_TRUE(w.acquire(a, 1s).has_value());
  w.set_alive(a, false);
  // B and C both watch A's stale rvn; step them alternately on the same clock.
  TP deadline = w.clock.now + 60s;
  int held = 0;
  uint64_t fence = 0;
  for (int round = 0; round < 1000 && w.clock.now < deadline; ++round) {
    for (LeaseMachine* m : {&b, &c}) {
      auto s = m->try_acquire(deadline);
      ASSERT_NE(s.kind, LeaseMachine::Step::kFailed);
      if (s.kind == LeaseMachine::Step::kAcquired && fence == 0) fence = s.fence;
    }
    held = int(b.held()) + int(c.held());
    if (held) break;
    w.clock.advance(b.params().poll);
  }
  EXPECT_EQ(held, 1);
  EXPECT_EQ(fence, 2u);
  // The loser keeps watching the winner's (fresh) rvn instead of taking over again at once.
  LeaseMachine& loser = b.held() ? c : b;
  auto s = loser.try_acquire(deadline);
  EXPECT_EQ(s.kind, LeaseMachine::Step::kWait);
  EXPECT_EQ(w.store.item.fence, 2u);
}

TEST(LeaseMachine, TwoContendersRacingForAFreeItemGetOneGrant) {
  World w;
  auto& a = w.add("A", sticky());
  auto& b = w.add("B", sticky());
  TP deadline = w.clock.now + 1s;
  // Both send their conditional grant at the same instant; the store applies one first.
  auto sa = a.try_acquire(deadline);
  auto sb = b.try_acquire(deadline);
  EXPECT_EQ(sa.kind, LeaseMachine::Step::kAcquired);
  EXPECT_EQ(sb.kind, LeaseMachine::Step::kWait);
  EXPECT_TRUE(a.held());
  EXPECT_FALSE(b.held());
  EXPECT_EQ(w.store.item.owner, "A");
  EXPECT_EQ(w.store.item.fence, 1u);
  EXPECT_EQ(b.holder(), "A");
}

TEST(LeaseMachine, LostHeartbeatAnswerAfterTheWriteWasAppliedKeepsTheLease) {
  World w;
  auto& a = w.add("A", sticky());
  ASSERT_TRUE(w.acquire(a, 1s).has_value());
  w.store.lose_next_renew_answer = true;
  w.run_until(w.clock.now + 3000ms);  // the first heartbeat: applied, answer lost
  EXPECT_EQ(w.outcomes(a).back(), LeaseMachine::TickOutcome::kRenewFailed);
  w.run_until(w.clock.now + 1000ms);  // its retry: conditioned on owner and fence, not rvn
  EXPECT_EQ(w.outcomes(a).back(), LeaseMachine::TickOutcome::kRenewed);
  w.run_until(w.clock.now + 20s);
  EXPECT_TRUE(a.valid());
  EXPECT_EQ(w.store.item.fence, 1u);
  EXPECT_EQ(w.store.item.rvn.empty(), false);
}

TEST(LeaseMachine, ReleaseAfterBeingSupersededLeavesTheNewHolderAlone) {
  World w;
  auto& a = w.add("A", sticky());
  auto& b = w.add("B", sticky());
  ASSERT_TRUE(w.acquire(a, 1s).has_value());
  w.set_alive(a, false);
  ASSERT_TRUE(w.acquire(b, 60s).has_value());
  // A never ran its heartbeat (so it still counts itself holder) and now shuts down.
  EXPECT_TRUE(a.held());
  a.release();
  EXPECT_FALSE(a.held());
  EXPECT_EQ(w.store.item.owner, "B");
  EXPECT_FALSE(w.store.item.released);
  EXPECT_EQ(w.store.item.fence, 2u);
  EXPECT_TRUE(b.valid());
}

TEST(LeaseMachine, AWaitingContenderGetsTheLeaseWhenTheHolderYields) {
  World w;
  auto& a = w.add("A", sticky());
  auto& b = w.add("B", sticky());
  ASSERT_TRUE(w.acquire(a, 1s).has_value());
  // Nobody waits: a busy holder never thinks it should yield.
  for (int i = 0; i < 5; ++i) {
    w.run_until(w.clock.now + 1000ms);
    w.touch_all();
  }
  EXPECT_FALSE(a.others_waiting());
  // B finds A holding the lease and says it waits.
  TP deadline = w.clock.now + 30s;
  EXPECT_EQ(b.try_acquire(deadline).kind, LeaseMachine::Step::kWait);
  EXPECT_EQ(w.store.item.waiting, "B");
  // A learns it from its next heartbeat; its writer yields between transactions.
  w.run_until(w.clock.now + 3000ms);
  w.touch_all();
  ASSERT_TRUE(a.others_waiting());
  a.yield();
  EXPECT_FALSE(a.held());
  EXPECT_TRUE(w.store.item.released);
  // A's own next write does not grab it back at once; B's next poll gets it.
  EXPECT_EQ(a.try_acquire(deadline).kind, LeaseMachine::Step::kWait);
  auto got = b.try_acquire(deadline);
  ASSERT_EQ(got.kind, LeaseMachine::Step::kAcquired);
  EXPECT_EQ(got.fence, 2u);
  EXPECT_TRUE(w.store.item.waiting.empty());  // the grant cleared it
  // After its pause A waits in turn, and B hears of it at its next heartbeat.
  w.clock.advance(2 * a.params().poll);
  EXPECT_EQ(a.try_acquire(deadline).kind, LeaseMachine::Step::kWait);
  EXPECT_EQ(w.store.item.waiting, "A");
  w.run_until(w.clock.now + 3000ms);
  EXPECT_TRUE(b.others_waiting());
  EXPECT_FALSE(a.others_waiting());
}

TEST(LeaseMachine, AYieldWithNobodyTakingItCostsOnlyAPause) {
  World w;
  auto& a = w.add("A", sticky());
  ASSERT_TRUE(w.acquire(a, 1s).has_value());
  a.yield();  // e.g. the waiter gave up before the holder yielded
  TP start = w.clock.now;
  auto r = w.acquire(a, 5s);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(*r, 2u);
  EXPECT_GE(w.clock.now, start + 2 * a.params().poll);
  EXPECT_LT(w.clock.now, start + 2 * a.params().poll + 100ms);
}

TEST(LeaseMachine, NoIdleReleaseWhileATransactionIsOpen) {
  World w;
  LeaseParams p = sticky();
  p.idle_release = 50ms;
  auto& a = w.add("A", p);
  ASSERT_TRUE(w.acquire(a, 1s).has_value());
  a.set_busy(true);  // a transaction's client thinks for 10 s: no touch meanwhile
  w.run_until(w.clock.now + 10s);
  EXPECT_TRUE(a.held());
  EXPECT_TRUE(a.valid());
  EXPECT_EQ(w.store.releases, 0);
  a.set_busy(false);
  a.touch(w.clock.now);
  w.run_until(w.clock.now + 3100ms);  // released at the first tick after idle_release
  EXPECT_FALSE(a.held());
  EXPECT_EQ(w.outcomes(a).back(), LeaseMachine::TickOutcome::kReleasedIdle);
}

}  // namespace
}  // namespace litewire::locking
