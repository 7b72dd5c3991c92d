#include "sqlite/functions/pg_regex.h"

#include <tcl.h>

#include <algorithm>
#include <mutex>

namespace litewire::sqlite::regex {

namespace sqlstate = protocol::sqlstate;
using protocol::PgError;
using protocol::Result;

namespace {

constexpr uint32_t kInside = 0x80000000u;  // byte_at_ mark: the low half of a surrogate pair
constexpr size_t kCacheSize = 32;           // PostgreSQL's regexp.c keeps 32 compiled patterns

// The engine's per-thread state: the pattern cache and, once an error needs a message, an
// interpreter to carry it. Destroyed when the thread exits, which then releases Tcl's own
// per-thread data (Tcl_FinalizeThread) so that no thread leaves memory behind.
struct ThreadState {
  struct Entry {
    std::string pattern;
    int cflags;
    std::shared_ptr<const Regex> re;
  };
  std::vector<Entry> cache;  // most recently used first
  Tcl_Interp* interp = nullptr;

  ThreadState() {
    // Tcl's process-wide subsystems (encodings, the object system); no script library is read.
    static std::once_flag once;
    std::call_once(once, [] { Tcl_FindExecutable(nullptr); });
  }
  ~ThreadState() {
    cache.clear();
    if (interp != nullptr) Tcl_DeleteInterp(interp);
    Tcl_FinalizeThread();
  }
  Tcl_Interp* error_interp() {
    if (interp == nullptr) interp = Tcl_CreateInterp();
    Tcl_ResetResult(interp);
    return interp;
  }
};

ThreadState& state() {
  thread_local ThreadState s;
  return s;
}

// The engine's message after `prefix` ("couldn't compile regular expression pattern: ...").
std::string engine_message(Tcl_Interp* interp, std::string_view prefix) {
  std::string m = Tcl_GetStringResult(interp);
  if (m.compare(0, prefix.size(), prefix) == 0) m.erase(0, prefix.size());
  Tcl_ResetResult(interp);
  return m;
}

// UTF-8 to the engine's 16-bit units; `byte_at` gets each unit's byte offset (kInside for the
// second unit of a pair) and the end. Invalid bytes stand for themselves, one unit each.
std::vector<Tcl_UniChar> to_units(std::string_view s, std::vector<uint32_t>* byte_at) {
  std::vector<Tcl_UniChar> u;
  u.reserve(s.size());
  if (byte_at != nullptr) byte_at->reserve(s.size() + 1);
  size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    size_t len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
    uint32_t cp = b;
    if (len == 0 || i + len > s.size()) {
      len = 1;
    } else if (len > 1) {
      cp = b & (0x7F >> len);
      for (size_t k = 1; k < len; ++k) {
        cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
      }
    }
    if (byte_at != nullptr) byte_at->push_back(static_cast<uint32_t>(i));
    if (cp > 0xFFFF) {
      cp -= 0x10000;
      u.push_back(static_cast<Tcl_UniChar>(0xD800 + (cp >> 10)));
      u.push_back(static_cast<Tcl_UniChar>(0xDC00 + (cp & 0x3FF)));
      if (byte_at != nullptr) byte_at->push_back(static_cast<uint32_t>(i) | kInside);
    } else {
      u.push_back(static_cast<Tcl_UniChar>(cp));
    }
    i += len;
  }
  if (byte_at != nullptr) byte_at->push_back(static_cast<uint32_t>(s.size()));
  return u;
}

Tcl_Obj* new_object(const std::vector<Tcl_UniChar>& u) {
  Tcl_Obj* o = Tcl_NewUnicodeObj(u.data(), static_cast<int>(u.size()));
  Tcl_IncrRefCount(o);
  return o;
}

}  // namespace

