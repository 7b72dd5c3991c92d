#include "protocol/backend.h"

#include "protocol/wire.h"

namespace litewire::protocol {

namespace {

// ErrorResponse / NoticeResponse: (Byte1 field code, String value)*, Byte1 '\0'.
void encode_fields(std::string& out, char type, const PgError& e) {
  MessageWriter w(out);
  w.begin(type);
  auto field = [&](char code, std::string_view v) {
    if (v.empty()) return;
    w.u8(static_cast<uint8_t>(code));
    w.cstring(v);
  };
  field('S', severity_text(e.severity));
  field('V', severity_text(e.severity));
  field('C', e.code.str());
  field('M', e.message);
  field('D', e.detail);
  field('H', e.hint);
  if (e.position > 0) field('P', std::to_string(e.position));
  field('W', e.where);
  field('s', e.schema_name);
  field('t', e.table_name);
  field('c', e.column_name);
  field('d', e.data_type_name);
  field('n', e.constraint_name);
  w.u8(0);
  w.end();
}

void encode_copy_response(std::string& out, char type, int8_t format,
                          const std::vector<int16_t>& cols) {
  MessageWriter w(out);
  w.begin(type);
  w.u8(static_cast<uint8_t>(format));
  w.i16(static_cast<int16_t>(cols.size()));
  for (auto c : cols) w.i16(c);
  w.end();
}

void empty(std::string& out, char type) {
  MessageWriter w(out);
  w.begin(type);
  w.end();
}

struct BackendEncoder {
  std::string& out;

  void auth(int32_t code, std::string_view extra = {}) {
    MessageWriter w(out);
    w.begin('R');
    w.i32(code);
    w.bytes(extra);
    w.end();
  }
  void operator()(const AuthenticationOk&) { auth(0); }
  void operator()(const AuthenticationCleartextPassword&) { auth(3); }
  void operator()(const AuthenticationMD5Password& m) { auth(5, {m.salt.data(), 4}); }
  void operator()(const AuthenticationSASL& m) {
    MessageWriter w(out);
    w.begin('R');
    w.i32(10);
    for (const auto& mech : m.mechanisms) w.cstring(mech);
    w.u8(0);
    w.end();
  }
  void operator()(const AuthenticationSASLContinue& m) { auth(11, m.data); }
  void operator()(const AuthenticationSASLFinal& m) { auth(12, m.data); }
  void operator()(const ParameterStatus& m) { encode(out, m); }
  void operator()(const BackendKeyData& m) {
    MessageWriter w(out);
    w.begin('K');
    w.i32(m.process_id);
    w.i32(m.secret_key);
    w.end();
  }
  void operator()(const ReadyForQuery& m) { encode(out, m); }
  void operator()(const RowDescription& m) { encode(out, m); }
  void operator()(const DataRow& m) {
    DataRowWriter w(out);
    w.begin(static_cast<int16_t>(m.values.size()));
    for (const auto& v : m.values) {
      if (v) {
        w.add(*v);
      } else {
        w.add_null();
      }
    }
    w.end();
  }
  void operator()(const CommandComplete& m) { encode(out, m); }
  void operator()(const EmptyQueryResponse&) { empty(out, 'I'); }
  void operator()(const ParseComplete&) { empty(out, '1'); }
  void operator()(const BindComplete&) { empty(out, '2'); }
  void operator()(const CloseComplete&) { empty(out, '3'); }
  void operator()(const NoData&) { empty(out, 'n'); }
  void operator()(const PortalSuspended&) { empty(out, 's'); }
  void operator()(const ParameterDescription& m) {
    MessageWriter w(out);
    w.begin('t');
    w.i16(static_cast<int16_t>(m.type_oids.size()));
    for (auto t : m.type_oids) w.i32(t);
    w.end();
  }
  void operator()(const CopyInResponse& m) { encode_copy_response(out, 'G', m.format, m.column_formats); }
  void operator()(const CopyOutResponse& m) { encode_copy_response(out, 'H', m.format, m.column_formats); }
  void operator()(const CopyBothResponse& m) { encode_copy_response(out, 'W', m.format, m.column_formats); }
  void operator()(const BackendCopyData& m) {
    MessageWriter w(out);
    w.begin('d');
    w.bytes(m.data);
    w.end();
  }
  void operator()(const BackendCopyDone&) { empty(out, 'c'); }
  void operator()(const NotificationResponse& m) {
    MessageWriter w(out);
    w.begin('A');
    w.i32(m.process_id);
    w.cstring(m.channel);
    w.cstring(m.payload);
    w.end();
  }
  void operator()(const NegotiateProtocolVersion& m) {
    MessageWriter w(out);
    w.begin('v');
    w.i32(m.newest_minor);
    w.i32(static_cast<int32_t>(m.unrecognized_options.size()));
    for (const auto& o : m.unrecognized_options) w.cstring(o);
    w.end();
  }
  void operator()(const ErrorResponse& m) { encode(out, m); }
  void operator()(const NoticeResponse& m) { encode(out, m); }
};

}  // namespace

void encode(std::string& out, const BackendMessage& m) { std::visit(BackendEncoder{out}, m); }

// RowDescription: Int16 n, then per field: String name, Int32 table oid, Int16 column number,
// Int32 type oid, Int16 type size, Int32 type modifier, Int16 format code.
void encode(std::string& out, const RowDescription& m) {
  MessageWriter w(out);
  w.begin('T');
  w.i16(static_cast<int16_t>(m.fields.size()));
  for (const auto& f : m.fields) {
    w.cstring(f.name);
    w.i32(f.table_oid);
    w.i16(f.column_number);
    w.i32(f.type_oid);
    w.i16(f.type_size);
    w.i32(f.type_modifier);
    w.i16(f.format);
  }
  w.end();
}

void encode(std::string& out, const CommandComplete& m) {
  MessageWriter w(out);
  w.begin('C');
  w.cstring(m.tag);
  w.end();
}

void encode(std::string& out, const ReadyForQuery& m) {
  MessageWriter w(out);
  w.begin('Z');
  w.u8(static_cast<uint8_t>(m.status));
  w.end();
}

void encode(std::string& out, const ErrorResponse& m) { encode_fields(out, 'E', m.error); }
void encode(std::string& out, const NoticeResponse& m) { encode_fields(out, 'N', m.notice); }

void encode(std::string& out, const ParameterStatus& m) {
  MessageWriter w(out);
  w.begin('S');
  w.cstring(m.name);
  w.cstring(m.value);
  w.end();
}

// DataRow: Int16 n, then per column Int32 length (-1 for NULL) and the bytes.
void DataRowWriter::begin(int16_t column_count) {
  msg_start_ = out_.size();
  out_.push_back('D');
  out_.append(4, '\0');
  put_i16(out_, column_count);
}
void DataRowWriter::add_null() { put_i32(out_, -1); }
void DataRowWriter::add(std::string_view value) {
  put_i32(out_, static_cast<int32_t>(value.size()));
  out_.append(value);
}
void DataRowWriter::start_value() {
  value_start_ = out_.size();
  out_.append(4, '\0');
}
void DataRowWriter::finish_value() {
  auto len = static_cast<uint32_t>(out_.size() - value_start_ - 4);
  for (int i = 0; i < 4; ++i) out_[value_start_ + i] = static_cast<char>(len >> (24 - 8 * i));
}
void DataRowWriter::end() {
  auto len = static_cast<uint32_t>(out_.size() - msg_start_ - 1);
  for (int i = 0; i < 4; ++i) out_[msg_start_ + 1 + i] = static_cast<char>(len >> (24 - 8 * i));
}

}  // namespace litewire::protocol
