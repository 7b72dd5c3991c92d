#include "sqlite/functions/statistics.h"

#include <sqlite3.h>

#include <boost/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "sqlite/functions/errors.h"
#include "sqlite/functions/numeric.h"
#include "sqlite/functions/sqlite_args.h"

namespace litewire::sqlite {

namespace sqlstate = protocol::sqlstate;
using protocol::PgError;

namespace {

using numeric::Int128;

// Sums of integers are kept in 128 bits while they fit, the rest (values with a fraction,
// overflow) in exact decimals; the result uses their total. Float input keeps its values so
// that a window frame is computed from scratch, in order, as PostgreSQL's float8_accum does
// (Youngs-Cramer: count, sum, sum of squared deviations).
struct VarState {
  int64_t n = 0;
  Int128 isum = 0, isum_sq = 0;
  numeric::Decimal sum, sum_sq;
  std::vector<double> floats;
  size_t first = 0;  // floats before this left the window frame
};

struct VarHolder {
  VarState* state;
};

VarState* var_state(sqlite3_context* ctx, bool create) {
  auto* h = static_cast<VarHolder*>(sqlite3_aggregate_context(ctx, create ? sizeof(VarHolder) : 0));
  if (h == nullptr) return nullptr;
  if (h->state == nullptr && create) h->state = new VarState();
  return h->state;
}

// The function's user data: which aggregate (0 var_samp, 1 var_pop, 2 stddev_samp,
// 3 stddev_pop) times two, plus one for float input.
int var_kind(sqlite3_context* ctx) { return static_cast<int>(reinterpret_cast<intptr_t>(sqlite3_user_data(ctx))); }

// Adds (sign 1) or removes (sign -1, a row leaving a window frame) one numeric value.
void var_accumulate(VarState& st, sqlite3_value* v, int sign) {
  st.n += sign;
  if (sqlite3_value_type(v) == SQLITE_INTEGER) {
    Int128 x = sqlite3_value_int64(v);
    Int128 sum, sq;
    bool overflow = sign > 0 ? __builtin_add_overflow(st.isum, x, &sum) || __builtin_add_overflow(st.isum_sq, x * x, &sq)
                             : __builtin_sub_overflow(st.isum, x, &sum) || __builtin_sub_overflow(st.isum_sq, x * x, &sq);
    if (!overflow) {
      st.isum = sum;
      st.isum_sq = sq;
      return;
    }
  }
  auto d = numeric::from_stored(view_of(v));
  if (!d) return;
  numeric::Decimal sq = numeric::multiply(*d, *d);
  if (sign < 0) {
    d->negative = !d->negative && d->digits != "0";
    sq.negative = sq.digits != "0";
  }
  st.sum = numeric::add(st.sum, *d);
  st.sum_sq = numeric::add(st.sum_sq, sq);
}

double as_double(sqlite3_value* v) {
  if (sqlite3_value_type(v) == SQLITE_TEXT) return std::strtod(std::string(text_of(v)).c_str(), nullptr);
  return sqlite3_value_double(v);
}

void var_step(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return;
  VarState* st = var_state(ctx, true);
  if (st == nullptr) return sqlite3_result_error_nomem(ctx);
  if (var_kind(ctx) % 2 == 1) return st->floats.push_back(as_double(argv[0]));
  var_accumulate(*st, argv[0], 1);
}

void var_inverse(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return;
  VarState* st = var_state(ctx, true);
  if (st == nullptr) return sqlite3_result_error_nomem(ctx);
  if (var_kind(ctx) % 2 == 1) {
    ++st->first;  // rows leave a frame in the order they entered it
    return;
  }
  var_accumulate(*st, argv[0], -1);
}

void var_value(sqlite3_context* ctx) {
  VarState* st = var_state(ctx, false);
  if (st == nullptr) return sqlite3_result_null(ctx);
  int which = var_kind(ctx) / 2;
  bool sample = which == 0 || which == 2;
  bool stddev = which >= 2;
  if (var_kind(ctx) % 2 == 1) {
    double n = 0, sx = 0, sxx = 0;
    for (size_t i = st->first; i < st->floats.size(); ++i) {
      double x = st->floats[i];
      double old_n = n;
      n += 1.0;
      sx += x;
      if (old_n > 0.0) {
        double tmp = x * n - sx;
        sxx += tmp * tmp / (n * old_n);
      } else if (std::isnan(x) || std::isinf(x)) {
        sxx = std::nan("");
      }
    }
    if (n == 0 || (sample && n <= 1.0)) return sqlite3_result_null(ctx);
    double v = sxx / (sample ? n - 1.0 : n);
    return sqlite3_result_double(ctx, stddev ? std::sqrt(v) : v);
  }
  numeric::Decimal sum = numeric::add(st->sum, numeric::from_int128(st->isum));
  numeric::Decimal sum_sq = numeric::add(st->sum_sq, numeric::from_int128(st->isum_sq));
  auto r = numeric::variance(st->n, sum, sum_sq, sample, stddev);
  if (r) result_text(ctx, *r);
  else sqlite3_result_null(ctx);
}

void var_final(sqlite3_context* ctx) {
  var_value(ctx);
  delete var_state(ctx, false);
}

// ---- ordered-set aggregates

struct OrderedSetState {
  std::vector<sqlite3_value*> values;
  sqlite3_value* fraction = nullptr;
  int kind = 0;
  bool descending = false;
  bool fraction_is_array = false;
};

struct OrderedSetHolder {
  OrderedSetState* state;
};

void ordered_set_step(sqlite3_context* ctx, int, sqlite3_value** argv) {
  auto* h = static_cast<OrderedSetHolder*>(sqlite3_aggregate_context(ctx, sizeof(OrderedSetHolder)));
  if (h == nullptr) return sqlite3_result_error_nomem(ctx);
  if (h->state == nullptr) {
    h->state = new OrderedSetState();
    h->state->kind = sqlite3_value_int(argv[0]);
    h->state->fraction = sqlite3_value_dup(argv[1]);
    h->state->descending = sqlite3_value_int(argv[3]) != 0;
    h->state->fraction_is_array = sqlite3_value_int(argv[4]) != 0;
  }
  if (sqlite3_value_type(argv[2]) == SQLITE_NULL) return;
  h->state->values.push_back(sqlite3_value_dup(argv[2]));
}

protocol::Result<double> checked_fraction(double f) {
  if (f < 0 || f > 1 || std::isnan(f)) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%g", f);
    return PgError(sqlstate::kNumericValueOutOfRange,
                   std::string("percentile value ") + buf + " is not between 0 and 1");
  }
  return f;
}

// percentile_cont: linear interpolation between the two rows around f * (n - 1).
double interpolate(const std::vector<sqlite3_value*>& v, double f) {
  double pos = f * static_cast<double>(v.size() - 1);
  auto lo = static_cast<size_t>(std::floor(pos));
  auto hi = static_cast<size_t>(std::ceil(pos));
  double a = as_double(v[lo]);
  if (lo == hi) return a;
  double b = as_double(v[hi]);
  return a + (b - a) * (pos - static_cast<double>(lo));
}

// percentile_disc: the first row whose position in the ordering is at least f.
sqlite3_value* discrete(const std::vector<sqlite3_value*>& v, double f) {
  auto row = static_cast<int64_t>(std::ceil(f * static_cast<double>(v.size())));
  if (row <= 0) row = 1;
  return v[static_cast<size_t>(row - 1)];
}

void json_push(boost::json::array& arr, sqlite3_value* v) {
  switch (sqlite3_value_type(v)) {
    case SQLITE_INTEGER: arr.emplace_back(sqlite3_value_int64(v)); break;
    case SQLITE_FLOAT: arr.emplace_back(sqlite3_value_double(v)); break;
    case SQLITE_NULL: arr.emplace_back(nullptr); break;
    default: arr.emplace_back(std::string(text_of(v)));
  }
}

void ordered_set_final(sqlite3_context* ctx) {
  auto* h = static_cast<OrderedSetHolder*>(sqlite3_aggregate_context(ctx, 0));
  if (h == nullptr || h->state == nullptr) return sqlite3_result_null(ctx);
  OrderedSetState& st = *h->state;
  auto& v = st.values;
  std::stable_sort(v.begin(), v.end(), [&](sqlite3_value* a, sqlite3_value* b) {
    int c = compare_values(a, b);
    return st.descending ? c > 0 : c < 0;
  });
  if (v.empty() || (st.kind != 2 && sqlite3_value_type(st.fraction) == SQLITE_NULL)) {
    sqlite3_result_null(ctx);
  } else if (st.kind == 2) {
    // mode(): the most frequent value; among equally frequent ones the first in the ordering.
    size_t best = 0, best_count = 0;
    for (size_t i = 0; i < v.size();) {
      size_t j = i;
      while (j < v.size() && compare_values(v[i], v[j]) == 0) ++j;
      if (j - i > best_count) {
        best = i;
        best_count = j - i;
      }
      i = j;
    }
    sqlite3_result_value(ctx, v[best]);
  } else if (!st.fraction_is_array) {
    auto f = checked_fraction(as_double(st.fraction));
    if (!f) {
      set_pg_error(ctx, f.error());
    } else if (st.kind == 0) {
      sqlite3_result_double(ctx, interpolate(v, *f));
    } else {
      sqlite3_result_value(ctx, discrete(v, *f));
    }
  } else {
    boost::system::error_code ec;
    boost::json::value fractions = boost::json::parse(text_of(st.fraction), ec);
    boost::json::array out;
    bool failed = false;
    if (!ec && fractions.is_array()) {
      for (const auto& e : fractions.as_array()) {
        if (e.is_null()) {
          out.emplace_back(nullptr);
          continue;
        }
        double x = e.is_string() ? std::strtod(std::string(e.as_string()).c_str(), nullptr) : e.to_number<double>();
        auto f = checked_fraction(x);
        if (!f) {
          set_pg_error(ctx, f.error());
          failed = true;
          break;
        }
        if (st.kind == 0) out.emplace_back(interpolate(v, *f));
        else json_push(out, discrete(v, *f));
      }
    }
    if (!failed) result_text(ctx, boost::json::serialize(out));
  }
  for (auto* x : v) sqlite3_value_free(x);
  sqlite3_value_free(st.fraction);
  delete h->state;
}

// pg_numeric_power(base, exp) / pg_numeric_log(base, x): numeric power() and log(b, x).
template <bool kPower>
void fn_numeric_math(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (any_null(2, argv)) return sqlite3_result_null(ctx);
  auto a = numeric::from_stored(view_of(argv[0]));
  auto b = numeric::from_stored(view_of(argv[1]));
  if (!a || !b) return set_pg_error(ctx, protocol::feature_not_supported("NaN in numeric power() and log()"));
  auto r = kPower ? numeric::power(*a, *b) : numeric::log(*a, *b);
  if (!r) return set_pg_error(ctx, r.error());
  result_text(ctx, *r);
}

}  // namespace

int register_statistics(sqlite3* db) {
  for (auto [name, fn] : {std::pair{"pg_numeric_power", &fn_numeric_math<true>},
                          std::pair{"pg_numeric_log", &fn_numeric_math<false>}}) {
    int rc = sqlite3_create_function_v2(db, name, 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                                        fn, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return rc;
  }
  static const char* const kVar[] = {"pg_var_samp",    "pg_var_samp_float",    "pg_var_pop",
                                     "pg_var_pop_float", "pg_stddev_samp",      "pg_stddev_samp_float",
                                     "pg_stddev_pop",   "pg_stddev_pop_float"};
  for (intptr_t kind = 0; kind < 8; ++kind) {
    int rc = sqlite3_create_window_function(db, kVar[kind], 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                            reinterpret_cast<void*>(kind), var_step, var_final, var_value,
                                            var_inverse, nullptr);
    if (rc != SQLITE_OK) return rc;
  }
  return sqlite3_create_function_v2(db, "pg_ordered_set", 5, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                    nullptr, nullptr, ordered_set_step, ordered_set_final, nullptr);
}

}  // namespace litewire::sqlite
