#pragma once
// The module's named spdlog logger, "locking". Created on first use (stderr, colour) unless the
// server registered one with that name first. Thread-safe.

#include <spdlog/spdlog.h>

#include <memory>

namespace litewire::locking {

std::shared_ptr<spdlog::logger> logger();

}  // namespace litewire::locking
