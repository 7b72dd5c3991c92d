#include "server/config.h"

#include <boost/program_options.hpp>
#include <fstream>
#include <sstream>

#include "locking/lease.h"
#include "server/version.h"

namespace litewire::server {

namespace po = boost::program_options;
using protocol::PgError;

std::string_view auth_method_name(AuthMethod m) {
  switch (m) {
    case AuthMethod::kTrust: return "trust";
    case AuthMethod::kPassword: return "password";
    case AuthMethod::kMd5: return "md5";
    case AuthMethod::kScramSha256: return "scram-sha-256";
  }
  return "trust";
}

namespace {

PgError usage_error(std::string msg) {
  return PgError(protocol::sqlstate::kInvalidParameterValue, std::move(msg));
}

po::options_description server_options() {
  po::options_description o("Server options");
  // Defaults are applied after parsing so that the three sources can be merged by priority.
  o.add_options()
      ("data-dir", po::value<std::string>(), "directory of the databases; NAME is DIR/NAME.db (default ./data)")
      ("host", po::value<std::string>(), "address to listen on (default 127.0.0.1)")
      ("port", po::value<int>(), "TCP port (default 5432)")
      ("config", po::value<std::string>(), "configuration file of `name = value` lines")
      ("auth", po::value<std::string>(), "trust | password | md5 | scram-sha-256 (default trust)")
      ("users", po::value<std::string>(), "users file (default DATA_DIR/users)")
      ("tls-cert", po::value<std::string>(), "TLS certificate (PEM); with --tls-key enables TLS")
      ("tls-key", po::value<std::string>(), "TLS private key (PEM)")
      ("mode", po::value<std::string>(), "local | shared (default local)")
      ("dynamodb-table", po::value<std::string>(), "shared mode: DynamoDB lock table (default litewire-locks)")
      ("database-id", po::value<std::string>(), "shared mode: lock identity of the data directory")
      ("lease-ms", po::value<int64_t>(), "shared mode: lease length in milliseconds (default 10000; alias SQLITE_LOCK_EXPIRATION in seconds)")
      ("lease-heartbeat-ms", po::value<int64_t>(), "shared mode: lease renewal interval (default lease/3)")
      ("lease-acquire-timeout-ms", po::value<int64_t>(), "shared mode: how long a write waits for the lease before 55P03 (default 5000)")
      ("lease-max-attempts", po::value<int>(), "shared mode: acquire attempts per wait, 0 = until the timeout (alias SQLITE_LOCK_MAX_ATTEMPTS)")
      ("lease-idle-release-ms", po::value<int64_t>(), "shared mode: release the lease after this long without writes, 0 = keep (default 2000)")
      ("read-validation", po::value<std::string>(), "shared mode: on | off: answer a read only if no commit of another instance overlapped it (default off)")
      ("admin-port", po::value<int>(), "HTTP port for /healthz, /readyz, /metrics (off when unset)")
      ("log-level", po::value<std::string>(), "trace | debug | info | warn | error (default info)")
      ("log-format", po::value<std::string>(), "text | json (default text)")
      ("max-connections", po::value<int>(), "client connections at most (default 100)")
      ("max-message-size", po::value<int64_t>(), "largest frontend message in bytes (default 268435456)")
      ("io-threads", po::value<int>(), "network threads (default: one per core)")
      ("readers", po::value<int>(), "reader connections per database (default: two per core)")
      ("read-inline-budget-us", po::value<int64_t>(),
       "a read runs on the session's network thread for up to this long before it moves to a "
       "reader thread; 0 = always on a reader thread (default 1000)")
      ("synchronous", po::value<std::string>(), "full | normal: SQLite's synchronous setting in local mode (default full)")
      ("sqlite-vfs", po::value<std::string>(), "SQLite VFS name (default: SQLite's default)")
      ("startup-timeout-ms", po::value<int64_t>(), "time allowed to complete startup and authentication (default 60000)")
      ("lock-timeout-ms", po::value<int64_t>(), "default lock_timeout: how long a write waits for the writer (default 0 = no limit)")
      ("statement-timeout-ms", po::value<int64_t>(), "default statement_timeout (default 0 = none)")
      ("idle-in-transaction-timeout-ms", po::value<int64_t>(), "default idle_in_transaction_session_timeout (default 0 = none)")
      ("database-idle-close-ms", po::value<int64_t>(), "close a database no session used for this long (default 60000, 0 = never)");
  return o;
}

// LITEWIRE_DATA_DIR -> data-dir, for the options that exist.
std::string env_to_option(const po::options_description& desc, const std::string& env) {
  static constexpr std::string_view kPrefix = "LITEWIRE_";
  if (env.rfind(kPrefix, 0) != 0) return {};
  std::string name;
  for (char c : env.substr(kPrefix.size())) {
    name.push_back(c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return desc.find_nothrow(name, false) ? name : std::string();
}

template <class T>
void take(const po::variables_map& vm, const char* name, T& out) {
  if (vm.count(name)) out = vm[name].as<T>();
}

protocol::Result<Config> to_config(const po::variables_map& vm) {
  Config c;
  take(vm, "data-dir", c.data_dir);
  take(vm, "host", c.host);
  if (vm.count("port")) {
    int p = vm["port"].as<int>();
    if (p <= 0 || p > 65535) return usage_error("invalid port " + std::to_string(p));
    c.port = static_cast<uint16_t>(p);
  }
  if (vm.count("auth")) {
    auto a = vm["auth"].as<std::string>();
    if (a == "trust") c.auth = AuthMethod::kTrust;
    else if (a == "password") c.auth = AuthMethod::kPassword;
    else if (a == "md5") c.auth = AuthMethod::kMd5;
    else if (a == "scram-sha-256") c.auth = AuthMethod::kScramSha256;
    else return usage_error("invalid --auth \"" + a + "\": expected trust, password, md5 or scram-sha-256");
  }
  take(vm, "users", c.users_file);
  take(vm, "tls-cert", c.tls_cert);
  take(vm, "tls-key", c.tls_key);
  if (c.tls_cert.empty() != c.tls_key.empty()) {
    return usage_error("--tls-cert and --tls-key must be given together");
  }
  if (vm.count("mode")) {
    auto m = vm["mode"].as<std::string>();
    if (m == "local") c.mode = Mode::kLocal;
    else if (m == "shared") c.mode = Mode::kShared;
    else return usage_error("invalid --mode \"" + m + "\": expected local or shared");
  }
  take(vm, "dynamodb-table", c.dynamodb_table);
  take(vm, "database-id", c.database_id);
  take(vm, "lease-ms", c.lease_ms);
  take(vm, "lease-heartbeat-ms", c.lease_heartbeat_ms);
  take(vm, "lease-acquire-timeout-ms", c.lease_acquire_timeout_ms);
  take(vm, "lease-max-attempts", c.lease_max_attempts);
  take(vm, "lease-idle-release-ms", c.lease_idle_release_ms);
  if (vm.count("read-validation")) {
    auto v = vm["read-validation"].as<std::string>();
    if (v != "on" && v != "off") return usage_error("invalid --read-validation \"" + v + "\": expected on or off");
    c.read_validation = v == "on";
  }
  if (c.lease_ms <= 0) return usage_error("--lease-ms must be positive");
  if (c.lease_heartbeat_ms < 0 || c.lease_acquire_timeout_ms < 0 || c.lease_max_attempts < 0 ||
      c.lease_idle_release_ms < 0) {
    return usage_error("lease settings must not be negative");
  }
  if (vm.count("admin-port")) c.admin_port = static_cast<uint16_t>(vm["admin-port"].as<int>());
  take(vm, "log-level", c.log_level);
  take(vm, "log-format", c.log_format);
  take(vm, "max-connections", c.max_connections);
  if (vm.count("max-message-size")) c.max_message_size = static_cast<size_t>(vm["max-message-size"].as<int64_t>());
  take(vm, "io-threads", c.io_threads);
  take(vm, "readers", c.readers);
  take(vm, "read-inline-budget-us", c.read_inline_budget_us);
  if (c.read_inline_budget_us < 0) return usage_error("--read-inline-budget-us must not be negative");
  if (vm.count("synchronous")) {
    auto s = vm["synchronous"].as<std::string>();
    if (s != "full" && s != "normal") return usage_error("invalid --synchronous \"" + s + "\": expected full or normal");
    c.synchronous_full = s == "full";
  }
  take(vm, "sqlite-vfs", c.sqlite_vfs);
  auto ms = [&](const char* name, std::chrono::milliseconds& out) {
    if (vm.count(name)) out = std::chrono::milliseconds(vm[name].as<int64_t>());
  };
  ms("startup-timeout-ms", c.startup_timeout);
  ms("lock-timeout-ms", c.lock_timeout);
  ms("statement-timeout-ms", c.statement_timeout);
  ms("idle-in-transaction-timeout-ms", c.idle_in_transaction_timeout);
  ms("database-idle-close-ms", c.database_idle_close);
  return c;
}

const char* kUsage =
    "litewire: a PostgreSQL-protocol server on SQLite\n\n"
    "Usage:\n"
    "  litewire [serve] [options]                     start the server (default command)\n"
    "  litewire passwd USER [--users FILE]            add or change a user's password\n"
    "  litewire dynamodb create-table [--dynamodb-table NAME]\n"
    "  litewire backup DATABASE FILE [--data-dir DIR] online, consistent copy\n"
    "  litewire check DATABASE [--data-dir DIR]       integrity check\n"
    "  litewire --help | --version\n\n"
    "Every option also reads LITEWIRE_<NAME> from the environment (LITEWIRE_DATA_DIR, ...)\n"
    "and `name = value` from the --config file; flags beat the environment, which beats the file.\n\n";

}  // namespace

protocol::Result<Command> parse_command_line(int argc, const char* const* argv,
                                             const std::vector<std::string>& environment) {
  Command cmd;
  auto desc = server_options();
  po::options_description general("General");
  general.add_options()("help,h", "show this help")("version,V", "show the version");
  po::options_description all;
  all.add(general).add(desc);
  po::options_description hidden;
  hidden.add_options()("positional", po::value<std::vector<std::string>>(), "");
  po::options_description parse_desc;
  parse_desc.add(all).add(hidden);
  po::positional_options_description pos;
  pos.add("positional", -1);

  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(parse_desc).positional(pos).run(), vm);
    // Environment: boost's parse_environment reads the real environment; use the injected one.
    po::parsed_options env_opts(&desc);
    for (const auto& kv : environment) {
      auto eq = kv.find('=');
      if (eq == std::string::npos) continue;
      auto name = env_to_option(desc, kv.substr(0, eq));
      if (name.empty()) continue;
      po::option opt;
      opt.string_key = name;
      opt.value.push_back(kv.substr(eq + 1));
      env_opts.options.push_back(opt);
    }
    po::store(env_opts, vm);
    std::string config_file;
    if (vm.count("config")) config_file = vm["config"].as<std::string>();
    if (!config_file.empty()) {
      std::ifstream in(config_file);
      if (!in) return usage_error("could not read config file \"" + config_file + "\"");
      // Accept both spellings of names in the file: data-dir and data_dir.
      std::stringstream normalized;
      std::string line;
      while (std::getline(in, line)) {
        auto eq = line.find('=');
        if (eq != std::string::npos && line.find('#') != 0) {
          for (size_t i = 0; i < eq; ++i) {
            if (line[i] == '_') line[i] = '-';
          }
        }
        normalized << line << '\n';
      }
      po::store(po::parse_config_file(normalized, desc), vm);
    }
    po::notify(vm);
  } catch (const po::error& e) {
    return usage_error(e.what());
  }

