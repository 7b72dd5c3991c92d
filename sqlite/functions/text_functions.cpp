#include "sqlite/functions/text_functions.h"

#include <sqlite3.h>

#include <boost/json.hpp>

#include <algorithm>
#include <memory>
#include <regex>

#include "sqlite/catalog/catalog.h"
#include "sqlite/functions/errors.h"
#include "sqlite/functions/sqlite_args.h"

namespace litewire::sqlite {

namespace sqlstate = protocol::sqlstate;
using protocol::PgError;
using protocol::Result;

Result<std::string> similar_to_regex(std::string_view pattern,
                                     std::optional<std::string_view> escape) {
  char esc = 0;
  if (escape) {
    if (escape->size() > 1) {
      return PgError(sqlstate::kInvalidEscapeSequence, "invalid escape string")
          .with_hint("Escape string must be empty or one character.");
    }
    if (!escape->empty()) esc = (*escape)[0];
  }
  // similar_escape() in PostgreSQL's regexp.c: % and _ become .* and ., the regex
  // metacharacters SIMILAR TO shares (| * + ? {} () []) stay, the others are quoted, and
  // groups do not capture.
  std::string out = "^(?:";
  bool after_escape = false;
  bool in_class = false;
  for (char c : pattern) {
    if (after_escape) {
      out += '\\';
      out += c;
      after_escape = false;
    } else if (esc != 0 && c == esc) {
      after_escape = true;
    } else if (in_class) {
      if (c == '\\') out += '\\';
      out += c;
      if (c == ']') in_class = false;
    } else if (c == '[') {
      in_class = true;
      out += c;
    } else if (c == '%') {
      out += "[\\s\\S]*";
    } else if (c == '_') {
      out += "[\\s\\S]";
    } else if (c == '(') {
      out += "(?:";
    } else if (c == '\\' || c == '.' || c == '^' || c == '$') {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  if (after_escape) {
    return PgError(sqlstate::kInvalidEscapeSequence,
                   "invalid escape string")
        .with_hint("Escape string must be empty or one character.");
  }
  return out + ")$";
}

namespace {

std::string quote_literal(std::string_view s) {
  std::string out;
  if (s.find('\\') != std::string_view::npos) out += 'E';
  out += '\'';
  for (char c : s) {
    if (c == '\'' || c == '\\') out += c;
    out += c;
  }
  return out + '\'';
}

size_t utf8_length(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

PgError format_error(std::string message) {
  return PgError(sqlstate::kInvalidParameterValue, std::move(message));
}

// Reads a decimal number at fmt[i]; std::nullopt when there is no digit.
std::optional<int> read_number(std::string_view fmt, size_t& i) {
  if (i >= fmt.size() || fmt[i] < '0' || fmt[i] > '9') return std::nullopt;
  int64_t v = 0;
  while (i < fmt.size() && fmt[i] >= '0' && fmt[i] <= '9') {
    v = v * 10 + (fmt[i++] - '0');
    if (v > 1000000000) v = 1000000000;
  }
  return static_cast<int>(v);
}

}  // namespace

Result<std::string> format_text(std::string_view fmt,
                                const std::vector<std::optional<std::string>>& args) {
  std::string out;
  size_t next_arg = 0;  // index into args of the next argument taken without a position
  auto take = [&](std::optional<int> position) -> Result<const std::optional<std::string>*> {
    if (position) {
      if (*position == 0) {
        return format_error("format specifies argument 0, but arguments are numbered from 1");
      }
      next_arg = static_cast<size_t>(*position);
    } else {
      ++next_arg;
    }
    if (next_arg > args.size()) return format_error("too few arguments for format()");
    return &args[next_arg - 1];
  };
  auto unterminated = [] { return format_error("unterminated format() type specifier"); };
  for (size_t i = 0; i < fmt.size(); ++i) {
    if (fmt[i] != '%') {
      out += fmt[i];
      continue;
    }
    if (++i >= fmt.size()) return unterminated();
    if (fmt[i] == '%') {
      out += '%';
      continue;
    }
    // %[position$][flags][width]type, width being digits, * or *position$.
    std::optional<int> position;
    size_t save = i;
    if (auto n = read_number(fmt, i); n && i < fmt.size() && fmt[i] == '$') {
      position = n;
      ++i;
    } else {
      i = save;
    }
    bool left = false;
    while (i < fmt.size() && fmt[i] == '-') {
      left = true;
      ++i;
    }
    int width = 0;
    if (i < fmt.size() && fmt[i] == '*') {
      ++i;
      std::optional<int> width_position;
      size_t s2 = i;
      if (auto n = read_number(fmt, i); n && i < fmt.size() && fmt[i] == '$') {
        width_position = n;
        ++i;
      } else {
        i = s2;
      }
      LITEWIRE_TRY_ASSIGN(w, take(width_position));
      if (*w) {
        int64_t v = 0;
        try {
          v = std::stoll(**w);
        } catch (...) {
          return PgError(sqlstate::kInvalidTextRepresentation,
                         "invalid input syntax for type integer: \"" + **w + "\"");
        }
        if (v < 0) {
          left = true;
          v = -v;
        }
        width = static_cast<int>(std::min<int64_t>(v, 1000000000));
      }
    } else if (auto n = read_number(fmt, i)) {
      width = *n;
    }
    if (i >= fmt.size()) return unterminated();
    char type = fmt[i];
    if (type != 's' && type != 'I' && type != 'L') {
      return format_error(std::string("unrecognized format() type specifier \"") + type + "\"")
          .with_hint("For a single \"%\" use \"%%\".");
    }
    LITEWIRE_TRY_ASSIGN(arg, take(position));
    std::string piece;
    if (type == 's') {
      piece = arg->value_or("");
    } else if (type == 'I') {
      if (!*arg) {
        return PgError(sqlstate::kNullValueNotAllowed,
                       "null values cannot be formatted as an SQL identifier");
      }
      piece = catalog::quote_identifier(**arg);
    } else {
      piece = *arg ? quote_literal(**arg) : "NULL";
    }
    size_t len = utf8_length(piece);
    if (static_cast<size_t>(width) > len) {
      std::string pad(static_cast<size_t>(width) - len, ' ');
      piece = left ? piece + pad : pad + piece;
    }
    out += piece;
  }
  return out;
}

namespace {

struct RegexOptions {
  bool global = false;
  bool icase = false;
};

Result<RegexOptions> parse_flags(std::string_view flags, bool global_allowed,
                                 std::string_view function) {
  RegexOptions o;
  for (char c : flags) {
    switch (c) {
      case 'g':
        if (!global_allowed) {
          return PgError(sqlstate::kInvalidParameterValue,
                         std::string(function) + "() does not support the \"global\" option")
              .with_hint("Use the regexp_matches function instead.");
        }
        o.global = true;
        break;
      case 'i': o.icase = true; break;
      case 'c': o.icase = false; break;
      case 'b': case 'e': case 'm': case 'n': case 'p': case 'q': case 's': case 't':
      case 'w': case 'x':
        return protocol::feature_not_supported(std::string("regular expression option \"") + c + "\"");
      default:
        return PgError(sqlstate::kInvalidParameterValue,
                       std::string("invalid regular expression option: \"") + c + "\"");
    }
  }
  return o;
}

// Compiled patterns, most recent first: a statement applies one pattern to many rows, and
// compiling a std::regex costs far more than matching it.
Result<std::shared_ptr<const std::regex>> compile(std::string_view pattern, const RegexOptions& o) {
  struct Entry {
    std::string pattern;
    bool icase;
    std::shared_ptr<const std::regex> re;
  };
  thread_local std::vector<Entry> cache;
  for (size_t i = 0; i < cache.size(); ++i) {
    if (cache[i].icase == o.icase && cache[i].pattern == pattern) {
      std::rotate(cache.begin(), cache.begin() + static_cast<std::ptrdiff_t>(i),
                  cache.begin() + static_cast<std::ptrdiff_t>(i) + 1);
      return cache.front().re;
    }
  }
  try {
    auto flags = std::regex::ECMAScript;
    if (o.icase) flags |= std::regex::icase;
    auto re = std::make_shared<const std::regex>(std::string(pattern), flags);
    if (cache.size() >= 16) cache.pop_back();
    cache.insert(cache.begin(), Entry{std::string(pattern), o.icase, re});
    return re;
  } catch (const std::regex_error& e) {
    return PgError(sqlstate::kInvalidRegularExpression,
                   std::string("invalid regular expression: ") + e.what());
  }
}

// PostgreSQL's replacement text: \1..\9 insert a group, \& the whole match, \\ a backslash;
// any other backslash stays as it is.
void append_replacement(std::string& out, std::string_view repl, const std::smatch& m) {
  for (size_t i = 0; i < repl.size(); ++i) {
    char c = repl[i];
    if (c == '\\' && i + 1 < repl.size()) {
      char n = repl[i + 1];
      if (n >= '1' && n <= '9') {
        size_t g = static_cast<size_t>(n - '0');
        if (g < m.size() && m[g].matched) out += m[g].str();
        ++i;
        continue;
      }
      if (n == '&') {
        out += m[0].str();
        ++i;
        continue;
      }
      if (n == '\\') {
        out += '\\';
        ++i;
        continue;
      }
    }
    out += c;
  }
}

Result<std::string> regexp_replace(const std::string& src, std::string_view pattern,
                                   std::string_view repl, std::string_view flags) {
  LITEWIRE_TRY_ASSIGN(o, parse_flags(flags, true, "regexp_replace"));
  LITEWIRE_TRY_ASSIGN(re, compile(pattern, o));
  std::string out;
  auto begin = src.cbegin();
  std::smatch m;
  auto match_flags = std::regex_constants::match_default;
  while (begin <= src.cend() && std::regex_search(begin, src.cend(), m, *re, match_flags)) {
    out.append(begin, m[0].first);
    append_replacement(out, repl, m);
    auto next = m[0].second;
    if (!o.global) {
      begin = next;
      break;
    }
    if (m[0].length() == 0) {
      // An empty match: copy one character and search on after it.
      if (next == src.cend()) {
        begin = next;
        break;
      }
      out += *next;
      ++next;
    }
    begin = next;
    match_flags = std::regex_constants::match_prev_avail;
  }
  if (begin < src.cend()) out.append(begin, src.cend());
  return out;
}

void fn_similar_escape(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return sqlite3_result_null(ctx);
  std::optional<std::string_view> esc = std::string_view("\\");
  if (argc > 1) {
    if (sqlite3_value_type(argv[1]) == SQLITE_NULL) return sqlite3_result_null(ctx);
    esc = text_of(argv[1]);
    if (esc->empty()) esc = std::nullopt;
  }
  auto r = similar_to_regex(text_of(argv[0]), esc);
  if (!r) return set_pg_error(ctx, r.error());
  result_text(ctx, *r);
}

void fn_regexp_replace(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (any_null(argc, argv)) return sqlite3_result_null(ctx);
  auto r = regexp_replace(std::string(text_of(argv[0])), text_of(argv[1]), text_of(argv[2]),
                          argc > 3 ? text_of(argv[3]) : std::string_view());
  if (!r) return set_pg_error(ctx, r.error());
  result_text(ctx, *r);
}

// regexp_match(src, pattern[, flags]) -> text[] (stored as a JSON array): the groups of the first
// match, or the whole match when the pattern has no groups; NULL when there is no match.
void fn_regexp_match(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (any_null(argc, argv)) return sqlite3_result_null(ctx);
  auto o = parse_flags(argc > 2 ? text_of(argv[2]) : std::string_view(), false, "regexp_match");
  if (!o) return set_pg_error(ctx, o.error());
  auto re = compile(text_of(argv[1]), *o);
  if (!re) return set_pg_error(ctx, re.error());
  std::string src(text_of(argv[0]));
  std::smatch m;
  if (!std::regex_search(src, m, **re)) return sqlite3_result_null(ctx);
  boost::json::array arr;
  if (m.size() == 1) {
    arr.emplace_back(m[0].str());
  } else {
    for (size_t g = 1; g < m.size(); ++g) {
      if (m[g].matched) arr.emplace_back(m[g].str());
      else arr.emplace_back(nullptr);
    }
  }
  result_text(ctx, boost::json::serialize(arr));
}

void fn_format(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return sqlite3_result_null(ctx);
  std::vector<std::optional<std::string>> args;
  for (int i = 1; i < argc; ++i) {
    if (sqlite3_value_type(argv[i]) == SQLITE_NULL) args.emplace_back(std::nullopt);
    else args.emplace_back(std::string(text_of(argv[i])));
  }
  auto r = format_text(text_of(argv[0]), args);
  if (!r) return set_pg_error(ctx, r.error());
  result_text(ctx, *r);
}

}  // namespace

int register_text_functions(sqlite3* db) {
  static constexpr FunctionSpec kSpecs[] = {
      {"pg_similar_escape", 1, fn_similar_escape, true}, {"pg_similar_escape", 2, fn_similar_escape, true},
      {"pg_regexp_replace", 3, fn_regexp_replace, true}, {"pg_regexp_replace", 4, fn_regexp_replace, true},
      {"pg_regexp_match", 2, fn_regexp_match, true},     {"pg_regexp_match", 3, fn_regexp_match, true},
      {"pg_format", -1, fn_format, true},
  };
  return register_scalar_functions(db, kSpecs);
}

}  // namespace litewire::sqlite
