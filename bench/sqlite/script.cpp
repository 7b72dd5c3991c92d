#include "bench/sqlite/script.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

namespace litewire::bench {
namespace {

[[noreturn]] void die(const std::string& message) {
  std::fprintf(stderr, "sqlite bench: %s\n", message.c_str());
  std::exit(2);
}

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

bool is_name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Position of a "--" comment outside single quotes, or npos.
size_t comment_start(const std::string& line) {
  bool quoted = false;
  for (size_t i = 0; i + 1 < line.size(); ++i) {
    if (line[i] == '\'') quoted = !quoted;
    if (!quoted && line[i] == '-' && line[i + 1] == '-') return i;
  }
  return std::string::npos;
}

// Splits SQL into literal text and ":name" references, as pgbench does: "::" is a cast, not a
// variable, and nothing inside single quotes is a variable.
std::vector<SqlPiece> split_variables(const std::string& sql) {
  std::vector<SqlPiece> pieces;
  std::string literal;
  bool quoted = false;
  for (size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (c == '\'') quoted = !quoted;
    if (!quoted && c == ':' && i + 1 < sql.size() && sql[i + 1] == ':') {
      literal += "::";
      ++i;
      continue;
    }
    if (!quoted && c == ':' && i + 1 < sql.size() && is_name_start(sql[i + 1])) {
      size_t end = i + 1;
      while (end < sql.size() && is_name_char(sql[end])) ++end;
      if (!literal.empty()) pieces.push_back({literal, false});
      literal.clear();
      pieces.push_back({sql.substr(i + 1, end - i - 1), true});
      i = end - 1;
      continue;
    }
    literal += c;
  }
  if (!literal.empty()) pieces.push_back({literal, false});
  return pieces;
}

Command make_sql_command(const std::string& sql) {
  Command command;
  command.kind = Command::Kind::kSql;
  command.sql = split_variables(sql);
  for (const SqlPiece& piece : command.sql) {
    if (!piece.is_variable) {
      command.parameterized_sql += piece.text;
      continue;
    }
    auto it = std::find(command.parameter_names.begin(), command.parameter_names.end(),
                        piece.text);
    size_t number = it - command.parameter_names.begin() + 1;
    if (it == command.parameter_names.end()) command.parameter_names.push_back(piece.text);
    command.parameterized_sql += '?';
    command.parameterized_sql += std::to_string(number);
  }
  return command;
}

int64_t parse_int(const std::string& text, const std::string& context) {
  std::string t = trim(text);
  char* end = nullptr;
  long long v = std::strtoll(t.c_str(), &end, 10);
  if (t.empty() || *end != '\0') die("not an integer in " + context + ": " + t);
  return v;
}

Command parse_meta(const std::string& line, const std::string& path) {
  std::istringstream words(line);
  std::string verb;
  words >> verb;
  Command command;
  if (verb == "\\set") {
    words >> command.variable;
    std::string rest;
    std::getline(words, rest);
    rest = trim(rest);
    if (rest.rfind("random(", 0) == 0 && rest.back() == ')') {
      std::string args = rest.substr(7, rest.size() - 8);
      size_t comma = args.find(',');
      if (comma == std::string::npos) die(path + ": random() needs two arguments: " + line);
      command.kind = Command::Kind::kSetRandom;
      command.lo = parse_int(args.substr(0, comma), path);
      command.hi = parse_int(args.substr(comma + 1), path);
    } else {
      command.kind = Command::Kind::kSetConstant;
      command.lo = parse_int(rest, path);
    }
  } else if (verb == "\\if") {
    std::string operand, value;
    words >> operand >> command.op >> value;
    static const char* kOps[] = {"<", "<=", ">", ">=", "=", "<>"};
    if (operand.size() < 2 || operand[0] != ':' ||
        std::none_of(std::begin(kOps), std::end(kOps),
                     [&](const char* op) { return command.op == op; })) {
      die(path + ": only \\if :name OP integer is supported: " + line);
    }
    command.kind = Command::Kind::kIf;
    command.variable = operand.substr(1);
    command.lo = parse_int(value, path);
  } else if (verb == "\\else") {
    command.kind = Command::Kind::kElse;
  } else if (verb == "\\endif") {
    command.kind = Command::Kind::kEndif;
  } else {
    die(path + ": meta-command not supported here: " + line);
  }
  return command;
}

// Fills in the jump targets of \if and \else.
void link_conditionals(Script& script, const std::string& path) {
  std::vector<size_t> open;  // indexes of \if, then of \else
  for (size_t i = 0; i < script.commands.size(); ++i) {
    Command& command = script.commands[i];
    if (command.kind == Command::Kind::kIf) {
      open.push_back(i);
    } else if (command.kind == Command::Kind::kElse) {
      if (open.empty()) die(path + ": \\else without \\if");
      script.commands[open.back()].jump = static_cast<int>(i + 1);
      open.back() = i;
    } else if (command.kind == Command::Kind::kEndif) {
      if (open.empty()) die(path + ": \\endif without \\if");
      script.commands[open.back()].jump = static_cast<int>(i + 1);
      open.pop_back();
    }
  }
  if (!open.empty()) die(path + ": \\if without \\endif");
}

bool compare(int64_t a, const std::string& op, int64_t b) {
  if (op == "<") return a < b;
  if (op == "<=") return a <= b;
  if (op == ">") return a > b;
  if (op == ">=") return a >= b;
  if (op == "=") return a == b;
  return a != b;
}

bool is_busy(int rc) {
  int primary = rc & 0xff;
  return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
}

sqlite3* open_connection(const std::string& db_path, const ConnectionSettings& settings) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(db_path.c_str(), &db,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                           nullptr);
  if (rc != SQLITE_OK) die("cannot open " + db_path + ": " + sqlite3_errstr(rc));
  if (settings.busy_timeout_ms > 0) sqlite3_busy_timeout(db, settings.busy_timeout_ms);
  // Pragmas are retried briefly: another thread may hold a lock while this one opens.
  auto pragma = [&](const std::string& sql) {
    for (int attempt = 0;; ++attempt) {
      char* error = nullptr;
      rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
      if (rc == SQLITE_OK) return;
      std::string message = error ? error : sqlite3_errstr(rc);
      sqlite3_free(error);
      if (!is_busy(rc) || attempt > 1000) die(sql + ": " + message);
      sqlite3_sleep(1);
    }
  };
  if (!settings.journal_mode.empty()) pragma("PRAGMA journal_mode=" + settings.journal_mode);
  if (!settings.synchronous.empty()) pragma("PRAGMA synchronous=" + settings.synchronous);
  if (settings.cache_size_kib > 0) {
    pragma("PRAGMA cache_size=-" + std::to_string(settings.cache_size_kib));
  }
  return db;
}

}  // namespace

