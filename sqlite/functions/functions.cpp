#include "sqlite/functions/functions.h"

#include "sqlite/catalog/catalog.h"

#include <openssl/evp.h>
#include <boost/json.hpp>
#include <sqlite3.h>

#include <charconv>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <random>
#include <optional>
#include <string>
#include <thread>

#include "sqlite/functions/cast.h"
#include "sqlite/functions/datetime.h"
#include "sqlite/functions/json.h"
#include "sqlite/functions/numeric.h"
#include "sqlite/functions/regex_functions.h"
#include "protocol/datetime.h"
#include "protocol/timezone.h"
#include "sqlite/functions/errors.h"
#include "sqlite/functions/formatting.h"
#include "sqlite/functions/sqlite_args.h"
#include "sqlite/functions/statements.h"
#include "sqlite/functions/statistics.h"
#include "sqlite/functions/text_functions.h"

namespace litewire::sqlite {

namespace sqlstate = protocol::sqlstate;
using protocol::PgError;
using protocol::StoredValue;
using protocol::StoredValueView;

namespace {

thread_local const FunctionContext* t_context = nullptr;

const FunctionContext& default_context() {
  static const FunctionContext k;
  return k;
}

// pg_cast(value, to_oid, to_typmod, from_oid) / pg_assign(...): see functions/cast.h.
template <CastKind kKind>
void fn_cast(sqlite3_context* ctx, int, sqlite3_value** argv) {
  auto r = convert_value(view_of(argv[0]), sqlite3_value_int(argv[3]), sqlite3_value_int(argv[1]),
                         sqlite3_value_int(argv[2]), kKind, current_function_context().format);
  if (!r) return set_pg_error(ctx, r.error());
  result_stored(ctx, *r);
}

// pg_gcd(a, b, lcm, is_int8): gcd()/lcm() of int4 or int8, PostgreSQL's 22003 when
// the result does not fit (gcd(INT_MIN, 0), lcm overflow).
void fn_gcd(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (any_null(2, argv)) return sqlite3_result_null(ctx);
  const bool lcm = sqlite3_value_int(argv[2]) != 0;
  const bool is_int8 = sqlite3_value_int(argv[3]) != 0;
  const int64_t lo = is_int8 ? INT64_MIN : INT32_MIN, hi = is_int8 ? INT64_MAX : INT32_MAX;
  const int64_t a = sqlite3_value_int64(argv[0]), b = sqlite3_value_int64(argv[1]);
  auto out_of_range = [&] {
    set_pg_error(ctx, PgError(sqlstate::kNumericValueOutOfRange,
                              std::string(is_int8 ? "bigint" : "integer") + " out of range"));
  };
  __extension__ typedef __int128 Wide;
  auto gcd_of = [](Wide x, Wide y) {
    if (x < 0) x = -x;
    if (y < 0) y = -y;
    while (y != 0) {
      Wide t = x % y;
      x = y;
      y = t;
    }
    return x;
  };
  Wide g = gcd_of(a, b);
  Wide r = g;
  if (lcm) {
    Wide ab = a == 0 || b == 0 ? 0 : static_cast<Wide>(a) / g * static_cast<Wide>(b);
    r = ab < 0 ? -ab : ab;
  }
  if (r < lo || r > hi) return out_of_range();
  sqlite3_result_int64(ctx, static_cast<int64_t>(r));
}

// pg_factorial(n): exact n! (numeric); 22003 for a negative n, as PostgreSQL.
void fn_factorial(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return sqlite3_result_null(ctx);
  const int64_t n = sqlite3_value_int64(argv[0]);
  if (n < 0) {
    return set_pg_error(ctx, PgError(sqlstate::kNumericValueOutOfRange,
                                     "factorial of a negative number is undefined"));
  }
  if (n > 32177) return set_pg_error(ctx, PgError(sqlstate::kNumericValueOutOfRange, "value overflows numeric format"));
  numeric::Decimal product = numeric::from_int128(1);
  for (int64_t i = 2; i <= n; ++i) product = numeric::multiply(product, numeric::from_int128(i));
  StoredValueView v;
  v.kind = StoredValueView::Kind::kText;
  std::string text = numeric::to_string(product);
  v.s = text;
  if (auto stored = protocol::numeric_column_value(v)) return result_stored(ctx, *stored);
  result_text(ctx, text);
}

// pg_width_bucket(operand, low, high, count): PostgreSQL's width_bucket for float8/numeric.
void fn_width_bucket(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (any_null(4, argv)) return sqlite3_result_null(ctx);
  const double x = sqlite3_value_double(argv[0]);
  const double lo = sqlite3_value_double(argv[1]);
  const double hi = sqlite3_value_double(argv[2]);
  const int64_t count = sqlite3_value_int64(argv[3]);
  auto bad = [&](const char* message) {
    set_pg_error(ctx, PgError(sqlstate::kInvalidArgumentForWidthBucketFunction, message));
  };
  if (count <= 0 || count > INT32_MAX) return bad("count must be greater than zero");
  if (lo == hi) return bad("lower bound cannot equal upper bound");
  if (std::isnan(x) || std::isnan(lo) || std::isnan(hi)) {
    return bad("operand, lower bound, and upper bound cannot be NaN");
  }
  if (std::isinf(lo) || std::isinf(hi)) return bad("lower and upper bounds must be finite");
  int64_t bucket;
  if (lo < hi) {
    bucket = x < lo ? 0 : x >= hi ? count + 1
                                  : static_cast<int64_t>(static_cast<double>(count) * ((x - lo) / (hi - lo))) + 1;
  } else {
    bucket = x > lo ? 0 : x <= hi ? count + 1
                                  : static_cast<int64_t>(static_cast<double>(count) * ((lo - x) / (lo - hi))) + 1;
  }
  if (bucket > count + 1) bucket = count + 1;
  if (bucket > INT32_MAX) {
    return set_pg_error(ctx, PgError(sqlstate::kNumericValueOutOfRange, "integer out of range"));
  }
  sqlite3_result_int64(ctx, bucket);
}

// pg_numeric_column(value): what a numeric table column stores (protocol::numeric_column_value):
// the translator wraps every value written to a numeric column in it.
void fn_numeric_column(sqlite3_context* ctx, int, sqlite3_value** argv) {
  auto r = protocol::numeric_column_value(view_of(argv[0]));
  if (!r) return set_pg_error(ctx, r.error());
  result_stored(ctx, *r);
}

PgError division_by_zero() { return PgError(sqlstate::kDivisionByZero, "division by zero"); }

// pg_div(a, b, integral): PostgreSQL's / (SQLite gives NULL for x/0 and 7/2.0-style promotion
// rules differ for numeric stored as INTEGER).
void fn_div(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (any_null(2, argv)) return sqlite3_result_null(ctx);
  int mode = sqlite3_value_int(argv[2]);
  if (mode == 2) {
    // numeric / numeric: PostgreSQL shows at least 16 significant digits (select_div_scale).
    auto a = numeric::from_stored(view_of(argv[0]));
    auto b = numeric::from_stored(view_of(argv[1]));
    if (a && b) {
      auto q = numeric::divide(*a, *b);
      if (!q) return set_pg_error(ctx, q.error());
      return result_text(ctx, *q);
    }
  }
  bool integral = mode == 1;
  if (integral) {
    int64_t b = sqlite3_value_int64(argv[1]);
    int64_t a = sqlite3_value_int64(argv[0]);
    if (b == 0) return set_pg_error(ctx, division_by_zero());
    if (b == -1 && a == INT64_MIN) {
      return set_pg_error(ctx, PgError(sqlstate::kNumericValueOutOfRange, "bigint out of range"));
    }
    return sqlite3_result_int64(ctx, a / b);
  }
  double b = sqlite3_value_double(argv[1]);
  if (b == 0) return set_pg_error(ctx, division_by_zero());
  sqlite3_result_double(ctx, sqlite3_value_double(argv[0]) / b);
}

void fn_mod(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (any_null(2, argv)) return sqlite3_result_null(ctx);
  bool integral = sqlite3_value_int(argv[2]) != 0;
  if (integral || (sqlite3_value_type(argv[0]) == SQLITE_INTEGER &&
                   sqlite3_value_type(argv[1]) == SQLITE_INTEGER)) {
    int64_t b = sqlite3_value_int64(argv[1]);
    if (b == 0) return set_pg_error(ctx, division_by_zero());
    if (b == -1) return sqlite3_result_int64(ctx, 0);
    return sqlite3_result_int64(ctx, sqlite3_value_int64(argv[0]) % b);
  }
  double b = sqlite3_value_double(argv[1]);
  if (b == 0) return set_pg_error(ctx, division_by_zero());
  sqlite3_result_double(ctx, std::fmod(sqlite3_value_double(argv[0]), b));
}

// pg_sqrt(x): SQLite's sqrt() answers NULL for a negative argument; PostgreSQL raises 2201F.
void fn_sqrt(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (any_null(1, argv)) return sqlite3_result_null(ctx);
  double x = sqlite3_value_double(argv[0]);
  if (x < 0) {
    return set_pg_error(ctx, PgError(sqlstate::kInvalidArgumentForPowerFunction,
                                     "cannot take square root of a negative number"));
  }
  sqlite3_result_double(ctx, std::sqrt(x));
}

// pg_check_int(value, type_oid): integer arithmetic overflow as PostgreSQL reports it.
void fn_check_int(sqlite3_context* ctx, int, sqlite3_value** argv) {
  int type = sqlite3_value_type(argv[0]);
  int oid = sqlite3_value_int(argv[1]);
  const char* what = oid == 21 ? "smallint out of range" : oid == 20 ? "bigint out of range"
                                                                     : "integer out of range";
  if (type == SQLITE_NULL) return sqlite3_result_null(ctx);
  if (type == SQLITE_FLOAT) {
    // SQLite switched to floating point: the int64 result overflowed.
    return set_pg_error(ctx, PgError(sqlstate::kNumericValueOutOfRange, what));
  }
  int64_t v = sqlite3_value_int64(argv[0]);
  bool ok = oid == 21 ? (v >= INT16_MIN && v <= INT16_MAX)
            : oid == 23 ? (v >= INT32_MIN && v <= INT32_MAX)
                        : true;
  if (!ok) return set_pg_error(ctx, PgError(sqlstate::kNumericValueOutOfRange, what));
  sqlite3_result_value(ctx, argv[0]);
}

void fn_check_limit(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return sqlite3_result_int64(ctx, -1);
  int64_t v = sqlite3_value_int64(argv[0]);
  if (v < 0) {
    std::string what(text_of(argv[1]));
    return set_pg_error(ctx, PgError(what == "LIMIT" ? sqlstate::kInvalidRowCountInLimitClause
                                                     : sqlstate::kInvalidRowCountInResultOffsetClause,
                                     what + " must not be negative"));
  }
  sqlite3_result_int64(ctx, v);
}

// GREATEST/LEAST ignore NULL arguments (SQLite's max()/min() return NULL).
template <bool kGreatest>
void fn_extreme(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  sqlite3_value* best = nullptr;
  for (int i = 0; i < argc; ++i) {
    if (sqlite3_value_type(argv[i]) == SQLITE_NULL) continue;
    if (best == nullptr) {
      best = argv[i];
      continue;
    }
    int ta = sqlite3_value_type(argv[i]);
    int tb = sqlite3_value_type(best);
    int cmp;
    if ((ta == SQLITE_INTEGER || ta == SQLITE_FLOAT) && (tb == SQLITE_INTEGER || tb == SQLITE_FLOAT)) {
      double a = sqlite3_value_double(argv[i]), b = sqlite3_value_double(best);
      cmp = a < b ? -1 : a > b ? 1 : 0;
    } else {
      cmp = text_of(argv[i]).compare(text_of(best));
    }
    if (kGreatest ? cmp > 0 : cmp < 0) best = argv[i];
  }
  if (best == nullptr) return sqlite3_result_null(ctx);
  sqlite3_result_value(ctx, best);
}

// UTF-8 decoding/encoding for the case-mapping functions.
std::u32string decode_utf8(std::string_view s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    char32_t cp;
    size_t n;
    if (c < 0x80) { cp = c; n = 1; }
    else if ((c >> 5) == 6) { cp = c & 0x1F; n = 2; }
    else if ((c >> 4) == 14) { cp = c & 0x0F; n = 3; }
    else { cp = c & 0x07; n = 4; }
    for (size_t k = 1; k < n && i + k < s.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    }
    out.push_back(cp);
    i += n;
  }
  return out;
}

std::string encode_utf8(const std::u32string& s) {
  std::string out;
  for (char32_t cp : s) {
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }
  return out;
}

// Case mapping of the C collation (litewire's database collation): ASCII letters only, as
// PostgreSQL's lower/upper/initcap/ILIKE behave in a C-locale database.
char32_t to_lower(char32_t c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }
char32_t to_upper(char32_t c) { return c >= 'a' && c <= 'z' ? c - 32 : c; }

// LIKE matching over code points; `fold` lower-cases both sides (ILIKE).
bool like_match(const std::u32string& s, size_t si, const std::u32string& p, size_t pi,
                char32_t esc, bool fold) {
  while (pi < p.size()) {
    char32_t pc = p[pi];
    if (pc == '%') {
      while (pi < p.size() && p[pi] == '%') ++pi;
      if (pi == p.size()) return true;
      for (size_t k = si; k <= s.size(); ++k) {
        if (like_match(s, k, p, pi, esc, fold)) return true;
      }
      return false;
    }
    if (si >= s.size()) return false;
    if (pc == '_') {
      ++si;
      ++pi;
      continue;
    }
    if (esc != 0 && pc == esc) {
      ++pi;
      if (pi >= p.size()) return false;
      pc = p[pi];
    }
    char32_t sc = s[si];
    if (fold ? to_lower(sc) != to_lower(pc) : sc != pc) return false;
    ++si;
    ++pi;
  }
  return si == s.size();
}

void fn_ilike(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (any_null(argc, argv)) return sqlite3_result_null(ctx);
  std::u32string s = decode_utf8(text_of(argv[0]));
  std::u32string p = decode_utf8(text_of(argv[1]));
  char32_t esc = '\\';
  if (argc > 2) {
    std::u32string e = decode_utf8(text_of(argv[2]));
    if (e.size() > 1) {
      return set_pg_error(ctx, PgError(sqlstate::kInvalidEscapeSequence,
                                       "invalid escape string")
                                   .with_hint("Escape string must be empty or one character."));
    }
    esc = e.empty() ? 0 : e[0];
  }
  sqlite3_result_int(ctx, like_match(s, 0, p, 0, esc, true) ? 1 : 0);
}

}  // namespace

