#pragma once
// The lease protocol as a deterministic state machine. Every decision (when to grant, when a
// holder counts as dead, when a holder must consider itself lost) is made here from three
// injected inputs: a monotonic clock, a random source, and the answers of a LeaseStore. No
// thread, no sleep, no wall clock: tests drive it with a fake clock and a fake store.
//
// The item (one per database, never deleted, so `fence` only grows):
//   pk = "litewire#<database id>", owner, rvn (random record version, new on every write),
//   lease_ms (the holder's lease length), released (bool), fence (number, ADDed on each grant).
//
// Rules:
//   grant     UpdateItem if attribute_not_exists(pk) OR released = true; ADD fence 1.
//   take-over after watching the same rvn (and fence) for one full lease on OUR monotonic clock,
//             UpdateItem if rvn = <watched rvn>; ADD fence 1.
//   reclaim   the item still names us (our heartbeats failed transiently, or a grant's answer
//             was lost): UpdateItem if owner = us AND fence = <seen>; ADD fence 1.
//   heartbeat every `heartbeat`: SET rvn = <new> if owner = us AND fence = ours AND not released.
//   validity  held while now - (send time of the last confirmed grant/heartbeat) < lease - margin.
//   release   SET released = true if owner = us AND fence = ours.
//   waiting   a contender that finds the lease held by a live holder sets `waiting` = itself
//             (if nobody waits yet); every grant removes it. The holder sees it in its next
//             heartbeat's answer and, between two transactions, yields: releases and keeps
//             off for 2 polls, so the waiter (polling every `poll`) gets the lease. A holder
//             with a steady stream of writes would otherwise keep its sticky lease forever.
// Why take-over is safe without comparing clocks: the holder's last confirmed write was SENT
// before it landed, and we first saw its rvn after it landed, so the holder's validity (lease -
// margin from its send time) ends before our watch (a full lease from our first sight) does;
// the margin absorbs clock-rate differences between the two hosts.
//
// Threads: not thread-safe; the owner (DynamoLease) serializes every call under one mutex.

#include <boost/system/result.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "protocol/pg_error.h"

namespace litewire::locking {

using SteadyClock = std::chrono::steady_clock;

struct LeaseRecord {
  bool exists = false;
  std::string owner;
  std::string rvn;
  uint64_t fence = 0;
  std::chrono::milliseconds lease{0};
  bool released = false;
  std::string waiting;  // owner of a contender waiting for the lease; empty = nobody
};

enum class GrantKind { kFree, kTakeOver, kReclaim };

struct GrantRequest {
  GrantKind kind = GrantKind::kFree;
  std::string owner;
  std::string new_rvn;
  std::chrono::milliseconds lease{0};
  std::string expected_rvn;     // kTakeOver
  uint64_t expected_fence = 0;  // kReclaim
};

struct StoreError {
  // Not an aggregate, so that StoreResult<bool> can be built from a plain bool.
  StoreError() = default;
  StoreError(bool r, protocol::PgError e) : retryable(r), error(std::move(e)) {}
  bool retryable = false;  // throttling, 5xx, timeout: worth another try before the deadline
  protocol::PgError error;
};
[[noreturn]] void throw_exception_from_error(const StoreError& e, const boost::source_location&);
template <class T>
using StoreResult = boost::system::result<T, StoreError>;

// A heartbeat's answer. Not an aggregate, so that StoreResult<Renewal> can be built from a bool.
struct Renewal {
  Renewal(bool ok_, bool others_waiting_ = false) : ok(ok_), others_waiting(others_waiting_) {}  // NOLINT
  bool ok;              // the condition held: still ours
  bool others_waiting;  // the item names another owner in `waiting`
};

// Where the item lives. Implementations: DynamoStore (lease.cpp) and the tests' fake.
// `deadline` bounds internal retries. Called only under the owner's serialization.
class LeaseStore {
 public:
  virtual ~LeaseStore() = default;
  // The new fence, or nullopt when the condition did not hold (held by someone else).
  virtual StoreResult<std::optional<uint64_t>> grant(const GrantRequest& req,
                                                     SteadyClock::time_point deadline) = 0;
  // ok = false when the condition did not hold (superseded or released).
  virtual StoreResult<Renewal> renew(const std::string& owner, uint64_t fence,
                                     const std::string& new_rvn, SteadyClock::time_point deadline) = 0;
  // Sets `waiting` = owner if the item is held (not released) by another owner and nobody
  // waits yet; false when that condition did not hold.
  virtual StoreResult<bool> mark_waiting(const std::string& owner, SteadyClock::time_point deadline) = 0;
  virtual StoreResult<bool> release(const std::string& owner, uint64_t fence,
                                    SteadyClock::time_point deadline) = 0;
  // Strongly consistent read.
  virtual StoreResult<LeaseRecord> read(SteadyClock::time_point deadline) = 0;
  // "DynamoDB table \"locks\", item litewire#db1": used in messages.
  virtual std::string describe() const = 0;
};

struct LeaseParams {
  std::string owner;                      // unique per process: host:pid:random
  std::string database_id;                // for messages
  std::chrono::milliseconds lease{10000};
  std::chrono::milliseconds heartbeat{0};  // 0 = lease / 3
  std::chrono::milliseconds margin{0};     // 0 = lease / 3
  std::chrono::milliseconds poll{0};       // 0 = clamp(lease / 20, 20 ms, 500 ms)
  std::chrono::milliseconds idle_release{2000};  // 0 = never release for idleness
  int max_attempts = 0;                    // grant attempts per acquire; 0 = until deadline
};

// Fills the zero defaults; fails (22023) when the timing cannot work (heartbeat must come
// before validity ends: heartbeat < lease - margin).
protocol::Result<LeaseParams> normalize(LeaseParams p);

class LeaseMachine {
 public:
  using Clock = std::function<SteadyClock::time_point()>;
  using Random = std::function<uint64_t()>;