Script load_script(const std::string& spec) {
  Script script;
  std::string path = spec;
  size_t at = spec.rfind('@');
  if (at != std::string::npos && spec.find('/', at) == std::string::npos) {
    path = spec.substr(0, at);
    script.weight = static_cast<int>(parse_int(spec.substr(at + 1), spec));
  }
  std::ifstream in(path);
  if (!in) die("cannot read " + path);
  size_t slash = path.find_last_of('/');
  script.name = path.substr(slash == std::string::npos ? 0 : slash + 1);
  script.name = script.name.substr(0, script.name.find('.'));

  std::string pending;  // SQL not yet terminated by ';'
  std::string line;
  while (std::getline(in, line)) {
    std::string override_sql;
    size_t comment = comment_start(line);
    if (comment != std::string::npos) {
      std::string text = trim(line.substr(comment + 2));
      if (text.rfind("sqlite:", 0) == 0) override_sql = trim(text.substr(7));
      line = line.substr(0, comment);
    }
    line = trim(line);
    if (line.empty()) continue;
    if (pending.empty() && line[0] == '\\') {
      script.commands.push_back(parse_meta(line, path));
      continue;
    }
    pending += pending.empty() ? line : " " + line;
    if (pending.back() != ';') continue;
    pending.pop_back();
    if (!override_sql.empty()) {
      if (override_sql.back() == ';') override_sql.pop_back();
      pending = override_sql;
    }
    script.commands.push_back(make_sql_command(trim(pending)));
    pending.clear();
  }
  if (!trim(pending).empty()) die(path + ": statement without a terminating ';'");
  link_conditionals(script, path);
  return script;
}

QueryMode parse_query_mode(const std::string& name) {
  if (name == "simple") return QueryMode::kSimple;
  if (name == "extended") return QueryMode::kExtended;
  if (name == "prepared") return QueryMode::kPrepared;
  die("unknown query mode " + name + " (simple, extended, prepared)");
}

