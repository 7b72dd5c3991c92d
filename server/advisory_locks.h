#pragma once
// PostgreSQL's advisory locks (pg_advisory_lock and its family) within one litewire process:
// keys per database, exclusive or shared, re-entrant per holder (a session locking a key twice
// unlocks it twice). Holders are sessions, named by their process id. Waiting is the caller's
// business (Session polls try_acquire with its timeouts), so no thread ever blocks here.

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace litewire::server {

struct AdvisoryKey {
  std::string database;
  int64_t key1 = 0;
  int64_t key2 = 0;
  bool two_part = false;  // (int4, int4) keys are a key space apart from bigint ones

  auto tie() const { return std::tie(database, key1, key2, two_part); }
  bool operator<(const AdvisoryKey& o) const { return tie() < o.tie(); }
  bool operator==(const AdvisoryKey& o) const { return tie() == o.tie(); }
};

class AdvisoryLocks {
 public:
  // Takes the lock if it is free for `holder` (re-entrant); false when another holder has it
  // in a conflicting mode.
  bool try_acquire(const AdvisoryKey& key, int32_t holder, bool shared);
  // Releases one level of the holder's lock; false when it holds none in that mode.
  bool release(const AdvisoryKey& key, int32_t holder, bool shared);
  // Every lock of the holder (pg_advisory_unlock_all, session end).
  void release_all(int32_t holder);

 private:
  struct State {
    int32_t exclusive_holder = 0;
    int64_t exclusive_count = 0;
    std::map<int32_t, int64_t> shared;  // holder -> count
  };
  std::mutex mu_;
  std::map<AdvisoryKey, State> locks_;
};

}  // namespace litewire::server