int64_t now_us() {
  const FunctionContext& c = current_function_context();
  if (c.transaction_start_us != 0) return c.transaction_start_us;
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

namespace {

// Stored form of a timestamptz: UTC "YYYY-MM-DD HH:MM:SS[.ffffff]", trailing zeros trimmed.
std::string timestamptz_text(int64_t us) {
  int64_t secs = us / 1000000;
  int64_t frac = us % 1000000;
  if (frac < 0) {
    frac += 1000000;
    --secs;
  }
  int64_t days = secs / 86400;
  int64_t rem = secs % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
  int64_t z = days + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t d = doy - (153 * mp + 2) / 5 + 1;
  int64_t m = mp + (mp < 10 ? 3 : -9);
  if (m <= 2) ++y;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lld %02lld:%02lld:%02lld",
                static_cast<long long>(y), static_cast<long long>(m), static_cast<long long>(d),
                static_cast<long long>(rem / 3600), static_cast<long long>((rem / 60) % 60),
                static_cast<long long>(rem % 60));
  std::string out(buf);
  if (frac != 0) {
    std::snprintf(buf, sizeof buf, ".%06lld", static_cast<long long>(frac));
    std::string f(buf);
    while (f.back() == '0') f.pop_back();
    out += f;
  }
  return out;
}

void fn_now(sqlite3_context* ctx, int, sqlite3_value**) { result_text(ctx, timestamptz_text(now_us())); }

void fn_clock_timestamp(sqlite3_context* ctx, int, sqlite3_value**) {
  result_text(ctx, timestamptz_text(std::chrono::duration_cast<std::chrono::microseconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count()));
}

std::mt19937_64& rng() {
  thread_local std::mt19937_64 g{std::random_device{}()};
  return g;
}

void fn_random(sqlite3_context* ctx, int, sqlite3_value**) {
  sqlite3_result_double(ctx, std::uniform_real_distribution<double>(0.0, 1.0)(rng()));
}

void fn_uuid(sqlite3_context* ctx, int, sqlite3_value**) {
  unsigned char b[16];
  sqlite3_randomness(16, b);
  b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[b[i] >> 4]);
    out.push_back(kHex[b[i] & 15]);
  }
  result_text(ctx, out);
}

void fn_version(sqlite3_context* ctx, int, sqlite3_value**) {
  result_text(ctx, std::string("PostgreSQL 15.18 (litewire, SQLite ") + sqlite3_libversion() +
                       ") on x86_64-pc-linux-gnu, compiled by gcc, 64-bit");
}

void fn_current_database(sqlite3_context* ctx, int, sqlite3_value**) {
  result_text(ctx, current_function_context().database);
}

void fn_current_user(sqlite3_context* ctx, int, sqlite3_value**) {
  result_text(ctx, current_function_context().user);
}

