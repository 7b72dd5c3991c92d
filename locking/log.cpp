#include "locking/log.h"

#include <spdlog/sinks/stdout_color_sinks.h>

#include <mutex>

namespace litewire::locking {

std::shared_ptr<spdlog::logger> logger() {
  static std::mutex mu;
  std::lock_guard lock(mu);
  if (auto l = spdlog::get("locking")) return l;
  // A concurrent registration elsewhere under the same name would throw; the server registers
  // its loggers before starting threads, so only this path races and the mutex covers it.
  return spdlog::stderr_color_mt("locking");
}

}  // namespace litewire::locking
