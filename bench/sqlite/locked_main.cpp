// sqlite_locked: the seven access patterns of the "database is locked" benchmark run directly
// on one SQLite file by several threads, each with its own connection, with SQLite's defaults:
// rollback journal (DELETE), synchronous=FULL, and no busy handler unless --busy-timeout is
// given (Python's sqlite3 module and Django wait 5000 ms). Nothing is retried. Counts the
// transactions that failed with SQLITE_BUSY ("database is locked") per pattern and prints one
// JSON object per pattern, one per line.
//
//   sqlite_locked --db FILE --setup SQL [--threads N] [--duration SECONDS]
//                 [--busy-timeout MS] PATTERN.sql...

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "bench/sqlite/script.h"

namespace lb = litewire::bench;

int main(int argc, char** argv) {
  std::string db_path, setup_path;
  std::vector<std::string> patterns;
  int threads = 8;
  double duration = 2;
  lb::ConnectionSettings settings;  // SQLite's defaults

  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "sqlite_locked: %s needs a value\n", arg.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (arg == "--db") {
      db_path = value();
    } else if (arg == "--setup") {
      setup_path = value();
    } else if (arg == "--threads") {
      threads = std::atoi(value().c_str());
    } else if (arg == "--duration") {
      duration = std::atof(value().c_str());
    } else if (arg == "--busy-timeout") {
      settings.busy_timeout_ms = std::atoi(value().c_str());
    } else if (arg.rfind("--", 0) == 0) {
      std::fprintf(stderr, "sqlite_locked: unknown argument %s\n", arg.c_str());
      return 2;
    } else {
      patterns.push_back(arg);
    }
  }
  if (db_path.empty() || setup_path.empty() || patterns.empty()) {
    std::fprintf(stderr, "usage: sqlite_locked --db FILE --setup SQL [--threads N] "
                         "[--duration S] [--busy-timeout MS] PATTERN.sql...\n");
    return 2;
  }
  // The setup needs no concurrency; a generous timeout keeps it from failing on its own.
  lb::ConnectionSettings setup_settings = settings;
  setup_settings.busy_timeout_ms = 10000;
  lb::run_setup(db_path, setup_path, setup_settings);

  // Each pattern on its own, so a failure is attributed to the access pattern that caused it.
  for (const std::string& pattern : patterns) {
    std::vector<lb::Script> scripts{lb::load_script(pattern)};
    lb::RunResult result = lb::run_clients(scripts, db_path, settings,
                                           lb::QueryMode::kPrepared, threads, duration);
    std::printf("%s\n", lb::to_json(result).c_str());
    std::fflush(stdout);
  }
  return 0;
}
