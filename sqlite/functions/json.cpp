// json/jsonb functions and operators, and array functions on the stored JSON form of arrays.
//
// Values arrive in their stored forms: json is the validated input text (kept verbatim, as
// PostgreSQL keeps it), jsonb the text PostgreSQL prints for it, arrays a JSON array of the
// elements' stored forms. Functions that return json sub-values cut them out of the input text
// (json_spans), so json keeps its spacing; jsonb results are rewritten with write_jsonb.

#include "sqlite/functions/json.h"

#include <sqlite3.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/json.h"
#include "protocol/types.h"
#include "sqlite/functions/errors.h"
#include "sqlite/functions/functions.h"
#include "sqlite/functions/sqlite_args.h"

namespace litewire::sqlite {

namespace oid = protocol::oid;
namespace sqlstate = protocol::sqlstate;
using protocol::JsonValue;
using protocol::PgError;
using protocol::Result;
using protocol::StoredValueView;
using JKind = JsonValue::Kind;

namespace {

bool is_null(sqlite3_value* v) { return sqlite3_value_type(v) == SQLITE_NULL; }

PgError invalid_parameter(std::string message) {
  return PgError(sqlstate::kInvalidParameterValue, std::move(message));
}

std::string jsonb_text(const JsonValue& v) {
  std::string out;
  protocol::write_jsonb(out, v);
  return out;
}

// ---- spans over valid JSON text (json values are validated when they are made)

size_t skip_ws(std::string_view s, size_t i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
  return i;
}

size_t skip_string(std::string_view s, size_t i) {
  for (++i; i < s.size() && s[i] != '"'; ++i) {
    if (s[i] == '\\') ++i;
  }
  return i + 1;
}

// The end of the value starting at s[i].
size_t skip_value(std::string_view s, size_t i) {
  if (i >= s.size()) return i;
  if (s[i] == '"') return skip_string(s, i);
  if (s[i] == '{' || s[i] == '[') {
    int depth = 0;
    while (i < s.size()) {
      char c = s[i];
      if (c == '"') {
        i = skip_string(s, i);
        continue;
      }
      if (c == '{' || c == '[') ++depth;
      if (c == '}' || c == ']') {
        if (--depth == 0) return i + 1;
      }
      ++i;
    }
    return i;
  }
  while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ']' && s[i] != ' ' &&
         s[i] != '\t' && s[i] != '\n' && s[i] != '\r') {
    ++i;
  }
  return i;
}

std::string decode_string(std::string_view quoted) {
  auto v = protocol::parse_json(quoted);
  return v && v->kind == JKind::kString ? v->text : std::string(quoted);
}

// A top-level value's children as they are written: object members (decoded key, value text)
// in input order, duplicates kept, or array elements.
struct Span {
  std::string key;
  std::string_view text;
};
struct Spans {
  char kind = 's';  // '{' object, '[' array, 's' scalar
  std::string_view whole;
  std::vector<Span> items;
};

Spans json_spans(std::string_view doc) {
  Spans out;
  size_t i = skip_ws(doc, 0);
  size_t end = skip_value(doc, i);
  out.whole = doc.substr(i, end - i);
  if (i >= doc.size() || (doc[i] != '{' && doc[i] != '[')) return out;
  out.kind = doc[i];
  bool object = doc[i] == '{';
  i = skip_ws(doc, i + 1);
  while (i < doc.size() && doc[i] != '}' && doc[i] != ']') {
    Span sp;
    if (object) {
      size_t key_end = skip_string(doc, i);
      sp.key = decode_string(doc.substr(i, key_end - i));
      i = skip_ws(doc, key_end) + 1;  // past ':'
      i = skip_ws(doc, i);
      if (i > doc.size()) break;  // malformed text (an unterminated key): stop, never overrun
    }
    size_t v_end = skip_value(doc, i);
    sp.text = doc.substr(i, v_end - i);
    out.items.push_back(std::move(sp));
    i = skip_ws(doc, v_end);
    if (i < doc.size() && doc[i] == ',') i = skip_ws(doc, i + 1);
  }
  return out;
}

// ->> and the _text functions: strings decoded, null as SQL NULL, anything else as written.
void result_json_as_text(sqlite3_context* ctx, std::string_view v) {
  if (v == "null") return sqlite3_result_null(ctx);
  if (!v.empty() && v.front() == '"') return result_text(ctx, decode_string(v));
  result_text(ctx, v);
}

std::optional<long long> parse_index(std::string_view s) {
  long long i = 0;
  const char* b = s.data();
  if (!s.empty() && s[0] == '+') ++b;
  auto [p, ec] = std::from_chars(b, s.data() + s.size(), i);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return i;
}

// One step of -> / #> on json text: an object member by `key` (the last of duplicates, as
// PostgreSQL's json_object_field) or an array element by `index` (negative counts from the end).
std::optional<std::string_view> json_step(std::string_view doc, const std::optional<std::string>& key,
                                          std::optional<long long> index) {
  Spans sp = json_spans(doc);
  std::optional<std::string_view> found;
  if (sp.kind == '{' && key) {
    for (const auto& m : sp.items) {
      if (m.key == *key) found = m.text;
    }
  } else if (sp.kind == '[' && index) {
    long long n = static_cast<long long>(sp.items.size());
    long long i = *index < 0 ? *index + n : *index;
    if (i >= 0 && i < n) found = sp.items[static_cast<size_t>(i)].text;
  }
  return found;
}

void result_json(sqlite3_context* ctx, std::string_view v, bool as_text) {
  if (as_text) return result_json_as_text(ctx, v);
  result_text(ctx, v);
}

// pg_json_get(doc, key, as_text): -> / ->> on json (not jsonb): the member text verbatim.
// An integer key indexes arrays, a text key names object members.
void fn_json_get(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (is_null(argv[0]) || is_null(argv[1])) return sqlite3_result_null(ctx);
  bool by_index = sqlite3_value_type(argv[1]) == SQLITE_INTEGER;
  std::optional<std::string> key;
  std::optional<long long> index;
  if (by_index) {
    index = sqlite3_value_int64(argv[1]);
  } else {
    key = std::string(text_of(argv[1]));
  }
  auto got = json_step(text_of(argv[0]), key, index);
  if (!got) return sqlite3_result_null(ctx);
  result_json(ctx, *got, sqlite3_value_int(argv[2]) != 0);
}

// pg_json_get_path(doc, path, as_text): #> / #>> on json, path a text[] (its JSON array).
void fn_json_get_path(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (is_null(argv[0]) || is_null(argv[1])) return sqlite3_result_null(ctx);
  auto path = protocol::parse_json(text_of(argv[1]));
  if (!path || path->kind != JKind::kArray) return sqlite3_result_null(ctx);
  std::string_view at = json_spans(text_of(argv[0])).whole;
  for (const auto& step : path->items) {
    if (step.kind != JKind::kString) return sqlite3_result_null(ctx);
    auto next = json_step(at, step.text, parse_index(step.text));
    if (!next) return sqlite3_result_null(ctx);
    at = *next;
  }
  result_json(ctx, at, sqlite3_value_int(argv[2]) != 0);
}

// ---- values of any type as JSON (PostgreSQL's datum_to_json)

bool valid_json_number(std::string_view s) {
  auto v = protocol::parse_json(s);
  return v && v->kind == JKind::kNumber;
}

// date/timestamp output in the XSD form JSON uses: "2024-01-01T10:00:00", timestamptz with a
// "+HH:MM" offset.
std::string xsd_datetime(std::string text, int32_t type) {
  if (type == oid::kDate || text.find(' ') == std::string::npos) return text;
  if (text == "infinity" || text == "-infinity") return text;
  text[text.find(' ')] = 'T';
  if (type == oid::kTimestamptz) {
    // "+HH" becomes "+HH:00", also before the " BC" of a BC timestamp.
    const bool bc = text.ends_with(" BC");
    const size_t end = bc ? text.size() - 3 : text.size();
    size_t sign = text.find_last_of("+-", end - 1);
    if (sign != std::string::npos && sign > 10 && end - sign == 3) text.insert(end, ":00");
  }
  return text;
}

Result<void> append_value_json(std::string& out, const StoredValueView& v, int32_t type);

Result<void> append_array_json(std::string& out, std::string_view stored, int32_t elem) {
  LITEWIRE_TRY_ASSIGN(arr, protocol::parse_json(stored));
  if (arr.kind != JKind::kArray) return PgError(sqlstate::kDatatypeMismatch, "malformed array value");
  out.push_back('[');
  for (size_t k = 0; k < arr.items.size(); ++k) {
    if (k) out.push_back(',');
    const JsonValue& j = arr.items[k];
    StoredValueView ev;
    std::string compact;
    switch (j.kind) {
      case JKind::kNull: break;
      case JKind::kBool:
        ev.kind = StoredValueView::Kind::kInteger;
        ev.i = j.boolean ? 1 : 0;
        break;
      case JKind::kNumber: {
        int64_t i = 0;
        auto [p, ec] = std::from_chars(j.text.data(), j.text.data() + j.text.size(), i);
        if (ec == std::errc() && p == j.text.data() + j.text.size()) {
          ev.kind = StoredValueView::Kind::kInteger;
          ev.i = i;
        } else if (elem == oid::kNumeric) {
          ev.kind = StoredValueView::Kind::kText;
          ev.s = j.text;
        } else {
          ev.kind = StoredValueView::Kind::kReal;
          ev.d = std::strtod(j.text.c_str(), nullptr);
        }
        break;
      }
      case JKind::kString:
        ev.kind = StoredValueView::Kind::kText;
        ev.s = j.text;
        if (elem == oid::kBytea) {
          // bytea elements are stored as their "\x..." text: that is already the output.
          protocol::append_json_string(out, j.text);
          continue;
        }
        break;
      default:
        protocol::write_json_compact(compact, j);
        ev.kind = StoredValueView::Kind::kText;
        ev.s = compact;
    }
    if (ev.kind == StoredValueView::Kind::kNull) {
      out += "null";
      continue;
    }
    LITEWIRE_TRY(append_value_json(out, ev, elem));
  }
  out.push_back(']');
  return {};
}

Result<void> append_value_json(std::string& out, const StoredValueView& v, int32_t type) {
  if (v.kind == StoredValueView::Kind::kNull) {
    out += "null";
    return {};
  }
  const protocol::TypeInfo* info = protocol::find_type(type);
  if (info != nullptr && info->category == 'A' && info->element_oid != 0 &&
      v.kind == StoredValueView::Kind::kText) {
    return append_array_json(out, v.s, info->element_oid);
  }
  if (type == oid::kJson || type == oid::kJsonb) {
    out += v.s;
    return {};
  }
  if (type == oid::kRecord) return PgError(sqlstate::kFeatureNotSupported, "records as json are not supported");
  protocol::FormatContext fmt = current_function_context().format;
  fmt.date_style = protocol::DateStyleOutput::kISO;
  std::string text;
  LITEWIRE_TRY(protocol::append_text(text, v, type, -1, fmt));
  if (type == oid::kBool) {
    out += text == "t" ? "true" : "false";
  } else if (type == oid::kInt2 || type == oid::kInt4 || type == oid::kInt8 ||
             type == oid::kFloat4 || type == oid::kFloat8 || type == oid::kNumeric) {
    if (valid_json_number(text)) {
      out += text;
    } else {
      protocol::append_json_string(out, text);
    }
  } else if (type == oid::kDate || type == oid::kTimestamp || type == oid::kTimestamptz) {
    protocol::append_json_string(out, xsd_datetime(std::move(text), type));
  } else {
    protocol::append_json_string(out, text);
  }
  return {};
}

bool is_array_type(int32_t type) {
  const protocol::TypeInfo* info = protocol::find_type(type);
  return info != nullptr && info->category == 'A' && info->element_oid != 0;
}

// pg_to_json(value, type_oid, mode): mode 0 a json_agg element (NULL is null), 1 to_jsonb,
// 2 to_json (both strict).
void fn_to_json(sqlite3_context* ctx, int, sqlite3_value** argv) {
  int mode = sqlite3_value_int(argv[2]);
  if (is_null(argv[0])) {
    if (mode != 0) return sqlite3_result_null(ctx);
    return result_text(ctx, "null");
  }
  std::string out;
  auto r = append_value_json(out, view_of(argv[0]), sqlite3_value_int(argv[1]));
  if (!r) return set_pg_error(ctx, r.error());
  if (mode == 1) {
    auto j = protocol::parse_json(out, true);
    if (!j) return set_pg_error(ctx, j.error());
    out = jsonb_text(*j);
  }
  result_text(ctx, out);
}

// The object key text of a builder argument (PostgreSQL: any scalar's output text).
Result<std::string> key_text(sqlite3_value* v, int32_t type) {
  if (is_array_type(type) || type == oid::kJson || type == oid::kJsonb || type == oid::kRecord) {
    return invalid_parameter("key value must be scalar, not array, composite, or json");
  }
  std::string json;
  LITEWIRE_TRY(append_value_json(json, view_of(v), type));
  if (!json.empty() && json.front() == '"') return decode_string(json);
  return json;
}

// pg_json_build(kind, value1, type1, ...): kind 0 json_build_array, 1 jsonb_build_array,
// 2 json_build_object, 3 jsonb_build_object, 4 a record's fields ({"a":1,"b":2}).
void fn_json_build(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  int kind = sqlite3_value_int(argv[0]);
  bool jsonb = (kind & 1) != 0;
  bool object = kind >= 2;
  bool record = kind == 4;
  int n = (argc - 1) / 2;
  std::string out = object ? "{" : "[";
  if (object && n % 2 != 0) {
    return set_pg_error(ctx, invalid_parameter("argument list must have even number of elements")
                                 .with_hint(std::string("The arguments of ") +
                                            (jsonb ? "jsonb" : "json") +
                                            "_build_object() must consist of alternating keys and values."));
  }
  for (int a = 0; a < n; ++a) {
    sqlite3_value* value = argv[1 + 2 * a];
    int32_t type = sqlite3_value_int(argv[2 + 2 * a]);
    if (object && a % 2 == 0) {
      if (a > 0) out += record ? "," : ", ";
      if (is_null(value)) {
        return set_pg_error(ctx, invalid_parameter("argument " + std::to_string(a + 1) + " cannot be null")
                                     .with_hint("Object keys should be text."));
      }
      auto k = key_text(value, type);
      if (!k) return set_pg_error(ctx, k.error());
      protocol::append_json_string(out, *k);
      out += record ? ":" : " : ";
      continue;
    }
    if (!object && a > 0) out += ", ";
    auto r = append_value_json(out, view_of(value), type);
    if (!r) return set_pg_error(ctx, r.error());
  }
  out += object ? "}" : "]";
  if (jsonb) {
    auto j = protocol::parse_json(out, true);
    if (!j) return set_pg_error(ctx, j.error());
    out = jsonb_text(*j);
  }
  result_text(ctx, out);
}

// pg_json_member(key, key_type, value_json): one `"key" : value` of json_object_agg.
void fn_json_member(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (is_null(argv[0])) return set_pg_error(ctx, invalid_parameter("field name must not be null"));
  auto k = key_text(argv[0], sqlite3_value_int(argv[1]));
  if (!k) return set_pg_error(ctx, k.error());
  std::string out;
  protocol::append_json_string(out, *k);
  out += " : ";
  out += is_null(argv[2]) ? std::string_view("null") : text_of(argv[2]);
  result_text(ctx, out);
}

// pg_json_agg_final(kind, texts): json_agg and friends from a JSON array of element texts
// (json_group_array or the ordered aggregate of pg_to_json / pg_json_member results).
// kind: 0 json_agg, 1 jsonb_agg, 2 json_object_agg, 3 jsonb_object_agg; +4: the elements are
// arrays (json_agg then puts each on a new line, as PostgreSQL does); +8: the texts are sorted
// DISTINCT input, drop repeats.
void fn_json_agg_final(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (is_null(argv[1])) return sqlite3_result_null(ctx);
  int kind = sqlite3_value_int(argv[0]);
  auto texts = protocol::parse_json(text_of(argv[1]));
  if (!texts || texts->kind != JKind::kArray) return sqlite3_result_null(ctx);
  if (texts->items.empty()) return sqlite3_result_null(ctx);
  bool object = (kind & 3) >= 2;
  bool jsonb = (kind & 1) != 0;
  std::string out = object ? (jsonb ? "{" : "{ ") : "[";
  for (size_t k = 0; k < texts->items.size(); ++k) {
    if ((kind & 8) != 0 && k > 0 && texts->items[k].text == texts->items[k - 1].text) continue;
    if (k) out += (kind & 4) != 0 && !jsonb ? ", \n " : ", ";
    out += texts->items[k].text;
  }
  out += object ? (jsonb ? "}" : " }") : "]";
  if (jsonb) {
    auto j = protocol::parse_json(out, true);
    if (!j) return set_pg_error(ctx, j.error());
    out = jsonb_text(*j);
  }
  result_text(ctx, out);
}

// ---- jsonb operators

Result<JsonValue> load_jsonb(sqlite3_value* v) { return protocol::parse_json(text_of(v), true); }

bool scalar_equal(const JsonValue& a, const JsonValue& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case JKind::kNull: return true;
    case JKind::kBool: return a.boolean == b.boolean;
    case JKind::kNumber:
      return a.text == b.text || std::strtod(a.text.c_str(), nullptr) == std::strtod(b.text.c_str(), nullptr);
    case JKind::kString: return a.text == b.text;
    default: return false;
  }
}

