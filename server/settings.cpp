#include "server/settings.h"

#include <atomic>

#include "protocol/timezone.h"

#include <algorithm>

namespace litewire::server {

using protocol::PgError;
namespace sqlstate = protocol::sqlstate;

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Parses "30s", "500ms", "1min", "2h" or a bare number of milliseconds (PostgreSQL's units for
// time GUCs whose base unit is ms).
std::optional<int64_t> parse_ms(std::string_view v) {
  std::string s = lower(v);
  size_t i = 0;
  while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '-')) ++i;
  if (i == 0) return std::nullopt;
  int64_t n = 0;
  try {
    n = std::stoll(s.substr(0, i));
  } catch (...) {
    return std::nullopt;
  }
  std::string unit = s.substr(i);
  while (!unit.empty() && unit.front() == ' ') unit.erase(unit.begin());
  if (unit.empty() || unit == "ms") return n;
  if (unit == "s") return n * 1000;
  if (unit == "min") return n * 60000;
  if (unit == "h") return n * 3600000;
  if (unit == "d") return n * 86400000;
  return std::nullopt;
}

// PostgreSQL shows a time setting in the largest unit that divides it exactly: 5000 -> "5s",
// 60000 -> "1min", 1500 -> "1500ms".
std::string format_ms(int64_t ms) {
  if (ms == 0) return "0";
  struct Unit {
    int64_t factor;
    const char* name;
  };
  static constexpr Unit kUnits[] = {{86400000, "d"}, {3600000, "h"}, {60000, "min"}, {1000, "s"}};
  for (const auto& u : kUnits) {
    if (ms % u.factor == 0) return std::to_string(ms / u.factor) + u.name;
  }
  return std::to_string(ms) + "ms";
}

}  // namespace

Settings::Settings() = default;

const std::vector<Settings::GucDef>& Settings::defs() {
  // Values as a fresh PostgreSQL 15 session reports them (reported ones are sent as
  // ParameterStatus at startup and whenever they change).
  static const std::vector<GucDef> kDefs = {
      {"application_name", "", true, "Sets the application name to be reported in statistics and logs."},
      {"client_encoding", "UTF8", true, "Sets the client's character set encoding."},
      {"DateStyle", "ISO, MDY", true, "Sets the display format for date and time values."},
      {"default_transaction_read_only", "off", true, "Sets the default read-only status of new transactions."},
      {"in_hot_standby", "off", true, "Shows whether hot standby is currently active."},
      {"integer_datetimes", "on", true, "Shows whether datetimes are integer based."},
      {"IntervalStyle", "postgres", true, "Sets the display format for interval values."},
      {"is_superuser", "on", true, "Shows whether the current user is a superuser."},
      {"server_encoding", "UTF8", true, "Shows the server (database) character set encoding."},
      {"server_version", "15.18", true, "Shows the server version."},
      {"session_authorization", "postgres", true, "Sets the session user name."},
      {"standard_conforming_strings", "on", true, "Causes '...' strings to treat backslashes literally."},
      {"TimeZone", "UTC", true, "Sets the time zone for displaying and interpreting time stamps."},
      {"server_version_num", "150018", false, "Shows the server version as an integer."},
      {"search_path", "\"$user\", public", false, "Sets the schema search order for names that are not schema-qualified."},
      {"statement_timeout", "0", false, "Sets the maximum allowed duration of any statement."},
      {"lock_timeout", "0", false, "Sets the maximum allowed duration of any wait for a lock."},
      {"idle_in_transaction_session_timeout", "0", false, "Sets the maximum allowed idle time between queries, when in a transaction."},
      {"extra_float_digits", "1", false, "Sets the number of digits displayed for floating-point values."},
      {"default_transaction_isolation", "read committed", false, "Sets the transaction isolation level of each new transaction."},
      {"transaction_isolation", "read committed", false, "Sets the current transaction's isolation level."},
      {"transaction_read_only", "off", false, "Sets the current transaction's read-only status."},
      {"max_identifier_length", "63", false, "Shows the maximum identifier length."},
      {"max_index_keys", "32", false, "Shows the maximum number of index keys."},
      {"bytea_output", "hex", false, "Sets the output format for bytea."},
      {"lc_messages", "C.UTF-8", false, "Sets the language in which messages are displayed."},
      {"lc_collate", "C.UTF-8", false, "Shows the collation order locale."},
      {"lc_ctype", "C.UTF-8", false, "Shows the character classification and case conversion locale."},
      {"lc_monetary", "C.UTF-8", false, "Sets the locale for formatting monetary amounts."},
      {"lc_numeric", "C.UTF-8", false, "Sets the locale for formatting numbers."},
      {"lc_time", "C.UTF-8", false, "Sets the locale for formatting date and time values."},
      {"client_min_messages", "notice", false, "Sets the message levels that are sent to the client."},
      {"synchronous_commit", "on", false, "Sets the current transaction's synchronization level."},
      {"row_security", "on", false, "Enable row security."},
      {"max_connections", "100", false, "Sets the maximum number of concurrent connections."},
      {"default_transaction_deferrable", "off", false, "Sets the default deferrable status of new transactions."},
      {"transaction_deferrable", "off", false, "Whether to defer a read-only serializable transaction until it can be executed with no possible serialization failures."},
      {"timezone_abbreviations", "Default", false, "Selects a file of time zone abbreviations."},
      {"join_collapse_limit", "8", false, "Sets the FROM-list size beyond which JOIN constructs are not flattened."},
      {"work_mem", "4MB", false, "Sets the maximum memory to be used for query workspaces."},
      {"jit", "off", false, "Allow JIT compilation."},
      {"check_function_bodies", "on", false, "Check routine bodies during CREATE FUNCTION and CREATE PROCEDURE."},
      {"xmloption", "content", false, "Sets whether XML data in implicit parsing and serialization operations is to be considered as documents or content fragments."},
      {"escape_string_warning", "on", false, "Warn about backslash escapes in ordinary string literals."},
      {"default_tablespace", "", false, "Sets the default tablespace to create tables and indexes in."},
      {"session_replication_role", "origin", false, "Sets the session's behavior for triggers and rewrite rules."},
      {"enable_seqscan", "on", false, "Enables the planner's use of sequential-scan plans."},
      {"geqo", "on", false, "Enables genetic query optimization."},
  };
  return kDefs;
}