Result<bool> Regex::spans(const Subject& s, const Regex& re, size_t offset, size_t skip,
                          bool want_groups, std::vector<Span>& out) {
  Tcl_RegExpInfo info;
  Tcl_RegExpGetInfo(static_cast<Tcl_RegExp>(re.re_), &info);
  const size_t n = want_groups ? static_cast<size_t>(info.nsubs) + 1 : 1;
  out.assign(n, Span{});
  for (size_t g = 0; g < n; ++g) {
    const Tcl_RegExpIndices& m = info.matches[g];
    if (m.start < 0 || m.end < 0) continue;
    Span& sp = out[g];
    sp.matched = true;
    sp.begin = offset + static_cast<size_t>(m.start) + (g == 0 ? skip : 0);
    sp.end = offset + static_cast<size_t>(m.end);
    const uint32_t b = s.byte_at_[sp.begin], e = s.byte_at_[sp.end];
    if (((b | e) & kInside) != 0) {
      return protocol::feature_not_supported(
          "a regular expression match that splits a character outside the Basic Multilingual "
          "Plane");
    }
    sp.byte_begin = b;
    sp.byte_end = e;
  }
  return true;
}

Options advanced(bool icase) {
  return Options{TCL_REG_ADVANCED | (icase ? TCL_REG_NOCASE : 0), false};
}

Result<Options> parse_flags(std::string_view letters, bool global_allowed,
                            std::string_view function) {
  Options o = advanced();
  constexpr int kSyntax = TCL_REG_ADVANCED | TCL_REG_QUOTE;
  for (size_t i = 0; i < letters.size(); ++i) {
    int& f = o.cflags;
    switch (letters[i]) {
      case 'g': o.global = true; break;
      case 'b': f &= ~kSyntax; break;  // TCL_REG_BASIC is 0
      case 'c': f &= ~TCL_REG_NOCASE; break;
      // PostgreSQL sets the ERE bit and then clears the ARE bits, which include it: e gives
      // BREs there, and so here.
      case 'e': f &= ~kSyntax; break;
      case 'i': f |= TCL_REG_NOCASE; break;
      case 'm':
      case 'n': f |= TCL_REG_NEWLINE; break;
      case 'p': f = (f | TCL_REG_NLSTOP) & ~TCL_REG_NLANCH; break;
      case 'q': f = (f & ~kSyntax) | TCL_REG_QUOTE; break;
      case 's': f &= ~TCL_REG_NEWLINE; break;
      case 't': f &= ~TCL_REG_EXPANDED; break;
      case 'w': f = (f | TCL_REG_NLANCH) & ~TCL_REG_NLSTOP; break;
      case 'x': f |= TCL_REG_EXPANDED; break;
      default: {
        // The whole (UTF-8) character, as PostgreSQL prints it.
        size_t len = 1;
        while (i + len < letters.size() &&
               (static_cast<unsigned char>(letters[i + len]) & 0xC0) == 0x80) {
          ++len;
        }
        return PgError(sqlstate::kInvalidParameterValue,
                       "invalid regular expression option: \"" +
                           std::string(letters.substr(i, len)) + "\"");
      }
    }
  }
  if (o.global && !global_allowed) {
    PgError e(sqlstate::kInvalidParameterValue,
              std::string(function) + " does not support the \"global\" option");
    if (function == "regexp_match()") e.hint = "Use the regexp_matches function instead.";
    return e;
  }
  return o;
}

Subject::Subject(std::string_view utf8) : text_(utf8) {
  obj_ = new_object(to_units(utf8, &byte_at_));
}

Subject::~Subject() { Tcl_DecrRefCount(static_cast<Tcl_Obj*>(obj_)); }

size_t Subject::char_index(size_t unit) const {
  size_t c = 0;
  for (size_t u = 0; u < unit && u < units(); ++u) c += (byte_at_[u] & kInside) == 0 ? 1 : 0;
  return c;
}