bool is_container(const JsonValue& v) { return v.kind == JKind::kArray || v.kind == JKind::kObject; }

// The member of `key` (the last of duplicates), or nullptr.
const JsonValue* member(const JsonValue& obj, std::string_view key) {
  for (size_t k = obj.members.size(); k-- > 0;) {
    if (obj.member_keys[k] == key) return &obj.members[k];
  }
  return nullptr;
}

// PostgreSQL's JsonbDeepContains.
bool contains(const JsonValue& a, const JsonValue& b) {
  if (a.kind != b.kind) return false;
  if (a.kind == JKind::kObject) {
    for (size_t k = 0; k < b.members.size(); ++k) {
      const JsonValue* m = member(a, b.member_keys[k]);
      if (m == nullptr) return false;
      const JsonValue& want = b.members[k];
      if (!is_container(want)) {
        if (!scalar_equal(*m, want)) return false;
      } else if (!contains(*m, want)) {
        return false;
      }
    }
    return true;
  }
  if (a.kind == JKind::kArray) {
    for (const auto& want : b.items) {
      bool found = false;
      for (const auto& have : a.items) {
        found = is_container(want) ? contains(have, want) : scalar_equal(have, want);
        if (found) break;
      }
      if (!found) return false;
    }
    return true;
  }
  return scalar_equal(a, b);
}

