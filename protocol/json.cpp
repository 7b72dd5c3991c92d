// JSON parsing and the jsonb text normalization.

#include "protocol/json.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <map>

#include "protocol/codec_internal.h"

namespace litewire::protocol {

namespace {

// PostgreSQL bounds nesting by max_stack_depth; a fixed depth keeps this recursive parser safe
// on any thread's stack. 400: the fuzzer overflowed an 8 MB stack at ~1,000 levels under
// AddressSanitizer (tests/fuzz/corpus/codec/deep_json_array).
constexpr int kMaxDepth = 400;

PgError json_error(std::string detail) {
  return PgError(sqlstate::kInvalidTextRepresentation, "invalid input syntax for type json")
      .with_detail(std::move(detail));
}

class Parser {
 public:
  Parser(std::string_view s, bool jsonb) : s_(s), jsonb_(jsonb) {}

  Result<JsonValue> document() {
    JsonValue v;
    LITEWIRE_TRY(value(v, 0));
    skip_ws();
    if (i_ < s_.size()) return json_error("Expected end of input, but found \"" + token() + "\".");
    return v;
  }

 private:
  void skip_ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) {
      ++i_;
    }
  }
  // The offending token as PostgreSQL quotes it: a run of identifier-ish characters, or one.
  std::string token() const {
    size_t j = i_;
    auto word = [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
             c == '_' || c == '-' || c == '+' || c == '.' || static_cast<unsigned char>(c) >= 0x80;
    };
    if (j < s_.size() && word(s_[j])) {
      while (j < s_.size() && word(s_[j])) ++j;
    } else if (j < s_.size()) {
      ++j;
    }
    return std::string(s_.substr(i_, j - i_));
  }
  PgError unexpected_end() const { return json_error("The input string ended unexpectedly."); }
  PgError invalid_token() const { return json_error("Token \"" + token() + "\" is invalid."); }

  Result<void> value(JsonValue& v, int depth) {
    if (depth > kMaxDepth) {
      return PgError(sqlstate::kStatementTooComplex, "stack depth limit exceeded");
    }
    skip_ws();
    if (i_ >= s_.size()) return unexpected_end();
    char c = s_[i_];
    if (c == '{') return object(v, depth);
    if (c == '[') return array(v, depth);
    if (c == '"') {
      v.kind = JsonValue::Kind::kString;
      return string(v.text);
    }
    if (c == '-' || (c >= '0' && c <= '9')) return number(v);
    auto literal = [&](std::string_view word) {
      if (s_.compare(i_, word.size(), word) != 0) return false;
      size_t end = i_ + word.size();
      if (end < s_.size() && ((s_[end] >= 'a' && s_[end] <= 'z') || (s_[end] >= 'A' && s_[end] <= 'Z') ||
                              (s_[end] >= '0' && s_[end] <= '9') || s_[end] == '_')) {
        return false;
      }
      i_ = end;
      return true;
    };
    if (literal("true")) {
      v.kind = JsonValue::Kind::kBool;
      v.boolean = true;
      return {};
    }
    if (literal("false")) {
      v.kind = JsonValue::Kind::kBool;
      return {};
    }
    if (literal("null")) {
      v.kind = JsonValue::Kind::kNull;
      return {};
    }
    return invalid_token();
  }

  Result<void> number(JsonValue& v) {
    size_t start = i_;
    if (s_[i_] == '-') ++i_;
    auto digits = [&] {
      size_t d = i_;
      while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
      return i_ - d;
    };
    size_t int_start = i_;
    size_t n = digits();
    bool bad = n == 0 || (n > 1 && s_[int_start] == '0');
    if (!bad && i_ < s_.size() && s_[i_] == '.') {
      ++i_;
      bad = digits() == 0;
    }
    if (!bad && i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      ++i_;
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
      bad = digits() == 0;
    }
    // A number running into letters ("1x", "01") is one invalid token, as in PostgreSQL.
    while (i_ < s_.size() && ((s_[i_] >= 'a' && s_[i_] <= 'z') || (s_[i_] >= 'A' && s_[i_] <= 'Z') ||
                              (s_[i_] >= '0' && s_[i_] <= '9') || s_[i_] == '_' || s_[i_] == '.')) {
      ++i_;
      bad = true;
    }
    if (bad) {
      return json_error("Token \"" + std::string(s_.substr(start, i_ - start)) + "\" is invalid.");
    }
    v.kind = JsonValue::Kind::kNumber;
    v.text = std::string(s_.substr(start, i_ - start));
    return {};
  }

