#pragma once
// Users and their password verifiers, loaded from the --users file: one `name:verifier` line
// per user, where verifier is PostgreSQL's stored form ("SCRAM-SHA-256$<iter>:<salt>$<stored
// key>:<server key>", or "md5<hex>"). Lines starting with # are comments.

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "protocol/pg_error.h"

namespace litewire::server {

class UserStore {
 public:
  // Loads `path`; a missing file gives an empty store.
  static protocol::Result<UserStore> load(const std::string& path);
  std::optional<std::string> verifier(const std::string& user) const;
  bool empty() const { return users_.empty(); }
  size_t size() const { return users_.size(); }

  // Adds or replaces `user` in the file at `path` with a fresh SCRAM-SHA-256 verifier.
  static protocol::Result<void> set_password(const std::string& path, const std::string& user,
                                             const std::string& password);

 private:
  std::map<std::string, std::string> users_;
};

}  // namespace litewire::server

#include "protocol/backend.h"
#include "server/config.h"

namespace litewire::server {

// One authentication exchange (trust, password, md5 or SCRAM-SHA-256), as a state machine:
// start() gives the first Authentication request; each PasswordMessage payload goes to step().
// An unknown user runs the same exchange as a known one and fails at the same point with the
// same message (28P01), so clients cannot tell them apart.
class Authenticator {
 public:
  Authenticator(AuthMethod method, std::string user, std::optional<std::string> verifier);
  ~Authenticator();
  protocol::BackendMessage start();
  struct Step {
    bool done = false;                               // authenticated
    std::optional<protocol::BackendMessage> reply;   // next request, or SASLFinal when done
  };
  protocol::Result<Step> step(std::string_view payload);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace litewire::server