// substring(s, start [, count]) with PostgreSQL's handling of starts before 1.
void fn_substring(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (any_null(argc, argv)) return sqlite3_result_null(ctx);
  std::u32string s = decode_utf8(text_of(argv[0]));
  int64_t start = sqlite3_value_int64(argv[1]);
  int64_t end = static_cast<int64_t>(s.size()) + 1;
  if (argc > 2) {
    int64_t count = sqlite3_value_int64(argv[2]);
    if (count < 0) {
      return set_pg_error(ctx, PgError(sqlstate::kSubstringError, "negative substring length not allowed"));
    }
    end = start + count;
  }
  int64_t from = std::max<int64_t>(start, 1);
  int64_t to = std::min<int64_t>(end, static_cast<int64_t>(s.size()) + 1);
  if (to <= from) return result_text(ctx, "");
  result_text(ctx, encode_utf8(s.substr(static_cast<size_t>(from - 1), static_cast<size_t>(to - from))));
}

void fn_concat_ws(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (argc < 1 || sqlite3_value_type(argv[0]) == SQLITE_NULL) return sqlite3_result_null(ctx);
  std::string sep(text_of(argv[0]));
  std::string out;
  bool first = true;
  for (int i = 1; i < argc; ++i) {
    if (sqlite3_value_type(argv[i]) == SQLITE_NULL) continue;
    if (!first) out += sep;
    out += text_of(argv[i]);
    first = false;
  }
  result_text(ctx, out);
}

template <bool kLeft>
void fn_left_right(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (any_null(2, argv)) return sqlite3_result_null(ctx);
  std::u32string s = decode_utf8(text_of(argv[0]));
  int64_t n = sqlite3_value_int64(argv[1]);
  int64_t len = static_cast<int64_t>(s.size());
  int64_t keep = n >= 0 ? std::min(n, len) : std::max<int64_t>(0, len + n);
  std::u32string r = kLeft ? s.substr(0, static_cast<size_t>(keep))
                           : s.substr(static_cast<size_t>(len - keep));
  result_text(ctx, encode_utf8(r));
}

void fn_repeat(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (any_null(2, argv)) return sqlite3_result_null(ctx);
  std::string s(text_of(argv[0]));
  int64_t n = sqlite3_value_int64(argv[1]);
  if (n > 0 && s.size() * static_cast<size_t>(n) > (1u << 30)) {
    return set_pg_error(ctx, PgError(sqlstate::kProgramLimitExceeded, "requested length too large"));
  }
  std::string out;
  for (int64_t i = 0; i < n; ++i) out += s;
  result_text(ctx, out);
}

template <bool kLeft>
void fn_pad(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (any_null(argc, argv)) return sqlite3_result_null(ctx);
  std::u32string s = decode_utf8(text_of(argv[0]));
  int64_t len = std::max<int64_t>(0, sqlite3_value_int64(argv[1]));
  std::u32string fill = argc > 2 ? decode_utf8(text_of(argv[2])) : std::u32string(U" ");
  if (static_cast<int64_t>(s.size()) >= len || fill.empty()) {
    return result_text(ctx, encode_utf8(s.substr(0, static_cast<size_t>(len))));
  }
  std::u32string pad;
  while (static_cast<int64_t>(pad.size() + s.size()) < len) pad.push_back(fill[pad.size() % fill.size()]);
  result_text(ctx, encode_utf8(kLeft ? pad + s : s + pad));
}

void fn_reverse(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (any_null(1, argv)) return sqlite3_result_null(ctx);
  std::u32string s = decode_utf8(text_of(argv[0]));
  std::reverse(s.begin(), s.end());
  result_text(ctx, encode_utf8(s));
}

void fn_md5(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (any_null(1, argv)) return sqlite3_result_null(ctx);
  std::string_view s = sqlite3_value_type(argv[0]) == SQLITE_BLOB
                           ? std::string_view(static_cast<const char*>(sqlite3_value_blob(argv[0])),
                                              static_cast<size_t>(sqlite3_value_bytes(argv[0])))
                           : text_of(argv[0]);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(s.data(), s.size(), digest, &len, EVP_md5(), nullptr);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 15]);
  }
  result_text(ctx, out);
}

void fn_initcap(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (any_null(1, argv)) return sqlite3_result_null(ctx);
  std::u32string s = decode_utf8(text_of(argv[0]));
  bool word = false;
  for (auto& c : s) {
    bool alnum = (c >= '0' && c <= '9') || to_lower(c) != to_upper(c);
    c = alnum ? (word ? to_lower(c) : to_upper(c)) : c;
    word = alnum;
  }
  result_text(ctx, encode_utf8(s));
}

void fn_split_part(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (any_null(3, argv)) return sqlite3_result_null(ctx);
  std::string s(text_of(argv[0]));
  std::string d(text_of(argv[1]));
  int64_t n = sqlite3_value_int64(argv[2]);
  if (n == 0) return set_pg_error(ctx, PgError(sqlstate::kInvalidParameterValue, "field position must not be zero"));
  std::vector<std::string> parts;
  if (d.empty()) {
    parts.push_back(s);
  } else {
    size_t pos = 0;
    for (size_t at; (at = s.find(d, pos)) != std::string::npos; pos = at + d.size()) {
      parts.push_back(s.substr(pos, at - pos));
    }
    parts.push_back(s.substr(pos));
  }
  int64_t idx = n > 0 ? n - 1 : static_cast<int64_t>(parts.size()) + n;
  if (idx < 0 || idx >= static_cast<int64_t>(parts.size())) return result_text(ctx, "");
  result_text(ctx, parts[static_cast<size_t>(idx)]);
}

void fn_chr(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (any_null(1, argv)) return sqlite3_result_null(ctx);
  int64_t c = sqlite3_value_int64(argv[0]);
  if (c == 0) return set_pg_error(ctx, PgError(sqlstate::kProgramLimitExceeded, "null character not permitted"));
  if (c < 0 || c > 0x10FFFF) {
    return set_pg_error(ctx, PgError(sqlstate::kProgramLimitExceeded, "requested character too large for encoding: " + std::to_string(c)));
  }
  result_text(ctx, encode_utf8(std::u32string(1, static_cast<char32_t>(c))));
}

void fn_translate(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (any_null(3, argv)) return sqlite3_result_null(ctx);
  std::u32string s = decode_utf8(text_of(argv[0]));
  std::u32string from = decode_utf8(text_of(argv[1]));
  std::u32string to = decode_utf8(text_of(argv[2]));
  std::u32string out;
  for (char32_t c : s) {
    size_t k = from.find(c);
    if (k == std::u32string::npos) out.push_back(c);
    else if (k < to.size()) out.push_back(to[k]);
  }
  result_text(ctx, encode_utf8(out));
}

// round/trunc for numeric (INTEGER or REAL storage): half away from zero like numeric_round.
template <bool kRound>
void fn_round(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (any_null(argc, argv)) return sqlite3_result_null(ctx);
  int64_t places = argc > 1 ? sqlite3_value_int64(argv[1]) : 0;
  if (sqlite3_value_type(argv[0]) == SQLITE_INTEGER && places >= 0) {
    return sqlite3_result_value(ctx, argv[0]);
  }
  double v = sqlite3_value_double(argv[0]);
  double scale = std::pow(10.0, static_cast<double>(places));
  // round(float8) is rint(): half to even, unlike round(numeric).
  double r = kRound ? std::nearbyint(v * scale) / scale : std::trunc(v * scale) / scale;
  if (places <= 0 && std::fabs(r) < 9.2e18) return sqlite3_result_int64(ctx, static_cast<int64_t>(r));
  sqlite3_result_double(ctx, r);
}

void fn_sleep(sqlite3_context* ctx, int, sqlite3_value** argv) {
  // Sleeps in short steps so that a CancelRequest or statement_timeout ends it promptly
  // (SQLite only checks for interrupts between virtual machine steps, not inside a call).
  const double secs = sqlite3_value_double(argv[0]);
  const FunctionContext& c = current_function_context();
  const auto until = std::chrono::steady_clock::now() +
                     std::chrono::microseconds(static_cast<int64_t>(std::max(0.0, secs) * 1e6));
  for (;;) {
    const auto now = std::chrono::steady_clock::now();
    if ((c.canceled != nullptr && c.canceled->load()) || now >= c.deadline) {
      return set_pg_error(ctx, PgError(sqlstate::kQueryCanceled, "canceling statement due to user request"));
    }
    if (now >= until) break;
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(until - now, std::chrono::milliseconds(10)));
  }
  result_text(ctx, "");
}

// pg_notify(channel, payload): queued by the session, delivered when the transaction commits.
void fn_notify(sqlite3_context* ctx, int, sqlite3_value** argv) {
  const FunctionContext& c = current_function_context();
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
    return set_pg_error(ctx, PgError(sqlstate::kInvalidParameterValue, "channel name cannot be empty"));
  }
  std::string channel(text_of(argv[0]));
  if (channel.empty()) {
    return set_pg_error(ctx, PgError(sqlstate::kInvalidParameterValue, "channel name cannot be empty"));
  }
  if (!c.notify) return set_pg_error(ctx, protocol::feature_not_supported("pg_notify outside a session"));
  c.notify(channel, sqlite3_value_type(argv[1]) == SQLITE_NULL ? std::string_view() : text_of(argv[1]));
  result_text(ctx, "");
}

