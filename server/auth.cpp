#include "server/auth.h"

#include <fstream>
#include <sstream>

namespace litewire::server {

using protocol::PgError;
namespace sqlstate = protocol::sqlstate;

protocol::Result<UserStore> UserStore::load(const std::string& path) {
  UserStore store;
  std::ifstream in(path);
  if (!in) return store;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    auto colon = line.find(':');
    if (colon == std::string::npos || colon == 0) {
      return PgError(sqlstate::kConfigFileError,
                     "invalid line " + std::to_string(n) + " in users file \"" + path + "\"")
          .with_hint("Each line reads name:verifier; use `litewire passwd USER` to write one.");
    }
    store.users_[line.substr(0, colon)] = line.substr(colon + 1);
  }
  return store;
}

std::optional<std::string> UserStore::verifier(const std::string& user) const {
  auto it = users_.find(user);
  if (it == users_.end()) return std::nullopt;
  return it->second;
}

}  // namespace litewire::server
