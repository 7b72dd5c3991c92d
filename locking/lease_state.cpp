#include "locking/lease_state.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "locking/log.h"

namespace litewire::locking {

using protocol::PgError;
using protocol::Result;
namespace sqlstate = protocol::sqlstate;
using std::chrono::milliseconds;

void throw_exception_from_error(const StoreError& e, const boost::source_location&) {
  throw std::logic_error("value() on a failed lease store result: " + e.error.message);
}

Result<LeaseParams> normalize(LeaseParams p) {
  if (p.lease < milliseconds(30)) {
    return PgError(sqlstate::kInvalidParameterValue, "lease length must be at least 30 ms");
  }
  if (p.heartbeat.count() <= 0) p.heartbeat = p.lease / 3;
  if (p.margin.count() <= 0) p.margin = p.lease / 3;
  if (p.poll.count() <= 0) p.poll = std::clamp(p.lease / 20, milliseconds(20), milliseconds(500));
  if (p.margin >= p.lease) {
    return PgError(sqlstate::kInvalidParameterValue, "lease safety margin must be below the lease length");
  }
  if (p.heartbeat >= p.lease - p.margin) {
    return PgError(sqlstate::kInvalidParameterValue,
                   "lease heartbeat must be shorter than the lease length minus its safety margin")
        .with_detail("lease " + std::to_string(p.lease.count()) + " ms, heartbeat " +
                     std::to_string(p.heartbeat.count()) + " ms, margin " +
                     std::to_string(p.margin.count()) + " ms");
  }
  if (p.owner.empty()) return PgError(sqlstate::kInvalidParameterValue, "lease owner must not be empty");
  if (p.max_attempts < 0) p.max_attempts = 0;
  return p;
}

LeaseMachine::LeaseMachine(LeaseParams params, LeaseStore& store, Clock clock, Random random)
    : params_(std::move(params)), store_(store), clock_(std::move(clock)), random_(std::move(random)) {}

std::string LeaseMachine::new_rvn() {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(random_()),
                static_cast<unsigned long long>(random_()));
  return buf;
}

bool LeaseMachine::valid() const { return held_ && clock_() < valid_until(); }

SteadyClock::time_point LeaseMachine::valid_until() const {
  return last_confirmed_ + (params_.lease - params_.margin);
}

std::string LeaseMachine::holder() const { return held_ ? params_.owner : other_holder_; }

void LeaseMachine::touch(SteadyClock::time_point at) { last_touch_ = std::max(last_touch_, at); }

LeaseMachine::Step LeaseMachine::become_held(uint64_t fence, const std::string& rvn,
                                             SteadyClock::time_point sent, std::string_view how) {
  // The item is never deleted, so a grant can only raise the fence. A lower or equal one means
  // the item was deleted or edited by hand: writing with it could undo a newer holder's fence.
  if (fence <= highest_fence_seen_) {
    Step s;
    s.kind = Step::kFailed;
    s.error = PgError(sqlstate::kInternalError,
                      "lease fence went backwards in " + store_.describe() + " (got " +
                          std::to_string(fence) + " after " + std::to_string(highest_fence_seen_) + ")")
                  .with_hint("the lock item must never be deleted; restore a fence above the old one");
    return s;
  }
  highest_fence_seen_ = fence;
  held_ = true;
  fence_ = fence;
  rvn_ = rvn;
  // Measured from the SEND time: the grant may have landed at any instant after it.
  last_confirmed_ = sent;
  next_heartbeat_ = sent + params_.heartbeat;
  last_touch_ = clock_();
  others_waiting_ = false;
  watch_.reset();
  transient_failures_ = 0;
  logger()->info("lease for database {} acquired ({}), fence {}", params_.database_id, how, fence);
  Step s;
  s.kind = Step::kAcquired;
  s.fence = fence;
  return s;
}

LeaseMachine::Step LeaseMachine::wait(SteadyClock::time_point at,
                                      SteadyClock::time_point deadline) const {
  Step s;
  s.kind = Step::kWait;
  s.retry_at = std::min(at, deadline);
  return s;
}