void fn_check_step(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return sqlite3_result_int(ctx, 0);
  if (sqlite3_value_double(argv[0]) == 0) {
    return set_pg_error(ctx, PgError(sqlstate::kInvalidParameterValue, "step size cannot equal zero"));
  }
  sqlite3_result_int(ctx, 1);
}

void fn_current_setting(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return sqlite3_result_null(ctx);
  std::string name(text_of(argv[0]));
  bool missing_ok = argc > 1 && sqlite3_value_int(argv[1]) != 0;
  const FunctionContext& c = current_function_context();
  std::optional<std::string> v;
  if (c.current_setting) v = c.current_setting(name);
  if (!v) {
    if (missing_ok) return sqlite3_result_null(ctx);
    return set_pg_error(ctx, PgError(sqlstate::kUndefinedObject,
                                     "unrecognized configuration parameter \"" + name + "\""));
  }
  result_text(ctx, *v);
}

void fn_set_config(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
    return set_pg_error(ctx, PgError(sqlstate::kNullValueNotAllowed, "SET requires parameter name"));
  }
  const FunctionContext& c = current_function_context();
  if (!c.set_config) {
    return set_pg_error(ctx, PgError(sqlstate::kFeatureNotSupported, "set_config() is not supported here"));
  }
  auto r = c.set_config(text_of(argv[0]), text_of(argv[1]), sqlite3_value_int(argv[2]) != 0);
  if (!r) return set_pg_error(ctx, r.error());
  result_text(ctx, *r);
}

// Sequences of serial columns are the AUTOINCREMENT counters in sqlite_sequence (keyed by
// table name); the translator passes the owning table.
std::optional<int64_t> sequence_value(sqlite3* db, const std::string& table) {
  sqlite3_stmt* st = nullptr;
  std::optional<int64_t> out;
  if (sqlite3_prepare_v2(db, "SELECT seq FROM sqlite_sequence WHERE name = ?1", -1, &st, nullptr) == SQLITE_OK) {
    sqlite3_bind_text(st, 1, table.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) == SQLITE_ROW) out = sqlite3_column_int64(st, 0);
  }
  sqlite3_finalize(st);
  return out;
}

bool store_sequence(sqlite3* db, const std::string& table, int64_t value) {
  const char* sql = sequence_value(db, table)
                        ? "UPDATE sqlite_sequence SET seq = ?2 WHERE name = ?1"
                        : "INSERT INTO sqlite_sequence (name, seq) VALUES (?1, ?2)";
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) != SQLITE_OK) return false;
  sqlite3_bind_text(st, 1, table.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(st, 2, value);
  int rc = sqlite3_step(st);
  sqlite3_finalize(st);
  return rc == SQLITE_DONE;
}

// The session's memory of nextval() results; the key "" holds lastval().
void remember(const std::string& table, int64_t v) {
  const FunctionContext& c = current_function_context();
  if (c.sequence_values == nullptr) return;
  (*c.sequence_values)[table] = v;
  (*c.sequence_values)[""] = v;
}

// pg_nextval(counter, increment, min, max, cycle, name): PostgreSQL's nextval over a
// sqlite_sequence row (the last value handed out).
void fn_nextval(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  sqlite3* db = sqlite3_context_db_handle(ctx);
  std::string counter(text_of(argv[0]));
  int64_t inc = argc > 1 ? sqlite3_value_int64(argv[1]) : 1;
  int64_t min = argc > 2 ? sqlite3_value_int64(argv[2]) : 1;
  int64_t max = argc > 3 ? sqlite3_value_int64(argv[3]) : INT64_MAX;
  bool cycle = argc > 4 && sqlite3_value_int(argv[4]) != 0;
  std::string name = argc > 5 ? std::string(text_of(argv[5])) : counter;
  std::optional<int64_t> last = sequence_value(db, counter);
  int64_t next;
  if (!last) {
    next = inc > 0 ? min : max;
  } else if (__builtin_add_overflow(*last, inc, &next) || next > max || next < min) {
    if (!cycle) {
      return set_pg_error(ctx, PgError(sqlstate::kSequenceGeneratorLimitExceeded,
                                       "nextval: reached " + std::string(inc > 0 ? "maximum" : "minimum") +
                                           " value of sequence \"" + name + "\" (" +
                                           std::to_string(inc > 0 ? max : min) + ")"));
    }
    next = inc > 0 ? min : max;
  }
  if (!store_sequence(db, counter, next)) {
    return set_pg_error(ctx, PgError(sqlstate::kInternalError,
                                     std::string("could not advance sequence: ") + sqlite3_errmsg(db)));
  }
  remember(counter, next);
  sqlite3_result_int64(ctx, next);
}

void fn_currval(sqlite3_context* ctx, int, sqlite3_value** argv) {
  std::string table(text_of(argv[0]));
  std::string_view name = text_of(argv[1]);
  const FunctionContext& c = current_function_context();
  if (c.sequence_values != nullptr) {
    auto it = c.sequence_values->find(table);
    if (it != c.sequence_values->end()) return sqlite3_result_int64(ctx, it->second);
  }
  auto undefined = [&] {
    set_pg_error(ctx, PgError(sqlstate::kObjectNotInPrerequisiteState,
                              "currval of sequence \"" + std::string(name) +
                                  "\" is not yet defined in this session"));
  };
  // A sequence of its own is advanced only by pg_nextval/pg_setval, which the session
  // remembers: not remembered means not yet used in this session. A serial primary key's
  // counter is SQLite's AUTOINCREMENT row (named after the table), advanced by inserts that
  // call no function: its stored value stands for this session's last insert (wrong only when
  // another session inserted since), and so does every counter without session memory.
  if (c.sequence_values != nullptr && table == name) return undefined();
  std::optional<int64_t> v = sequence_value(sqlite3_context_db_handle(ctx), table);
  if (!v) return undefined();
  sqlite3_result_int64(ctx, *v);
}

// pg_setval(counter, value, is_called, increment, min, max, cycle, name)
void fn_setval(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  sqlite3* db = sqlite3_context_db_handle(ctx);
  std::string counter(text_of(argv[0]));
  if (sqlite3_value_type(argv[1]) == SQLITE_NULL) return sqlite3_result_null(ctx);
  int64_t v = sqlite3_value_int64(argv[1]);
  bool is_called = sqlite3_value_int(argv[2]) != 0;
  int64_t inc = argc > 3 ? sqlite3_value_int64(argv[3]) : 1;
  int64_t min = argc > 4 ? sqlite3_value_int64(argv[4]) : 1;
  int64_t max = argc > 5 ? sqlite3_value_int64(argv[5]) : INT64_MAX;
  std::string name = argc > 7 ? std::string(text_of(argv[7])) : counter;
  if (v < min || v > max) {
    return set_pg_error(ctx, PgError(sqlstate::kNumericValueOutOfRange,
                                     "setval: value " + std::to_string(v) + " is out of bounds for sequence \"" +
                                         name + "\" (" + std::to_string(min) + ".." + std::to_string(max) + ")"));
  }
  // is_called = false: the next nextval returns v itself.
  if (!store_sequence(db, counter, is_called ? v : v - inc)) {
    return set_pg_error(ctx, PgError(sqlstate::kInternalError,
                                     std::string("could not set sequence: ") + sqlite3_errmsg(db)));
  }
  if (is_called) remember(counter, v);
  sqlite3_result_int64(ctx, v);
}

void fn_lastval(sqlite3_context* ctx, int, sqlite3_value**) {
  const FunctionContext& c = current_function_context();
  auto it = c.sequence_values == nullptr ? decltype(c.sequence_values->end()){} : c.sequence_values->find("");
  if (c.sequence_values == nullptr || it == c.sequence_values->end()) {
    return set_pg_error(ctx, PgError(sqlstate::kObjectNotInPrerequisiteState,
                                     "lastval is not yet defined in this session"));
  }
  sqlite3_result_int64(ctx, it->second);
}

// ---- date/time arithmetic on stored forms (functions/datetime.h).

PgError bad_stored(std::string_view what) {
  return PgError(sqlstate::kInvalidDatetimeFormat, "invalid stored " + std::string(what) + " value");
}

void fn_date_add(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (any_null(2, argv)) return sqlite3_result_null(ctx);
  std::string_view d = text_of(argv[0]);
  if (d == "infinity" || d == "-infinity") return result_text(ctx, std::string(d));
  auto days = datetime::parse_stored_date(d);
  if (!days) return set_pg_error(ctx, bad_stored("date"));
  int64_t r = *days + sqlite3_value_int64(argv[1]);
  if (!protocol::date_in_range(r - protocol::kPgEpochDays)) {
    return set_pg_error(ctx, PgError(sqlstate::kDatetimeFieldOverflow, "date out of range"));
  }
  result_text(ctx, datetime::format_date(r));
}

