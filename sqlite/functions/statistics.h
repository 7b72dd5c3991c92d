#pragma once
// Statistical aggregates: var_samp/var_pop/stddev_samp/stddev_pop (and their aliases variance and
// stddev) with PostgreSQL's numeric and float8 results, and the ordered-set aggregates
// percentile_cont, percentile_disc and mode (WITHIN GROUP (ORDER BY ...)).
//
//   pg_var_samp / pg_var_pop / pg_stddev_samp / pg_stddev_pop(x)   integer and numeric input
//                                          (numeric with its display scale: pg_numeric_scale)
//   pg_var_samp_float / ... / pg_stddev_pop_float(x)                  float input
//   (also window functions)
//   pg_ordered_set(kind, fraction, x, descending, fraction_is_array)
//                                          kind: 0 percentile_cont, 1 percentile_disc, 2 mode
//
// and numeric power() and log(b, x) with PostgreSQL's result scale:
//   pg_numeric_power(base, exp), pg_numeric_log(base, x)

struct sqlite3;

namespace litewire::sqlite {

int register_statistics(sqlite3* db);

}  // namespace litewire::sqlite
