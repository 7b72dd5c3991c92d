#include "sqlite/functions/text_functions.h"

#include <sqlite3.h>

#include <boost/json.hpp>

#include <algorithm>

#include "sqlite/catalog/catalog.h"
#include "sqlite/functions/errors.h"
#include "sqlite/functions/sqlite_args.h"

namespace litewire::sqlite {

namespace sqlstate = protocol::sqlstate;
using protocol::PgError;
using protocol::Result;

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
      {"pg_format", -1, fn_format, true},
  };
  return register_scalar_functions(db, kSpecs);
}

}  // namespace litewire::sqlite