// pg_jsonb_contains(a, b): a @> b. A top-level scalar is a one-element array, so an array
// contains a scalar it holds (but a scalar contains no array).
void fn_jsonb_contains(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (is_null(argv[0]) || is_null(argv[1])) return sqlite3_result_null(ctx);
  auto a = load_jsonb(argv[0]);
  auto b = load_jsonb(argv[1]);
  if (!a) return set_pg_error(ctx, a.error());
  if (!b) return set_pg_error(ctx, b.error());
  bool result;
  if (a->kind == JKind::kArray && !is_container(*b)) {
    JsonValue wrapped;
    wrapped.kind = JKind::kArray;
    wrapped.items.push_back(*b);
    result = contains(*a, wrapped);
  } else {
    result = contains(*a, *b);
  }
  sqlite3_result_int(ctx, result ? 1 : 0);
}

// PostgreSQL's jsonb btree order below the top level: null < string < number < boolean <
// array < object; arrays and objects by size first, then element by element (objects: key,
// then value, in their stored order); strings bytewise (the C collation), numbers by value.
int type_rank(const JsonValue& v) {
  switch (v.kind) {
    case JKind::kNull: return 0;
    case JKind::kString: return 1;
    case JKind::kNumber: return 2;
    case JKind::kBool: return 3;
    case JKind::kArray: return 4;
    case JKind::kObject: return 5;
  }
  return 0;
}

