#include "sqlite/functions/errors.h"

#include <sqlite3.h>

namespace litewire::sqlite {

namespace {
// ASCII group separator: never produced by SQLite's own messages, and kept by sqlite3_errmsg.
constexpr std::string_view kMarker = "\x1Dpg:";
constexpr char kFieldSeparator = '\x1F';
}  // namespace

std::string encode_function_error(const protocol::PgError& e) {
  std::string out(kMarker);
  out += e.code.str();
  out += ':';
  out += e.message;
  if (!e.detail.empty() || !e.hint.empty()) {
    out += kFieldSeparator;
    out += e.detail;
    if (!e.hint.empty()) {
      out += kFieldSeparator;
      out += e.hint;
    }
  }
  return out;
}

void set_pg_error(sqlite3_context* ctx, const protocol::PgError& e) {
  std::string text = encode_function_error(e);
  sqlite3_result_error(ctx, text.data(), static_cast<int>(text.size()));
}

std::optional<protocol::PgError> decode_function_error(std::string_view msg) {
  auto at = msg.find(kMarker);
  if (at == std::string_view::npos) return std::nullopt;
  msg.remove_prefix(at + kMarker.size());
  if (msg.size() < 6 || msg[5] != ':') return std::nullopt;
  protocol::PgError e(protocol::SqlState::from_string(msg.substr(0, 5)), "");
  msg.remove_prefix(6);
  auto sep = msg.find(kFieldSeparator);
  e.message = std::string(msg.substr(0, sep));
  if (sep != std::string_view::npos) {
    std::string_view rest = msg.substr(sep + 1);
    auto sep2 = rest.find(kFieldSeparator);
    e.detail = std::string(rest.substr(0, sep2));
    if (sep2 != std::string_view::npos) e.hint = std::string(rest.substr(sep2 + 1));
  }
  return e;
}

}  // namespace litewire::sqlite
