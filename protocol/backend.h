#pragma once
// Messages the server sends (PostgreSQL protocol 3.0, "Message Formats"). Each has a free
// encode(std::string& out, const M&) that appends the whole message, length included.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "protocol/pg_error.h"

namespace litewire::protocol {

struct AuthenticationOk {};
struct AuthenticationCleartextPassword {};
struct AuthenticationMD5Password {
  std::array<char, 4> salt{};
};
struct AuthenticationSASL {
  std::vector<std::string> mechanisms;
};
struct AuthenticationSASLContinue {
  std::string data;
};
struct AuthenticationSASLFinal {
  std::string data;
};
struct ParameterStatus {
  std::string name;
  std::string value;
};
struct BackendKeyData {
  int32_t process_id = 0;
  int32_t secret_key = 0;
};
struct ReadyForQuery {
  char status = 'I';  // 'I' idle, 'T' in a transaction block, 'E' in a failed transaction
};
struct FieldDescription {
  std::string name;
  int32_t table_oid = 0;
  int16_t column_number = 0;
  int32_t type_oid = 0;
  int16_t type_size = 0;
  int32_t type_modifier = -1;
  int16_t format = 0;  // 0 text, 1 binary
};
struct RowDescription {
  std::vector<FieldDescription> fields;
};
struct DataRow {
  std::vector<std::optional<std::string>> values;
};
struct CommandComplete {
  std::string tag;
};
struct EmptyQueryResponse {};
struct ParseComplete {};
struct BindComplete {};
struct CloseComplete {};
struct NoData {};
struct PortalSuspended {};
struct ParameterDescription {
  std::vector<int32_t> type_oids;
};
struct CopyInResponse {
  int8_t format = 0;  // overall: 0 text, 1 binary
  std::vector<int16_t> column_formats;
};
struct CopyOutResponse {
  int8_t format = 0;
  std::vector<int16_t> column_formats;
};
struct CopyBothResponse {
  int8_t format = 0;
  std::vector<int16_t> column_formats;
};
struct BackendCopyData {
  std::string data;
};
struct BackendCopyDone {};
struct NotificationResponse {
  int32_t process_id = 0;
  std::string channel;
  std::string payload;
};
struct NegotiateProtocolVersion {
  int32_t newest_minor = 0;
  std::vector<std::string> unrecognized_options;
};
// ErrorResponse ('E') and NoticeResponse ('N') carry a PgError.
struct ErrorResponse {
  PgError error;
};
struct NoticeResponse {
  PgError notice;
};

using BackendMessage =
    std::variant<AuthenticationOk, AuthenticationCleartextPassword, AuthenticationMD5Password,
                 AuthenticationSASL, AuthenticationSASLContinue, AuthenticationSASLFinal,
                 ParameterStatus, BackendKeyData, ReadyForQuery, RowDescription, DataRow,
                 CommandComplete, EmptyQueryResponse, ParseComplete, BindComplete, CloseComplete,
                 NoData, PortalSuspended, ParameterDescription, CopyInResponse, CopyOutResponse,
                 CopyBothResponse, BackendCopyData, BackendCopyDone, NotificationResponse,
                 NegotiateProtocolVersion, ErrorResponse, NoticeResponse>;

void encode(std::string& out, const BackendMessage& m);
// Direct overloads for the hot path (no variant construction).
void encode(std::string& out, const RowDescription& m);
void encode(std::string& out, const CommandComplete& m);
void encode(std::string& out, const ReadyForQuery& m);
void encode(std::string& out, const ErrorResponse& m);
void encode(std::string& out, const NoticeResponse& m);
void encode(std::string& out, const ParameterStatus& m);

// Builds one DataRow in place: begin(n), then exactly n add_*() calls, then end().
// Avoids materializing values: codecs append straight into the output buffer.
class DataRowWriter {
 public:
  explicit DataRowWriter(std::string& out) : out_(out) {}
  void begin(int16_t column_count);
  void add_null();
  void add(std::string_view value);
  // For codecs that append in place: start_value(), append to buffer(), finish_value().
  void start_value();
  void finish_value();
  std::string& buffer() { return out_; }
  void end();

 private:
  std::string& out_;
  size_t msg_start_ = 0;
  size_t value_start_ = 0;
};

// Decodes one backend message body (type byte and payload of a Frame). Used by tests, the
// wire-script runner and benchmarks; the server never decodes what it sends.
Result<BackendMessage> decode_backend(char type, std::string_view payload);

}  // namespace litewire::protocol