  // `params` must come from normalize(). `store` must outlive the machine.
  LeaseMachine(LeaseParams params, LeaseStore& store, Clock clock, Random random);

  struct Step {
    enum Kind { kAcquired, kWait, kFailed } kind = kWait;
    uint64_t fence = 0;
    SteadyClock::time_point retry_at{};  // kWait: when to call try_acquire again
    protocol::PgError error;             // kFailed
  };
  // One round of acquisition; never sleeps. kFailed only for errors that waiting cannot cure
  // (table, credentials, validation, unreachable endpoint).
  Step try_acquire(SteadyClock::time_point deadline);

  // try_acquire until acquired, failed, the deadline or max_attempts; `sleep_until` is the only
  // way time passes (tests advance their fake clock in it). Busy past the deadline: 55P03
  // naming the holder.
  protocol::Result<uint64_t> acquire(SteadyClock::time_point deadline,
                                     const std::function<void(SteadyClock::time_point)>& sleep_until);

  enum class TickOutcome {
    kNotHeld,         // nothing to do
    kIdle,            // held, nothing due yet
    kRenewed,         // heartbeat confirmed
    kRenewFailed,     // heartbeat failed transiently; still valid, retrying soon
    kLost,            // superseded or margin gone: stop writing now
    kReleasedIdle,    // released after idle_release without touch()
  };
  struct Tick {
    TickOutcome outcome = TickOutcome::kNotHeld;
    SteadyClock::time_point next{};  // when tick() wants to run again (max() when not held)
  };
  // The heartbeat thread's step: checks validity, idleness, and renews when due.
  Tick tick();

  void touch(SteadyClock::time_point at);  // a write batch finished at `at`
  // True while the writer has a transaction open: never released for idleness meanwhile
  // (its journal is on disk; another holder would take it for a crashed one's).
  void set_busy(bool busy) { busy_ = busy; }
  // Another instance waits for the lease (seen in the last heartbeat's answer): the writer
  // should yield() once its current transaction is over.
  bool others_waiting() const { return held_ && others_waiting_; }
  // Release for a waiter, and stay off for two polls so that the waiter gets it.
  void yield();
  void release();                          // best effort; the machine is not held afterwards

  bool held() const { return held_; }
  bool valid() const;  // held and inside lease - margin of the last confirmed write
  SteadyClock::time_point valid_until() const;
  uint64_t fence() const { return fence_; }
  // Who holds the lease as last seen: our own owner string when held, else the other holder's
  // owner (empty when never seen).
  std::string holder() const;
  const LeaseParams& params() const { return params_; }

 private:
  Step become_held(uint64_t fence, const std::string& rvn, SteadyClock::time_point sent,
                   std::string_view how);
  Step wait(SteadyClock::time_point at, SteadyClock::time_point deadline) const;
  Step store_failure(const StoreError& e, SteadyClock::time_point deadline);
  std::string new_rvn();
  void mark_lost(std::string_view why);

  struct Watch {
    std::string rvn;
    uint64_t fence = 0;
    SteadyClock::time_point since{};
    std::chrono::milliseconds lease{0};
  };

  LeaseParams params_;
  LeaseStore& store_;
  Clock clock_;
  Random random_;

  bool held_ = false;
  uint64_t fence_ = 0;
  uint64_t highest_fence_seen_ = 0;
  std::string rvn_;
  SteadyClock::time_point last_confirmed_{};
  SteadyClock::time_point next_heartbeat_{};
  SteadyClock::time_point last_touch_{};
  std::optional<Watch> watch_;
  std::string other_holder_;
  uint64_t other_fence_ = 0;
  bool others_waiting_ = false;
  bool busy_ = false;
  SteadyClock::time_point yielded_until_{};
  int attempts_ = 0;          // grant requests in the current acquire()
  int transient_failures_ = 0;  // consecutive, for backoff
  std::string last_transient_;  // message of the last retryable store error
};

}  // namespace litewire::locking
