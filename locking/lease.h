#pragma once
// The write lease the engine's writer holds while it writes to a shared SQLite file.
//
// Who calls it: the engine's writer thread (acquire, valid, fence, touch, release) and the
// server at startup/shutdown (factories, release). acquire() blocks on the network and sleeps:
// never call it on an I/O thread. valid(), fence(), touch() and describe_holder() are cheap,
// lock-free or short-locked, and callable from any thread. on_lost callbacks run on the
// lease's own heartbeat thread.
//
// Engine protocol: before a write batch, `if (!lease.valid()) fence = lease.acquire(deadline)`;
// write the fence into the fence table inside the transaction (abort if the table holds a
// higher one); after the batch, `lease.touch()`. On on_lost: stop writing, roll back, fail
// queued writes with 55P03, and acquire again for the next batch.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "locking/aws/credentials.h"
#include "locking/dynamodb.h"
#include "protocol/pg_error.h"

namespace litewire::locking {

struct LeaseConfig {
  std::string table;        // DynamoDB table (key "pk", string)
  std::string database_id;  // the item is pk = "litewire#<database_id>"
  std::chrono::milliseconds lease{10000};
  std::chrono::milliseconds heartbeat{0};  // 0 = lease / 3
  std::chrono::milliseconds acquire_timeout{5000};  // for the caller's deadline
  int max_attempts = 0;                             // 0 = until the deadline
  std::chrono::milliseconds idle_release{2000};     // 0 = keep until release()
  std::string owner;  // host:pid:random; empty = default_owner()
};

class Lease {
 public:
  virtual ~Lease();
  // Blocks until held or `deadline`; returns the fence token (grows with every grant, never
  // reused). Busy past the deadline: 55P03 (sqlstate::kLockNotAvailable) naming the holder.
  // Configuration, credential, table and endpoint errors return at once with their own
  // message and SQLSTATE. Returns the current fence at once when already valid.
  virtual protocol::Result<uint64_t> acquire(std::chrono::steady_clock::time_point deadline) = 0;
  // True while held with more than the safety margin left, measured on the local monotonic
  // clock from the send time of the last confirmed grant/heartbeat.
  virtual bool valid() const = 0;
  virtual uint64_t fence() const = 0;  // of the current (or last) grant; 0 before any
  // Gives the lease back (released = true, conditioned on our owner and fence). Idempotent.
  virtual void release() = 0;
  // Called from the heartbeat thread when the lease is lost or its margin is gone (not on
  // release() or idle release). Replaces any earlier callback.
  virtual void on_lost(std::function<void()> cb) = 0;
  // After each write batch: keeps the lease sticky; it is released after idle_release
  // without a touch.
  virtual void touch() = 0;
  // True while the writer has a write transaction open: the lease is not released for
  // idleness meanwhile, however long the transaction's client thinks.
  virtual void hold(bool open) { (void)open; }
  // Another instance waits for the lease: the writer should yield() between transactions.
  virtual bool others_waiting() const { return false; }
  // Releases for the waiter and keeps off for a moment so that it gets the lease.
  virtual void yield() { release(); }
  // "this instance (host:pid:x), fence 7" or the other holder's owner as last seen.
  virtual std::string describe_holder() const = 0;
};

// Local mode: always valid, fence 0, never lost.
std::unique_ptr<Lease> make_none_lease();

// Shared mode. Validates the configuration (22023 on nonsense) but does not contact DynamoDB
// until acquire(). `transport` defaults to an HttpClient.
protocol::Result<std::unique_ptr<Lease>> make_dynamodb_lease(
    LeaseConfig config, DynamoDbSettings settings,
    std::unique_ptr<aws::HttpTransport> transport = nullptr);

// "host:pid:8 random hex digits".
std::string default_owner();

// LeaseConfig from the environment. Names (flags/config file are the server's business):
//   LITEWIRE_DYNAMODB_TABLE, else SQLITE_LOCK_DYNAMODB_TABLE
//   LITEWIRE_DATABASE_ID
//   LITEWIRE_LEASE_MS, else SQLITE_LOCK_EXPIRATION in SECONDS (the django-sqlite-efs meaning:
//     how long a lock outlives a dead holder, which is what our lease length is)
//   SQLITE_LOCK_MAX_ATTEMPTS -> max_attempts (there it defaulted to 10; here 0 = deadline only)
// Malformed numbers fail with 22023 naming the variable. Missing values keep the defaults.
protocol::Result<LeaseConfig> lease_config_from_env(const aws::EnvLookup& env,
                                                    LeaseConfig defaults = {});

}  // namespace litewire::locking