int sign(double d) { return d < 0 ? -1 : d > 0 ? 1 : 0; }

int jsonb_compare(const JsonValue& a, const JsonValue& b) {
  int ra = type_rank(a), rb = type_rank(b);
  if (ra != rb) return ra < rb ? -1 : 1;
  switch (a.kind) {
    case JKind::kNull: return 0;
    case JKind::kBool: return a.boolean == b.boolean ? 0 : a.boolean ? 1 : -1;
    case JKind::kNumber:
      return sign(std::strtod(a.text.c_str(), nullptr) - std::strtod(b.text.c_str(), nullptr));
    case JKind::kString: {
      int c = a.text.compare(b.text);
      return c < 0 ? -1 : c > 0 ? 1 : 0;
    }
    case JKind::kArray: {
      if (a.items.size() != b.items.size()) return a.items.size() < b.items.size() ? -1 : 1;
      for (size_t k = 0; k < a.items.size(); ++k) {
        if (int c = jsonb_compare(a.items[k], b.items[k]); c != 0) return c;
      }
      return 0;
    }
    case JKind::kObject: {
      if (a.members.size() != b.members.size()) return a.members.size() < b.members.size() ? -1 : 1;
      for (size_t k = 0; k < a.members.size(); ++k) {
        int c = a.member_keys[k].compare(b.member_keys[k]);
        if (c != 0) return c < 0 ? -1 : 1;
        if (int v = jsonb_compare(a.members[k], b.members[k]); v != 0) return v;
      }
      return 0;
    }
  }
  return 0;
}

// jsonb's order of two documents. At the top level a scalar is a one-element array that sorts
// before a real array of one element, so an empty array sorts before every scalar, and objects
// after all arrays.
int jsonb_top_compare(const JsonValue& a, const JsonValue& b) {
  bool oa = a.kind == JKind::kObject, ob = b.kind == JKind::kObject;
  if (oa || ob) return oa && ob ? jsonb_compare(a, b) : oa ? 1 : -1;
  bool raw_a = a.kind != JKind::kArray, raw_b = b.kind != JKind::kArray;
  size_t na = raw_a ? 1 : a.items.size(), nb = raw_b ? 1 : b.items.size();
  if (na != nb) return na < nb ? -1 : 1;
  if (raw_a != raw_b) return raw_a ? -1 : 1;
  return jsonb_compare(a, b);
}

// pg_jsonb_cmp(a, b): -1, 0 or 1 (the jsonb comparison operators).
void fn_jsonb_cmp(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (is_null(argv[0]) || is_null(argv[1])) return sqlite3_result_null(ctx);
  auto a = load_jsonb(argv[0]);
  auto b = load_jsonb(argv[1]);
  if (!a) return set_pg_error(ctx, a.error());
  if (!b) return set_pg_error(ctx, b.error());
  sqlite3_result_int(ctx, jsonb_top_compare(*a, *b));
}

// The collation pg_jsonb: ORDER BY on jsonb (also in compound SELECTs, whose ORDER BY takes
// only column names with an optional COLLATE). Text that is not jsonb sorts bytewise.
int collate_jsonb(void*, int na, const void* pa, int nb, const void* pb) {
  std::string_view sa(static_cast<const char*>(pa), static_cast<size_t>(na));
  std::string_view sb(static_cast<const char*>(pb), static_cast<size_t>(nb));
  auto a = protocol::parse_json(sa, true);
  auto b = protocol::parse_json(sb, true);
  if (!a || !b) return sa.compare(sb);
  return jsonb_top_compare(*a, *b);
}

JsonValue as_array(JsonValue v) {
  if (v.kind == JKind::kArray) return v;
  JsonValue arr;
  arr.kind = JKind::kArray;
  arr.items.push_back(std::move(v));
  return arr;
}

// pg_jsonb_concat(a, b): a || b.
void fn_jsonb_concat(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (is_null(argv[0]) || is_null(argv[1])) return sqlite3_result_null(ctx);
  auto a = load_jsonb(argv[0]);
  auto b = load_jsonb(argv[1]);
  if (!a) return set_pg_error(ctx, a.error());
  if (!b) return set_pg_error(ctx, b.error());
  JsonValue out;
  if (a->kind == JKind::kObject && b->kind == JKind::kObject) {
    out = std::move(*a);
    for (size_t k = 0; k < b->members.size(); ++k) {
      out.member_keys.push_back(b->member_keys[k]);
      out.members.push_back(b->members[k]);
    }
  } else {
    out = as_array(std::move(*a));
    JsonValue right = as_array(std::move(*b));
    for (auto& item : right.items) out.items.push_back(std::move(item));
  }
  result_text(ctx, jsonb_text(out));
}

