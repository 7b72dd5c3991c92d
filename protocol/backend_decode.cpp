// decode_backend: the inverse of the encoders in backend.cpp, for tests, the wire-script runner
// and benchmarks. Strict like the frontend decoders: every byte must be consumed.

#include <string>

#include "protocol/backend.h"
#include "protocol/wire.h"

namespace litewire::protocol {

namespace {

Result<Severity> parse_severity(std::string_view s) {
  static constexpr Severity kAll[] = {Severity::kError, Severity::kFatal,  Severity::kPanic,
                                      Severity::kWarning, Severity::kNotice, Severity::kDebug,
                                      Severity::kInfo,  Severity::kLog};
  for (auto sev : kAll) {
    if (severity_text(sev) == s) return sev;
  }
  return protocol_violation("invalid severity in error fields: \"" + std::string(s) + "\"");
}

// ErrorResponse / NoticeResponse: (Byte1 field code, String value)*, Byte1 '\0'.
// 'V' (never localized, protocol 3.0 since PostgreSQL 9.6) wins over 'S'. Field codes this
// struct has no place for (F file, L line, R routine, p/q internal query) are skipped, as the
// protocol asks frontends to do with codes they do not know.
// (Result<PgError> would be ambiguous, so the fields land in an out-parameter.)
Result<void> decode_fields(Reader& r, const char* message_name, PgError& e) {
  e.code = sqlstate::kSuccessfulCompletion;
  std::string_view severity;
  bool have_v = false;
  for (;;) {
    LITEWIRE_TRY_ASSIGN(code, r.u8("field type"));
    if (code == 0) break;
    LITEWIRE_TRY_ASSIGN(value, r.cstring("field value"));
    switch (code) {
      case 'S':
        if (!have_v) severity = value;
        break;
      case 'V':
        severity = value;
        have_v = true;
        break;
      case 'C':
        if (value.size() != 5) return protocol_violation("invalid SQLSTATE in error fields");
        e.code = SqlState::from_string(value);
        break;
      case 'M': e.message = value; break;
      case 'D': e.detail = value; break;
      case 'H': e.hint = value; break;
      case 'P': {
        int p = 0;
        for (char c : value) {
          if (c < '0' || c > '9' || p > 100000000) {
            return protocol_violation("invalid position in error fields");
          }
          p = p * 10 + (c - '0');
        }
        e.position = p;
        break;
      }
      case 'W': e.where = value; break;
      case 's': e.schema_name = value; break;
      case 't': e.table_name = value; break;
      case 'c': e.column_name = value; break;
      case 'd': e.data_type_name = value; break;
      case 'n': e.constraint_name = value; break;
      default: break;
    }
  }
  LITEWIRE_TRY(r.expect_end(message_name));
  if (severity.empty()) return protocol_violation("missing severity in error fields");
  LITEWIRE_TRY_ASSIGN(sev, parse_severity(severity));
  e.severity = sev;
  return {};
}

template <class M>
Result<BackendMessage> empty(Reader& r, const char* message_name) {
  LITEWIRE_TRY(r.expect_end(message_name));
  return BackendMessage{M{}};
}

// Authentication*: Int32 code, then code-specific data.
Result<BackendMessage> decode_auth(Reader& r) {
  LITEWIRE_TRY_ASSIGN(code, r.i32("authentication code"));
  switch (code) {
    case 0: return empty<AuthenticationOk>(r, "AuthenticationOk");
    case 3: return empty<AuthenticationCleartextPassword>(r, "AuthenticationCleartextPassword");
    case 5: {  // Byte4 salt
      LITEWIRE_TRY_ASSIGN(salt, r.bytes(4, "MD5 salt"));
      LITEWIRE_TRY(r.expect_end("AuthenticationMD5Password"));
      AuthenticationMD5Password m;
      for (size_t i = 0; i < 4; ++i) m.salt[i] = salt[i];
      return BackendMessage{m};
    }
    case 10: {  // (String mechanism)*, Byte1 '\0'
      AuthenticationSASL m;
      for (;;) {
        LITEWIRE_TRY_ASSIGN(mech, r.cstring("SASL mechanism"));
        if (mech.empty()) break;
        m.mechanisms.emplace_back(mech);
      }
      LITEWIRE_TRY(r.expect_end("AuthenticationSASL"));
      return BackendMessage{std::move(m)};
    }
    case 11: return BackendMessage{AuthenticationSASLContinue{std::string(r.rest())}};
    case 12: return BackendMessage{AuthenticationSASLFinal{std::string(r.rest())}};
    default:
      return protocol_violation("unsupported authentication request " + std::to_string(code));
  }
}

// RowDescription: Int16 n, then per field: String name, Int32 table oid, Int16 column number,
// Int32 type oid, Int16 type size, Int32 type modifier, Int16 format code.
Result<BackendMessage> decode_row_description(Reader& r) {
  LITEWIRE_TRY_ASSIGN(n, r.i16("field count"));
  if (n < 0) return protocol_violation("invalid field count in RowDescription");
  RowDescription m;
  // Each field takes at least 19 bytes: do not reserve more than the payload can hold.
  if (r.remaining() / 19 < static_cast<size_t>(n)) {
    return protocol_violation("invalid message format: too many fields in RowDescription");
  }
  m.fields.reserve(n);
  for (int i = 0; i < n; ++i) {
    FieldDescription f;
    LITEWIRE_TRY_ASSIGN(name, r.cstring("field name"));
    f.name = name;
    LITEWIRE_TRY_ASSIGN(table, r.i32("table oid"));
    LITEWIRE_TRY_ASSIGN(column, r.i16("column number"));
    LITEWIRE_TRY_ASSIGN(type, r.i32("type oid"));
    LITEWIRE_TRY_ASSIGN(size, r.i16("type size"));
    LITEWIRE_TRY_ASSIGN(mod, r.i32("type modifier"));
    LITEWIRE_TRY_ASSIGN(format, r.i16("format code"));
    f.table_oid = table;
    f.column_number = column;
    f.type_oid = type;
    f.type_size = size;
    f.type_modifier = mod;
    f.format = format;
    m.fields.push_back(std::move(f));
  }
  LITEWIRE_TRY(r.expect_end("RowDescription"));
  return BackendMessage{std::move(m)};
}

// DataRow: Int16 n, then per column Int32 length (-1 for NULL) and the bytes.
Result<BackendMessage> decode_data_row(Reader& r) {
  LITEWIRE_TRY_ASSIGN(n, r.i16("column count"));
  if (n < 0 || r.remaining() / 4 < static_cast<size_t>(n)) {
    return protocol_violation("invalid column count in DataRow");
  }
  DataRow m;
  m.values.reserve(n);
  for (int i = 0; i < n; ++i) {
    LITEWIRE_TRY_ASSIGN(len, r.i32("value length"));
    if (len == -1) {
      m.values.emplace_back(std::nullopt);
      continue;
    }
    if (len < 0) return protocol_violation("invalid value length in DataRow");
    LITEWIRE_TRY_ASSIGN(bytes, r.bytes(static_cast<size_t>(len), "column value"));
    m.values.emplace_back(std::string(bytes));
  }
  LITEWIRE_TRY(r.expect_end("DataRow"));
  return BackendMessage{std::move(m)};
}

// CopyIn/Out/BothResponse: Int8 overall format, Int16 n, Int16 format * n.
template <class M>
Result<BackendMessage> decode_copy_response(Reader& r, const char* message_name) {
  M m;
  LITEWIRE_TRY_ASSIGN(format, r.u8("copy format"));
  if (format > 1) return protocol_violation(std::string("invalid format in ") + message_name);
  m.format = static_cast<int8_t>(format);
  LITEWIRE_TRY_ASSIGN(n, r.i16("column count"));
  if (n < 0 || r.remaining() / 2 < static_cast<size_t>(n)) {
    return protocol_violation(std::string("invalid column count in ") + message_name);
  }
  for (int i = 0; i < n; ++i) {
    LITEWIRE_TRY_ASSIGN(f, r.i16("column format"));
    m.column_formats.push_back(f);
  }
  LITEWIRE_TRY(r.expect_end(message_name));
  return BackendMessage{std::move(m)};
}

}  // namespace

Result<BackendMessage> decode_backend(char type, std::string_view payload) {
  Reader r(payload);
  switch (type) {
    case 'R': return decode_auth(r);
    case 'S': {  // ParameterStatus: String name, String value.
      LITEWIRE_TRY_ASSIGN(name, r.cstring("parameter name"));
      LITEWIRE_TRY_ASSIGN(value, r.cstring("parameter value"));
      LITEWIRE_TRY(r.expect_end("ParameterStatus"));
      return BackendMessage{ParameterStatus{std::string(name), std::string(value)}};
    }
    case 'K': {  // BackendKeyData: Int32 process id, Int32 secret key.
      LITEWIRE_TRY_ASSIGN(pid, r.i32("process id"));
      LITEWIRE_TRY_ASSIGN(key, r.i32("secret key"));
      LITEWIRE_TRY(r.expect_end("BackendKeyData"));
      return BackendMessage{BackendKeyData{pid, key}};
    }
    case 'Z': {  // ReadyForQuery: Byte1 status.
      LITEWIRE_TRY_ASSIGN(status, r.u8("transaction status"));
      LITEWIRE_TRY(r.expect_end("ReadyForQuery"));
      if (status != 'I' && status != 'T' && status != 'E') {
        return protocol_violation("invalid transaction status in ReadyForQuery");
      }
      return BackendMessage{ReadyForQuery{static_cast<char>(status)}};
    }
    case 'T': return decode_row_description(r);
    case 'D': return decode_data_row(r);
    case 'C': {  // CommandComplete: String tag.
      LITEWIRE_TRY_ASSIGN(tag, r.cstring("command tag"));
      LITEWIRE_TRY(r.expect_end("CommandComplete"));
      return BackendMessage{CommandComplete{std::string(tag)}};
    }
    case 'I': return empty<EmptyQueryResponse>(r, "EmptyQueryResponse");
    case '1': return empty<ParseComplete>(r, "ParseComplete");
    case '2': return empty<BindComplete>(r, "BindComplete");
    case '3': return empty<CloseComplete>(r, "CloseComplete");
    case 'n': return empty<NoData>(r, "NoData");
    case 's': return empty<PortalSuspended>(r, "PortalSuspended");
    case 't': {  // ParameterDescription: Int16 n, Int32 type oid * n.
      LITEWIRE_TRY_ASSIGN(n, r.i16("parameter count"));
      if (n < 0 || r.remaining() / 4 < static_cast<size_t>(n)) {
        return protocol_violation("invalid parameter count in ParameterDescription");
      }
      ParameterDescription m;
      for (int i = 0; i < n; ++i) {
        LITEWIRE_TRY_ASSIGN(t, r.i32("parameter type"));
        m.type_oids.push_back(t);
      }
      LITEWIRE_TRY(r.expect_end("ParameterDescription"));
      return BackendMessage{std::move(m)};
    }
    case 'G': return decode_copy_response<CopyInResponse>(r, "CopyInResponse");
    case 'H': return decode_copy_response<CopyOutResponse>(r, "CopyOutResponse");
    case 'W': return decode_copy_response<CopyBothResponse>(r, "CopyBothResponse");
    case 'd': return BackendMessage{BackendCopyData{std::string(r.rest())}};
    case 'c': return empty<BackendCopyDone>(r, "CopyDone");
    case 'A': {  // NotificationResponse: Int32 pid, String channel, String payload.
      LITEWIRE_TRY_ASSIGN(pid, r.i32("process id"));
      LITEWIRE_TRY_ASSIGN(channel, r.cstring("channel"));
      LITEWIRE_TRY_ASSIGN(body, r.cstring("payload"));
      LITEWIRE_TRY(r.expect_end("NotificationResponse"));
      return BackendMessage{NotificationResponse{pid, std::string(channel), std::string(body)}};
    }
    case 'v': {  // NegotiateProtocolVersion: Int32 newest minor, Int32 n, String option * n.
      LITEWIRE_TRY_ASSIGN(minor, r.i32("newest minor version"));
      LITEWIRE_TRY_ASSIGN(n, r.i32("option count"));
      if (n < 0 || r.remaining() < static_cast<size_t>(n)) {
        return protocol_violation("invalid option count in NegotiateProtocolVersion");
      }
      NegotiateProtocolVersion m;
      m.newest_minor = minor;
      for (int i = 0; i < n; ++i) {
        LITEWIRE_TRY_ASSIGN(o, r.cstring("option name"));
        m.unrecognized_options.emplace_back(o);
      }
      LITEWIRE_TRY(r.expect_end("NegotiateProtocolVersion"));
      return BackendMessage{std::move(m)};
    }
    case 'E': {
      ErrorResponse m;
      LITEWIRE_TRY(decode_fields(r, "ErrorResponse", m.error));
      return BackendMessage{std::move(m)};
    }
    case 'N': {
      NoticeResponse m;
      LITEWIRE_TRY(decode_fields(r, "NoticeResponse", m.notice));
      return BackendMessage{std::move(m)};
    }
    default:
      return protocol_violation("invalid backend message type " +
                                std::to_string(static_cast<uint8_t>(type)));
  }
}

}  // namespace litewire::protocol
