#pragma once
// A session's run-time parameters (GUCs): SET / SHOW / RESET and the ParameterStatus messages
// PostgreSQL reports. Touched only on the session's strand.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "protocol/backend.h"
#include "protocol/codec.h"
#include "protocol/pg_error.h"

namespace litewire::server {

class Settings {
 public:
  Settings();

  // Sets `name` (case-insensitive) to `value` as given in SQL or the StartupMessage. Returns
  // the ParameterStatus to send when the parameter is one PostgreSQL reports.
  protocol::Result<std::optional<protocol::ParameterStatus>> set(std::string_view name,
                                                                 std::string_view value);
  // RESET name: back to the session's default (the value from the StartupMessage, else the
  // built-in default).
  protocol::Result<std::optional<protocol::ParameterStatus>> reset(std::string_view name);
  std::vector<protocol::ParameterStatus> reset_all();
  // Makes the current values the session defaults (after the StartupMessage was applied).
  void commit_startup_values();

  // SHOW name: the canonical name (column name) and value. 42704 for unknown names.
  protocol::Result<std::pair<std::string, std::string>> show(std::string_view name) const;
  // SHOW ALL rows: name, setting, description.
  std::vector<std::array<std::string, 3>> show_all() const;
  std::optional<std::string> get(std::string_view name) const;

  // The 13 parameters PostgreSQL 15 reports at startup, in its order.
  std::vector<protocol::ParameterStatus> reported() const;

  const protocol::FormatContext& format() const { return format_; }
  // Milliseconds; 0 = off.
  int64_t statement_timeout_ms() const;
  int64_t lock_timeout_ms() const;
  int64_t idle_in_transaction_timeout_ms() const;

 private:
  struct Guc {
    std::string name;          // canonical spelling ("TimeZone")
    std::string value;
    std::string boot_value;
    std::string session_default;
    bool reported = false;
    std::string description;
  };
  Guc* find(std::string_view name);
  const Guc* find(std::string_view name) const;
  protocol::Result<std::string> validate(const Guc& g, std::string_view value);
  void apply(const Guc& g);

  std::map<std::string, Guc, std::less<>> gucs_;  // key: lower-case name
  protocol::FormatContext format_;
};

}  // namespace litewire::server