void remove_key(JsonValue& obj, std::string_view key) {
  for (size_t k = obj.members.size(); k-- > 0;) {
    if (obj.member_keys[k] == key) {
      obj.member_keys.erase(obj.member_keys.begin() + static_cast<std::ptrdiff_t>(k));
      obj.members.erase(obj.members.begin() + static_cast<std::ptrdiff_t>(k));
    }
  }
}

// pg_jsonb_delete(doc, what, mode): doc - text (mode 0), doc - int (1), doc - text[] (2).
void fn_jsonb_delete(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (is_null(argv[0]) || is_null(argv[1])) return sqlite3_result_null(ctx);
  auto doc = load_jsonb(argv[0]);
  if (!doc) return set_pg_error(ctx, doc.error());
  int mode = sqlite3_value_int(argv[2]);
  if (!is_container(*doc)) return set_pg_error(ctx, invalid_parameter("cannot delete from scalar"));
  if (mode == 1) {
    if (doc->kind == JKind::kObject) {
      return set_pg_error(ctx, invalid_parameter("cannot delete from object using integer index"));
    }
    long long n = static_cast<long long>(doc->items.size());
    long long i = sqlite3_value_int64(argv[1]);
    if (i < 0) i += n;
    if (i >= 0 && i < n) doc->items.erase(doc->items.begin() + static_cast<std::ptrdiff_t>(i));
    return result_text(ctx, jsonb_text(*doc));
  }
  std::vector<std::string> keys;
  if (mode == 0) {
    keys.emplace_back(text_of(argv[1]));
  } else {
    auto arr = protocol::parse_json(text_of(argv[1]));
    if (arr && arr->kind == JKind::kArray) {
      for (const auto& k : arr->items) {
        if (k.kind == JKind::kString) keys.push_back(k.text);
      }
    }
  }
  for (const auto& key : keys) {
    if (doc->kind == JKind::kObject) {
      remove_key(*doc, key);
    } else {
      std::erase_if(doc->items,
                    [&](const JsonValue& e) { return e.kind == JKind::kString && e.text == key; });
    }
  }
  result_text(ctx, jsonb_text(*doc));
}

// A text[] path (its stored JSON array); NULL elements fail with 22004 as in PostgreSQL.
Result<std::vector<std::string>> load_path(sqlite3_value* v) {
  LITEWIRE_TRY_ASSIGN(arr, protocol::parse_json(text_of(v)));
  std::vector<std::string> out;
  for (size_t k = 0; k < arr.items.size(); ++k) {
    if (arr.items[k].kind != JKind::kString) {
      return PgError(sqlstate::kNullValueNotAllowed,
                     "path element at position " + std::to_string(k + 1) + " is null");
    }
    out.push_back(arr.items[k].text);
  }
  return out;
}

Result<long long> path_index(const std::string& step, size_t level) {
  auto i = parse_index(step);
  if (!i) {
    return PgError(sqlstate::kInvalidTextRepresentation,
                   "path element at position " + std::to_string(level + 1) +
                       " is not an integer: \"" + step + "\"");
  }
  return *i;
}

// jsonb_set / jsonb_insert (PostgreSQL's setPath): `insert` 0 replaces (creating the last step
// when `create`), 1 inserts before, 2 inserts after.
Result<void> set_path(JsonValue& at, const std::vector<std::string>& path, size_t level,
                      const JsonValue& value, bool create, int insert) {
  const std::string& step = path[level];
  bool last = level + 1 == path.size();
  if (at.kind == JKind::kObject) {
    for (size_t k = at.members.size(); k-- > 0;) {
      if (at.member_keys[k] != step) continue;
      if (!last) return set_path(at.members[k], path, level + 1, value, create, insert);
      if (insert != 0) {
        return invalid_parameter("cannot replace existing key")
            .with_hint("Try using the function jsonb_set to replace key value.");
      }
      at.members[k] = value;
      return {};
    }
    if (last && (create || insert != 0)) {
      at.member_keys.push_back(step);
      at.members.push_back(value);
    }
    return {};
  }
  if (at.kind == JKind::kArray) {
    LITEWIRE_TRY_ASSIGN(i, path_index(step, level));
    long long n = static_cast<long long>(at.items.size());
    if (i < 0) i += n;
    if (i >= 0 && i < n) {
      auto pos = at.items.begin() + static_cast<std::ptrdiff_t>(i);
      if (!last) return set_path(*pos, path, level + 1, value, create, insert);
      if (insert == 0) {
        *pos = value;
      } else {
        at.items.insert(insert == 2 ? pos + 1 : pos, value);
      }
      return {};
    }
    if (last && (create || insert != 0)) {
      if (i < 0) {
        at.items.insert(at.items.begin(), value);
      } else {
        at.items.push_back(value);
      }
    }
    return {};
  }
  return invalid_parameter("cannot set path in scalar");
}

// pg_jsonb_set(doc, path, value, create_missing, insert): jsonb_set (insert 0) and
// jsonb_insert (1 before, 2 after).
void fn_jsonb_set(sqlite3_context* ctx, int, sqlite3_value** argv) {
  for (int k = 0; k < 4; ++k) {
    if (is_null(argv[k])) return sqlite3_result_null(ctx);
  }
  auto doc = load_jsonb(argv[0]);
  if (!doc) return set_pg_error(ctx, doc.error());
  auto path = load_path(argv[1]);
  if (!path) return set_pg_error(ctx, path.error());
  auto value = load_jsonb(argv[2]);
  if (!value) return set_pg_error(ctx, value.error());
  int insert = sqlite3_value_int(argv[4]);
  if (!is_container(*doc)) {
    return set_pg_error(ctx, invalid_parameter(insert ? "cannot insert into scalar" : "cannot set path in scalar"));
  }
  if (!path->empty()) {
    auto r = set_path(*doc, *path, 0, *value, sqlite3_value_int(argv[3]) != 0, insert);
    if (!r) return set_pg_error(ctx, r.error());
  }
  result_text(ctx, jsonb_text(*doc));
}

