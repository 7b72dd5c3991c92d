#pragma once
// COPY text and CSV formats: parsing rows out of CopyData and formatting rows for COPY TO.
// Pure; no I/O. Field values are returned as text (NULL as std::nullopt); converting them to
// the column types is the caller's job.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/pg_error.h"
#include "sqlite/translate/plan.h"

namespace litewire::server {

using CopyRow = std::vector<std::optional<std::string>>;

class CopyParser {
 public:
  explicit CopyParser(const sqlite::CopyCommand& options);
  // Appends a CopyData payload; complete rows become available through take_rows().
  protocol::Result<void> feed(std::string_view data);
  // End of data (CopyDone): parses what is left.
  protocol::Result<void> finish();
  std::vector<CopyRow>& rows() { return rows_; }
  // 1-based line number of the next line to be parsed (for error messages).
  int64_t line() const { return line_; }

 private:
  protocol::Result<void> parse_available(bool at_end);
  protocol::Result<void> parse_binary(bool at_end);
  protocol::Result<void> parse_text_line(std::string_view line);
  // Returns how many bytes of buffer_ from `from` form a complete CSV record (0 = need more).
  protocol::Result<size_t> parse_csv_record(size_t from, bool at_end);

  sqlite::CopyCommand options_;
  std::string buffer_;
  size_t pos_ = 0;
  int64_t line_ = 1;
  bool header_skipped_ = false;
  bool ended_ = false;  // saw the "\." end marker (binary: the -1 trailer)
  bool binary_header_done_ = false;
  std::vector<CopyRow> rows_;
};

// Appends one row in COPY text or CSV format (with the trailing newline). Binary rows are
// written by the caller with binary_copy_header/binary_copy_trailer around Int16 count +
// (Int32 length | -1, bytes) per field.
void format_copy_row(std::string& out, const CopyRow& row, const sqlite::CopyCommand& options);
void binary_copy_header(std::string& out);
void binary_copy_trailer(std::string& out);

}  // namespace litewire::server