int Settings::find_def(std::string_view name) {
  std::string key = lower(name);
  if (key == "time zone" || key == "time_zone") key = "timezone";
  const auto& d = defs();
  for (size_t i = 0; i < d.size(); ++i) {
    if (lower(d[i].name) == key) return static_cast<int>(i);
  }
  return -1;
}

const std::string* Settings::value_of(int def) const {
  auto it = values_.find(def);
  return it == values_.end() ? nullptr : &it->second.current;
}

protocol::Result<std::string> Settings::validate(std::string_view name, std::string_view value) {
  const std::string key = lower(name);
  std::string v(value);
  auto invalid = [&](std::string why = {}) {
    PgError e(sqlstate::kInvalidParameterValue,
              "invalid value for parameter \"" + std::string(name) + "\": \"" + v + "\"");
    if (!why.empty()) e.detail = std::move(why);
    return e;
  };
  if (key == "client_encoding") {
    std::string l = lower(v);
    l.erase(std::remove(l.begin(), l.end(), '-'), l.end());
    l.erase(std::remove(l.begin(), l.end(), '_'), l.end());
    if (l == "utf8" || l == "unicode") return std::string("UTF8");
    return PgError(sqlstate::kFeatureNotSupported,
                   "client encoding \"" + v + "\" is not supported")
        .with_detail("litewire sends and receives UTF8 only.");
  }
  if (key == "timezone") {
    std::string l = lower(v);
    if (l == "utc" || l == "etc/utc" || l == "z" || l == "zulu" || l == "gmt" || l == "etc/gmt" ||
        l == "universal") {
      return l == "gmt" ? std::string("GMT") : std::string("UTC");
    }
    if (l == "local" || l == "default") return std::string("UTC");
    // Named zones (IANA names, POSIX strings, offsets) are accepted as given once the time
    // zone database knows them.
    if (!protocol::TimeZone::load(v)) return invalid("time zone \"" + v + "\" not recognized");
    return v;
  }
  if (key == "datestyle") {
    std::string l = lower(v);
    std::string out_style = "ISO", order = "MDY";
    size_t start = 0;
    while (start <= l.size()) {
      auto comma = l.find(',', start);
      std::string item = l.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      item.erase(0, item.find_first_not_of(' '));
      item.erase(item.find_last_not_of(' ') + 1);
      if (item == "iso") out_style = "ISO";
      else if (item == "postgres") out_style = "Postgres";
      else if (item == "sql") out_style = "SQL";
      else if (item == "german") out_style = "German";
      else if (item == "mdy" || item == "us" || item == "noneuropean") order = "MDY";
      else if (item == "dmy" || item == "euro" || item == "european") order = "DMY";
      else if (item == "ymd") order = "YMD";
      else if (!item.empty() && item != "default") return invalid("Unrecognized key word: \"" + item + "\".");
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    return out_style + ", " + order;
  }
  if (key == "intervalstyle") {
    std::string l = lower(v);
    if (l == "postgres" || l == "postgres_verbose" || l == "sql_standard" || l == "iso_8601") return l;
    return invalid();
  }
  if (key == "statement_timeout" || key == "lock_timeout" ||
      key == "idle_in_transaction_session_timeout") {
    auto ms = parse_ms(v);
    if (!ms || *ms < 0) return invalid();
    return format_ms(*ms);
  }
  if (key == "extra_float_digits") {
    try {
      int n = std::stoi(v);
      if (n < -15 || n > 3) {
        return PgError(sqlstate::kInvalidParameterValue,
                       std::to_string(n) + " is outside the valid range for parameter \"extra_float_digits\" (-15 .. 3)");
      }
      return std::to_string(n);
    } catch (...) {
      return PgError(sqlstate::kInvalidParameterValue,
                     "invalid value for parameter \"extra_float_digits\": \"" + v + "\"");
    }
  }
  if (key == "standard_conforming_strings") {
    std::string l = lower(v);
    if (l == "on" || l == "true" || l == "1") return std::string("on");
    return PgError(sqlstate::kFeatureNotSupported,
                   "standard_conforming_strings = off is not supported");
  }
  if (key == "server_version" || key == "server_encoding" || key == "integer_datetimes" ||
      key == "in_hot_standby" || key == "is_superuser" || key == "server_version_num" ||
      key == "max_identifier_length" || key == "max_index_keys" || key == "lc_collate" ||
      key == "lc_ctype") {
    return PgError(sqlstate::kCantChangeRuntimeParam,
                   "parameter \"" + std::string(name) + "\" cannot be changed");
  }
  return v;
}

void Settings::apply(std::string_view name, const std::string& value) {
  const std::string key = lower(name);
  if (key == "extra_float_digits") format_.extra_float_digits = std::stoi(value);
  if (key == "datestyle") {
    const auto& v = value;
    format_.date_style = v.rfind("ISO", 0) == 0        ? protocol::DateStyleOutput::kISO
                         : v.rfind("Postgres", 0) == 0 ? protocol::DateStyleOutput::kPostgres
                         : v.rfind("SQL", 0) == 0      ? protocol::DateStyleOutput::kSQL
                                                       : protocol::DateStyleOutput::kGerman;
    format_.date_order = v.find("DMY") != std::string::npos   ? protocol::DateOrder::kDMY
                         : v.find("YMD") != std::string::npos ? protocol::DateOrder::kYMD
                                                              : protocol::DateOrder::kMDY;
  }
  if (key == "intervalstyle") {
    format_.interval_style =
        value == "postgres_verbose" ? protocol::IntervalStyleOutput::kPostgresVerbose
        : value == "sql_standard"   ? protocol::IntervalStyleOutput::kSqlStandard
        : value == "iso_8601"       ? protocol::IntervalStyleOutput::kIso8601
                                    : protocol::IntervalStyleOutput::kPostgres;
  }
  if (key == "bytea_output") format_.bytea_hex = value != "escape";
  if (key == "timezone") {
    auto tz = protocol::TimeZone::load(value);
    format_.time_zone = tz ? *tz : protocol::TimeZone::utc();
  }
}

protocol::Result<std::optional<protocol::ParameterStatus>> Settings::set(std::string_view name,
                                                                         std::string_view value) {
  const int i = find_def(name);
  if (i < 0) {
    // Custom options with a dot ("myapp.setting") are allowed, as in PostgreSQL.
    if (name.find('.') != std::string_view::npos) {
      custom_[lower(name)] = {std::string(name), std::string(value)};
      return std::optional<protocol::ParameterStatus>{};
    }
    return PgError(sqlstate::kUndefinedObject,
                   "unrecognized configuration parameter \"" + std::string(name) + "\"");
  }
  const GucDef& d = defs()[i];
  LITEWIRE_TRY_ASSIGN(v, validate(d.name, value));
  apply(d.name, v);
  values_[i].current = std::move(v);
  changed();
  if (!d.reported) return std::optional<protocol::ParameterStatus>{};
  return std::optional<protocol::ParameterStatus>(
      protocol::ParameterStatus{std::string(d.name), values_[i].current});
}

protocol::Result<std::optional<protocol::ParameterStatus>> Settings::reset(std::string_view name) {
  const int i = find_def(name);
  if (i < 0) {
    if (auto it = custom_.find(lower(name)); it != custom_.end()) {
      custom_.erase(it);
      return std::optional<protocol::ParameterStatus>{};
    }
    return PgError(sqlstate::kUndefinedObject,
                   "unrecognized configuration parameter \"" + std::string(name) + "\"");
  }
  const GucDef& d = defs()[i];
  std::string v(d.boot_value);
  if (auto it = values_.find(i); it != values_.end()) {
    if (it->second.session_default) {
      v = *it->second.session_default;
      it->second.current = v;
    } else {
      values_.erase(it);
    }
  }
  apply(d.name, v);
  changed();
  if (!d.reported) return std::optional<protocol::ParameterStatus>{};
  return std::optional<protocol::ParameterStatus>(protocol::ParameterStatus{std::string(d.name), v});
}

std::vector<protocol::ParameterStatus> Settings::reset_all() {
  std::vector<protocol::ParameterStatus> changed;
  for (auto it = values_.begin(); it != values_.end();) {
    const GucDef& d = defs()[it->first];
    std::string target = it->second.session_default.value_or(std::string(d.boot_value));
    const bool differs = it->second.current != target;
    apply(d.name, target);
    if (differs && d.reported) changed.push_back({std::string(d.name), target});
    if (it->second.session_default) {
      it->second.current = std::move(target);
      ++it;
    } else {
      it = values_.erase(it);
    }
  }
  custom_.clear();
  this->changed();
  return changed;
}

void Settings::commit_startup_values() {
  for (auto& [i, v] : values_) v.session_default = v.current;
}

protocol::Result<std::pair<std::string, std::string>> Settings::show(std::string_view name) const {
  const int i = find_def(name);
  if (i < 0) {
    if (auto it = custom_.find(lower(name)); it != custom_.end()) {
      return std::pair<std::string, std::string>(it->second.first, it->second.second);
    }
    return PgError(sqlstate::kUndefinedObject,
                   "unrecognized configuration parameter \"" + std::string(name) + "\"");
  }
  // SHOW's column carries the parameter's canonical spelling ("TimeZone"), as in PostgreSQL.
  const std::string* v = value_of(i);
  return std::pair<std::string, std::string>(std::string(defs()[i].name),
                                             v ? *v : std::string(defs()[i].boot_value));
}

std::vector<std::array<std::string, 3>> Settings::show_all() const {
  std::vector<std::array<std::string, 3>> rows;
  const auto& d = defs();
  for (size_t i = 0; i < d.size(); ++i) {
    const std::string* v = value_of(static_cast<int>(i));
    rows.push_back({std::string(d[i].name), v ? *v : std::string(d[i].boot_value),
                    std::string(d[i].description)});
  }
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return lower(a[0]) < lower(b[0]); });
  return rows;
}

