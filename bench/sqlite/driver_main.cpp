// sqlite_driver: runs pgbench scripts in-process on SQLite, no network and no translation, with
// the settings litewire's local mode uses (WAL, synchronous=FULL, 16 MiB page cache). Each
// client thread owns a connection; a transaction that fails with SQLITE_BUSY is retried (and
// counted), which is the best an application sharing the file directly can do. Prints one
// JSON object.
//
//   sqlite_driver --db FILE [--setup SQL] --script FILE[@WEIGHT]... [--clients N]
//                 [--duration SECONDS] [--mode simple|extended|prepared]
//                 [--synchronous full|normal] [--busy-timeout MS]

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "bench/sqlite/script.h"

namespace lb = litewire::bench;

int main(int argc, char** argv) {
  std::string db_path, setup_path, mode = "prepared";
  std::vector<std::string> script_specs;
  int clients = 1;
  double duration = 5;
  lb::ConnectionSettings settings;
  settings.journal_mode = "WAL";
  settings.synchronous = "FULL";
  settings.busy_timeout_ms = 10000;
  settings.cache_size_kib = 16384;  // litewire's page cache per connection
  settings.retry_busy = true;

  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "sqlite_driver: %s needs a value\n", arg.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (arg == "--db") {
      db_path = value();
    } else if (arg == "--setup") {
      setup_path = value();
    } else if (arg == "--script") {
      script_specs.push_back(value());
    } else if (arg == "--clients") {
      clients = std::atoi(value().c_str());
    } else if (arg == "--duration") {
      duration = std::atof(value().c_str());
    } else if (arg == "--mode") {
      mode = value();
    } else if (arg == "--synchronous") {
      settings.synchronous = value();
    } else if (arg == "--busy-timeout") {
      settings.busy_timeout_ms = std::atoi(value().c_str());
    } else {
      std::fprintf(stderr, "sqlite_driver: unknown argument %s\n", arg.c_str());
      return 2;
    }
  }
  if (db_path.empty()) {
    std::fprintf(stderr, "sqlite_driver: --db is required\n");
    return 2;
  }
  if (!setup_path.empty()) lb::run_setup(db_path, setup_path, settings);
  if (script_specs.empty()) return 0;

  std::vector<lb::Script> scripts;
  for (const std::string& spec : script_specs) scripts.push_back(lb::load_script(spec));
  lb::RunResult result = lb::run_clients(scripts, db_path, settings, lb::parse_query_mode(mode),
                                         clients, duration);
  std::printf("%s\n", lb::to_json(result).c_str());
  return 0;
}
