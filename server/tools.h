#pragma once
// The offline subcommands: backup and check. Both are safe while a server runs on the same
// file (they read through SQLite's own locking and, in WAL mode, a consistent snapshot).

#include <string>
#include <vector>

#include "protocol/pg_error.h"

namespace litewire::server {

// Copies database `path` to `destination` with SQLite's online backup API.
protocol::Result<void> backup_database(const std::string& path, const std::string& destination);
// Runs PRAGMA integrity_check; returns its report lines ("ok" when healthy).
protocol::Result<std::vector<std::string>> check_database(const std::string& path);

}  // namespace litewire::server

namespace litewire::server {
struct Config;
// `litewire dynamodb create-table`: creates the lock table (key pk, on-demand) and waits until
// it is ACTIVE. Prints the outcome; returns the exit code.
int run_dynamodb_create_table(const Config& config);
}  // namespace litewire::server