ClientThread::ClientThread(const std::vector<Script>& scripts, const std::string& db_path,
                           const ConnectionSettings& settings, QueryMode mode, uint64_t seed)
    : scripts_(scripts), settings_(settings), mode_(mode), rng_(seed) {
  db_ = open_connection(db_path, settings);
  prepared_.resize(scripts.size());
  for (size_t i = 0; i < scripts.size(); ++i) {
    prepared_[i].assign(scripts[i].commands.size(), nullptr);
    total_weight_ += scripts[i].weight;
  }
  stats_.latencies_ns.resize(scripts.size());
  stats_.failures.assign(scripts.size(), 0);
  stats_.busy_failures.assign(scripts.size(), 0);
  stats_.retries.assign(scripts.size(), 0);
}

ClientThread::~ClientThread() {
  for (auto& statements : prepared_) {
    for (sqlite3_stmt* statement : statements) sqlite3_finalize(statement);
  }
  sqlite3_close_v2(db_);
}

void ClientThread::run(const std::atomic<bool>& stop) {
  using Clock = std::chrono::steady_clock;
  while (!stop.load(std::memory_order_relaxed)) {
    int pick = std::uniform_int_distribution<int>(1, total_weight_)(rng_);
    size_t index = 0;
    while (pick > scripts_[index].weight) pick -= scripts_[index++].weight;

    Clock::time_point start = Clock::now();
    Outcome outcome = run_once(scripts_[index], index);
    while (outcome == Outcome::kBusy && settings_.retry_busy &&
           !stop.load(std::memory_order_relaxed)) {
      ++stats_.retries[index];
      outcome = run_once(scripts_[index], index);
    }
    auto elapsed = std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start);
    if (outcome == Outcome::kOk) {
      stats_.latencies_ns[index].push_back(static_cast<uint64_t>(elapsed.count()));
    } else {
      ++stats_.failures[index];
      if (outcome == Outcome::kBusy) ++stats_.busy_failures[index];
    }
  }
}

ClientThread::Outcome ClientThread::run_once(const Script& script, size_t script_index) {
  size_t pc = 0;
  while (pc < script.commands.size()) {
    const Command& command = script.commands[pc];
    switch (command.kind) {
      case Command::Kind::kSetRandom:
        variables_[command.variable] =
            std::uniform_int_distribution<int64_t>(command.lo, command.hi)(rng_);
        ++pc;
        break;
      case Command::Kind::kSetConstant:
        variables_[command.variable] = command.lo;
        ++pc;
        break;
      case Command::Kind::kIf:
        pc = compare(variables_[command.variable], command.op, command.lo)
                 ? pc + 1
                 : static_cast<size_t>(command.jump);
        break;
      case Command::Kind::kElse:
        pc = static_cast<size_t>(command.jump);
        break;
      case Command::Kind::kEndif:
        ++pc;
        break;
      case Command::Kind::kSql: {
        Outcome outcome = execute(command, script_index, pc);
        if (outcome != Outcome::kOk) {
          // A failed statement inside BEGIN leaves the transaction open: end it, as a client
          // library would, so the next transaction starts clean.
          if (!sqlite3_get_autocommit(db_)) {
            sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
          }
          return outcome;
        }
        ++pc;
        break;
      }
    }
  }
  return Outcome::kOk;
}

sqlite3_stmt* ClientThread::statement_for(const Command& command, size_t script_index,
                                          size_t command_index, bool* owned) {
  *owned = mode_ != QueryMode::kPrepared;
  if (mode_ == QueryMode::kPrepared && prepared_[script_index][command_index] != nullptr) {
    return prepared_[script_index][command_index];
  }
  std::string text;
  if (mode_ == QueryMode::kSimple) {
    for (const SqlPiece& piece : command.sql) {
      text += piece.is_variable ? std::to_string(variables_[piece.text]) : piece.text;
    }
  } else {
    text = command.parameterized_sql;
  }
  sqlite3_stmt* statement = nullptr;
  int rc = sqlite3_prepare_v2(db_, text.c_str(), static_cast<int>(text.size()), &statement,
                              nullptr);
  if (rc != SQLITE_OK) return nullptr;
  if (mode_ == QueryMode::kPrepared) prepared_[script_index][command_index] = statement;
  return statement;
}