LeaseMachine::Step LeaseMachine::store_failure(const StoreError& e, SteadyClock::time_point deadline) {
  if (!e.retryable) {
    Step s;
    s.kind = Step::kFailed;
    s.error = e.error;
    return s;
  }
  // The store already retried inside its own deadline; back off a little more coarsely here.
  last_transient_ = e.error.message;
  ++transient_failures_;
  milliseconds cap = std::min(params_.poll * (1 << std::min(transient_failures_, 6)), params_.lease);
  milliseconds pause(static_cast<int64_t>(random_() % static_cast<uint64_t>(cap.count() + 1)));
  return wait(clock_() + pause, deadline);
}

LeaseMachine::Step LeaseMachine::try_acquire(SteadyClock::time_point deadline) {
  if (held_) {
    if (valid()) {
      Step s;
      s.kind = Step::kAcquired;
      s.fence = fence_;
      return s;
    }
    mark_lost("validity expired before acquire");
  }
  if (clock_() < yielded_until_) return wait(yielded_until_, deadline);  // our waiter's turn
  ++attempts_;
  const std::string rvn = new_rvn();
  GrantRequest req{GrantKind::kFree, params_.owner, rvn, params_.lease, "", 0};
  auto sent = clock_();
  auto granted = store_.grant(req, deadline);
  if (!granted) return store_failure(granted.error(), deadline);
  if (*granted) return become_held(**granted, rvn, sent, "free");

  auto record = store_.read(deadline);
  if (!record) return store_failure(record.error(), deadline);
  auto seen = clock_();  // after the read returned: the rvn surely existed by now
  transient_failures_ = 0;
  if (!record->exists || record->released) return wait(seen, deadline);  // freed meanwhile
  highest_fence_seen_ = std::max(highest_fence_seen_, record->fence);

  if (record->owner == params_.owner) {
    // Still ours in the store although we do not consider it held: reclaim with a new fence so
    // anything written under the old one is recognizably stale.
    req.kind = GrantKind::kReclaim;
    req.expected_fence = record->fence;
    sent = clock_();
    auto r = store_.grant(req, deadline);
    if (!r) return store_failure(r.error(), deadline);
    if (*r) return become_held(**r, rvn, sent, "reclaimed");
    return wait(clock_(), deadline);
  }

  other_holder_ = record->owner;
  other_fence_ = record->fence;
  // Tell the holder someone waits, so that it yields between transactions (best effort: a
  // failure only costs fairness).
  if (record->waiting.empty()) (void)store_.mark_waiting(params_.owner, deadline);
  // Watch for the holder's lease length as it recorded it (never shorter than ours).
  const milliseconds watch_for = std::max(record->lease, params_.lease);
  if (!watch_ || watch_->rvn != record->rvn || watch_->fence != record->fence) {
    watch_ = Watch{record->rvn, record->fence, seen, watch_for};
    return wait(seen + std::min(params_.poll, watch_for), deadline);
  }
  if (seen - watch_->since < watch_->lease) {
    return wait(std::min(seen + params_.poll, watch_->since + watch_->lease), deadline);
  }
  // The same rvn for a whole lease on our clock: the holder stopped heartbeating.
  req.kind = GrantKind::kTakeOver;
  req.expected_rvn = watch_->rvn;
  sent = clock_();
  auto r = store_.grant(req, deadline);
  if (!r) return store_failure(r.error(), deadline);
  if (*r) {
    logger()->warn("lease for database {}: took over from {} (fence {}) after it stopped heartbeating",
                   params_.database_id, other_holder_, other_fence_);
    return become_held(**r, rvn, sent, "take-over");
  }
  watch_.reset();  // it moved under us: a heartbeat or another contender won
  return wait(clock_(), deadline);
}

