#pragma once
// The engine's named spdlog logger, "engine" (a clone of the default logger unless the server
// registered one with that name). Thread-safe; for database.cpp and shared.cpp.

#include <spdlog/spdlog.h>

#include <memory>

namespace litewire::sqlite {

std::shared_ptr<spdlog::logger> engine_logger();

}  // namespace litewire::sqlite