ClientThread::Outcome ClientThread::execute(const Command& command, size_t script_index,
                                            size_t command_index) {
  bool owned = false;
  sqlite3_stmt* statement = statement_for(command, script_index, command_index, &owned);
  int rc = SQLITE_OK;
  if (statement == nullptr) {
    rc = sqlite3_errcode(db_);
  } else {
    if (mode_ != QueryMode::kSimple) {
      for (size_t i = 0; i < command.parameter_names.size(); ++i) {
        sqlite3_bind_int64(statement, static_cast<int>(i + 1),
                           variables_[command.parameter_names[i]]);
      }
    }
    do {
      rc = sqlite3_step(statement);
    } while (rc == SQLITE_ROW);
    if (owned) {
      sqlite3_finalize(statement);
    } else {
      sqlite3_reset(statement);
    }
  }
  if (rc == SQLITE_DONE || rc == SQLITE_OK) return Outcome::kOk;
  if (is_busy(rc)) return Outcome::kBusy;
  if (stats_.first_error.empty()) stats_.first_error = sqlite3_errmsg(db_);
  return Outcome::kError;
}

void run_setup(const std::string& db_path, const std::string& setup_path,
               const ConnectionSettings& settings) {
  std::ifstream in(setup_path);
  if (!in) die("cannot read " + setup_path);
  std::stringstream sql;
  sql << in.rdbuf();
  sqlite3* db = open_connection(db_path, settings);
  char* error = nullptr;
  if (sqlite3_exec(db, sql.str().c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    die(setup_path + ": " + (error ? error : "unknown error"));
  }
  sqlite3_close(db);
}

RunResult run_clients(const std::vector<Script>& scripts, const std::string& db_path,
                      const ConnectionSettings& settings, QueryMode mode, int threads,
                      double seconds) {
  std::vector<std::unique_ptr<ClientThread>> clients;
  for (int i = 0; i < threads; ++i) {
    clients.push_back(std::make_unique<ClientThread>(scripts, db_path, settings, mode,
                                                     0x5eed0000u + static_cast<uint64_t>(i)));
  }
  std::atomic<bool> stop{false};
  auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> workers;
  for (auto& client : clients) {
    workers.emplace_back([&stop, c = client.get()] { c->run(stop); });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (std::thread& worker : workers) worker.join();

  RunResult result;
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::vector<uint64_t> all;
  for (size_t s = 0; s < scripts.size(); ++s) {
    ScriptResult script{scripts[s].name};
    std::vector<uint64_t> latencies;
    for (auto& client : clients) {
      const ThreadStats& stats = client->stats();
      latencies.insert(latencies.end(), stats.latencies_ns[s].begin(),
                       stats.latencies_ns[s].end());
      script.failures += stats.failures[s];
      script.busy_failures += stats.busy_failures[s];
      script.retries += stats.retries[s];
      if (result.first_error.empty()) result.first_error = stats.first_error;
    }
    std::sort(latencies.begin(), latencies.end());
    script.transactions = static_cast<int64_t>(latencies.size());
    script.p50_us = percentile(latencies, 50) / 1000.0;
    script.p99_us = percentile(latencies, 99) / 1000.0;
    all.insert(all.end(), latencies.begin(), latencies.end());
    result.total.transactions += script.transactions;
    result.total.failures += script.failures;
    result.total.busy_failures += script.busy_failures;
    result.total.retries += script.retries;
    result.scripts.push_back(script);
  }
  std::sort(all.begin(), all.end());
  result.total.name = "total";
  result.total.p50_us = percentile(all, 50) / 1000.0;
  result.total.p99_us = percentile(all, 99) / 1000.0;
  return result;
}

namespace {

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
      out += escaped;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string script_json(const ScriptResult& r, double seconds) {
  char numbers[512];
  std::snprintf(numbers, sizeof numbers,
                "\"tps\":%.1f,\"transactions\":%lld,\"failures\":%lld,\"busy_failures\":%lld,"
                "\"retries\":%lld,\"p50_us\":%.3f,\"p99_us\":%.3f",
                seconds > 0 ? static_cast<double>(r.transactions) / seconds : 0.0,
                static_cast<long long>(r.transactions), static_cast<long long>(r.failures),
                static_cast<long long>(r.busy_failures), static_cast<long long>(r.retries),
                r.p50_us, r.p99_us);
  return "{\"name\":" + json_string(r.name) + "," + numbers + "}";
}

}  // namespace

std::string to_json(const RunResult& result) {
  std::string out = "{\"seconds\":" + std::to_string(result.seconds) +
                    ",\"total\":" + script_json(result.total, result.seconds) + ",\"scripts\":[";
  for (size_t i = 0; i < result.scripts.size(); ++i) {
    if (i > 0) out += ",";
    out += script_json(result.scripts[i], result.seconds);
  }
  return out + "],\"first_error\":" + json_string(result.first_error) + "}";
}

double percentile(const std::vector<uint64_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  size_t rank = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
  return sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1];
}

}  // namespace litewire::bench