void fn_date_diff(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (any_null(2, argv)) return sqlite3_result_null(ctx);
  auto a = datetime::parse_stored_date(text_of(argv[0]));
  auto b = datetime::parse_stored_date(text_of(argv[1]));
  if (!a || !b) {
    return set_pg_error(ctx, PgError(sqlstate::kDatetimeFieldOverflow, "cannot subtract infinite dates"));
  }
  sqlite3_result_int64(ctx, *a - *b);
}

bool session_is_utc() {
  const auto& tz = current_function_context().format.time_zone;
  if (tz == nullptr) return true;
  const std::string& n = tz->name();
  return n == "UTC" || n == "Etc/UTC" || n == "GMT" || n == "Etc/GMT" || n == "UCT" || n == "Z";
}

// A stored timestamptz (UTC) as the session's local timestamp, and back.
protocol::Result<std::string> tz_convert(std::string_view stored, int32_t from, int32_t to) {
  StoredValueView v;
  v.kind = StoredValueView::Kind::kText;
  v.s = stored;
  LITEWIRE_TRY_ASSIGN(r, convert_value(v, from, to, -1, CastKind::kExplicit,
                                       current_function_context().format));
  if (auto* text = std::get_if<std::string>(&r)) return *text;
  return PgError(sqlstate::kInternalError, "unexpected stored form of a timestamp");
}

// pg_ts_add(timestamp_or_date, interval, sign[, with_time_zone]): timestamp +/- interval. For
// timestamptz the days and months are added in the session's time zone, as PostgreSQL does.
void fn_ts_add(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (any_null(2, argv)) return sqlite3_result_null(ctx);
  std::string_view t = text_of(argv[0]);
  if (t == "infinity" || t == "-infinity") return result_text(ctx, std::string(t));
  bool local = argc > 3 && sqlite3_value_int(argv[3]) != 0 && !session_is_utc();
  std::string local_text;
  if (local) {
    auto l = tz_convert(t, 1184, 1114);
    if (!l) return set_pg_error(ctx, l.error());
    local_text = *l;
    t = local_text;
  }
  auto ts = protocol::load_stored_timestamp(t, false);
  if (!ts) return set_pg_error(ctx, bad_stored("timestamp"));
  auto iv = datetime::parse_interval(text_of(argv[1]));
  if (!iv) return set_pg_error(ctx, iv.error());
  if (sqlite3_value_int(argv[2]) < 0) *iv = datetime::multiply(*iv, -1);
  auto r = protocol::timestamp_plus_interval(*ts, protocol::Interval{iv->us, iv->days, iv->months});
  if (!r) return set_pg_error(ctx, r.error());
  if (local) {
    auto back = tz_convert(protocol::stored_timestamp(*r), 1114, 1184);
    if (!back) return set_pg_error(ctx, back.error());
    return result_text(ctx, *back);
  }
  result_text(ctx, protocol::stored_timestamp(*r));
}

void fn_ts_diff(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (any_null(2, argv)) return sqlite3_result_null(ctx);
  auto a = protocol::load_stored_timestamp(text_of(argv[0]), false);
  if (!a) return set_pg_error(ctx, a.error());
  auto b = protocol::load_stored_timestamp(text_of(argv[1]), false);
  if (!b) return set_pg_error(ctx, b.error());
  auto infinite = [](int64_t t) {
    return t == protocol::kTimestampBegin || t == protocol::kTimestampEnd;
  };
  if (infinite(*a) || infinite(*b)) {
    return set_pg_error(ctx, PgError(sqlstate::kDatetimeFieldOverflow, "cannot subtract infinite timestamps"));
  }
  // PostgreSQL 15's timestamp_mi does not check the difference: it wraps around in int64
  // (the two ends of the range are further apart than an int64 of microseconds).
  const auto diff = static_cast<int64_t>(static_cast<uint64_t>(*a) - static_cast<uint64_t>(*b));
  result_text(ctx, datetime::format_interval(datetime::subtract_timestamps(diff, 0)));
}

void fn_iv_add(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (any_null(2, argv)) return sqlite3_result_null(ctx);
  auto a = datetime::parse_interval(text_of(argv[0]));
  auto b = datetime::parse_interval(text_of(argv[1]));
  if (!a) return set_pg_error(ctx, a.error());
  if (!b) return set_pg_error(ctx, b.error());
  int sign = sqlite3_value_int(argv[2]) < 0 ? -1 : 1;
  datetime::Interval r{a->months + sign * b->months, a->days + sign * b->days, a->us + sign * b->us};
  result_text(ctx, datetime::format_interval(r));
}

// pg_iv_mul(interval, factor, divide)
void fn_iv_mul(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (any_null(2, argv)) return sqlite3_result_null(ctx);
  auto a = datetime::parse_interval(text_of(argv[0]));
  if (!a) return set_pg_error(ctx, a.error());
  double f = sqlite3_value_double(argv[1]);
  if (sqlite3_value_int(argv[2]) != 0) {
    if (f == 0) return set_pg_error(ctx, division_by_zero());
    f = 1.0 / f;
  }
  result_text(ctx, datetime::format_interval(datetime::multiply(*a, f)));
}

// Comparable key of an interval: PostgreSQL compares intervals with 30-day months and 24-hour
// days (interval_cmp_value).
void fn_iv_key(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (any_null(1, argv)) return sqlite3_result_null(ctx);
  auto a = datetime::parse_interval(text_of(argv[0]));
  if (!a) return set_pg_error(ctx, a.error());
  sqlite3_result_int64(ctx, (static_cast<int64_t>(a->months) * 30 + a->days) * datetime::kUsPerDay + a->us);
}

// pg_extract(field, value, kind, numeric): extract() (numeric, PostgreSQL 14+) or date_part()
// (float8). kind: 'd' date, 't' timestamp, 'z' timestamptz, 'h' time, 'i' interval.
void fn_extract(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (any_null(2, argv)) return sqlite3_result_null(ctx);
  std::string field(text_of(argv[0]));
  std::string_view kind_text = text_of(argv[2]);
  char kind = kind_text.empty() ? 't' : kind_text[0];
  std::string value(text_of(argv[1]));
  std::string lowered;
  for (char ch : field) lowered.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
  if (kind == 'z' && lowered != "epoch" && !session_is_utc() && value != "infinity" && value != "-infinity") {
    // Fields of a timestamptz are those of the session's local time (epoch is absolute).
    auto l = tz_convert(value, 1184, 1114);
    if (!l) return set_pg_error(ctx, l.error());
    value = *l;
  }
  auto e = datetime::extract(field, kind, value);
  if (!e) return set_pg_error(ctx, e.error());
  const std::optional<double>& r = *e;
  if (!r) return sqlite3_result_null(ctx);
  if (sqlite3_value_int(argv[3]) == 0) return sqlite3_result_double(ctx, *r);
  if (std::isinf(*r)) return result_text(ctx, *r < 0 ? "-Infinity" : "Infinity");
  std::string f;
  for (char ch : field) f.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
  int scale = 0;
  if (kind != 'd' && (f == "second" || f == "seconds" || f == "epoch")) scale = 6;
  if (kind != 'd' && (f == "millisecond" || f == "milliseconds")) scale = 3;
  if (kind == 'd' && f == "epoch") scale = 0;
  if (scale == 0 && std::fabs(*r) < 9e15) return sqlite3_result_int64(ctx, static_cast<int64_t>(*r));
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", scale, *r);
  result_text(ctx, buf);
}

void fn_date_trunc(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (any_null(2, argv)) return sqlite3_result_null(ctx);
  std::string_view kind_text = text_of(argv[2]);
  char kind = kind_text.empty() ? 't' : kind_text[0];
  std::string value(text_of(argv[1]));
  // date_trunc on timestamptz (and on date, which PostgreSQL casts to timestamptz) truncates
  // the session's local time and returns a timestamptz.
  bool local = (kind == 'z' || kind == 'd') && !session_is_utc() && value != "infinity" && value != "-infinity";
  if (local && kind == 'z') {
    auto l = tz_convert(value, 1184, 1114);
    if (!l) return set_pg_error(ctx, l.error());
    value = *l;
  }
  auto r = datetime::date_trunc(text_of(argv[0]), value, kind);
  if (!r) return set_pg_error(ctx, r.error());
  if (local) {
    auto back = tz_convert(*r, 1114, 1184);
    if (!back) return set_pg_error(ctx, back.error());
    return result_text(ctx, *back);
  }
  result_text(ctx, *r);
}

// pg_raise(sqlstate, message, detail): fails the statement with that error (used to validate
// rows before ALTER TABLE adds a constraint).
void fn_raise(sqlite3_context* ctx, int, sqlite3_value** argv) {
  PgError e(protocol::SqlState::from_string(text_of(argv[0])), std::string(text_of(argv[1])));
  e.detail = std::string(text_of(argv[2]));
  set_pg_error(ctx, e);
}

