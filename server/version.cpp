#include "server/version.h"

namespace litewire::server {

std::string_view version() { return LITEWIRE_VERSION_STRING; }

}  // namespace litewire::server