  static void put_utf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xc0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xe0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
    } else {
      out.push_back(static_cast<char>(0xf0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3f)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
    }
  }

  Result<uint32_t> hex4() {
    if (i_ + 4 > s_.size()) return unexpected_end();
    uint32_t v = 0;
    for (int k = 0; k < 4; ++k) {
      char c = s_[i_ + k];
      int d = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10
              : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
      if (d < 0) return json_error("\"\\u\" must be followed by four hexadecimal digits.");
      v = v * 16 + static_cast<uint32_t>(d);
    }
    i_ += 4;
    return v;
  }

  Result<void> string(std::string& out) {
    ++i_;  // opening quote
    for (;;) {
      if (i_ >= s_.size()) return unexpected_end();
      auto c = static_cast<unsigned char>(s_[i_]);
      if (c == '"') {
        ++i_;
        return {};
      }
      if (c < 0x20) {
        char buf[8];
        std::snprintf(buf, sizeof(buf), "0x%02x", c);
        return json_error(std::string("Character with value ") + buf + " must be escaped.");
      }
      if (c != '\\') {
        out.push_back(static_cast<char>(c));
        ++i_;
        continue;
      }
      ++i_;
      if (i_ >= s_.size()) return unexpected_end();
      char e = s_[i_++];
      switch (e) {
        case '"': out.push_back('"'); break;
        case '\\': out.push_back('\\'); break;
        case '/': out.push_back('/'); break;
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case 't': out.push_back('\t'); break;
        case 'u': {
          LITEWIRE_TRY_ASSIGN(cp, hex4());
          if (cp >= 0xd800 && cp <= 0xdbff) {
            if (i_ + 2 > s_.size() || s_[i_] != '\\' || s_[i_ + 1] != 'u') {
              return json_error("Unicode low surrogate must follow a high surrogate.");
            }
            i_ += 2;
            LITEWIRE_TRY_ASSIGN(lo, hex4());
            if (lo < 0xdc00 || lo > 0xdfff) {
              return json_error("Unicode low surrogate must follow a high surrogate.");
            }
            cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
          } else if (cp >= 0xdc00 && cp <= 0xdfff) {
            return json_error("Unicode low surrogate must follow a high surrogate.");
          }
          if (cp == 0 && jsonb_) {
            return PgError(sqlstate::kUntranslatableCharacter,
                           "unsupported Unicode escape sequence")
                .with_detail("\\u0000 cannot be converted to text.");
          }
          put_utf8(out, cp);
          break;
        }
        default:
          --i_;
          return json_error("Escape sequence \"\\" + token() + "\" is invalid.");
      }
    }
  }

  Result<void> array(JsonValue& v, int depth) {
    ++i_;
    v.kind = JsonValue::Kind::kArray;
    skip_ws();
    if (i_ < s_.size() && s_[i_] == ']') {
      ++i_;
      return {};
    }
    for (;;) {
      JsonValue item;
      LITEWIRE_TRY(value(item, depth + 1));
      v.items.push_back(std::move(item));
      skip_ws();
      if (i_ >= s_.size()) return unexpected_end();
      if (s_[i_] == ',') {
        ++i_;
        continue;
      }
      if (s_[i_] == ']') {
        ++i_;
        return {};
      }
      return json_error("Expected \",\" or \"]\", but found \"" + token() + "\".");
    }
  }

  Result<void> object(JsonValue& v, int depth) {
    ++i_;
    v.kind = JsonValue::Kind::kObject;
    skip_ws();
    if (i_ < s_.size() && s_[i_] == '}') {
      ++i_;
      return {};
    }
    for (;;) {
      skip_ws();
      if (i_ >= s_.size()) return unexpected_end();
      if (s_[i_] != '"') return json_error("Expected string, but found \"" + token() + "\".");
      std::string key;
      LITEWIRE_TRY(string(key));
      skip_ws();
      if (i_ >= s_.size()) return unexpected_end();
      if (s_[i_] != ':') return json_error("Expected \":\", but found \"" + token() + "\".");
      ++i_;
      JsonValue item;
      LITEWIRE_TRY(value(item, depth + 1));
      v.member_keys.push_back(std::move(key));
      v.members.push_back(std::move(item));
      skip_ws();
      if (i_ >= s_.size()) return unexpected_end();
      if (s_[i_] == ',') {
        ++i_;
        continue;
      }
      if (s_[i_] == '}') {
        ++i_;
        return {};
      }
      return json_error("Expected \",\" or \"}\", but found \"" + token() + "\".");
    }
  }

  std::string_view s_;
  bool jsonb_;
  size_t i_ = 0;
};