bool exec(sqlite3* db, const std::string& sql) {
  return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
}

// pg_rewrite_table_sql(table, create_sql): replaces a table's CREATE TABLE text in
// sqlite_schema, for changes that leave the stored rows valid (adding constraints, defaults,
// NOT NULL, declared types). This is the procedure of SQLite's lang_altertable.html, "Making
// Other Kinds Of Table Schema Changes": writable_schema, then a schema_version bump so every
// connection re-reads the schema.
void fn_rewrite_table_sql(sqlite3_context* ctx, int, sqlite3_value** argv) {
  sqlite3* db = sqlite3_context_db_handle(ctx);
  std::string table(text_of(argv[0]));
  std::string sql(text_of(argv[1]));
  // Refuse text SQLite cannot parse: a broken sqlite_schema row would make the file unreadable.
  auto open = sql.find('(');
  if (open == std::string::npos) {
    return set_pg_error(ctx, PgError(sqlstate::kInternalError, "malformed table definition"));
  }
  std::string probe = "CREATE TEMP TABLE \"_litewire_probe\" " + sql.substr(open);
  sqlite3_stmt* st = nullptr;
  int rc = sqlite3_prepare_v2(db, probe.c_str(), -1, &st, nullptr);
  sqlite3_finalize(st);
  if (rc != SQLITE_OK) {
    return set_pg_error(ctx, PgError(sqlstate::kInternalError,
                                     std::string("invalid table definition: ") + sqlite3_errmsg(db)));
  }
  int64_t version = 0;
  if (sqlite3_prepare_v2(db, "PRAGMA schema_version", -1, &st, nullptr) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW) {
    version = sqlite3_column_int64(st, 0);
  }
  sqlite3_finalize(st);
  bool ok = exec(db, "PRAGMA writable_schema = ON");
  if (ok && sqlite3_prepare_v2(db, "UPDATE sqlite_schema SET sql = ?2 WHERE type = 'table' AND name = ?1",
                               -1, &st, nullptr) == SQLITE_OK) {
    sqlite3_bind_text(st, 1, table.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, sql.c_str(), -1, SQLITE_TRANSIENT);
    ok = sqlite3_step(st) == SQLITE_DONE && sqlite3_changes(db) == 1;
  } else {
    ok = false;
  }
  sqlite3_finalize(st);
  ok = exec(db, "PRAGMA schema_version = " + std::to_string(version + 1)) && ok;
  exec(db, "PRAGMA writable_schema = OFF");
  if (!ok) {
    return set_pg_error(ctx, PgError(sqlstate::kInternalError,
                                     std::string("could not rewrite table definition: ") + sqlite3_errmsg(db)));
  }
  sqlite3_result_null(ctx);
}

// pg_out(value, type_oid): PostgreSQL's output text of a stored value (array_to_string).
void fn_out(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return sqlite3_result_null(ctx);
  std::string out;
  auto r = protocol::append_text(out, view_of(argv[0]), sqlite3_value_int(argv[1]), -1,
                                 current_function_context().format);
  if (!r) return set_pg_error(ctx, r.error());
  result_text(ctx, out);
}

// Arrays are JSON arrays of stored forms: concatenation splices the two lists.
void fn_array_cat(sqlite3_context* ctx, int, sqlite3_value** argv) {
  bool a_null = sqlite3_value_type(argv[0]) == SQLITE_NULL;
  bool b_null = sqlite3_value_type(argv[1]) == SQLITE_NULL;
  if (a_null && b_null) return sqlite3_result_null(ctx);
  if (a_null) return sqlite3_result_value(ctx, argv[1]);
  if (b_null) return sqlite3_result_value(ctx, argv[0]);
  boost::system::error_code ec1, ec2;
  auto a = boost::json::parse(text_of(argv[0]), ec1);
  auto b = boost::json::parse(text_of(argv[1]), ec2);
  if (ec1 || ec2 || !a.is_array() || !b.is_array()) {
    return set_pg_error(ctx, PgError(sqlstate::kInvalidTextRepresentation, "malformed array literal"));
  }
  for (auto& v : b.get_array()) a.get_array().push_back(v);
  result_text(ctx, boost::json::serialize(a));
}

void fn_string_to_array(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return sqlite3_result_null(ctx);
  std::string s(text_of(argv[0]));
  bool null_sep = sqlite3_value_type(argv[1]) == SQLITE_NULL;
  std::string sep(text_of(argv[1]));
  std::optional<std::string> null_str;
  if (argc > 2 && sqlite3_value_type(argv[2]) != SQLITE_NULL) null_str = std::string(text_of(argv[2]));
  boost::json::array out;
  auto push = [&](const std::string& part) {
    if (null_str && part == *null_str) out.emplace_back(nullptr);
    else out.emplace_back(part);
  };
  if (s.empty()) return result_text(ctx, "[]");
  if (null_sep) {
    // NULL separator: each character is an element.
    std::u32string cps = decode_utf8(s);
    for (char32_t c : cps) push(encode_utf8(std::u32string(1, c)));
  } else if (sep.empty()) {
    push(s);
  } else {
    size_t pos = 0;
    for (size_t at; (at = s.find(sep, pos)) != std::string::npos; pos = at + sep.size()) {
      push(s.substr(pos, at - pos));
    }
    push(s.substr(pos));
  }
  result_text(ctx, boost::json::serialize(out));
}

// sum() of numeric and bigint, and avg() of integers and numerics: an exact sum
// (numeric::ExactSum) in the aggregate context. Each adds (kSign 1) or removes (kSign -1: the
// inverse SQLite calls for a moving window frame) one value, so both also run as window
// functions.
// The state in SQLite's aggregate context, which is only 8-byte aligned: ExactSum holds a
// 128-bit integer that optimized code reads with 16-byte aligned instructions.
numeric::ExactSum* exact_sum_state(sqlite3_context* ctx, bool create) {
  constexpr size_t kAlign = alignof(numeric::ExactSum);
  void* raw = sqlite3_aggregate_context(ctx, create ? static_cast<int>(sizeof(numeric::ExactSum) + kAlign) : 0);
  if (raw == nullptr) return nullptr;
  auto at = (reinterpret_cast<uintptr_t>(raw) + kAlign - 1) & ~(uintptr_t{kAlign} - 1);
  return reinterpret_cast<numeric::ExactSum*>(at);
}

template <int kSign>
void exact_sum_update(sqlite3_context* ctx, int, sqlite3_value** argv) {
  auto* st = exact_sum_state(ctx, true);
  if (st == nullptr) return sqlite3_result_error_nomem(ctx);
  if (!st->update(view_of(argv[0]), kSign)) {
    set_pg_error(ctx, PgError(sqlstate::kInvalidTextRepresentation,
                              "invalid input syntax for type numeric: \"" +
                                  std::string(text_of(argv[0])) + "\""));
  }
}

// The current result, for xValue and xFinal alike.
template <bool kAverage>
void exact_sum_value(sqlite3_context* ctx) {
  auto* st = exact_sum_state(ctx, false);
  if (st == nullptr || st->count == 0) return sqlite3_result_null(ctx);
  std::string_view special = st->special();
  if (special == "NaN") return result_text(ctx, special);
  if (!special.empty()) return sqlite3_result_double(ctx, special[0] == '-' ? -HUGE_VAL : HUGE_VAL);
  auto sum = st->finite();
  if (!sum) return sqlite3_result_null(ctx);
  if (!kAverage) {
    // The storage contract's form (INTEGER, REAL of at most 15 digits, else TEXT digits), so
    // that sums compare and sort with other numbers.
    std::string text = numeric::to_string(*sum);
    StoredValueView v;
    v.kind = StoredValueView::Kind::kText;
    v.s = text;
    auto stored = protocol::numeric_column_value(v);
    if (stored) return result_stored(ctx, *stored);
    return result_text(ctx, text);
  }
  numeric::Decimal count;
  count.digits = std::to_string(st->count);
  auto q = numeric::divide(*sum, count);
  if (!q) return set_pg_error(ctx, q.error());
  result_text(ctx, *q);
}

template <bool kAverage>
void exact_sum_final(sqlite3_context* ctx) {
  exact_sum_value<kAverage>(ctx);
  if (auto* st = exact_sum_state(ctx, false)) st->release();
}

// Computed numerics may be TEXT digits (exact results that keep PostgreSQL's display scale:
// avg, numeric division, round, sums beyond a double), which SQLite orders after every number
// and by text among themselves. These give the translator value order back.

// A stored numeric's place in PostgreSQL's order: -Infinity < finite values < Infinity < NaN.
struct NumericOrder {
  int rank = 1;  // 0 -Infinity, 1 finite, 2 Infinity, 3 NaN
  numeric::Decimal value;
};

