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

// Sums of integers are kept in 128 bits until they would overflow, then in exact decimals; so
// are the sums of any value with a fraction (numeric input).
struct VarState {
  int64_t n = 0;
  Int128 isum = 0, isum_sq = 0;
  numeric::Decimal sum, sum_sq;
  // Float input (PostgreSQL's float8_accum, Youngs-Cramer): count, sum, sum of squared
  // deviations.
  double fn = 0, fsum = 0, fsxx = 0;
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

void var_step(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return;
  VarState* st = var_state(ctx, true);
  if (st == nullptr) return sqlite3_result_error_nomem(ctx);
  if (sqlite3_value_int(argv[1]) != 0) {
    double x = sqlite3_value_double(argv[0]);
    if (sqlite3_value_type(argv[0]) == SQLITE_TEXT) x = std::strtod(std::string(text_of(argv[0])).c_str(), nullptr);
    double old_n = st->fn;
    st->fn += 1.0;
    st->fsum += x;
    if (old_n > 0.0) {
      double tmp = x * st->fn - st->fsum;
      st->fsxx += tmp * tmp / (st->fn * old_n);
    } else if (std::isnan(x) || std::isinf(x)) {
      st->fsxx = std::nan("");
    }
    return;
  }
  ++st->n;
  int scale = sqlite3_value_int(argv[2]);
  if (sqlite3_value_type(argv[0]) == SQLITE_INTEGER && scale <= 0) {
    Int128 x = sqlite3_value_int64(argv[0]);
    Int128 sum, sq;
    if (!__builtin_add_overflow(st->isum, x, &sum) && !__builtin_add_overflow(st->isum_sq, x * x, &sq)) {
      st->isum = sum;
      st->isum_sq = sq;
      return;
    }
  }
  auto d = numeric::from_stored(view_of(argv[0]));
  if (!d) return;
  if (scale > d->scale) {
    d->digits.append(static_cast<size_t>(scale - d->scale), '0');
    d->scale = scale;
  }
  st->sum = numeric::add(st->sum, *d);
  st->sum_sq = numeric::add(st->sum_sq, numeric::multiply(*d, *d));
}

void var_final(sqlite3_context* ctx) {
  VarState* st = var_state(ctx, false);
  if (st == nullptr) return sqlite3_result_null(ctx);
  // Which of the four aggregates this is: the function's user data.
  int which = static_cast<int>(reinterpret_cast<intptr_t>(sqlite3_user_data(ctx)));
  bool sample = which == 0 || which == 2;
  bool stddev = which >= 2;
  if (st->fn > 0) {
    double n = st->fn;
    if (sample && n <= 1.0) {
      sqlite3_result_null(ctx);
    } else {
      double v = st->fsxx / (sample ? n - 1.0 : n);
      sqlite3_result_double(ctx, stddev ? std::sqrt(v) : v);
    }
  } else {
    numeric::Decimal sum = numeric::add(st->sum, numeric::from_int128(st->isum));
    numeric::Decimal sum_sq = numeric::add(st->sum_sq, numeric::from_int128(st->isum_sq));
    auto r = numeric::variance(st->n, sum, sum_sq, sample, stddev);
    if (r) result_text(ctx, *r);
    else sqlite3_result_null(ctx);
  }
  delete st;
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

double as_double(sqlite3_value* v) {
  if (sqlite3_value_type(v) == SQLITE_TEXT) return std::strtod(std::string(text_of(v)).c_str(), nullptr);
  return sqlite3_value_double(v);
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
  static const char* const kVar[] = {"pg_var_samp", "pg_var_pop", "pg_stddev_samp", "pg_stddev_pop"};
  for (intptr_t which = 0; which < 4; ++which) {
    int rc = sqlite3_create_function_v2(db, kVar[which], 3, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                        reinterpret_cast<void*>(which), nullptr, var_step, var_final,
                                        nullptr);
    if (rc != SQLITE_OK) return rc;
  }
  return sqlite3_create_function_v2(db, "pg_ordered_set", 5, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                    nullptr, nullptr, ordered_set_step, ordered_set_final, nullptr);
}

}  // namespace litewire::sqlite
