#pragma once
// PgError mirrors the fields of an ErrorResponse / NoticeResponse. Expected failures travel as
// values: Result<T> = boost::system::result<T, PgError>.

#include <boost/system/result.hpp>
#include <string>
#include <utility>

#include "protocol/sql_state.h"

namespace litewire::protocol {

enum class Severity { kError, kFatal, kPanic, kWarning, kNotice, kDebug, kInfo, kLog };

std::string_view severity_text(Severity s);

struct PgError {
  Severity severity = Severity::kError;
  SqlState code = sqlstate::kInternalError;
  std::string message;   // primary message, lower case, no trailing period
  std::string detail;    // optional
  std::string hint;      // optional
  int position = 0;      // 1-based character position in the query text; 0 = none
  std::string where;
  std::string schema_name;
  std::string table_name;
  std::string column_name;
  std::string constraint_name;
  std::string data_type_name;

  PgError() = default;
  PgError(SqlState c, std::string msg) : code(c), message(std::move(msg)) {}
  PgError(Severity s, SqlState c, std::string msg)
      : severity(s), code(c), message(std::move(msg)) {}

  PgError&& with_detail(std::string d) && { detail = std::move(d); return std::move(*this); }
  PgError&& with_hint(std::string h) && { hint = std::move(h); return std::move(*this); }
  PgError&& with_position(int p) && { position = p; return std::move(*this); }

  bool is_fatal() const { return severity == Severity::kFatal || severity == Severity::kPanic; }
};

// Shorthands for the common cases.
inline PgError protocol_violation(std::string msg) {
  return PgError(Severity::kFatal, sqlstate::kProtocolViolation, std::move(msg));
}
inline PgError feature_not_supported(std::string construct) {
  return PgError(sqlstate::kFeatureNotSupported, std::move(construct) + " is not supported");
}

// Called by boost::system::result<T, PgError>::value() on an error: a bug at the call site.
[[noreturn]] void throw_exception_from_error(const PgError& e, const boost::source_location& loc);

template <class T>
using Result = boost::system::result<T, PgError>;

// Early return of the error of a Result-returning expression.
#define LITEWIRE_TRY(expr)                                     \
  do {                                                         \
    auto litewire_try_r_ = (expr);                             \
    if (!litewire_try_r_) return std::move(litewire_try_r_).error(); \
  } while (0)
// Declares `var` from the value of a Result, or returns its error.
#define LITEWIRE_TRY_ASSIGN(var, expr)                         \
  auto var##_litewire_r_ = (expr);                             \
  if (!var##_litewire_r_) return std::move(var##_litewire_r_).error(); \
  auto var = std::move(*var##_litewire_r_)

}  // namespace litewire::protocol