Result<void> delete_path(JsonValue& at, const std::vector<std::string>& path, size_t level) {
  const std::string& step = path[level];
  bool last = level + 1 == path.size();
  if (at.kind == JKind::kObject) {
    for (size_t k = at.members.size(); k-- > 0;) {
      if (at.member_keys[k] != step) continue;
      if (!last) return delete_path(at.members[k], path, level + 1);
      remove_key(at, step);
      return {};
    }
    return {};
  }
  if (at.kind == JKind::kArray) {
    LITEWIRE_TRY_ASSIGN(i, path_index(step, level));
    long long n = static_cast<long long>(at.items.size());
    if (i < 0) i += n;
    if (i < 0 || i >= n) return {};
    auto pos = at.items.begin() + static_cast<std::ptrdiff_t>(i);
    if (!last) return delete_path(*pos, path, level + 1);
    at.items.erase(pos);
  }
  return {};
}

// pg_jsonb_delete_path(doc, path): doc #- path.
void fn_jsonb_delete_path(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (is_null(argv[0]) || is_null(argv[1])) return sqlite3_result_null(ctx);
  auto doc = load_jsonb(argv[0]);
  if (!doc) return set_pg_error(ctx, doc.error());
  auto path = load_path(argv[1]);
  if (!path) return set_pg_error(ctx, path.error());
  if (!is_container(*doc)) return set_pg_error(ctx, invalid_parameter("cannot delete path in scalar"));
  if (!path->empty()) {
    auto r = delete_path(*doc, *path, 0);
    if (!r) return set_pg_error(ctx, r.error());
  }
  result_text(ctx, jsonb_text(*doc));
}

void strip_nulls(JsonValue& v) {
  if (v.kind == JKind::kObject) {
    for (size_t k = v.members.size(); k-- > 0;) {
      if (v.members[k].kind == JKind::kNull) {
        v.member_keys.erase(v.member_keys.begin() + static_cast<std::ptrdiff_t>(k));
        v.members.erase(v.members.begin() + static_cast<std::ptrdiff_t>(k));
      } else {
        strip_nulls(v.members[k]);
      }
    }
  }
  for (auto& item : v.items) strip_nulls(item);
}

// pg_json_strip_nulls(doc, jsonb): json_strip_nulls (compact text) / jsonb_strip_nulls.
void fn_json_strip_nulls(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (is_null(argv[0])) return sqlite3_result_null(ctx);
  bool jsonb = sqlite3_value_int(argv[1]) != 0;
  auto doc = protocol::parse_json(text_of(argv[0]), jsonb);
  if (!doc) return set_pg_error(ctx, doc.error());
  strip_nulls(*doc);
  std::string out;
  if (jsonb) {
    protocol::write_jsonb(out, *doc);
  } else {
    protocol::write_json_compact(out, *doc);
  }
  result_text(ctx, out);
}

// jsonb_pretty's layout: four spaces per level, every member and element on its own line.
void pretty(std::string& out, const JsonValue& v, int depth) {
  auto indent = [&](int d) { out.append(static_cast<size_t>(d) * 4, ' '); };
  if (!is_container(v)) {
    protocol::write_jsonb(out, v);
    return;
  }
  bool object = v.kind == JKind::kObject;
  out += object ? "{" : "[";
  // write_jsonb orders and deduplicates members: print the normalized value's members.
  JsonValue norm;
  if (object) {
    auto parsed = protocol::parse_json(jsonb_text(v), true);
    if (parsed) norm = std::move(*parsed);
  }
  const JsonValue& src = object ? norm : v;
  size_t n = object ? src.members.size() : src.items.size();
  for (size_t k = 0; k < n; ++k) {
    out += k ? ",\n" : "\n";
    indent(depth + 1);
    if (object) {
      protocol::append_json_string(out, src.member_keys[k]);
      out += ": ";
    }
    pretty(out, object ? src.members[k] : src.items[k], depth + 1);
  }
  out += "\n";
  indent(depth);
  out += object ? "}" : "]";
}

void fn_jsonb_pretty(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (is_null(argv[0])) return sqlite3_result_null(ctx);
  auto doc = load_jsonb(argv[0]);
  if (!doc) return set_pg_error(ctx, doc.error());
  std::string out;
  pretty(out, *doc, 0);
  result_text(ctx, out);
}

// ---- arrays (stored as JSON arrays of the elements' stored forms)

Result<JsonValue> load_array(sqlite3_value* v) {
  LITEWIRE_TRY_ASSIGN(arr, protocol::parse_json(text_of(v)));
  if (arr.kind != JKind::kArray) {
    return PgError(sqlstate::kInvalidTextRepresentation, "malformed array literal");
  }
  return arr;
}

std::string array_text(const JsonValue& arr) {
  std::string out;
  protocol::write_json_compact(out, arr);
  return out;
}

// The element `v` (a one-element JSON array made by json_array(v) in the query), or null.
JsonValue element_of_json(sqlite3_value* one) {
  auto arr = protocol::parse_json(text_of(one));
  if (!arr || arr->kind != JKind::kArray || arr->items.empty()) return JsonValue{};
  return arr->items[0];
}

// IS NOT DISTINCT FROM between two stored elements.
bool same_element(const JsonValue& a, const JsonValue& b) {
  if (a.kind == JKind::kNull || b.kind == JKind::kNull) return a.kind == b.kind;
  if (a.kind == JKind::kBool && b.kind == JKind::kNumber) return (a.boolean ? "1" : "0") == b.text;
  if (b.kind == JKind::kBool && a.kind == JKind::kNumber) return (b.boolean ? "1" : "0") == a.text;
  return scalar_equal(a, b);
}