size_t Subject::unit_of_char(size_t c) const {
  size_t seen = 0;
  for (size_t u = 0; u < units(); ++u) {
    if ((byte_at_[u] & kInside) != 0) continue;
    if (seen++ == c) return u;
  }
  return units() + (c - seen);
}

size_t Subject::next(size_t unit) const {
  ++unit;
  while (unit < units() && (byte_at_[unit] & kInside) != 0) ++unit;
  return unit;
}

Regex::~Regex() { Tcl_DecrRefCount(static_cast<Tcl_Obj*>(pattern_)); }

Result<int> Regex::exec(const Subject& s, size_t offset, int nmatches, int eflags) const {
  auto* re = static_cast<Tcl_RegExp>(re_);
  auto* text = static_cast<Tcl_Obj*>(s.obj_);
  int r = Tcl_RegExpExecObj(nullptr, re, text, static_cast<int>(offset), nmatches, eflags);
  if (r >= 0) return r;
  Tcl_Interp* in = state().error_interp();
  Tcl_RegExpExecObj(in, re, text, static_cast<int>(offset), nmatches, eflags);
  return PgError(sqlstate::kInvalidRegularExpression,
                 "regular expression failed: " +
                     engine_message(in, "error while matching regular expression: "));
}

Result<bool> Regex::find(const Subject& s, size_t start, std::vector<Span>& out,
                         bool want_groups) const {
  out.clear();
  if (lazy_once_) {
    return protocol::feature_not_supported(
        "the quantifier {1,1}? in a regular expression whose match is extracted");
  }
  if (start > s.units()) return false;
  const int nmatches = want_groups ? -1 : 1;
  // The engine sees the subject from the offset it is given on, with NOTBOL (PostgreSQL's ^
  // matches only at the subject's start). PostgreSQL's search from `start` sees the text
  // before it, which \m \M \y \Y and ^ after a newline (flags n, w) look at: so the search
  // begins one character early, and a match there does not count. When the first match does
  // begin there, the context pattern (one any-character atom, then the pattern) finds the first
  // match behind some character from there on.
  if (start == 0) {
    LITEWIRE_TRY_ASSIGN(r, exec(s, 0, nmatches, 0));
    if (r == 0) return false;
    return spans(s, *this, 0, 0, want_groups, out);
  }
  size_t before = start - 1;
  while (before > 0 && (s.byte_at_[before] & kInside) != 0) --before;
  LITEWIRE_TRY_ASSIGN(r, exec(s, before, nmatches, TCL_REG_NOTBOL));
  if (r == 0) return false;
  Tcl_RegExpInfo info;
  Tcl_RegExpGetInfo(static_cast<Tcl_RegExp>(re_), &info);
  if (before + static_cast<size_t>(info.matches[0].start) >= start) {
    return spans(s, *this, before, 0, want_groups, out);
  }
  if (context_pattern_.empty()) {
    LITEWIRE_TRY_ASSIGN(again, exec(s, start, nmatches, TCL_REG_NOTBOL));
    if (again == 0) return false;
    return spans(s, *this, start, 0, want_groups, out);
  }
  if (!context_) {
    LITEWIRE_TRY_ASSIGN(c, compile(context_pattern_, Options{cflags_, false}));
    context_ = std::move(c);
  }
  LITEWIRE_TRY_ASSIGN(rc, context_->exec(s, before, nmatches, TCL_REG_NOTBOL));
  if (rc == 0) return false;
  return spans(s, *context_, before, 1, want_groups, out);
}

Result<bool> Regex::matches(const Subject& s) const {
  auto* re = static_cast<Tcl_RegExp>(re_);
  auto* text = static_cast<Tcl_Obj*>(s.obj_);
  // One match position, not none: with none the engine may test a glob pattern it derived from
  // the expression read as an ARE, which is wrong for BREs and EREs (a\{2\} is not a{2}).
  int r = Tcl_RegExpExecObj(nullptr, re, text, 0, 1, 0);
  if (r < 0) {
    std::vector<Span> spans;
    return find(s, 0, spans, false);  // reports the engine's message
  }
  return r == 1;
}

