#pragma once
// Shared mode: what the engine needs from the cross-instance write lease, without depending on
// locking/ (dependencies point protocol <- sqlite, locking <- server; the server adapts a
// locking::Lease to this interface).
//
// Threads: acquire(), touch() and release() are called by the writer thread only (acquire
// blocks on the network); valid() from the writer thread and from SQLite's commit hook on it;
// on_lost() callbacks arrive on the lease's own thread and must only set a flag.

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "protocol/pg_error.h"

namespace litewire::sqlite {

// One row (id = 1) holding the highest fence token that ever wrote to the file. Every write
// transaction in shared mode reads it: a higher token than ours means another instance was
// granted the lease after us (we were superseded), so we abort; otherwise we record ours.
inline constexpr std::string_view kFenceTable = "_litewire_fence";

class WriteLease {
 public:
  virtual ~WriteLease() = default;
  // Blocks until held or `deadline`; returns the fence token. Busy: 55P03 naming the holder.
  virtual protocol::Result<uint64_t> acquire(std::chrono::steady_clock::time_point deadline) = 0;
  // Held with more than the safety margin left (local monotonic clock).
  virtual bool valid() const = 0;
  // After each write batch (and periodically while a transaction holds the writer).
  virtual void touch() = 0;
  // Gives the lease back; idempotent, harmless after being superseded.
  virtual void release() = 0;
  virtual void on_lost(std::function<void()> cb) = 0;
  // True while a write transaction is open (no idle release meanwhile).
  virtual void hold(bool open) { (void)open; }
  // Another instance waits for the lease; the writer yields between transactions.
  virtual bool others_waiting() const { return false; }
  virtual void yield() { release(); }
  virtual std::string describe_holder() const = 0;
};

}  // namespace litewire::sqlite