// pg_array_slice(array, lower, upper): a[lower:upper] of a one-dimensional array with lower
// bound 1; out-of-range parts are dropped, an empty slice is '{}'.
void fn_array_slice(sqlite3_context* ctx, int, sqlite3_value** argv) {
  for (int k = 0; k < 3; ++k) {
    if (is_null(argv[k])) return sqlite3_result_null(ctx);
  }
  auto arr = load_array(argv[0]);
  if (!arr) return set_pg_error(ctx, arr.error());
  long long n = static_cast<long long>(arr->items.size());
  long long lo = std::max<long long>(sqlite3_value_int64(argv[1]), 1);
  long long hi = std::min<long long>(sqlite3_value_int64(argv[2]), n);
  JsonValue out;
  out.kind = JKind::kArray;
  for (long long i = lo; i <= hi; ++i) out.items.push_back(arr->items[static_cast<size_t>(i - 1)]);
  result_text(ctx, array_text(out));
}

// pg_array_compare(a, b, op): op 0 a @> b, 1 a && b. NULL elements never match.
void fn_array_compare(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (is_null(argv[0]) || is_null(argv[1])) return sqlite3_result_null(ctx);
  auto a = load_array(argv[0]);
  auto b = load_array(argv[1]);
  if (!a) return set_pg_error(ctx, a.error());
  if (!b) return set_pg_error(ctx, b.error());
  auto holds = [&](const JsonValue& x) {
    if (x.kind == JKind::kNull) return false;
    return std::any_of(a->items.begin(), a->items.end(),
                       [&](const JsonValue& y) { return y.kind != JKind::kNull && same_element(x, y); });
  };
  bool overlap = sqlite3_value_int(argv[2]) == 1;
  bool result = overlap ? std::any_of(b->items.begin(), b->items.end(), holds)
                        : std::all_of(b->items.begin(), b->items.end(), holds);
  sqlite3_result_int(ctx, result ? 1 : 0);
}

// pg_array_positions(array, json_array(value)): array_positions.
void fn_array_positions(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (is_null(argv[0])) return sqlite3_result_null(ctx);
  auto arr = load_array(argv[0]);
  if (!arr) return set_pg_error(ctx, arr.error());
  JsonValue want = element_of_json(argv[1]);
  std::string out = "[";
  for (size_t k = 0; k < arr->items.size(); ++k) {
    if (!same_element(arr->items[k], want)) continue;
    if (out.size() > 1) out += ",";
    out += std::to_string(k + 1);
  }
  result_text(ctx, out + "]");
}

// pg_array_replace(array, json_array(from), json_array(to)): array_replace; array_remove is
// pg_array_replace(array, json_array(value), NULL).
void fn_array_replace(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (is_null(argv[0])) return sqlite3_result_null(ctx);
  auto arr = load_array(argv[0]);
  if (!arr) return set_pg_error(ctx, arr.error());
  JsonValue from = element_of_json(argv[1]);
  bool remove = is_null(argv[2]);
  JsonValue to = remove ? JsonValue{} : element_of_json(argv[2]);
  JsonValue out;
  out.kind = JKind::kArray;
  for (auto& e : arr->items) {
    if (!same_element(e, from)) {
      out.items.push_back(std::move(e));
    } else if (!remove) {
      out.items.push_back(to);
    }
  }
  result_text(ctx, array_text(out));
}

// ---- pg_json_each: the table-valued function behind the set-returning json functions

struct EachCursor {
  sqlite3_vtab_cursor base;
  std::string doc;  // owns the text the rows point into
  std::vector<Span> rows;
  int mode = 0;
  size_t pos = 0;
};

enum EachColumn { kKey = 0, kValue = 1, kOrdinality = 2, kDoc = 3, kMode = 4 };

int each_connect(sqlite3* db, void*, int, const char* const*, sqlite3_vtab** out, char**) {
  int rc = sqlite3_declare_vtab(db, "CREATE TABLE x(key, value, ordinality, doc HIDDEN, mode HIDDEN)");
  if (rc != SQLITE_OK) return rc;
  auto* vt = static_cast<sqlite3_vtab*>(sqlite3_malloc(sizeof(sqlite3_vtab)));
  if (vt == nullptr) return SQLITE_NOMEM;
  std::memset(vt, 0, sizeof(*vt));
  *out = vt;
  return SQLITE_OK;
}

int each_disconnect(sqlite3_vtab* vt) {
  sqlite3_free(vt);
  return SQLITE_OK;
}

// Both hidden arguments must be given as equality constraints (they are the call's arguments).
int each_best_index(sqlite3_vtab*, sqlite3_index_info* info) {
  int doc = -1, mode = -1;
  for (int i = 0; i < info->nConstraint; ++i) {
    const auto& c = info->aConstraint[i];
    if (c.op != SQLITE_INDEX_CONSTRAINT_EQ) continue;
    if (c.iColumn == kDoc) {
      if (!c.usable) return SQLITE_CONSTRAINT;
      doc = i;
    } else if (c.iColumn == kMode) {
      if (!c.usable) return SQLITE_CONSTRAINT;
      mode = i;
    }
  }
  if (doc < 0 || mode < 0) return SQLITE_CONSTRAINT;
  info->aConstraintUsage[doc].argvIndex = 1;
  info->aConstraintUsage[doc].omit = 1;
  info->aConstraintUsage[mode].argvIndex = 2;
  info->aConstraintUsage[mode].omit = 1;
  info->estimatedCost = 10.0;
  info->estimatedRows = 10;
  return SQLITE_OK;
}

int each_open(sqlite3_vtab*, sqlite3_vtab_cursor** out) {
  auto* c = new EachCursor{};
  *out = &c->base;
  return SQLITE_OK;
}

int each_close(sqlite3_vtab_cursor* c) {
  delete reinterpret_cast<EachCursor*>(c);
  return SQLITE_OK;
}

int each_fail(sqlite3_vtab_cursor* cur, const PgError& e) {
  sqlite3_vtab* vt = cur->pVtab;
  sqlite3_free(vt->zErrMsg);
  vt->zErrMsg = sqlite3_mprintf("%s", encode_function_error(e).c_str());
  return SQLITE_ERROR;
}

