#pragma once
// A session's run-time parameters (GUCs): SET / SHOW / RESET and the ParameterStatus messages
// PostgreSQL reports. Touched only on the session's strand.

#include <map>
#include <string_view>
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
  // Changes whenever a parameter changes; never the same number for two different states,
  // copies included, so "same generation" means "same values".
  uint64_t generation() const { return generation_; }

  const protocol::FormatContext& format() const { return format_; }
  // Milliseconds; 0 = off.
  int64_t statement_timeout_ms() const;
  int64_t lock_timeout_ms() const;
  int64_t idle_in_transaction_timeout_ms() const;

 private:
  // The built-in parameters, shared by every session (static table in settings.cpp).
  struct GucDef {
    std::string_view name;         // canonical spelling ("TimeZone")
    std::string_view boot_value;
    bool reported;                 // sent as ParameterStatus
    std::string_view description;
  };
  static const std::vector<GucDef>& defs();
  static uint64_t next_generation();
  void changed() { generation_ = next_generation(); }
  uint64_t generation_ = next_generation();
  static int find_def(std::string_view name);  // -1 when unknown

  // Per session only what differs from the boot values, so an idle connection stays small.
  struct Value {
    std::string current;
    std::optional<std::string> session_default;  // from the StartupMessage
  };
  const std::string* value_of(int def) const;
  protocol::Result<std::string> validate(std::string_view name, std::string_view value);
  void apply(std::string_view name, const std::string& value);

  std::map<int, Value> values_;                                     // built-ins changed
  std::map<std::string, std::pair<std::string, std::string>, std::less<>> custom_;  // name -> (canonical, value)
  protocol::FormatContext format_;
};

}  // namespace litewire::server
