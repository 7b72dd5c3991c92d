#include "protocol/frontend.h"

#include "protocol/wire.h"

namespace litewire::protocol {


const std::string* StartupMessage::find(std::string_view name) const {
  for (const auto& [k, v] : params) {
    if (k == name) return &v;
  }
  return nullptr;
}

// StartupMessage: Int32 len, Int32 protocol, then (String name, String value)*, Byte1 '\0'.
// SSLRequest / GSSENCRequest: Int32 8, Int32 code. CancelRequest: Int32 16, Int32 code,
// Int32 process id, Int32 secret key.
Result<StartupPacket> decode_startup(std::string_view payload) {
  Reader r(payload);
  LITEWIRE_TRY_ASSIGN(code, r.i32("protocol version"));
  if (code == kSslRequestCode) {
    LITEWIRE_TRY(r.expect_end("SSLRequest"));
    return StartupPacket{SSLRequest{}};
  }
  if (code == kGssEncRequestCode) {
    LITEWIRE_TRY(r.expect_end("GSSENCRequest"));
    return StartupPacket{GSSENCRequest{}};
  }
  if (code == kCancelRequestCode) {
    LITEWIRE_TRY_ASSIGN(pid, r.i32("process id"));
    LITEWIRE_TRY_ASSIGN(key, r.i32("secret key"));
    LITEWIRE_TRY(r.expect_end("CancelRequest"));
    return StartupPacket{CancelRequest{pid, key}};
  }
  StartupMessage m;
  m.protocol = code;
  if ((code >> 16) != 3) return StartupPacket{std::move(m)};  // caller rejects the version
  for (;;) {
    LITEWIRE_TRY_ASSIGN(name, r.cstring("startup parameter name"));
    if (name.empty()) break;
    LITEWIRE_TRY_ASSIGN(value, r.cstring("startup parameter value"));
    m.params.emplace_back(std::string(name), std::string(value));
  }
  if (!r.at_end()) {
    return protocol_violation("invalid startup packet layout: expected terminator as last byte");
  }
  return StartupPacket{std::move(m)};
}

namespace {

Result<std::vector<int16_t>> read_i16_array(Reader& r, const char* what) {
  LITEWIRE_TRY_ASSIGN(n, r.i16(what));
  if (n < 0) return protocol_violation(std::string("invalid count of ") + what);
  if (r.remaining() < static_cast<size_t>(n) * 2) {
    return protocol_violation(std::string("invalid message format: too many ") + what);
  }
  std::vector<int16_t> v;
  v.reserve(n);
  for (int i = 0; i < n; ++i) {
    LITEWIRE_TRY_ASSIGN(x, r.i16(what));
    v.push_back(x);
  }
  return v;
}

// Parse: String name, String query, Int16 n, Int32 type oid * n.
Result<FrontendMessage> decode_parse(Reader& r) {
  Parse m;
  LITEWIRE_TRY_ASSIGN(name, r.cstring("statement name"));
  LITEWIRE_TRY_ASSIGN(query, r.cstring("query string"));
  LITEWIRE_TRY_ASSIGN(n, r.i16("parameter type count"));
  if (n < 0 || r.remaining() < static_cast<size_t>(n) * 4) {
    return protocol_violation("invalid message format: bad parameter type count in Parse");
  }
  m.name = name;
  m.query = query;
  m.param_types.reserve(n);
  for (int i = 0; i < n; ++i) {
    LITEWIRE_TRY_ASSIGN(oid, r.i32("parameter type"));
    m.param_types.push_back(oid);
  }
  LITEWIRE_TRY(r.expect_end("Parse"));
  return FrontendMessage{std::move(m)};
}

// Bind: String portal, String statement, Int16 nf, Int16 format * nf, Int16 np,
// (Int32 len, Byte len | -1 for NULL) * np, Int16 nr, Int16 result format * nr.
Result<FrontendMessage> decode_bind(Reader& r) {
  Bind m;
  LITEWIRE_TRY_ASSIGN(portal, r.cstring("portal name"));
  LITEWIRE_TRY_ASSIGN(stmt, r.cstring("statement name"));
  m.portal = portal;
  m.statement = stmt;
  LITEWIRE_TRY_ASSIGN(formats, read_i16_array(r, "parameter format codes"));
  m.param_formats = std::move(formats);
  LITEWIRE_TRY_ASSIGN(np, r.i16("parameter count"));
  if (np < 0 || r.remaining() < static_cast<size_t>(np) * 4) {
    return protocol_violation("invalid message format: bad parameter count in Bind");
  }
  m.params.reserve(np);
  for (int i = 0; i < np; ++i) {
    LITEWIRE_TRY_ASSIGN(len, r.i32("parameter length"));
    if (len == -1) {
      m.params.emplace_back(std::nullopt);
      continue;
    }
    if (len < 0) return protocol_violation("invalid parameter length in Bind");
    LITEWIRE_TRY_ASSIGN(bytes, r.bytes(static_cast<size_t>(len), "parameter value"));
    m.params.emplace_back(std::string(bytes));
  }
  LITEWIRE_TRY_ASSIGN(rformats, read_i16_array(r, "result format codes"));
  m.result_formats = std::move(rformats);
  LITEWIRE_TRY(r.expect_end("Bind"));
  for (auto f : m.param_formats) {
    if (f != 0 && f != 1) return protocol_violation("unsupported format code: " + std::to_string(f));
  }
  for (auto f : m.result_formats) {
    if (f != 0 && f != 1) return protocol_violation("unsupported format code: " + std::to_string(f));
  }
  return FrontendMessage{std::move(m)};
}

// Describe / Close: Byte1 'S' or 'P', String name.
template <class M>
Result<FrontendMessage> decode_kind_name(Reader& r, const char* message_name) {
  M m;
  LITEWIRE_TRY_ASSIGN(kind, r.u8("object kind"));
  if (kind != 'S' && kind != 'P') {
    return protocol_violation(std::string("invalid ") + message_name + " message subtype " +
                              std::to_string(kind));
  }
  LITEWIRE_TRY_ASSIGN(name, r.cstring("object name"));
  m.kind = static_cast<char>(kind);
  m.name = name;
  LITEWIRE_TRY(r.expect_end(message_name));
  return FrontendMessage{std::move(m)};
}

template <class M>
Result<FrontendMessage> empty_message(Reader& r, const char* message_name) {
  LITEWIRE_TRY(r.expect_end(message_name));
  return FrontendMessage{M{}};
}

}  // namespace

Result<FrontendMessage> decode_frontend(char type, std::string_view payload) {
  Reader r(payload);
  switch (type) {
    case 'Q': {  // Query: String query.
      LITEWIRE_TRY_ASSIGN(sql, r.cstring("query string"));
      LITEWIRE_TRY(r.expect_end("Query"));
      return FrontendMessage{Query{std::string(sql)}};
    }
    case 'P': return decode_parse(r);
    case 'B': return decode_bind(r);
    case 'D': return decode_kind_name<Describe>(r, "Describe");
    case 'E': {  // Execute: String portal, Int32 max rows.
      LITEWIRE_TRY_ASSIGN(portal, r.cstring("portal name"));
      LITEWIRE_TRY_ASSIGN(max_rows, r.i32("row limit"));
      LITEWIRE_TRY(r.expect_end("Execute"));
      return FrontendMessage{Execute{std::string(portal), max_rows}};
    }
    case 'C': return decode_kind_name<Close>(r, "Close");
    case 'S': return empty_message<Sync>(r, "Sync");
    case 'H': return empty_message<Flush>(r, "Flush");
    case 'X': return empty_message<Terminate>(r, "Terminate");
    case 'd': return FrontendMessage{CopyData{std::string(r.rest())}};  // Byte n data
    case 'c': return empty_message<CopyDone>(r, "CopyDone");
    case 'f': {  // CopyFail: String message.
      LITEWIRE_TRY_ASSIGN(msg, r.cstring("error message"));
      LITEWIRE_TRY(r.expect_end("CopyFail"));
      return FrontendMessage{CopyFail{std::string(msg)}};
    }
    case 'p': return FrontendMessage{PasswordMessage{std::string(r.rest())}};
    case 'F': {  // FunctionCall: Int32 function oid, then arguments we never interpret.
      LITEWIRE_TRY_ASSIGN(oid, r.i32("function oid"));
      r.rest();
      return FrontendMessage{FunctionCall{oid}};
    }
    default:
      return protocol_violation("invalid frontend message type " +
                                std::to_string(static_cast<uint8_t>(type)));
  }
}

// SASLInitialResponse: String mechanism, Int32 length (-1: none), Byte n data.
Result<SASLInitialResponse> decode_sasl_initial_response(std::string_view payload) {
  Reader r(payload);
  SASLInitialResponse m;
  LITEWIRE_TRY_ASSIGN(mech, r.cstring("SASL mechanism"));
  m.mechanism = mech;
  LITEWIRE_TRY_ASSIGN(len, r.i32("SASL data length"));
  if (len >= 0) {
    LITEWIRE_TRY_ASSIGN(data, r.bytes(static_cast<size_t>(len), "SASL data"));
    m.data = std::string(data);
  } else if (len != -1) {
    return protocol_violation("invalid SASL data length");
  }
  LITEWIRE_TRY(r.expect_end("SASLInitialResponse"));
  return m;
}

Result<std::string> decode_password(std::string_view payload) {
  Reader r(payload);
  LITEWIRE_TRY_ASSIGN(pw, r.cstring("password"));
  LITEWIRE_TRY(r.expect_end("PasswordMessage"));
  return std::string(pw);
}

void encode(std::string& out, const StartupMessage& m) {
  MessageWriter w(out);
  w.begin_untyped();
  w.i32(m.protocol);
  for (const auto& [k, v] : m.params) {
    w.cstring(k);
    w.cstring(v);
  }
  w.u8(0);
  w.end();
}
void encode(std::string& out, const SSLRequest&) {
  MessageWriter w(out);
  w.begin_untyped();
  w.i32(kSslRequestCode);
  w.end();
}
void encode(std::string& out, const CancelRequest& m) {
  MessageWriter w(out);
  w.begin_untyped();
  w.i32(kCancelRequestCode);
  w.i32(m.process_id);
  w.i32(m.secret_key);
  w.end();
}

namespace {
struct FrontendEncoder {
  MessageWriter& w;
  void operator()(const Query& m) { w.begin('Q'); w.cstring(m.sql); w.end(); }
  void operator()(const Parse& m) {
    w.begin('P');
    w.cstring(m.name);
    w.cstring(m.query);
    w.i16(static_cast<int16_t>(m.param_types.size()));
    for (auto t : m.param_types) w.i32(t);
    w.end();
  }
  void operator()(const Bind& m) {
    w.begin('B');
    w.cstring(m.portal);
    w.cstring(m.statement);
    w.i16(static_cast<int16_t>(m.param_formats.size()));
    for (auto f : m.param_formats) w.i16(f);
    w.i16(static_cast<int16_t>(m.params.size()));
    for (const auto& p : m.params) {
      w.counted(p ? std::optional<std::string_view>(*p) : std::nullopt);
    }
    w.i16(static_cast<int16_t>(m.result_formats.size()));
    for (auto f : m.result_formats) w.i16(f);
    w.end();
  }
  void operator()(const Describe& m) { w.begin('D'); w.u8(m.kind); w.cstring(m.name); w.end(); }
  void operator()(const Execute& m) { w.begin('E'); w.cstring(m.portal); w.i32(m.max_rows); w.end(); }
  void operator()(const Close& m) { w.begin('C'); w.u8(m.kind); w.cstring(m.name); w.end(); }
  void operator()(const Sync&) { w.begin('S'); w.end(); }
  void operator()(const Flush&) { w.begin('H'); w.end(); }
  void operator()(const Terminate&) { w.begin('X'); w.end(); }
  void operator()(const CopyData& m) { w.begin('d'); w.bytes(m.data); w.end(); }
  void operator()(const CopyDone&) { w.begin('c'); w.end(); }
  void operator()(const CopyFail& m) { w.begin('f'); w.cstring(m.message); w.end(); }
  void operator()(const PasswordMessage& m) { w.begin('p'); w.bytes(m.data); w.end(); }
  void operator()(const FunctionCall& m) {
    w.begin('F');
    w.i32(m.function_oid);
    w.i16(0);
    w.i16(0);
    w.i16(0);
    w.end();
  }
};
}  // namespace

void encode(std::string& out, const FrontendMessage& m) {
  MessageWriter w(out);
  std::visit(FrontendEncoder{w}, m);
}

}  // namespace litewire::protocol