int each_filter(sqlite3_vtab_cursor* cur, int, const char*, int argc, sqlite3_value** argv) {
  auto* c = reinterpret_cast<EachCursor*>(cur);
  c->rows.clear();
  c->pos = 0;
  if (argc < 2) return SQLITE_OK;
  c->mode = sqlite3_value_int(argv[1]);
  bool record = (c->mode & kJsonEachRecord) != 0;
  if (is_null(argv[0])) {
    if (record) c->rows.push_back(Span{"", "null"});  // json(b)_to_record(NULL): one row of NULLs
    return SQLITE_OK;
  }
  c->doc = std::string(text_of(argv[0]));
  Spans sp = json_spans(c->doc);
  bool jsonb = (c->mode & kJsonEachJsonb) != 0;
  std::string prefix = jsonb ? "jsonb" : "json";
  if (record) {
    if (sp.kind != '{') {
      return each_fail(cur, invalid_parameter(std::string("cannot call populate_composite on ") +
                                              (sp.kind == '[' ? "an array" : "a scalar")));
    }
    c->rows.push_back(Span{"", sp.whole});
    return SQLITE_OK;
  }
  if ((c->mode & kJsonEachObjects) != 0 && sp.kind == '[') {
    for (const auto& e : sp.items) {
      if (e.text.empty() || e.text.front() != '{') {
        return each_fail(cur, invalid_parameter("argument of " + prefix +
                                                "_to_recordset must be an array of objects"));
      }
    }
  }
  bool want_array = (c->mode & 3) == kJsonEachElements;
  if (want_array && sp.kind != '[') {
    std::string name = prefix + "_array_elements";
    if (jsonb) {
      return each_fail(cur, invalid_parameter(sp.kind == '{' ? "cannot extract elements from an object"
                                                             : "cannot extract elements from a scalar"));
    }
    return each_fail(cur, invalid_parameter("cannot call " + name +
                                            (sp.kind == '{' ? " on a non-array" : " on a scalar")));
  }
  if (!want_array && sp.kind != '{') {
    bool keys = (c->mode & 3) == kJsonEachKeys;
    std::string name = prefix + (keys ? "_object_keys" : "_each");
    if (sp.kind == 's' && !jsonb && !keys) return each_fail(cur, invalid_parameter("cannot deconstruct a scalar"));
    return each_fail(cur, invalid_parameter("cannot call " + name + " on " +
                                            (jsonb && !keys ? std::string("a non-object")
                                             : sp.kind == '[' ? std::string("an array")
                                                              : std::string("a scalar"))));
  }
  c->rows = std::move(sp.items);
  return SQLITE_OK;
}

int each_next(sqlite3_vtab_cursor* cur) {
  ++reinterpret_cast<EachCursor*>(cur)->pos;
  return SQLITE_OK;
}

int each_eof(sqlite3_vtab_cursor* cur) {
  auto* c = reinterpret_cast<EachCursor*>(cur);
  return c->pos >= c->rows.size();
}

int each_column(sqlite3_vtab_cursor* cur, sqlite3_context* ctx, int i) {
  auto* c = reinterpret_cast<EachCursor*>(cur);
  const Span& row = c->rows[c->pos];
  switch (i) {
    case kKey:
      if ((c->mode & 3) == kJsonEachElements) return sqlite3_result_null(ctx), SQLITE_OK;
      result_text(ctx, row.key);
      break;
    case kValue:
      if ((c->mode & kJsonEachText) != 0) {
        result_json_as_text(ctx, row.text);
      } else {
        result_text(ctx, row.text);
      }
      break;
    case kOrdinality: sqlite3_result_int64(ctx, static_cast<sqlite3_int64>(c->pos + 1)); break;
    default: sqlite3_result_null(ctx);
  }
  return SQLITE_OK;
}

int each_rowid(sqlite3_vtab_cursor* cur, sqlite3_int64* out) {
  *out = static_cast<sqlite3_int64>(reinterpret_cast<EachCursor*>(cur)->pos);
  return SQLITE_OK;
}

sqlite3_module make_each_module() {
  sqlite3_module m{};
  m.iVersion = 1;
  m.xCreate = nullptr;  // eponymous-only
  m.xConnect = each_connect;
  m.xBestIndex = each_best_index;
  m.xDisconnect = each_disconnect;
  m.xDestroy = each_disconnect;
  m.xOpen = each_open;
  m.xClose = each_close;
  m.xFilter = each_filter;
  m.xNext = each_next;
  m.xEof = each_eof;
  m.xColumn = each_column;
  m.xRowid = each_rowid;
  return m;
}

const sqlite3_module kEachModule = make_each_module();

constexpr FunctionSpec kJsonFunctions[] = {
    {"pg_json_get", 3, fn_json_get, true},
    {"pg_json_get_path", 3, fn_json_get_path, true},
    {"pg_to_json", 3, fn_to_json, false},  // timestamptz output follows the session TimeZone
    {"pg_json_build", -1, fn_json_build, false},
    {"pg_json_member", 3, fn_json_member, false},
    {"pg_json_agg_final", 2, fn_json_agg_final, true},
    {"pg_jsonb_contains", 2, fn_jsonb_contains, true},
    {"pg_jsonb_cmp", 2, fn_jsonb_cmp, true},
    {"pg_jsonb_concat", 2, fn_jsonb_concat, true},
    {"pg_jsonb_delete", 3, fn_jsonb_delete, true},
    {"pg_jsonb_delete_path", 2, fn_jsonb_delete_path, true},
    {"pg_jsonb_set", 5, fn_jsonb_set, true},
    {"pg_json_strip_nulls", 2, fn_json_strip_nulls, true},
    {"pg_jsonb_pretty", 1, fn_jsonb_pretty, true},
    {"pg_array_slice", 3, fn_array_slice, true},
    {"pg_array_compare", 3, fn_array_compare, true},
    {"pg_array_positions", 2, fn_array_positions, true},
    {"pg_array_replace", 3, fn_array_replace, true},
};

}  // namespace

int register_json_functions(sqlite3* db) {
  int rc = register_scalar_functions(db, kJsonFunctions);
  if (rc != SQLITE_OK) return rc;
  rc = sqlite3_create_collation_v2(db, "pg_jsonb", SQLITE_UTF8, nullptr, collate_jsonb, nullptr);
  if (rc != SQLITE_OK) return rc;
  return sqlite3_create_module_v2(db, "pg_json_each", &kEachModule, nullptr, nullptr);
}

}  // namespace litewire::sqlite
