#pragma once
// Messages a client sends (PostgreSQL protocol 3.0, "Message Formats"), decoded from a Frame.
// Decoded messages own their data, so they may outlive the receive buffer.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "protocol/pg_error.h"

namespace litewire::protocol {

inline constexpr int32_t kProtocolV3 = 196608;        // 3.0
inline constexpr int32_t kSslRequestCode = 80877103;  // 1234.5679
inline constexpr int32_t kGssEncRequestCode = 80877104;
inline constexpr int32_t kCancelRequestCode = 80877102;

// --- startup phase -------------------------------------------------------------------------
struct StartupMessage {
  int32_t protocol = kProtocolV3;
  std::vector<std::pair<std::string, std::string>> params;
  // The value of a parameter, or nullptr.
  const std::string* find(std::string_view name) const;
};
struct SSLRequest {};
struct GSSENCRequest {};
struct CancelRequest {
  int32_t process_id = 0;
  int32_t secret_key = 0;
};
using StartupPacket = std::variant<StartupMessage, SSLRequest, GSSENCRequest, CancelRequest>;

// The payload of a startup-phase Frame. A protocol other than 3.x is returned as a
// StartupMessage with that protocol number; the caller rejects it.
Result<StartupPacket> decode_startup(std::string_view payload);

// --- normal phase --------------------------------------------------------------------------
struct Query {
  std::string sql;
};
struct Parse {
  std::string name;
  std::string query;
  std::vector<int32_t> param_types;  // 0 = unspecified
};
struct Bind {
  std::string portal;
  std::string statement;
  std::vector<int16_t> param_formats;  // empty: all text; one: applies to all
  std::vector<std::optional<std::string>> params;
  std::vector<int16_t> result_formats;  // empty: all text; one: applies to all
};
struct Describe {
  char kind = 'S';  // 'S' statement, 'P' portal
  std::string name;
};
struct Execute {
  std::string portal;
  int32_t max_rows = 0;  // 0 = no limit
};
struct Close {
  char kind = 'S';
  std::string name;
};
struct Sync {};
struct Flush {};
struct Terminate {};
struct CopyData {
  std::string data;
};
struct CopyDone {};
struct CopyFail {
  std::string message;
};
// 'p': PasswordMessage, SASLInitialResponse or SASLResponse; which one depends on the
// authentication exchange in progress, so the raw payload is kept.
struct PasswordMessage {
  std::string data;
};
struct FunctionCall {
  int32_t function_oid = 0;
};

using FrontendMessage =
    std::variant<Query, Parse, Bind, Describe, Execute, Close, Sync, Flush, Terminate, CopyData,
                 CopyDone, CopyFail, PasswordMessage, FunctionCall>;

// Decodes a normal-phase Frame. Unknown types and malformed payloads give 08P01.
Result<FrontendMessage> decode_frontend(char type, std::string_view payload);

// Interpretations of PasswordMessage.data.
struct SASLInitialResponse {
  std::string mechanism;
  std::optional<std::string> data;
};
Result<SASLInitialResponse> decode_sasl_initial_response(std::string_view payload);
// A cleartext or md5 password: a NUL-terminated string.
Result<std::string> decode_password(std::string_view payload);

// Encoders, for tests and for litewire's own client code (the harness, benchmarks).
void encode(std::string& out, const StartupMessage& m);
void encode(std::string& out, const SSLRequest& m);
void encode(std::string& out, const CancelRequest& m);
void encode(std::string& out, const FrontendMessage& m);

}  // namespace litewire::protocol
