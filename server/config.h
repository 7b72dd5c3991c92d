#pragma once
// Server configuration: command-line flags beat LITEWIRE_* environment variables, which beat
// the --config file (`name = value` lines, the flag names without dashes).

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "protocol/pg_error.h"

namespace litewire::server {

enum class AuthMethod { kTrust, kPassword, kMd5, kScramSha256 };
enum class Mode { kLocal, kShared };

struct Config {
  std::string data_dir = "./data";
  std::string host = "127.0.0.1";
  uint16_t port = 5432;
  AuthMethod auth = AuthMethod::kTrust;
  std::string users_file;          // default: <data_dir>/users
  std::string tls_cert, tls_key;
  Mode mode = Mode::kLocal;
  std::string dynamodb_table = "litewire-locks";
  std::string database_id;
  int64_t lease_ms = 10000;
  int64_t lease_heartbeat_ms = 0;          // 0: lease / 3
  int64_t lease_acquire_timeout_ms = 5000; // longest wait for the lease before a write fails
  int lease_max_attempts = 0;              // acquire attempts per write; 0 = until the timeout
  int64_t lease_idle_release_ms = 2000;    // release after this long without writes; 0 = keep
  bool read_validation = false;            // shared mode: --read-validation on
  std::optional<uint16_t> admin_port;
  std::string log_level = "info";
  std::string log_format = "text";
  int max_connections = 100;
  size_t max_message_size = 256u << 20;
  int io_threads = 0;              // 0: one per core
  int readers = 0;                 // 0: two per core
  int64_t read_inline_budget_us = 1000;  // a read first runs on the session's thread for this long; 0 = never
  bool synchronous_full = true;    // --synchronous full|normal (local mode)
  std::string sqlite_vfs;
  std::chrono::milliseconds startup_timeout{60000};
  std::chrono::milliseconds lock_timeout{0};
  std::chrono::milliseconds statement_timeout{0};
  std::chrono::milliseconds idle_in_transaction_timeout{0};
  // A database no session has used for this long is closed (its threads, connections and,
  // in local mode, its lock file released); it reopens on the next connection. 0 = never.
  std::chrono::milliseconds database_idle_close{60000};

  std::string users_path() const { return users_file.empty() ? data_dir + "/users" : users_file; }
};

std::string_view auth_method_name(AuthMethod m);

// What the command line asked for.
struct Command {
  enum class Kind { kServe, kPasswd, kDynamoCreateTable, kBackup, kCheck, kHelp, kVersion } kind =
      Kind::kServe;
  Config config;
  std::vector<std::string> args;  // positional arguments of the subcommand
  std::string help_text;
};

// Parses argv with an injected environment (for tests). Errors carry a message for stderr.
protocol::Result<Command> parse_command_line(int argc, const char* const* argv,
                                             const std::vector<std::string>& environment);

}  // namespace litewire::server
