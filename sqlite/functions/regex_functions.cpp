#include "sqlite/functions/regex_functions.h"

#include <sqlite3.h>

#include <boost/json.hpp>

#include <type_traits>
#include <variant>
#include <vector>

#include "sqlite/functions/errors.h"
#include "sqlite/functions/pg_regex.h"
#include "sqlite/functions/sqlite_args.h"

namespace litewire::sqlite {

namespace sqlstate = protocol::sqlstate;
using protocol::PgError;
using protocol::Result;
using regex::Span;

namespace {

// One UTF-8 character of `s` at byte `i` (the whole sequence, or one byte when it is invalid).
std::string_view utf8_char_at(std::string_view s, size_t i) {
  size_t len = 1;
  while (i + len < s.size() && (static_cast<unsigned char>(s[i + len]) & 0xC0) == 0x80) ++len;
  return s.substr(i, len);
}

}  // namespace

// similar_escape_internal() in PostgreSQL's regexp.c, rule by rule: % and _ become .* and ., the
// metacharacters SIMILAR TO shares with AREs (| * + ? {} [] and groups) stay, ( opens a
// non-capturing group, . ^ $ and a backslash that is not the escape are quoted, an escaped
// character is sent as \c, and the two escape-double-quote separators split the pattern into
// three parts: the first as short as possible, the middle one captured.
namespace {

// The rewritten pattern and where its separators went: the ARE, and the offsets in it of the
// "){1,1}?(" and "){1,1}(?:" that replaced the escape-double-quote separators.
struct SimilarRegex {
  std::string re;
  std::vector<size_t> separators;
};

Result<SimilarRegex> similar_rewrite(std::string_view pattern,
                                     std::optional<std::string_view> escape) {
  std::string_view esc;
  if (escape && !escape->empty()) {
    if (utf8_char_at(*escape, 0).size() != escape->size()) {
      return PgError(sqlstate::kInvalidEscapeSequence, "invalid escape string")
          .with_hint("Escape string must be empty or one character.");
    }
    esc = *escape;
  }
  SimilarRegex result;
  std::string& out = result.re;
  out = "^(?:";
  std::vector<size_t>& separators = result.separators;
  bool after_escape = false;
  bool in_class = false;
  int class_pos = 0;  // characters of the bracket expression so far ('[' is 1, '^' does not count)
  for (size_t i = 0; i < pattern.size();) {
    std::string_view c = utf8_char_at(pattern, i);
    i += c.size();
    if (after_escape) {
      after_escape = false;
      if (c == "\"" && !in_class) {
        if (separators.size() == 2) {
          return PgError(sqlstate::kInvalidUseOfEscapeCharacter,
                         "SQL regular expression may not contain more than two "
                         "escape-double-quote separators");
        }
        separators.push_back(out.size());
        out += separators.size() == 1 ? "){1,1}?(" : "){1,1}(?:";
      } else {
        out += '\\';
        out += c;
      }
    } else if (!esc.empty() && c == esc) {
      after_escape = true;
    } else if (in_class) {
      if (c == "\\") out += '\\';
      out += c;
      if (c == "]" && class_pos > 1) {
        in_class = false;
      } else if (!(c == "^" && class_pos == 1)) {
        ++class_pos;
      }
    } else if (c == "[") {
      out += c;
      in_class = true;
      class_pos = 1;
    } else if (c == "%") {
      out += ".*";
    } else if (c == "_") {
      out += '.';
    } else if (c == "(") {
      out += "(?:";
    } else if (c == "\\" || c == "." || c == "^" || c == "$") {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  out += ")$";
  return result;
}

}  // namespace

Result<std::string> similar_to_regex(std::string_view pattern,
                                     std::optional<std::string_view> escape) {
  LITEWIRE_TRY_ASSIGN(r, similar_rewrite(pattern, escape));
  return std::move(r.re);
}

namespace {

// A function's arguments, all non-NULL (every function here is strict).
struct Args {
  int argc;
  sqlite3_value** argv;
  bool has(int i) const { return i < argc; }
  std::string_view text(int i) const { return text_of(argv[i]); }
  std::string_view text_or_empty(int i) const { return has(i) ? text(i) : std::string_view(); }
  int64_t integer(int i) const { return sqlite3_value_int64(argv[i]); }
};

// What a function returns: NULL, a boolean, an integer or text (JSON for arrays).
using Value = std::variant<std::monostate, bool, int64_t, std::string>;

template <Result<Value> (*Impl)(const Args&)>
void sql_function(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (any_null(argc, argv)) return sqlite3_result_null(ctx);
  Result<Value> r = Impl(Args{argc, argv});
  if (!r) return set_pg_error(ctx, r.error());
  std::visit(
      [ctx](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          sqlite3_result_null(ctx);
        } else if constexpr (std::is_same_v<T, bool>) {
          sqlite3_result_int(ctx, v ? 1 : 0);
        } else if constexpr (std::is_same_v<T, int64_t>) {
          sqlite3_result_int64(ctx, v);
        } else {
          result_text(ctx, v);
        }
      },
      *r);
}

PgError bad_parameter(std::string_view name, int64_t value) {
  return PgError(sqlstate::kInvalidParameterValue, "invalid value for parameter \"" +
                                                       std::string(name) +
                                                       "\": " + std::to_string(value));
}

// Integer argument `i` (`fallback` when the call has fewer), which must be at least `min`, or
// PostgreSQL's error naming it.
Result<int64_t> int_arg(const Args& a, int i, int64_t min, std::string_view name,
                        int64_t fallback) {
  if (!a.has(i)) return fallback;
  const int64_t v = a.integer(i);
  if (v < min) return bad_parameter(name, v);
  return v;
}

// The matches setup_regexp_matches() in PostgreSQL's regexp.c collects: from unit `start`, the
// first match or (global) every match, the search moving one character on after an empty
// match. `ignore_degenerate` (the split functions) drops empty matches at the end of the
// subject or right after the previous match.
Result<std::vector<std::vector<Span>>> collect(const regex::Regex& re, const regex::Subject& s,
                                              size_t start, bool global, bool groups,
                                              bool ignore_degenerate) {
  std::vector<std::vector<Span>> all;
  std::vector<Span> m;
  size_t search = start;
  size_t prev_end = 0;
  while (search <= s.units()) {
    LITEWIRE_TRY_ASSIGN(found, re.find(s, search, m, groups));
    if (!found) break;
    if (!ignore_degenerate || (m[0].begin < s.units() && m[0].end > prev_end)) all.push_back(m);
    prev_end = m[0].end;
    if (!global) break;
    search = m[0].begin == m[0].end ? s.next(m[0].end) : m[0].end;
  }
  return all;
}

// A match as PostgreSQL's text[]: its groups (NULL where a group took no part), or the whole
// match when the pattern has none.
boost::json::array match_array(const std::vector<Span>& m, const regex::Subject& s) {
  boost::json::array arr;
  if (m.size() == 1) {
    arr.emplace_back(m[0].text(s));
    return arr;
  }
  for (size_t g = 1; g < m.size(); ++g) {
    if (m[g].matched) {
      arr.emplace_back(m[g].text(s));
    } else {
      arr.emplace_back(nullptr);
    }
  }
  return arr;
}

// x ~ p, x ~* p (third argument 1), SIMILAR TO (over similar_to_escape).
Result<Value> regex_match(const Args& a) {
  LITEWIRE_TRY_ASSIGN(re, regex::compile(a.text(1), regex::advanced(a.integer(2) != 0)));
  regex::Subject s(a.text(0));
  LITEWIRE_TRY_ASSIGN(found, re->matches(s));
  return Value(found);
}

Result<Value> similar_escape(const Args& a) {
  std::optional<std::string_view> esc = std::string_view("\\");
  if (a.has(1)) esc = a.text(1);
  LITEWIRE_TRY_ASSIGN(r, similar_to_regex(a.text(0), esc));
  return Value(std::move(r));
}

// substring(x from pattern): the first match's first group, or the whole match without groups.
Result<Value> regexp_substring(const Args& a) {
  LITEWIRE_TRY_ASSIGN(re, regex::compile(a.text(1), regex::advanced()));
  regex::Subject s(a.text(0));
  std::vector<Span> m;
  LITEWIRE_TRY_ASSIGN(found, re->find(s, 0, m));
  if (!found) return Value();
  const Span& g = m.size() > 1 ? m[1] : m[0];
  if (!g.matched) return Value();
  return Value(std::string(g.text(s)));
}

// substring(x similar pattern escape e): the part of x matched between the separators of a
// pattern that matches all of x. PostgreSQL's rewrite gives the part before the first separator
// the quantifier {1,1}? so that it matches as little as possible; the engine here ignores the
// preference of a {1,1} quantifier, so that part is found by hand: the shortest prefix of x it
// matches with the rest of x matching the rest of the pattern from there.
Result<Value> similar_substring(const Args& a) {
  LITEWIRE_TRY_ASSIGN(sim, similar_rewrite(a.text(1), a.text(2).empty()
                                                          ? std::nullopt
                                                          : std::optional(a.text(2))));
  const regex::Options o = regex::advanced();
  LITEWIRE_TRY_ASSIGN(whole, regex::compile(sim.re, o));
  regex::Subject s(a.text(0));
  LITEWIRE_TRY_ASSIGN(found, whole->matches(s));
  if (!found) return Value();
  // Without separators the pattern has no group: the match, which is all of x.
  if (sim.separators.empty()) return Value(std::string(s.text()));
  // "^(?:" head "){1,1}?(" middle [ "){1,1}(?:" tail ] ")$"
  const std::string& re = sim.re;
  const size_t sep0 = sim.separators[0];
  const std::string head = "^(?:" + re.substr(4, sep0 - 4) + ")$";
  const size_t rest_at = sep0 + std::string_view("){1,1}?").size();
  const std::string rest = re.substr(rest_at, re.size() - rest_at);
  LITEWIRE_TRY_ASSIGN(head_re, regex::compile(head, o));
  LITEWIRE_TRY_ASSIGN(rest_re, regex::compile(rest, o));
  std::vector<Span> rm;
  for (size_t u = 0; u <= s.units(); u = s.next(u)) {
    LITEWIRE_TRY_ASSIGN(rest_found, rest_re->find(s, u, rm));
    if (!rest_found || rm[0].begin != u) continue;
    regex::Subject prefix(s.text().substr(0, rm[0].byte_begin));
    LITEWIRE_TRY_ASSIGN(head_found, head_re->matches(prefix));
    if (!head_found) continue;
    if (!rm[1].matched) return Value();
    return Value(std::string(rm[1].text(s)));
  }
  return Value();
}

// PostgreSQL's replacement text: \1..\9 insert a group, \& the whole match, \\ a backslash;
// any other backslash stays as it is.
void append_replacement(std::string& out, std::string_view repl, const std::vector<Span>& m,
                        const regex::Subject& s) {
  for (size_t i = 0; i < repl.size(); ++i) {
    const char c = repl[i];
    if (c == '\\' && i + 1 < repl.size()) {
      const char n = repl[i + 1];
      if ((n >= '1' && n <= '9') || n == '&') {
        const size_t g = n == '&' ? 0 : static_cast<size_t>(n - '0');
        if (g < m.size() && m[g].matched) out += m[g].text(s);
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

// replace_text_regexp(): replaces the n'th match at or after character `start` (0-based), or
// every one when n is 0.
Result<Value> replace(const Args& a, const regex::Options& o, int64_t start, int64_t n) {
  LITEWIRE_TRY_ASSIGN(re, regex::compile(a.text(1), o));
  regex::Subject s(a.text(0));
  const std::string_view src = s.text();
  const std::string_view repl = a.text(2);
  std::string out;
  std::vector<Span> m;
  size_t search = s.unit_of_char(static_cast<size_t>(start));
  size_t copied = 0;  // bytes of src already in out
  int64_t count = 0;
  while (search <= s.units()) {
    LITEWIRE_TRY_ASSIGN(found, re->find(s, search, m));
    if (!found) break;
    const size_t next = m[0].begin == m[0].end ? s.next(m[0].end) : m[0].end;
    if (n > 0 && ++count < n) {
      search = next;
      continue;
    }
    out.append(src.substr(copied, m[0].byte_begin - copied));
    append_replacement(out, repl, m, s);
    copied = m[0].byte_end;
    if (n > 0) break;
    search = next;
  }
  out.append(src.substr(copied));
  return Value(std::move(out));
}

// regexp_replace(source, pattern, replacement [, flags]).
Result<Value> regexp_replace(const Args& a) {
  const std::string_view flags = a.text_or_empty(3);
  if (!flags.empty() && flags[0] >= '0' && flags[0] <= '9') {
    // PostgreSQL resolves a fourth argument of unknown type as the flags.
    return PgError(sqlstate::kInvalidParameterValue,
                   "invalid regular expression option: \"" + std::string(flags.substr(0, 1)) +
                       "\"")
        .with_hint("If you meant to use regexp_replace() with a start parameter, cast the "
                   "fourth argument to integer explicitly.");
  }
  LITEWIRE_TRY_ASSIGN(o, regex::parse_flags(flags, true, "regexp_replace()"));
  return replace(a, o, 0, o.global ? 0 : 1);
}

// regexp_replace(source, pattern, replacement, start [, n [, flags]]).
Result<Value> regexp_replace_n(const Args& a) {
  LITEWIRE_TRY_ASSIGN(start, int_arg(a, 3, 1, "start", 1));
  LITEWIRE_TRY_ASSIGN(n, int_arg(a, 4, 0, "n", 1));
  LITEWIRE_TRY_ASSIGN(o, regex::parse_flags(a.text_or_empty(5), true, "regexp_replace()"));
  return replace(a, o, start - 1, a.has(4) ? n : o.global ? 0 : 1);
}

Result<Value> regexp_match(const Args& a) {
  LITEWIRE_TRY_ASSIGN(o, regex::parse_flags(a.text_or_empty(2), false, "regexp_match()"));
  LITEWIRE_TRY_ASSIGN(re, regex::compile(a.text(1), o));
  regex::Subject s(a.text(0));
  std::vector<Span> m;
  LITEWIRE_TRY_ASSIGN(found, re->find(s, 0, m));
  if (!found) return Value();
  return Value(boost::json::serialize(match_array(m, s)));
}

// regexp_matches as a JSON array of its rows (each a text[]); the translator unnests it.
Result<Value> regexp_matches(const Args& a) {
  LITEWIRE_TRY_ASSIGN(o, regex::parse_flags(a.text_or_empty(2), true, "regexp_matches()"));
  LITEWIRE_TRY_ASSIGN(re, regex::compile(a.text(1), o));
  regex::Subject s(a.text(0));
  LITEWIRE_TRY_ASSIGN(all, collect(*re, s, 0, o.global, true, false));
  boost::json::array rows;
  for (const auto& m : all) rows.emplace_back(match_array(m, s));
  return Value(boost::json::serialize(rows));
}

// regexp_split_to_table / regexp_split_to_array: the pieces between the matches, as a JSON array.
template <const char* Name>
Result<Value> regexp_split(const Args& a) {
  LITEWIRE_TRY_ASSIGN(o, regex::parse_flags(a.text_or_empty(2), false, Name));
  LITEWIRE_TRY_ASSIGN(re, regex::compile(a.text(1), o));
  regex::Subject s(a.text(0));
  LITEWIRE_TRY_ASSIGN(all, collect(*re, s, 0, true, false, true));
  boost::json::array pieces;
  size_t from = 0;
  for (const auto& m : all) {
    pieces.emplace_back(s.text().substr(from, m[0].byte_begin - from));
    from = m[0].byte_end;
  }
  pieces.emplace_back(s.text().substr(from));
  return Value(boost::json::serialize(pieces));
}
constexpr char kSplitToTable[] = "regexp_split_to_table()";
constexpr char kSplitToArray[] = "regexp_split_to_array()";

// regexp_count(string, pattern [, start [, flags]]).
Result<Value> regexp_count(const Args& a) {
  LITEWIRE_TRY_ASSIGN(start, int_arg(a, 2, 1, "start", 1));
  LITEWIRE_TRY_ASSIGN(o, regex::parse_flags(a.text_or_empty(3), false, "regexp_count()"));
  LITEWIRE_TRY_ASSIGN(re, regex::compile(a.text(1), o));
  regex::Subject s(a.text(0));
  LITEWIRE_TRY_ASSIGN(
      all, collect(*re, s, s.unit_of_char(static_cast<size_t>(start - 1)), true, false, false));
  return Value(static_cast<int64_t>(all.size()));
}

Result<Value> regexp_like(const Args& a) {
  LITEWIRE_TRY_ASSIGN(o, regex::parse_flags(a.text_or_empty(2), false, "regexp_like()"));
  LITEWIRE_TRY_ASSIGN(re, regex::compile(a.text(1), o));
  regex::Subject s(a.text(0));
  LITEWIRE_TRY_ASSIGN(found, re->matches(s));
  return Value(found);
}

// The n'th match (1-based) at or after `start` of regexp_instr and regexp_substr, and its group
// `subexpr` (0: the whole match). std::nullopt when there is no such match or group.
struct Occurrence {
  std::optional<Span> span;
  std::unique_ptr<regex::Subject> subject;
};
Result<Occurrence> occurrence(const Args& a, int64_t start, int64_t n, const regex::Options& o,
                              int64_t subexpr) {
  LITEWIRE_TRY_ASSIGN(re, regex::compile(a.text(1), o));
  Occurrence out;
  out.subject = std::make_unique<regex::Subject>(a.text(0));
  const regex::Subject& s = *out.subject;
  LITEWIRE_TRY_ASSIGN(all, collect(*re, s, s.unit_of_char(static_cast<size_t>(start - 1)), true,
                                   subexpr > 0, false));
  if (static_cast<size_t>(n) > all.size()) return out;
  // Without groups PostgreSQL counts the whole match as the only one.
  const size_t groups = std::max<size_t>(re->groups(), 1);
  if (static_cast<size_t>(subexpr) > groups) return out;
  const auto& m = all[static_cast<size_t>(n - 1)];
  const Span& g = subexpr > 0 && re->groups() > 0 ? m[static_cast<size_t>(subexpr)] : m[0];
  if (g.matched) out.span = g;
  return out;
}

// regexp_instr(string, pattern [, start [, n [, endoption [, flags [, subexpr]]]]]).
Result<Value> regexp_instr(const Args& a) {
  LITEWIRE_TRY_ASSIGN(start, int_arg(a, 2, 1, "start", 1));
  LITEWIRE_TRY_ASSIGN(n, int_arg(a, 3, 1, "n", 1));
  LITEWIRE_TRY_ASSIGN(endoption, int_arg(a, 4, 0, "endoption", 0));
  if (endoption > 1) return bad_parameter("endoption", endoption);
  LITEWIRE_TRY_ASSIGN(o, regex::parse_flags(a.text_or_empty(5), false, "regexp_instr()"));
  LITEWIRE_TRY_ASSIGN(subexpr, int_arg(a, 6, 0, "subexpr", 0));
  LITEWIRE_TRY_ASSIGN(occ, occurrence(a, start, n, o, subexpr));
  if (!occ.span) return Value(int64_t{0});
  const size_t unit = endoption == 1 ? occ.span->end : occ.span->begin;
  return Value(static_cast<int64_t>(occ.subject->char_index(unit)) + 1);
}

// regexp_substr(string, pattern [, start [, n [, flags [, subexpr]]]]).
Result<Value> regexp_substr(const Args& a) {
  LITEWIRE_TRY_ASSIGN(start, int_arg(a, 2, 1, "start", 1));
  LITEWIRE_TRY_ASSIGN(n, int_arg(a, 3, 1, "n", 1));
  LITEWIRE_TRY_ASSIGN(o, regex::parse_flags(a.text_or_empty(4), false, "regexp_substr()"));
  LITEWIRE_TRY_ASSIGN(subexpr, int_arg(a, 5, 0, "subexpr", 0));
  LITEWIRE_TRY_ASSIGN(occ, occurrence(a, start, n, o, subexpr));
  if (!occ.span) return Value();
  return Value(std::string(occ.span->text(*occ.subject)));
}

}  // namespace

int register_regex_functions(sqlite3* db) {
  static constexpr FunctionSpec kSpecs[] = {
      {"pg_regex_match", 3, sql_function<regex_match>, true},
      {"pg_similar_escape", 1, sql_function<similar_escape>, true},
      {"pg_similar_escape", 2, sql_function<similar_escape>, true},
      {"pg_regexp_substring", 2, sql_function<regexp_substring>, true},
      {"pg_similar_substring", 3, sql_function<similar_substring>, true},
      {"pg_regexp_replace", 3, sql_function<regexp_replace>, true},
      {"pg_regexp_replace", 4, sql_function<regexp_replace>, true},
      {"pg_regexp_replace_n", 4, sql_function<regexp_replace_n>, true},
      {"pg_regexp_replace_n", 5, sql_function<regexp_replace_n>, true},
      {"pg_regexp_replace_n", 6, sql_function<regexp_replace_n>, true},
      {"pg_regexp_match", 2, sql_function<regexp_match>, true},
      {"pg_regexp_match", 3, sql_function<regexp_match>, true},
      {"pg_regexp_matches", 2, sql_function<regexp_matches>, true},
      {"pg_regexp_matches", 3, sql_function<regexp_matches>, true},
      {"pg_regexp_split_to_table", 2, sql_function<regexp_split<kSplitToTable>>, true},
      {"pg_regexp_split_to_table", 3, sql_function<regexp_split<kSplitToTable>>, true},
      {"pg_regexp_split_to_array", 2, sql_function<regexp_split<kSplitToArray>>, true},
      {"pg_regexp_split_to_array", 3, sql_function<regexp_split<kSplitToArray>>, true},
      {"pg_regexp_count", 2, sql_function<regexp_count>, true},
      {"pg_regexp_count", 3, sql_function<regexp_count>, true},
      {"pg_regexp_count", 4, sql_function<regexp_count>, true},
      {"pg_regexp_like", 2, sql_function<regexp_like>, true},
      {"pg_regexp_like", 3, sql_function<regexp_like>, true},
      {"pg_regexp_instr", -1, sql_function<regexp_instr>, true},
      {"pg_regexp_substr", -1, sql_function<regexp_substr>, true},
  };
  return register_scalar_functions(db, kSpecs);
}

}  // namespace litewire::sqlite
