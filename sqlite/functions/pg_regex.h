#pragma once
// PostgreSQL's regular expressions (Spencer's Advanced Regular Expressions, functions-matching.html
// "POSIX Regular Expressions") on Tcl's regex engine, which implements the same ARE flavour:
// leftmost-longest with the preference rules, \m \M \y \Y, [[:<:]], back references, embedded
// options, ***= and ***: prefixes. Every regex user in functions/ goes through this file.
//
// Threads: the engine's objects belong to the thread that made them. compile() caches patterns
// per thread (a small LRU, as PostgreSQL's regexp.c does); a Regex and a Subject must be used and
// released on the thread that created them, within one SQL function call. A thread that used the
// engine releases the engine's per-thread state when it exits.
//
// Differences from PostgreSQL that remain (sqlite/README.md, limitations): lookbehind
// constraints are 0A000; character classes and case folding follow Unicode (PostgreSQL in the C
// locale treats only ASCII letters as letters); a character outside the Basic Multilingual Plane
// counts as two for `.` and bracket expressions (a match that would split one fails with 0A000);
// the engine ignores the preference of a {1,1}? quantifier, so matches() takes such patterns but
// find() fails with 0A000.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/pg_error.h"

namespace litewire::sqlite::regex {

// Compile options: PostgreSQL's flag letters (table "ARE Embedded-Option Letters") as engine flags.
struct Options {
  int cflags = 0;
  bool global = false;  // the g letter of regexp_replace / regexp_matches
};

// The options of the operators: ~ and ~* (icase), and of a function called without flags.
Options advanced(bool icase = false);

// PostgreSQL's parse_re_flags: each letter of `letters` applied in order to advanced(). An unknown
// letter is 22023 "invalid regular expression option". `function` names the caller in the error
// for g when `global_allowed` is false ("regexp_match()").
protocol::Result<Options> parse_flags(std::string_view letters, bool global_allowed,
                                      std::string_view function);

// A UTF-8 string converted once for matching. Positions are in engine units: one per character,
// two for a character outside the Basic Multilingual Plane.
class Subject {
 public:
  explicit Subject(std::string_view utf8);
  ~Subject();
  Subject(const Subject&) = delete;
  Subject& operator=(const Subject&) = delete;

  std::string_view text() const { return text_; }
  size_t units() const { return byte_at_.size() - 1; }
  // The 0-based character number of unit `u` (a unit count when every character is in the BMP).
  size_t char_index(size_t unit) const;
  // The unit where character `c` (0-based) starts; past the end, units() plus the excess.
  size_t unit_of_char(size_t c) const;
  // The unit after the character at `unit`.
  size_t next(size_t unit) const;
  void* engine_object() const { return obj_; }

 private:
  friend class Regex;
  std::string_view text_;
  std::vector<uint32_t> byte_at_;  // byte offset of each unit and of the end; kInside marks a
                                   // unit that continues a character
  void* obj_ = nullptr;
};

// One group of a match: unit and byte ranges; `matched` false for a group that took no part.
struct Span {
  bool matched = false;
  size_t begin = 0, end = 0;            // units
  size_t byte_begin = 0, byte_end = 0;  // bytes of the subject's UTF-8
  std::string_view text(const Subject& s) const {
    return s.text().substr(byte_begin, byte_end - byte_begin);
  }
};

class Regex {
 public:
  // `context_pattern`: the pattern behind one any-character atom (empty when it cannot be
  // built), for searches that must see the character before their start (find()).
  // `lazy_once`: the pattern has a {1,1}? quantifier, whose preference the engine ignores.
  Regex(void* pattern_object, void* engine_regex, size_t groups, std::string context_pattern,
        int cflags, bool lazy_once)
      : pattern_(pattern_object),
        re_(engine_regex),
        groups_(groups),
        context_pattern_(std::move(context_pattern)),
        cflags_(cflags),
        lazy_once_(lazy_once) {}
  ~Regex();
  Regex(const Regex&) = delete;
  Regex& operator=(const Regex&) = delete;

  // Capture groups (not counting the whole match).
  size_t groups() const { return groups_; }

  // The first match starting at or after unit `start`; `out` gets groups() + 1 spans (whole
  // match first), or only the whole match when `want_groups` is false. false: no match. As in
  // PostgreSQL, ^ matches only at the start of the subject, not at `start`. A pattern with the
  // quantifier {1,1}? is 0A000 here (the match's extent would differ from PostgreSQL's).
  protocol::Result<bool> find(const Subject& s, size_t start, std::vector<Span>& out,
                              bool want_groups = true) const;
  // Whether the pattern matches anywhere in `s` (no group positions computed).
  protocol::Result<bool> matches(const Subject& s) const;

 private:
  // The spans of the match `re` just found in `s` searching from unit `offset`; the first `skip`
  // units of the whole match belong to the context atom.
  static protocol::Result<bool> spans(const Subject& s, const Regex& re, size_t offset,
                                      size_t skip, bool want_groups, std::vector<Span>& out);
  // The engine's answer for the subject from unit `offset` on: 1 match, 0 none, or the error.
  protocol::Result<int> exec(const Subject& s, size_t offset, int nmatches, int eflags) const;

  void* pattern_;
  void* re_;
  size_t groups_;
  std::string context_pattern_;
  int cflags_;
  bool lazy_once_;
  mutable std::shared_ptr<const Regex> context_;  // compiled on first need
};

// Compiles `pattern` (UTF-8), or returns the cached compilation of this pattern and options on
// this thread. A bad pattern is 2201B "invalid regular expression: <reason>".
protocol::Result<std::shared_ptr<const Regex>> compile(std::string_view pattern,
                                                       const Options& options);

}  // namespace litewire::sqlite::regex
