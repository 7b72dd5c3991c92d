// The regular expression engine wrapper (sqlite/functions/pg_regex.h): long inputs, threads,
// the per-thread cache, positions in characters and bytes, and the SQL functions on top of it.

#include <gtest/gtest.h>
#include <pthread.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "sqlite/functions/pg_regex.h"
#include "sqlite/functions/regex_functions.h"
#include "tests/unit/sqlite/test_util.h"

namespace litewire::sqlite::testing {
namespace {

namespace sqlstate = protocol::sqlstate;

// The whole match and the groups of the first match of `pattern` in `text`, "-" for a group
// that took no part; empty when nothing matches.
std::vector<std::string> first_match(std::string_view pattern, std::string_view text,
                                     std::string_view flags = "") {
  auto o = regex::parse_flags(flags, false, "test()");
  EXPECT_TRUE(o);
  auto re = regex::compile(pattern, *o);
  EXPECT_TRUE(re) << re.error().message;
  regex::Subject s(text);
  std::vector<regex::Span> spans;
  auto found = (*re)->find(s, 0, spans);
  EXPECT_TRUE(found) << found.error().message;
  std::vector<std::string> out;
  if (!*found) return out;
  for (const auto& sp : spans) out.push_back(sp.matched ? std::string(sp.text(s)) : "-");
  return out;
}

// Runs `fn` on a new thread with a stack of `bytes`, and waits for it.
template <class Fn>
void run_with_stack(size_t bytes, Fn fn) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, bytes);
  pthread_t th;
  auto body = [](void* arg) -> void* {
    (*static_cast<Fn*>(arg))();
    return nullptr;
  };
  ASSERT_EQ(pthread_create(&th, &attr, body, &fn), 0);
  pthread_join(th, nullptr);
  pthread_attr_destroy(&attr);
}

TEST(PgRegex, LeftmostLongestAndPreferences) {
  EXPECT_EQ(first_match("a|ab", "abc"), (std::vector<std::string>{"ab"}));
  // A non-greedy first quantifier makes the whole expression non-greedy (PostgreSQL's docs).
  EXPECT_EQ(first_match("(a+?)(b*)", "aabb"), (std::vector<std::string>{"a", "a", ""}));
  EXPECT_EQ(first_match("(x)?y", "y"), (std::vector<std::string>{"y", "-"}));
  EXPECT_EQ(first_match("([bc])\\1", "abcc"), (std::vector<std::string>{"cc", "c"}));
}

TEST(PgRegex, FlagsMapToPostgresOptions) {
  EXPECT_EQ(first_match("A.C", "a\nc", "i"), (std::vector<std::string>{"a\nc"}));
  EXPECT_TRUE(first_match("a.c", "a\nc", "n").empty());
  EXPECT_EQ(first_match("^c", "a\nc", "w"), (std::vector<std::string>{"c"}));
  EXPECT_TRUE(first_match("^c", "a\nc", "p").empty());
  EXPECT_EQ(first_match("a.c", "xa.c", "q"), (std::vector<std::string>{"a.c"}));
  EXPECT_EQ(first_match("a b # comment", "ab", "x"), (std::vector<std::string>{"ab"}));
  auto bad = regex::parse_flags("gz", true, "f()");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, sqlstate::kInvalidParameterValue);
  EXPECT_EQ(bad.error().message, "invalid regular expression option: \"z\"");
  auto global = regex::parse_flags("g", false, "regexp_match()");
  ASSERT_FALSE(global);
  EXPECT_EQ(global.error().hint, "Use the regexp_matches function instead.");
}

TEST(PgRegex, BadPatternIsInvalidRegularExpression) {
  auto r = regex::compile("(a", regex::advanced());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, sqlstate::kInvalidRegularExpression);
  EXPECT_EQ(r.error().message, "invalid regular expression: parentheses () not balanced");
  auto lookbehind = regex::compile("(?<=a)b", regex::advanced());
  ASSERT_FALSE(lookbehind);
  EXPECT_EQ(lookbehind.error().code, sqlstate::kFeatureNotSupported);
}

TEST(PgRegex, LazyOnceQuantifierMatchesButIsNotExtracted) {
  // The engine ignores the preference of {1,1}? (PostgreSQL honours it): a yes/no match is
  // the same, the extent of a match is not.
  auto re = regex::compile("^(a*){1,1}?(a*)$", regex::advanced());
  ASSERT_TRUE(re);
  regex::Subject s("aaa");
  auto m = (*re)->matches(s);
  ASSERT_TRUE(m);
  EXPECT_TRUE(*m);
  std::vector<regex::Span> spans;
  auto found = (*re)->find(s, 0, spans);
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().code, sqlstate::kFeatureNotSupported);
}