std::optional<std::string> Settings::get(std::string_view name) const {
  const int i = find_def(name);
  if (i < 0) {
    if (auto it = custom_.find(lower(name)); it != custom_.end()) return it->second.second;
    return std::nullopt;
  }
  const std::string* v = value_of(i);
  return v ? *v : std::string(defs()[i].boot_value);
}

uint64_t Settings::next_generation() {
  static std::atomic<uint64_t> counter{0};
  return counter.fetch_add(1, std::memory_order_relaxed) + 1;
}

std::vector<protocol::ParameterStatus> Settings::reported() const {
  std::vector<protocol::ParameterStatus> out;
  const auto& d = defs();
  for (size_t i = 0; i < d.size(); ++i) {
    if (!d[i].reported) continue;
    const std::string* v = value_of(static_cast<int>(i));
    out.push_back({std::string(d[i].name), v ? *v : std::string(d[i].boot_value)});
  }
  return out;
}

int64_t Settings::statement_timeout_ms() const { return parse_ms(*get("statement_timeout")).value_or(0); }
int64_t Settings::lock_timeout_ms() const { return parse_ms(*get("lock_timeout")).value_or(0); }
int64_t Settings::idle_in_transaction_timeout_ms() const {
  return parse_ms(*get("idle_in_transaction_session_timeout")).value_or(0);
}

}  // namespace litewire::server