std::optional<NumericOrder> numeric_order(const StoredValueView& v) {
  NumericOrder o;
  if (v.kind == StoredValueView::Kind::kReal && std::isinf(v.d)) {
    o.rank = v.d < 0 ? 0 : 2;
    return o;
  }
  if (v.kind == StoredValueView::Kind::kText && (v.s == "NaN" || v.s == "Infinity" || v.s == "-Infinity")) {
    o.rank = v.s == "NaN" ? 3 : v.s[0] == '-' ? 0 : 2;
    return o;
  }
  auto d = numeric::from_stored(v);
  if (!d) return std::nullopt;
  o.value = std::move(*d);
  return o;
}

int compare_numeric_order(const NumericOrder& a, const NumericOrder& b) {
  if (a.rank != b.rank) return a.rank < b.rank ? -1 : 1;
  return a.rank == 1 ? numeric::compare(a.value, b.value) : 0;
}

// pg_numeric_key(x): x as an SQLite number (TEXT digits become INTEGER, or REAL; NaN stays the
// TEXT 'NaN', which sorts above every number as PostgreSQL's NaN does).
void fn_numeric_key(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) != SQLITE_TEXT) return sqlite3_result_value(ctx, argv[0]);
  StoredValueView v = view_of(argv[0]);
  auto d = numeric::from_stored(v);
  if (!d) return sqlite3_result_value(ctx, argv[0]);
  if (d->scale == 0 && d->digits.size() <= 18) {
    int64_t i = std::strtoll(d->digits.c_str(), nullptr, 10);
    return sqlite3_result_int64(ctx, d->negative ? -i : i);
  }
  sqlite3_result_double(ctx, std::strtod(std::string(v.s).c_str(), nullptr));
}

// The collation pg_numeric: ORDER BY a computed numeric output column of a compound SELECT
// (which takes only column names with an optional COLLATE). Non-numeric text sorts bytewise.
int collate_numeric(void*, int na, const void* pa, int nb, const void* pb) {
  StoredValueView a, b;
  a.kind = b.kind = StoredValueView::Kind::kText;
  a.s = std::string_view(static_cast<const char*>(pa), static_cast<size_t>(na));
  b.s = std::string_view(static_cast<const char*>(pb), static_cast<size_t>(nb));
  auto oa = numeric_order(a), ob = numeric_order(b);
  if (!oa || !ob) return a.s.compare(b.s);
  return compare_numeric_order(*oa, *ob);
}

// An aggregate that keeps one of its input values (pg_numeric_min/max, pg_scalar) and answers
// it as it came.
struct KeptValue {
  sqlite3_value* value;
  int64_t rows;
};

void kept_value_final(sqlite3_context* ctx) {
  auto* st = static_cast<KeptValue*>(sqlite3_aggregate_context(ctx, 0));
  if (st == nullptr || st->value == nullptr) return sqlite3_result_null(ctx);
  sqlite3_result_value(ctx, st->value);
  sqlite3_value_free(st->value);
  st->value = nullptr;
}

// pg_numeric_min(x) / pg_numeric_max(x): min/max of computed numerics by value, returning the
// winning value as it is (with its display scale).

template <int kWant>
void numeric_extreme_step(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return;
  auto* st = static_cast<KeptValue*>(sqlite3_aggregate_context(ctx, sizeof(KeptValue)));
  if (st == nullptr) return sqlite3_result_error_nomem(ctx);
  auto candidate = numeric_order(view_of(argv[0]));
  if (!candidate) {
    return set_pg_error(ctx, PgError(sqlstate::kInvalidTextRepresentation,
                                     "invalid input syntax for type numeric: \"" +
                                         std::string(text_of(argv[0])) + "\""));
  }
  if (st->value != nullptr) {
    auto best = numeric_order(view_of(st->value));
    if (best && compare_numeric_order(*candidate, *best) != kWant) return;
    sqlite3_value_free(st->value);
  }
  st->value = sqlite3_value_dup(argv[0]);
}


// pg_numeric_scale(value, scale): a numeric result with PostgreSQL's display scale, as the
// exact digits of the storage contract's TEXT form.
void fn_numeric_scale(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return sqlite3_result_null(ctx);
  auto d = numeric::from_stored(view_of(argv[0]));
  if (!d) return sqlite3_result_value(ctx, argv[0]);
  result_text(ctx, numeric::round(*d, sqlite3_value_int(argv[1])));
}

// round(numeric, places): the result keeps `places` fraction digits ("2.50").
void fn_round_numeric(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (any_null(argc, argv)) return sqlite3_result_null(ctx);
  int places = argc > 1 ? sqlite3_value_int(argv[1]) : 0;
  auto d = numeric::from_stored(view_of(argv[0]));
  if (!d || places < 0 || places > 1000) return fn_round<true>(ctx, argc, argv);
  std::string r = numeric::round(*d, places);
  if (places == 0) {
    int64_t i = 0;
    auto [p, ec] = std::from_chars(r.data(), r.data() + r.size(), i);
    if (ec == std::errc() && p == r.data() + r.size()) return sqlite3_result_int64(ctx, i);
  }
  result_text(ctx, r);
}

// pg_scalar(x): the value of a scalar subquery's only row; a second row is 21000.

void scalar_step(sqlite3_context* ctx, int, sqlite3_value** argv) {
  auto* st = static_cast<KeptValue*>(sqlite3_aggregate_context(ctx, sizeof(KeptValue)));
  if (st == nullptr) return sqlite3_result_error_nomem(ctx);
  if (++st->rows > 1) {
    return set_pg_error(ctx, PgError(sqlstate::kCardinalityViolation,
                                     "more than one row returned by a subquery used as an expression"));
  }
  st->value = sqlite3_value_dup(argv[0]);
}


// pg_ordered_agg(kind, value, separator, key1, desc1, nulls_first1, ...): string_agg (kind 0)
// and array_agg (kind 1) with ORDER BY, sorting the buffered rows in xFinal.
struct OrderedRow {
  sqlite3_value* value;
  std::vector<sqlite3_value*> keys;
};
struct OrderedState {
  std::vector<OrderedRow>* rows;
  sqlite3_value* separator;
  std::vector<std::pair<bool, bool>>* dirs;  // (descending, nulls first) per key
  int kind;
};

void ordered_step(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  auto* st = static_cast<OrderedState*>(sqlite3_aggregate_context(ctx, sizeof(OrderedState)));
  if (st == nullptr) return sqlite3_result_error_nomem(ctx);
  if (st->rows == nullptr) {
    st->rows = new std::vector<OrderedRow>();
    st->dirs = new std::vector<std::pair<bool, bool>>();
    st->kind = sqlite3_value_int(argv[0]);
    st->separator = sqlite3_value_dup(argv[2]);
    for (int i = 3; i + 2 < argc; i += 3) {
      st->dirs->emplace_back(sqlite3_value_int(argv[i + 1]) != 0, sqlite3_value_int(argv[i + 2]) != 0);
    }
  }
  OrderedRow row{sqlite3_value_dup(argv[1]), {}};
  for (int i = 3; i + 2 < argc; i += 3) row.keys.push_back(sqlite3_value_dup(argv[i]));
  st->rows->push_back(std::move(row));
}

void ordered_final(sqlite3_context* ctx) {
  auto* st = static_cast<OrderedState*>(sqlite3_aggregate_context(ctx, 0));
  if (st == nullptr || st->rows == nullptr) return sqlite3_result_null(ctx);
  auto& rows = *st->rows;
  const auto& dirs = *st->dirs;
  std::stable_sort(rows.begin(), rows.end(), [&](const OrderedRow& a, const OrderedRow& b) {
    for (size_t k = 0; k < dirs.size(); ++k) {
      bool a_null = sqlite3_value_type(a.keys[k]) == SQLITE_NULL;
      bool b_null = sqlite3_value_type(b.keys[k]) == SQLITE_NULL;
      if (a_null || b_null) {
        if (a_null == b_null) continue;
        return a_null == dirs[k].second;  // nulls first: the null row sorts before
      }
      int c = compare_values(a.keys[k], b.keys[k]);
      if (c != 0) return dirs[k].first ? c > 0 : c < 0;
    }
    return false;
  });
  if (st->kind == 0) {
    std::string sep(text_of(st->separator));
    std::string out;
    bool any = false;
    for (const auto& r : rows) {
      if (sqlite3_value_type(r.value) == SQLITE_NULL) continue;
      if (any) out += sep;
      out += text_of(r.value);
      any = true;
    }
    if (any) result_text(ctx, out);
    else sqlite3_result_null(ctx);
  } else {
    boost::json::array arr;
    for (const auto& r : rows) {
      switch (sqlite3_value_type(r.value)) {
        case SQLITE_INTEGER: arr.emplace_back(sqlite3_value_int64(r.value)); break;
        case SQLITE_FLOAT: arr.emplace_back(sqlite3_value_double(r.value)); break;
        case SQLITE_NULL: arr.emplace_back(nullptr); break;
        default: arr.emplace_back(std::string(text_of(r.value)));
      }
    }
    result_text(ctx, boost::json::serialize(arr));
  }
  for (auto& r : rows) {
    sqlite3_value_free(r.value);
    for (auto* k : r.keys) sqlite3_value_free(k);
  }
  sqlite3_value_free(st->separator);
  delete st->rows;
  delete st->dirs;
}

