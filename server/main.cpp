// litewire: the executable. Parses the command line and runs one subcommand.

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <termios.h>
#include <unistd.h>

#include <iostream>
#include <string>
#include <vector>

#include "server/auth.h"
#include "server/config.h"
#include "server/server.h"
#include "server/tools.h"
#include "server/version.h"

extern char** environ;

namespace {

using namespace litewire::server;

void setup_logging(const Config& c) {
  auto logger = spdlog::stderr_color_mt("litewire");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(c.log_level));
  if (c.log_format == "json") {
    spdlog::set_pattern(R"({"time":"%Y-%m-%dT%H:%M:%S.%e%z","level":"%l","logger":"%n","msg":"%v"})");
  } else {
    spdlog::set_pattern("%Y-%m-%d %H:%M:%S.%e [%n] %l: %v");
  }
}

// The password from the terminal (twice, without echo) or, when stdin is not a terminal, its
// first line, so scripts can pipe it in.
std::optional<std::string> read_password() {
  std::string pw;
  if (!isatty(STDIN_FILENO)) {
    if (!std::getline(std::cin, pw)) return std::nullopt;
    if (!pw.empty() && pw.back() == '\r') pw.pop_back();
    return pw;
  }
  termios old {};
  tcgetattr(STDIN_FILENO, &old);
  termios quiet = old;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  std::string again;
  std::cerr << "Enter new password: " << std::flush;
  std::getline(std::cin, pw);
  std::cerr << "\nEnter it again: " << std::flush;
  std::getline(std::cin, again);
  std::cerr << "\n";
  tcsetattr(STDIN_FILENO, TCSANOW, &old);
  if (pw != again) {
    std::cerr << "litewire: passwords do not match\n";
    return std::nullopt;
  }
  return pw;
}

int fail(const litewire::protocol::PgError& e) {
  std::cerr << "litewire: " << e.message << "\n";
  if (!e.detail.empty()) std::cerr << "DETAIL: " << e.detail << "\n";
  if (!e.hint.empty()) std::cerr << "HINT: " << e.hint << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) env.emplace_back(*e);
  auto cmd = parse_command_line(argc, argv, env);
  if (!cmd) {
    std::cerr << "litewire: " << cmd.error().message << "\nTry \"litewire --help\".\n";
    return 2;
  }
  const Config& config = cmd->config;
  switch (cmd->kind) {
    case Command::Kind::kHelp:
      std::cout << cmd->help_text;
      return 0;
    case Command::Kind::kVersion:
      std::cout << "litewire " << version() << " (PostgreSQL protocol 3.0, server_version 15.18)\n";
      return 0;
    case Command::Kind::kPasswd: {
      auto pw = read_password();
      if (!pw) return 1;
      if (pw->empty()) {
        std::cerr << "litewire: empty password\n";
        return 1;
      }
      if (auto r = UserStore::set_password(config.users_path(), cmd->args[0], *pw); !r) return fail(r.error());
      std::cerr << "password of \"" << cmd->args[0] << "\" set in " << config.users_path() << "\n";
      return 0;
    }
    case Command::Kind::kBackup: {
      auto r = backup_database(config.data_dir + "/" + cmd->args[0] + ".db", cmd->args[1]);
      if (!r) return fail(r.error());
      return 0;
    }
    case Command::Kind::kCheck: {
      auto r = check_database(config.data_dir + "/" + cmd->args[0] + ".db");
      if (!r) return fail(r.error());
      for (const auto& line : *r) std::cout << line << "\n";
      return r->size() == 1 && r->front() == "ok" ? 0 : 1;
    }
    case Command::Kind::kDynamoCreateTable:
      return run_dynamodb_create_table(config);
    case Command::Kind::kServe:
      break;
  }
  setup_logging(config);
  Server server(config);
  if (auto r = server.start(); !r) return fail(r.error());
  return server.run();
}