namespace {

// `pattern` behind one atom that matches any character, newline included whatever the newline
// flags (a bracket expression: `.|\n` would make the whole expression greedy), keeping the leading
// ***: director and embedded options in front (they must open the pattern) and the group
// numbers (the atom does not capture). Empty where that cannot be done simply: BREs, EREs and
// literals (no constraint escapes there) and embedded b, e or q.
std::string context_pattern(std::string_view pattern, int cflags) {
  if ((cflags & TCL_REG_ADVANCED) != TCL_REG_ADVANCED || (cflags & TCL_REG_QUOTE) != 0) return {};
  if (pattern.substr(0, 4) == "***=") return {};
  std::string head;
  if (pattern.substr(0, 4) == "***:") {
    head = "***:";
    pattern.remove_prefix(4);
  }
  bool expanded = (cflags & TCL_REG_EXPANDED) != 0;
  if (pattern.substr(0, 2) == "(?" && pattern.size() > 2 &&
      std::string_view("cimnpstwx").find(pattern[2]) != std::string_view::npos) {
    const size_t close = pattern.find(')');
    if (close == std::string_view::npos) return {};
    for (char c : pattern.substr(2, close - 2)) {
      if (std::string_view("cimnpstwx").find(c) == std::string_view::npos) return {};
      if (c == 'x') expanded = true;
      if (c == 't') expanded = false;
    }
    head += pattern.substr(0, close + 1);
    pattern.remove_prefix(close + 1);
  }
  // In expanded syntax a trailing # comment would swallow the closing parenthesis.
  return head + "[\\u0001-\\uFFFF](?:" + std::string(pattern) + (expanded ? "\n)" : ")");
}

}  // namespace

Result<std::shared_ptr<const Regex>> compile(std::string_view pattern, const Options& options) {
  ThreadState& st = state();
  auto& cache = st.cache;
  for (size_t i = 0; i < cache.size(); ++i) {
    if (cache[i].cflags == options.cflags && cache[i].pattern == pattern) {
      std::rotate(cache.begin(), cache.begin() + static_cast<std::ptrdiff_t>(i),
                  cache.begin() + static_cast<std::ptrdiff_t>(i) + 1);
      return cache.front().re;
    }
  }
  Tcl_Obj* obj = new_object(to_units(pattern, nullptr));
  Tcl_RegExp re = Tcl_GetRegExpFromObj(nullptr, obj, options.cflags);
  if (re == nullptr) {
    Tcl_Interp* in = st.error_interp();
    Tcl_GetRegExpFromObj(in, obj, options.cflags);
    std::string reason = engine_message(in, "couldn't compile regular expression pattern: ");
    Tcl_DecrRefCount(obj);
    // PostgreSQL's AREs have lookbehind constraints (9.6+); the engine's do not.
    if ((options.cflags & TCL_REG_ADVANCED) == TCL_REG_ADVANCED &&
        (pattern.find("(?<=") != std::string_view::npos ||
         pattern.find("(?<!") != std::string_view::npos)) {
      return protocol::feature_not_supported("lookbehind constraints in regular expressions");
    }
    return PgError(sqlstate::kInvalidRegularExpression, "invalid regular expression: " + reason);
  }
  Tcl_RegExpInfo info;
  Tcl_RegExpGetInfo(re, &info);
  auto compiled = std::make_shared<const Regex>(obj, re, static_cast<size_t>(info.nsubs),
                                                context_pattern(pattern, options.cflags),
                                                options.cflags,
                                                pattern.find("{1,1}?") != std::string_view::npos);
  if (cache.size() >= kCacheSize) cache.pop_back();
  cache.insert(cache.begin(), ThreadState::Entry{std::string(pattern), options.cflags, compiled});
  return compiled;
}

}  // namespace litewire::sqlite::regex