// pg_enum_in(label, type_name, labels...): enum input; pg_enum_ord(label, labels...): its
// position (enums sort by declaration order).
void fn_enum_in(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return sqlite3_result_null(ctx);
  std::string_view v = text_of(argv[0]);
  for (int i = 2; i < argc; ++i) {
    if (text_of(argv[i]) == v) return sqlite3_result_value(ctx, argv[0]);
  }
  set_pg_error(ctx, PgError(sqlstate::kInvalidTextRepresentation,
                            "invalid input value for enum " + std::string(text_of(argv[1])) + ": \"" +
                                std::string(v) + "\""));
}

void fn_enum_ord(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return sqlite3_result_null(ctx);
  std::string_view v = text_of(argv[0]);
  for (int i = 1; i < argc; ++i) {
    if (text_of(argv[i]) == v) return sqlite3_result_int(ctx, i);
  }
  sqlite3_result_int(ctx, argc);
}

using Spec = FunctionSpec;

constexpr Spec kFunctions[] = {
    {"pg_cast", 4, fn_cast<CastKind::kExplicit>, true},
    {"pg_assign", 4, fn_cast<CastKind::kAssignment>, true},
    {"pg_numeric_column", 1, fn_numeric_column, true},
    {"pg_numeric_key", 1, fn_numeric_key, true},
    {"pg_gcd", 4, fn_gcd, true},
    {"pg_factorial", 1, fn_factorial, true},
    {"pg_width_bucket", 4, fn_width_bucket, true},
    {"pg_div", 3, fn_div, true},
    {"pg_mod", 3, fn_mod, true},
    {"pg_sqrt", 1, fn_sqrt, true},
    {"pg_check_int", 2, fn_check_int, true},
    {"pg_check_limit", 2, fn_check_limit, true},
    {"pg_greatest", -1, fn_extreme<true>, true},
    {"pg_least", -1, fn_extreme<false>, true},
    {"pg_ilike", 2, fn_ilike, true},
    {"pg_ilike", 3, fn_ilike, true},
    {"pg_now", 0, fn_now, false},
    {"pg_clock_timestamp", 0, fn_clock_timestamp, false},
    {"pg_random", 0, fn_random, false},
    {"gen_random_uuid", 0, fn_uuid, false},
    {"version", 0, fn_version, true},
    {"current_database", 0, fn_current_database, false},
    {"current_user", 0, fn_current_user, false},
    {"pg_substring", 2, fn_substring, true},
    {"pg_substring", 3, fn_substring, true},
    {"pg_concat_ws", -1, fn_concat_ws, true},
    {"pg_left", 2, fn_left_right<true>, true},
    {"pg_right", 2, fn_left_right<false>, true},
    {"pg_repeat", 2, fn_repeat, true},
    {"pg_lpad", 2, fn_pad<true>, true},
    {"pg_lpad", 3, fn_pad<true>, true},
    {"pg_rpad", 2, fn_pad<false>, true},
    {"pg_rpad", 3, fn_pad<false>, true},
    {"pg_reverse", 1, fn_reverse, true},
    {"pg_md5", 1, fn_md5, true},
    {"pg_initcap", 1, fn_initcap, true},
    {"pg_split_part", 3, fn_split_part, true},
    {"pg_chr", 1, fn_chr, true},
    {"pg_translate", 3, fn_translate, true},
    {"pg_round", 1, fn_round<true>, true},
    {"pg_round", 2, fn_round<true>, true},
    {"pg_trunc", 1, fn_round<false>, true},
    {"pg_trunc", 2, fn_round<false>, true},
    {"pg_sleep", 1, fn_sleep, false},
    {"pg_notify", 2, fn_notify, false},
    {"pg_check_step", 1, fn_check_step, true},
    {"pg_raise", 3, fn_raise, false},
    {"pg_enum_in", -1, fn_enum_in, true},
    {"pg_enum_ord", -1, fn_enum_ord, true},
    {"pg_round_numeric", 1, fn_round_numeric, true},
    {"pg_numeric_scale", 2, fn_numeric_scale, true},
    {"pg_round_numeric", 2, fn_round_numeric, true},
    {"pg_out", 2, fn_out, false},
    {"pg_array_cat", 2, fn_array_cat, true},
    {"pg_string_to_array", 2, fn_string_to_array, true},
    {"pg_string_to_array", 3, fn_string_to_array, true},
    {"pg_rewrite_table_sql", 2, fn_rewrite_table_sql, false},
    {"pg_date_add", 2, fn_date_add, true},
    {"pg_date_diff", 2, fn_date_diff, true},
    {"pg_ts_add", 3, fn_ts_add, true},
    {"pg_ts_add", 4, fn_ts_add, false},
    {"pg_ts_diff", 2, fn_ts_diff, true},
    {"pg_iv_add", 3, fn_iv_add, true},
    {"pg_iv_mul", 3, fn_iv_mul, true},
    {"pg_iv_key", 1, fn_iv_key, true},
    {"pg_extract", 4, fn_extract, false},
    {"pg_date_trunc", 3, fn_date_trunc, true},
    {"current_setting", 1, fn_current_setting, false},
    {"current_setting", 2, fn_current_setting, false},
    {"set_config", 3, fn_set_config, false},
    {"pg_nextval", 6, fn_nextval, false},
    {"pg_currval", 2, fn_currval, false},
    {"pg_setval", 8, fn_setval, false},
    {"pg_lastval", 0, fn_lastval, false},
};

}  // namespace

void remember_sequence_value(const std::string& counter, int64_t value) { remember(counter, value); }

ScopedFunctionContext::ScopedFunctionContext(const FunctionContext& ctx) : saved_(t_context) {
  t_context = &ctx;
}
ScopedFunctionContext::~ScopedFunctionContext() { t_context = saved_; }

const FunctionContext& current_function_context() {
  return t_context != nullptr ? *t_context : default_context();
}

int register_functions(sqlite3* db) {
  int rc = register_scalar_functions(db, kFunctions);
  if (rc != SQLITE_OK) return rc;
  rc = sqlite3_create_window_function(db, "pg_avg", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                                      exact_sum_update<1>, exact_sum_final<true>,
                                      exact_sum_value<true>, exact_sum_update<-1>, nullptr);
  if (rc != SQLITE_OK) return rc;
  rc = sqlite3_create_function_v2(db, "pg_numeric_min", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                                  nullptr, numeric_extreme_step<-1>, kept_value_final, nullptr);
  if (rc != SQLITE_OK) return rc;
  rc = sqlite3_create_function_v2(db, "pg_numeric_max", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                                  nullptr, numeric_extreme_step<1>, kept_value_final, nullptr);
  if (rc != SQLITE_OK) return rc;
  rc = sqlite3_create_collation_v2(db, "pg_numeric", SQLITE_UTF8, nullptr, collate_numeric, nullptr);
  if (rc != SQLITE_OK) return rc;
  rc = sqlite3_create_window_function(db, "pg_sum_numeric", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                      nullptr, exact_sum_update<1>, exact_sum_final<false>,
                                      exact_sum_value<false>, exact_sum_update<-1>, nullptr);
  if (rc != SQLITE_OK) return rc;
  rc = sqlite3_create_function_v2(db, "pg_scalar", 1, SQLITE_UTF8, nullptr, nullptr, scalar_step,
                                  kept_value_final, nullptr);
  if (rc != SQLITE_OK) return rc;
  rc = sqlite3_create_function_v2(db, "pg_ordered_agg", -1, SQLITE_UTF8, nullptr, nullptr,
                                  ordered_step, ordered_final, nullptr);
  if (rc != SQLITE_OK) return rc;
  rc = register_text_functions(db);
  if (rc != SQLITE_OK) return rc;
  rc = register_regex_functions(db);
  if (rc != SQLITE_OK) return rc;
  rc = register_statistics(db);
  if (rc != SQLITE_OK) return rc;
  rc = register_formatting(db);
  if (rc != SQLITE_OK) return rc;
  rc = register_datetime_constructors(db);
  if (rc != SQLITE_OK) return rc;
  rc = register_json_functions(db);
  if (rc != SQLITE_OK) return rc;
  rc = register_statement_functions(db);
  if (rc != SQLITE_OK) return rc;
  // pg_catalog / information_schema relations and the catalog functions (sqlite/catalog).
  return catalog::register_catalog(db);
}

}  // namespace litewire::sqlite