Result<uint64_t> LeaseMachine::acquire(SteadyClock::time_point deadline,
                                       const std::function<void(SteadyClock::time_point)>& sleep_until) {
  attempts_ = 0;
  transient_failures_ = 0;
  last_transient_.clear();
  for (;;) {
    Step s = try_acquire(deadline);
    if (s.kind == Step::kAcquired) return s.fence;
    if (s.kind == Step::kFailed) return s.error;
    bool out_of_attempts = params_.max_attempts > 0 && attempts_ >= params_.max_attempts;
    if (out_of_attempts || clock_() >= deadline) {
      std::string msg = "could not obtain the write lease for database \"" + params_.database_id + "\"";
      PgError e;
      if (!other_holder_.empty()) {
        e = PgError(sqlstate::kLockNotAvailable, msg + ": held by " + other_holder_)
                .with_detail("fence " + std::to_string(other_fence_) + " in " + store_.describe());
      } else if (!last_transient_.empty()) {
        e = PgError(sqlstate::kLockNotAvailable, msg + ": " + last_transient_);
      } else {
        e = PgError(sqlstate::kLockNotAvailable, msg);
      }
      return std::move(e).with_hint("the write may be retried");
    }
    sleep_until(s.retry_at);
  }
}

void LeaseMachine::mark_lost(std::string_view why) {
  if (!held_) return;
  held_ = false;
  logger()->warn("lease for database {} lost (fence {}): {}", params_.database_id, fence_, why);
}

LeaseMachine::Tick LeaseMachine::tick() {
  Tick t;
  auto now = clock_();
  if (!held_) {
    t.outcome = TickOutcome::kNotHeld;
    t.next = SteadyClock::time_point::max();
    return t;
  }
  if (now >= valid_until()) {
    // E.g. the process was stopped (SIGSTOP, VM pause): the monotonic clock kept running, so
    // the first thing it sees on waking is that its margin is gone. Nothing may be written.
    mark_lost("no confirmed heartbeat within lease - margin");
    store_.release(params_.owner, fence_, now + params_.heartbeat);  // best effort, may fail
    t.outcome = TickOutcome::kLost;
    t.next = SteadyClock::time_point::max();
    return t;
  }
  if (params_.idle_release.count() > 0 && !busy_ && now - last_touch_ >= params_.idle_release) {
    release();
    t.outcome = TickOutcome::kReleasedIdle;
    t.next = SteadyClock::time_point::max();
    return t;
  }
  t.outcome = TickOutcome::kIdle;
  if (now >= next_heartbeat_) {
    const std::string rvn = new_rvn();
    auto r = store_.renew(params_.owner, fence_, rvn, valid_until());
    if (r && r->ok) {
      others_waiting_ = r->others_waiting;
      last_confirmed_ = now;
      rvn_ = rvn;
      next_heartbeat_ = now + params_.heartbeat;
      t.outcome = TickOutcome::kRenewed;
    } else if (r) {
      // The condition failed: someone took over (fence superseded) or the item was released.
      mark_lost("superseded: the lock item no longer carries our owner and fence");
      t.outcome = TickOutcome::kLost;
      t.next = SteadyClock::time_point::max();
      return t;
    } else {
      logger()->warn("lease heartbeat for database {} failed: {}", params_.database_id,
                     r.error().error.message);
      next_heartbeat_ = now + std::max(params_.heartbeat / 4, milliseconds(1));
      t.outcome = TickOutcome::kRenewFailed;
    }
    if (clock_() >= valid_until()) {  // the renew itself took too long
      mark_lost("heartbeat not confirmed within lease - margin");
      t.outcome = TickOutcome::kLost;
      t.next = SteadyClock::time_point::max();
      return t;
    }
  }
  t.next = std::min(next_heartbeat_, valid_until());
  if (params_.idle_release.count() > 0 && !busy_) {
    t.next = std::min(t.next, last_touch_ + params_.idle_release);
  }
  return t;
}

void LeaseMachine::yield() {
  if (!held_) return;
  logger()->info("lease for database {}: yielding to a waiting instance", params_.database_id);
  release();
  yielded_until_ = clock_() + 2 * params_.poll;
}

void LeaseMachine::release() {
  if (!held_) return;
  held_ = false;
  auto r = store_.release(params_.owner, fence_, clock_() + params_.heartbeat);
  if (!r) {
    logger()->warn("lease release for database {} failed (others wait for it to expire): {}",
                   params_.database_id, r.error().error.message);
  } else {
    logger()->info("lease for database {} released, fence {}", params_.database_id, fence_);
  }
}

}  // namespace litewire::locking
