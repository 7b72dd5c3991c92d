#include "protocol/pg_error.h"

#include <stdexcept>

namespace litewire::protocol {

std::string_view severity_text(Severity s) {
  switch (s) {
    case Severity::kError: return "ERROR";
    case Severity::kFatal: return "FATAL";
    case Severity::kPanic: return "PANIC";
    case Severity::kWarning: return "WARNING";
    case Severity::kNotice: return "NOTICE";
    case Severity::kDebug: return "DEBUG";
    case Severity::kInfo: return "INFO";
    case Severity::kLog: return "LOG";
  }
  return "ERROR";
}

void throw_exception_from_error(const PgError& e, const boost::source_location&) {
  throw std::logic_error("unchecked PgError " + std::string(e.code.str()) + ": " + e.message);
}

}  // namespace litewire::protocol
