// One-dimensional arrays. Stored as a JSON array of the elements' stored forms (storage
// contract); text output is PostgreSQL's array literal, binary output array_send's layout:
// Int32 ndim, Int32 has-nulls flag, Int32 element type, per dimension Int32 size and Int32
// lower bound (1), then each element as Int32 length (-1 NULL) and its binary form.

#include <charconv>
#include <cmath>

#include "protocol/codec_internal.h"
#include "protocol/json.h"
#include "protocol/types.h"
#include "protocol/wire.h"

namespace litewire::protocol::detail {

namespace {

using Kind = StoredValueView::Kind;

// The element type of a true array type ('_' name), else 0. int2vector/oidvector are not
// handled here (they have their own space-separated text form).
int32_t element_of(int32_t array_oid) {
  const TypeInfo* t = find_type(array_oid);
  if (t == nullptr || t->category != 'A' || t->name.empty() || t->name[0] != '_') return 0;
  return t->element_oid;
}

// An element of the stored JSON array as a StoredValueView. Strings keep pointing into the
// JsonValue, which outlives the view. bytea elements are stored as their "\x..." text.
StoredValueView element_view(const JsonValue& j, int32_t elem, std::string& scratch) {
  StoredValueView v;
  switch (j.kind) {
    case JsonValue::Kind::kNull: v.kind = Kind::kNull; break;
    case JsonValue::Kind::kBool:
      v.kind = Kind::kInteger;
      v.i = j.boolean ? 1 : 0;
      break;
    case JsonValue::Kind::kNumber: {
      int64_t i;
      auto [p, ec] = std::from_chars(j.text.data(), j.text.data() + j.text.size(), i);
      if (ec == std::errc() && p == j.text.data() + j.text.size()) {
        v.kind = Kind::kInteger;
        v.i = i;
      } else if (elem == oid::kNumeric) {
        v.kind = Kind::kText;  // keep the digits exact
        v.s = j.text;
      } else {
        v.kind = Kind::kReal;
        v.d = std::strtod(j.text.c_str(), nullptr);
      }
      break;
    }
    case JsonValue::Kind::kString:
      if (elem == oid::kBytea && j.text.size() >= 2 && j.text[0] == '\\' && j.text[1] == 'x') {
        scratch.clear();
        for (size_t k = 2; k + 1 < j.text.size(); k += 2) {
          auto hexv = [](char c) {
            return c >= 'a' ? c - 'a' + 10 : c >= 'A' ? c - 'A' + 10 : c - '0';
          };
          scratch.push_back(static_cast<char>(hexv(j.text[k]) * 16 + hexv(j.text[k + 1])));
        }
        v.kind = Kind::kBlob;
        v.s = scratch;
      } else {
        v.kind = Kind::kText;
        v.s = j.text;
      }
      break;
    default:
      v.kind = Kind::kText;
      scratch.clear();
      write_json_compact(scratch, j);
      v.s = scratch;
  }
  return v;
}

Result<JsonValue> load_array(const StoredValueView& v) {
  if (v.kind != Kind::kText) {
    return PgError(sqlstate::kDatatypeMismatch, "stored array value is not text");
  }
  LITEWIRE_TRY_ASSIGN(j, parse_json(v.s));
  if (j.kind != JsonValue::Kind::kArray) {
    return PgError(sqlstate::kDatatypeMismatch, "stored array value is not a JSON array");
  }
  return j;
}

// array_out quotes an element that is empty, is NULL in any case, or contains a brace, a
// quote, a backslash, the delimiter or white space.
void append_array_element(std::string& out, std::string_view e) {
  bool quote = e.empty() || (e.size() == 4 && (e[0] | 0x20) == 'n' && (e[1] | 0x20) == 'u' &&
                             (e[2] | 0x20) == 'l' && (e[3] | 0x20) == 'l');
  for (char c : e) {
    if (c == '{' || c == '}' || c == '"' || c == '\\' || c == ',' || is_space(c)) quote = true;
  }
  if (!quote) {
    out.append(e);
    return;
  }
  out.push_back('"');
  for (char c : e) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
}

// A StoredValue as one JSON array element.
void append_stored_json(std::string& out, const StoredValue& v) {
  if (std::holds_alternative<std::monostate>(v)) {
    out += "null";
  } else if (const auto* i = std::get_if<int64_t>(&v)) {
    out += std::to_string(*i);
  } else if (const auto* d = std::get_if<double>(&v)) {
    if (std::isnan(*d)) {
      out += "\"NaN\"";
    } else if (std::isinf(*d)) {
      out += *d > 0 ? "\"Infinity\"" : "\"-Infinity\"";
    } else {
      char buf[64];
      auto r = std::to_chars(buf, buf + sizeof(buf), *d);
      std::string_view s(buf, static_cast<size_t>(r.ptr - buf));
      out += s;
      // Keep it a JSON number that reads back as REAL, not INTEGER.
      if (s.find_first_of(".e") == std::string_view::npos) out += ".0";
    }
  } else if (const auto* s = std::get_if<std::string>(&v)) {
    append_json_string(out, *s);
  } else if (const auto* b = std::get_if<Blob>(&v)) {
    std::string hex = "\\x";
    append_hex(hex, b->bytes);
    append_json_string(out, hex);
  }
}

PgError malformed(std::string_view input, std::string detail) {
  return PgError(sqlstate::kInvalidTextRepresentation,
                 "malformed array literal: \"" + std::string(input) + "\"")
      .with_detail(std::move(detail));
}

// array_in for one dimension: '{' elements separated by ',' '}'. An element is double-quoted
// (backslash escapes) or bare (backslash escapes, surrounding white space dropped; a bare NULL
// in any case is SQL NULL).
Result<std::vector<std::optional<std::string>>> parse_array_literal(std::string_view input) {
  std::vector<std::optional<std::string>> out;
  size_t i = 0;
  auto ws = [&] {
    while (i < input.size() && is_space(input[i])) ++i;
  };
  ws();
  if (i < input.size() && input[i] == '[') {
    return feature_not_supported("array literals with explicit bounds");
  }
  if (i >= input.size() || input[i] != '{') {
    return malformed(input, "Array value must start with \"{\" or dimension information.");
  }
  ++i;
  ws();
  if (i < input.size() && input[i] == '}') {
    ++i;
    ws();
    if (i != input.size()) return malformed(input, "Junk after closing right brace.");
    return out;
  }
  for (;;) {
    ws();
    if (i >= input.size()) return malformed(input, "Unexpected end of input.");
    if (input[i] == '{') return feature_not_supported("multidimensional arrays");
    std::string e;
    bool quoted = false;
    bool any = false;
    size_t last_significant = 0;
    for (;;) {
      if (i >= input.size()) return malformed(input, "Unexpected end of input.");
      char c = input[i];
      if (c == '"') {
        if (any && !quoted) return malformed(input, "Unexpected array element.");
        quoted = true;
        ++i;
        for (;;) {
          if (i >= input.size()) return malformed(input, "Unexpected end of input.");
          char q = input[i++];
          if (q == '\\') {
            if (i >= input.size()) return malformed(input, "Unexpected end of input.");
            e.push_back(input[i++]);
          } else if (q == '"') {
            break;
          } else {
            e.push_back(q);
          }
        }
        any = true;
        last_significant = e.size();
        continue;
      }
      if (c == ',' || c == '}') break;
      if (c == '{') return malformed(input, "Unexpected \"{\" character.");
      if (quoted) {
        if (is_space(c)) {
          ++i;
          continue;
        }
        return malformed(input, "Unexpected array element.");
      }
      if (c == '\\') {
        if (i + 1 >= input.size()) return malformed(input, "Unexpected end of input.");
        e.push_back(input[i + 1]);
        i += 2;
        last_significant = e.size();
        any = true;
        continue;
      }
      e.push_back(c);
      if (!is_space(c)) last_significant = e.size();
      any = true;
      ++i;
    }
    if (!quoted) e.resize(last_significant);
    if (!any || (!quoted && e.empty())) {
      return malformed(input, input[i] == '}' ? "Unexpected \"}\" character."
                                              : "Unexpected \",\" character.");
    }
    if (!quoted && e.size() == 4 && (e[0] | 0x20) == 'n' && (e[1] | 0x20) == 'u' &&
        (e[2] | 0x20) == 'l' && (e[3] | 0x20) == 'l') {
      out.emplace_back(std::nullopt);
    } else {
      out.emplace_back(std::move(e));
    }
    char sep = input[i++];
    if (sep == '}') break;
  }
  ws();
  if (i != input.size()) return malformed(input, "Junk after closing right brace.");
  return out;
}

}  // namespace

bool is_array_oid(int32_t t) { return element_of(t) != 0; }

Result<void> vector_append_text(std::string& out, const StoredValueView& v, int32_t type_oid,
                                const FormatContext& ctx) {
  // int2vector/oidvector: stored as a JSON array like the arrays, written as PostgreSQL's
  // int2vectorout/oidvectorout do: the elements separated by single spaces, no braces.
  const int32_t elem = type_oid == oid::kInt2Vector ? oid::kInt2 : oid::kOid;
  LITEWIRE_TRY_ASSIGN(j, load_array(v));
  std::string scratch;
  for (size_t k = 0; k < j.items.size(); ++k) {
    if (k) out.push_back(' ');
    StoredValueView ev = element_view(j.items[k], elem, scratch);
    if (ev.kind == Kind::kNull) continue;
    LITEWIRE_TRY(append_text(out, ev, elem, -1, ctx));
  }
  return {};
}

Result<void> array_append_text(std::string& out, const StoredValueView& v, int32_t type_oid,
                               const FormatContext& ctx) {
  const int32_t elem = element_of(type_oid);
  LITEWIRE_TRY_ASSIGN(j, load_array(v));
  out.push_back('{');
  std::string scratch, text;
  for (size_t k = 0; k < j.items.size(); ++k) {
    if (k) out.push_back(',');
    StoredValueView ev = element_view(j.items[k], elem, scratch);
    if (ev.kind == Kind::kNull) {
      out += "NULL";
      continue;
    }
    text.clear();
    LITEWIRE_TRY(append_text(text, ev, elem, -1, ctx));
    append_array_element(out, text);
  }
  out.push_back('}');
  return {};
}

Result<void> array_append_binary(std::string& out, const StoredValueView& v, int32_t type_oid,
                                 const FormatContext& ctx) {
  const int32_t elem = element_of(type_oid);
  LITEWIRE_TRY_ASSIGN(j, load_array(v));
  bool has_null = false;
  for (const auto& item : j.items) has_null |= item.kind == JsonValue::Kind::kNull;
  if (j.items.empty()) {
    put_i32(out, 0);
    put_i32(out, 0);
    put_i32(out, elem);
    return {};
  }
  put_i32(out, 1);
  put_i32(out, has_null ? 1 : 0);
  put_i32(out, elem);
  put_i32(out, static_cast<int32_t>(j.items.size()));
  put_i32(out, 1);
  std::string scratch;
  for (const auto& item : j.items) {
    StoredValueView ev = element_view(item, elem, scratch);
    if (ev.kind == Kind::kNull) {
      put_i32(out, -1);
      continue;
    }
    size_t at = out.size();
    put_i32(out, 0);
    LITEWIRE_TRY(append_binary(out, ev, elem, -1, ctx));
    auto len = static_cast<uint32_t>(out.size() - at - 4);
    for (int b = 0; b < 4; ++b) out[at + b] = static_cast<char>(len >> (24 - 8 * b));
  }
  return {};
}

Result<StoredValue> array_parse(std::string_view bytes, int16_t format, int32_t type_oid,
                                int32_t typmod, const FormatContext& ctx) {
  const int32_t elem = element_of(type_oid);
  std::string json = "[";
  bool first = true;
  auto add = [&](const StoredValue& sv) {
    if (!first) json.push_back(',');
    first = false;
    append_stored_json(json, sv);
  };
  if (format == 0) {
    LITEWIRE_TRY_ASSIGN(items, parse_array_literal(bytes));
    for (const auto& item : items) {
      if (!item) {
        add(StoredValue{});
        continue;
      }
      LITEWIRE_TRY_ASSIGN(sv, parse_value(*item, 0, elem, typmod, ctx));
      add(sv);
    }
  } else {
    Reader r(bytes);
    auto bad = [&] { return bad_binary(find_type(type_oid)->sql_name); };
    auto ndim = r.i32("array dimensions");
    auto flags = r.i32("array flags");
    auto etype = r.i32("array element type");
    if (!ndim || !flags || !etype) return bad();
    if (*ndim < 0 || *ndim > 6) {
      return PgError(sqlstate::kInvalidBinaryRepresentation, "invalid number of dimensions: " +
                                                                 std::to_string(*ndim));
    }
    if (*ndim > 1) return feature_not_supported("multidimensional arrays");
    if (*flags != 0 && *flags != 1) {
      return PgError(sqlstate::kInvalidBinaryRepresentation, "invalid array flags");
    }
    if (*etype != elem) {
      return PgError(sqlstate::kDatatypeMismatch,
                     "binary data has array element type " + std::to_string(*etype) +
                         " instead of expected " + std::to_string(elem));
    }
    int32_t n = 0;
    if (*ndim == 1) {
      auto size = r.i32("array dimension");
      auto lbound = r.i32("array lower bound");
      if (!size || !lbound || *size < 0) return bad();
      n = *size;
    }
    for (int32_t k = 0; k < n; ++k) {
      auto len = r.i32("array element length");
      if (!len || *len < -1) return bad();
      if (*len == -1) {
        add(StoredValue{});
        continue;
      }
      auto eb = r.bytes(static_cast<size_t>(*len), "array element");
      if (!eb) return bad();
      LITEWIRE_TRY_ASSIGN(sv, parse_value(*eb, 1, elem, typmod, ctx));
      add(sv);
    }
    if (!r.at_end()) return bad();
  }
  json.push_back(']');
  return StoredValue{std::move(json)};
}

}  // namespace litewire::protocol::detail