  std::stringstream help;
  help << kUsage << all;
  cmd.help_text = help.str();
  if (vm.count("help")) {
    cmd.kind = Command::Kind::kHelp;
    return cmd;
  }
  if (vm.count("version")) {
    cmd.kind = Command::Kind::kVersion;
    return cmd;
  }
  std::vector<std::string> positional;
  if (vm.count("positional")) positional = vm["positional"].as<std::vector<std::string>>();
  if (!positional.empty()) {
    const std::string verb = positional.front();
    positional.erase(positional.begin());
    if (verb == "serve") {
      cmd.kind = Command::Kind::kServe;
    } else if (verb == "passwd") {
      cmd.kind = Command::Kind::kPasswd;
      if (positional.size() != 1) return usage_error("usage: litewire passwd USER [--users FILE]");
    } else if (verb == "dynamodb") {
      if (positional.size() != 1 || positional[0] != "create-table") {
        return usage_error("usage: litewire dynamodb create-table [--dynamodb-table NAME]");
      }
      positional.clear();
      cmd.kind = Command::Kind::kDynamoCreateTable;
    } else if (verb == "backup") {
      cmd.kind = Command::Kind::kBackup;
      if (positional.size() != 2) return usage_error("usage: litewire backup DATABASE FILE [--data-dir DIR]");
    } else if (verb == "check") {
      cmd.kind = Command::Kind::kCheck;
      if (positional.size() != 1) return usage_error("usage: litewire check DATABASE [--data-dir DIR]");
    } else {
      return usage_error("unknown command \"" + verb + "\"; see litewire --help");
    }
  }
  if (cmd.kind == Command::Kind::kServe && !positional.empty()) {
    return usage_error("unexpected argument \"" + positional.front() + "\"");
  }
  cmd.args = std::move(positional);
  LITEWIRE_TRY_ASSIGN(config, to_config(vm));
  // The original Django backend's names (SQLITE_LOCK_DYNAMODB_TABLE, SQLITE_LOCK_EXPIRATION in
  // seconds, SQLITE_LOCK_MAX_ATTEMPTS) apply where no flag, LITEWIRE_ variable or file set it.
  auto env_lookup = [&environment](std::string_view name) -> std::optional<std::string> {
    for (const auto& kv : environment) {
      if (kv.size() > name.size() && kv[name.size()] == '=' && kv.compare(0, name.size(), name) == 0) {
        return kv.substr(name.size() + 1);
      }
    }
    return std::nullopt;
  };
  locking::LeaseConfig defaults;
  defaults.table = config.dynamodb_table;
  defaults.lease = std::chrono::milliseconds(config.lease_ms);
  defaults.max_attempts = config.lease_max_attempts;
  auto aliases = locking::lease_config_from_env(env_lookup, defaults);
  if (!aliases) return aliases.error();
  if (!vm.count("dynamodb-table")) config.dynamodb_table = aliases->table;
  if (!vm.count("lease-ms")) config.lease_ms = aliases->lease.count();
  if (!vm.count("lease-max-attempts")) config.lease_max_attempts = aliases->max_attempts;
  cmd.config = std::move(config);
  return cmd;
}

}  // namespace litewire::server
