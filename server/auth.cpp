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

#include <openssl/rand.h>
#include <sys/stat.h>

#include <cstdio>
#include <vector>

#include "protocol/frontend.h"
#include "protocol/scram.h"

namespace litewire::server {

protocol::Result<void> UserStore::set_password(const std::string& path, const std::string& user,
                                               const std::string& password) {
  if (user.empty() || user.find(':') != std::string::npos || user.find('\n') != std::string::npos) {
    return PgError(sqlstate::kInvalidName, "invalid user name \"" + user + "\"");
  }
  std::vector<std::string> lines;
  {
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind(user + ":", 0) == 0) continue;  // replaced below
      lines.push_back(line);
    }
  }
  lines.push_back(user + ":" + protocol::make_scram_verifier(password).to_string());
  // Write a new file and rename it over the old one, so a crash never leaves half a file;
  // the file holds verifiers, so it is readable by its owner only.
  const std::string tmp = path + ".tmp";
  FILE* f = std::fopen(tmp.c_str(), "w");
  if (f == nullptr) return PgError(sqlstate::kIoError, "could not write \"" + tmp + "\"");
  ::chmod(tmp.c_str(), 0600);
  for (const auto& l : lines) std::fprintf(f, "%s\n", l.c_str());
  const bool ok = std::fflush(f) == 0 && ::fsync(fileno(f)) == 0;
  std::fclose(f);
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    return PgError(sqlstate::kIoError, "could not write users file \"" + path + "\"");
  }
  return {};
}

struct Authenticator::State {
  AuthMethod method;
  std::string user;
  std::optional<std::string> verifier;
  std::array<char, 4> salt{};
  std::optional<protocol::ScramServer> scram;
  bool first_scram_message = true;
};

namespace {

PgError auth_failed(const std::string& user, AuthMethod method) {
  (void)method;
  return PgError(protocol::Severity::kFatal, sqlstate::kInvalidPassword,
                 "password authentication failed for user \"" + user + "\"");
}

// With a SCRAM verifier stored, md5 authentication runs SCRAM instead, as PostgreSQL does.
AuthMethod effective_method(AuthMethod m, const std::optional<std::string>& verifier) {
  if (m == AuthMethod::kMd5 && (!verifier || verifier->rfind("md5", 0) != 0)) return AuthMethod::kScramSha256;
  return m;
}

}  // namespace

Authenticator::Authenticator(AuthMethod method, std::string user, std::optional<std::string> verifier)
    : state_(std::make_unique<State>()) {
  state_->method = effective_method(method, verifier);
  state_->user = std::move(user);
  state_->verifier = std::move(verifier);
}

Authenticator::~Authenticator() = default;

protocol::BackendMessage Authenticator::start() {
  auto& s = *state_;
  switch (s.method) {
    case AuthMethod::kPassword:
      return protocol::AuthenticationCleartextPassword{};
    case AuthMethod::kMd5:
      RAND_bytes(reinterpret_cast<unsigned char*>(s.salt.data()), 4);
      return protocol::AuthenticationMD5Password{s.salt};
    default: {
      // An unknown user, or one without a SCRAM verifier, runs the mock exchange.
      std::optional<protocol::ScramVerifier> v;
      if (s.verifier) {
        if (auto parsed = protocol::ScramVerifier::parse(*s.verifier)) v = *parsed;
      }
      s.scram = v ? protocol::ScramServer(*v, s.user) : protocol::ScramServer::mock(s.user);
      return protocol::AuthenticationSASL{{std::string(protocol::kScramSha256)}};
    }
  }
}

protocol::Result<Authenticator::Step> Authenticator::step(std::string_view payload) {
  auto& s = *state_;
  switch (s.method) {
    case AuthMethod::kPassword: {
      LITEWIRE_TRY_ASSIGN(password, protocol::decode_password(payload));
      bool ok = false;
      if (s.verifier) {
        if (s.verifier->rfind("md5", 0) == 0) {
          ok = protocol::md5_password_hash(s.user, password) == *s.verifier;
        } else if (auto v = protocol::ScramVerifier::parse(*s.verifier)) {
          ok = protocol::scram_verify_password(*v, password);
        }
      }
      if (!ok) return auth_failed(s.user, s.method);
      return Step{true, std::nullopt};
    }
    case AuthMethod::kMd5: {
      LITEWIRE_TRY_ASSIGN(response, protocol::decode_password(payload));
      if (!s.verifier || !protocol::md5_check_response(*s.verifier, s.salt, response)) {
        return auth_failed(s.user, s.method);
      }
      return Step{true, std::nullopt};
    }
    default: {
      if (s.first_scram_message) {
        s.first_scram_message = false;
        LITEWIRE_TRY_ASSIGN(initial, protocol::decode_sasl_initial_response(payload));
        if (initial.mechanism != protocol::kScramSha256) {
          return PgError(protocol::Severity::kFatal, sqlstate::kProtocolViolation,
                         "client selected an invalid SASL authentication mechanism");
        }
        if (!initial.data) {
          return PgError(protocol::Severity::kFatal, sqlstate::kProtocolViolation,
                         "malformed SCRAM message (empty message)");
        }
        LITEWIRE_TRY_ASSIGN(server_first, s.scram->client_first(*initial.data));
        return Step{false, protocol::BackendMessage{protocol::AuthenticationSASLContinue{server_first}}};
      }
      auto final_message = s.scram->client_final(payload);
      if (!final_message) {
        if (final_message.error().code == sqlstate::kInvalidPassword) return auth_failed(s.user, s.method);
        return final_message.error();
      }
      return Step{true, protocol::BackendMessage{protocol::AuthenticationSASLFinal{*final_message}}};
    }
  }
}

}  // namespace litewire::server
