#include "server/advisory_locks.h"

#include <iterator>

namespace litewire::server {

bool AdvisoryLocks::try_acquire(const AdvisoryKey& key, int32_t holder, bool shared) {
  std::lock_guard lk(mu_);
  State& s = locks_[key];
  const bool others_share = s.shared.size() > (s.shared.count(holder) ? 1u : 0u);
  if (shared) {
    if (s.exclusive_count > 0 && s.exclusive_holder != holder) return false;
    ++s.shared[holder];
    return true;
  }
  if ((s.exclusive_count > 0 && s.exclusive_holder != holder) || others_share) return false;
  s.exclusive_holder = holder;
  ++s.exclusive_count;
  return true;
}

bool AdvisoryLocks::release(const AdvisoryKey& key, int32_t holder, bool shared) {
  std::lock_guard lk(mu_);
  auto it = locks_.find(key);
  if (it == locks_.end()) return false;
  State& s = it->second;
  if (shared) {
    auto h = s.shared.find(holder);
    if (h == s.shared.end()) return false;
    if (--h->second == 0) s.shared.erase(h);
  } else {
    if (s.exclusive_count == 0 || s.exclusive_holder != holder) return false;
    if (--s.exclusive_count == 0) s.exclusive_holder = 0;
  }
  if (s.exclusive_count == 0 && s.shared.empty()) locks_.erase(it);
  return true;
}

void AdvisoryLocks::release_all(int32_t holder) {
  std::lock_guard lk(mu_);
  for (auto it = locks_.begin(); it != locks_.end();) {
    State& s = it->second;
    s.shared.erase(holder);
    if (s.exclusive_holder == holder) {
      s.exclusive_holder = 0;
      s.exclusive_count = 0;
    }
    it = s.exclusive_count == 0 && s.shared.empty() ? locks_.erase(it) : std::next(it);
  }
}

}  // namespace litewire::server
