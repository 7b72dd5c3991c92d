#pragma once

#include <string_view>

namespace litewire::server {

// "0.1.0", from the CMake project version.
std::string_view version();

}  // namespace litewire::server