TEST(PgRegex, SearchAfterAMatchSeesThePreviousCharacter) {
  // \m after "a": not a word start in PostgreSQL, though the search begins at "b".
  auto re = regex::compile("\\ma|\\mb", regex::advanced());
  ASSERT_TRUE(re);
  regex::Subject s("ab b");
  std::vector<regex::Span> spans;
  auto found = (*re)->find(s, 1, spans);
  ASSERT_TRUE(found && *found);
  EXPECT_EQ(spans[0].begin, 3u);
}

TEST(PgRegex, PositionsAreCharactersAndBytes) {
  regex::Subject s("żółw ćma");
  auto re = regex::compile("(ć)(m)", regex::advanced());
  ASSERT_TRUE(re);
  std::vector<regex::Span> spans;
  auto found = (*re)->find(s, 0, spans);
  ASSERT_TRUE(found && *found);
  EXPECT_EQ(spans[0].begin, 5u);
  EXPECT_EQ(spans[0].byte_begin, 8u);
  EXPECT_EQ(spans[1].text(s), "ć");
  EXPECT_EQ(spans[2].text(s), "m");
  // A search from a later position sees the whole subject but ^ does not match there.
  auto anchored = regex::compile("^m", regex::advanced());
  ASSERT_TRUE(anchored);
  auto again = (*anchored)->find(s, 6, spans);
  ASSERT_TRUE(again);
  EXPECT_FALSE(*again);
}

TEST(PgRegex, OneMegabyteInputDoesNotExhaustTheStack) {
  std::string big(1 << 20, 'a');
  for (size_t i = 0; i < big.size(); i += 3) big[i] = 'b';
  big += 'c';
  // On a thread with a small stack (256 KiB): the engine must not recurse per character.
  run_with_stack(256 * 1024, [&] {
    auto re = regex::compile("(a|b)*c", regex::advanced());
    ASSERT_TRUE(re);
    regex::Subject s(big);
    std::vector<regex::Span> spans;
    auto found = (*re)->find(s, 0, spans);
    ASSERT_TRUE(found) << found.error().message;
    ASSERT_TRUE(*found);
    EXPECT_EQ(spans[0].byte_end - spans[0].byte_begin, big.size());
    EXPECT_EQ(spans[1].text(s), "b");  // the last iteration: big ends in ...b c
    auto m = (*re)->matches(s);
    ASSERT_TRUE(m);
    EXPECT_TRUE(*m);
  });
  Db db;
  auto r = db.run("select regexp_replace(repeat('ab', 500000) || 'c', '(a|b)*c', 'x'), "
                  "length(regexp_replace(repeat('ab', 500000), 'b', '', 'g')), "
                  "repeat('x', 1000000) ~ '^(x|y)*$'");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(*r, (Rows{{"x", "500000", "1"}}));
}

TEST(PgRegex, ThreadsCompileAndMatchConcurrently) {
  constexpr int kThreads = 8;
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([t, &wrong] {
      for (int i = 0; i < 200; ++i) {
        // Patterns shared by all threads and patterns of this thread only, more of them than
        // the per-thread cache holds, so that entries are evicted and compiled again.
        const std::string own = "(t" + std::to_string(t) + ")_(" + std::to_string(i % 40) + ")";
        const std::string text = "x t" + std::to_string(t) + "_" + std::to_string(i % 40) + " y";
        auto m = first_match(own, text);
        if (m.size() != 3 || m[1] != "t" + std::to_string(t) || m[2] != std::to_string(i % 40)) {
          ++wrong;
        }
        auto shared = first_match("(\\d+)_(\\d+)", text);
        if (shared.size() != 3 || shared[2] != std::to_string(i % 40)) ++wrong;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
}

TEST(PgRegex, SimilarToRegexIsPostgresRewrite) {
  auto r = similar_to_regex("a_%(b|c)\\.", std::string_view("\\"));
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, "^(?:a..*(?:b|c)\\.)$");
  auto quoted = similar_to_regex("a#\"b#\"c", std::string_view("#"));
  ASSERT_TRUE(quoted);
  EXPECT_EQ(*quoted, "^(?:a){1,1}?(b){1,1}(?:c)$");
  auto bad = similar_to_regex("a", std::string_view("xy"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, sqlstate::kInvalidEscapeSequence);
}

TEST(PgRegex, SqlFunctions) {
  Db db;
  auto r = db.run(
      "select regexp_count('a1b22c333', '\\d+'), regexp_instr('żółw', 'ł'), "
      "regexp_substr('k1=v1 k2=v2', '(\\w+)=(\\w+)', 1, 2, '', 2), "
      "regexp_split_to_array('a, b,c', ',\\s*'), regexp_like('ABC', 'b', 'i'), "
      "substring('abc' from 'a|ab'), regexp_replace('abcabc', 'b', 'X', 1, 2)");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(*r, (Rows{{"3", "3", "v2", "[\"a\",\"b\",\"c\"]", "1", "ab", "abcaXc"}}));
}

}  // namespace
}  // namespace litewire::sqlite::testing