void write(std::string& out, const JsonValue& v, bool jsonb) {
  switch (v.kind) {
    case JsonValue::Kind::kNull: out += "null"; return;
    case JsonValue::Kind::kBool: out += v.boolean ? "true" : "false"; return;
    case JsonValue::Kind::kNumber: {
      if (jsonb) {
        // jsonb keeps numbers as numeric: "1E2" prints as 100, "1.50" keeps its scale.
        auto n = detail::numeric_parse_text(v.text, -1);
        out += n ? *n : v.text;
      } else {
        out += v.text;
      }
      return;
    }
    case JsonValue::Kind::kString: append_json_string(out, v.text); return;
    case JsonValue::Kind::kArray: {
      out.push_back('[');
      for (size_t k = 0; k < v.items.size(); ++k) {
        if (k) out += jsonb ? ", " : ",";
        write(out, v.items[k], jsonb);
      }
      out.push_back(']');
      return;
    }
    case JsonValue::Kind::kObject: {
      out.push_back('{');
      if (!jsonb) {
        for (size_t k = 0; k < v.members.size(); ++k) {
          if (k) out.push_back(',');
          append_json_string(out, v.member_keys[k]);
          out.push_back(':');
          write(out, v.members[k], false);
        }
      } else {
        // jsonb's key order: shorter keys first, then bytewise; a later duplicate replaces an
        // earlier one.
        auto less = [](const std::string& a, const std::string& b) {
          if (a.size() != b.size()) return a.size() < b.size();
          return std::memcmp(a.data(), b.data(), a.size()) < 0;
        };
        std::map<std::string, const JsonValue*, decltype(less)> sorted(less);
        for (size_t k = 0; k < v.members.size(); ++k) sorted[v.member_keys[k]] = &v.members[k];
        bool first = true;
        for (const auto& [k, val] : sorted) {
          if (!first) out += ", ";
          first = false;
          append_json_string(out, k);
          out += ": ";
          write(out, *val, true);
        }
      }
      out.push_back('}');
      return;
    }
  }
}

}  // namespace

Result<JsonValue> parse_json(std::string_view text, bool for_jsonb) {
  return Parser(text, for_jsonb).document();
}

void write_jsonb(std::string& out, const JsonValue& v) { write(out, v, true); }
void write_json_compact(std::string& out, const JsonValue& v) { write(out, v, false); }

void append_json_string(std::string& out, std::string_view s) {
  out.push_back('"');
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof(buf), "\\u%04x", c);
          out += buf;
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  out.push_back('"');
}

namespace detail {

Result<std::string> json_validate(std::string_view text) {
  LITEWIRE_TRY(parse_json(text, false));
  return std::string(text);
}

Result<std::string> jsonb_normalize(std::string_view text) {
  LITEWIRE_TRY_ASSIGN(v, parse_json(text, true));
  std::string out;
  write_jsonb(out, v);
  return out;
}

}  // namespace detail

}  // namespace litewire::protocol
