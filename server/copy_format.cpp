#include "server/copy_format.h"

#include "protocol/wire.h"

namespace litewire::server {

using protocol::PgError;
namespace sqlstate = protocol::sqlstate;
using Format = sqlite::CopyCommand::Format;

CopyParser::CopyParser(const sqlite::CopyCommand& options) : options_(options) {}

protocol::Result<void> CopyParser::feed(std::string_view data) {
  buffer_.append(data);
  LITEWIRE_TRY(parse_available(false));
  if (pos_ > (1u << 20)) {
    buffer_.erase(0, pos_);
    pos_ = 0;
  }
  return {};
}

protocol::Result<void> CopyParser::finish() { return parse_available(true); }

namespace {
// Binary COPY signature (COPY docs, "Binary Format"): "PGCOPY\n\377\r\n\0".
constexpr std::string_view kBinarySignature{"PGCOPY\n\377\r\n\0", 11};
}  // namespace

void binary_copy_header(std::string& out) {
  out.append(kBinarySignature);
  protocol::put_i32(out, 0);  // flags: no OIDs
  protocol::put_i32(out, 0);  // header extension length
}

void binary_copy_trailer(std::string& out) { protocol::put_i16(out, -1); }

// Binary format: header (signature, Int32 flags, Int32 extension length + extension), then
// tuples of Int16 field count and (Int32 length or -1 for NULL, bytes) per field, then the
// Int16 -1 trailer.
protocol::Result<void> CopyParser::parse_binary(bool at_end) {
  auto need_more = [&](size_t n) { return buffer_.size() - pos_ < n; };
  auto bad = [&](std::string msg) {
    return PgError(sqlstate::kBadCopyFileFormat, std::move(msg));
  };
  if (!binary_header_done_) {
    if (need_more(kBinarySignature.size() + 8)) {
      if (at_end) return bad("COPY file signature not recognized");
      return {};
    }
    if (std::string_view(buffer_).substr(pos_, kBinarySignature.size()) != kBinarySignature) {
      return bad("COPY file signature not recognized");
    }
    const int32_t flags = protocol::get_i32(buffer_.data() + pos_ + 11);
    const int32_t ext = protocol::get_i32(buffer_.data() + pos_ + 15);
    if ((flags & (1 << 16)) != 0) return bad("COPY with OIDs is not supported");
    if ((flags & 0xffff0000 & ~(1 << 16)) != 0) return bad("unrecognized critical flags in COPY file header");
    if (ext < 0) return bad("invalid COPY file header (missing length)");
    if (need_more(19 + static_cast<size_t>(ext))) {
      if (at_end) return bad("invalid COPY file header (wrong length)");
      return {};
    }
    pos_ += 19 + static_cast<size_t>(ext);
    binary_header_done_ = true;
  }
  while (!ended_) {
    size_t p = pos_;
    if (buffer_.size() - p < 2) break;
    const int16_t count = protocol::get_i16(buffer_.data() + p);
    p += 2;
    if (count == -1) {
      ended_ = true;
      pos_ = p;
      break;
    }
    if (count < 0) return bad("row field count is " + std::to_string(count) + ", expected a positive number");
    CopyRow row;
    row.reserve(count);
    bool complete = true;
    for (int i = 0; i < count; ++i) {
      if (buffer_.size() - p < 4) {
        complete = false;
        break;
      }
      const int32_t len = protocol::get_i32(buffer_.data() + p);
      p += 4;
      if (len == -1) {
        row.emplace_back(std::nullopt);
        continue;
      }
      if (len < 0) return bad("invalid field size");
      if (buffer_.size() - p < static_cast<size_t>(len)) {
        complete = false;
        break;
      }
      row.emplace_back(buffer_.substr(p, static_cast<size_t>(len)));
      p += static_cast<size_t>(len);
    }
    if (!complete) break;
    pos_ = p;
    rows_.push_back(std::move(row));
    ++line_;
  }
  if (at_end && !ended_ && pos_ < buffer_.size()) return bad("unexpected EOF in COPY data");
  return {};
}

protocol::Result<void> CopyParser::parse_available(bool at_end) {
  if (options_.format == Format::kBinary) return parse_binary(at_end);
  while (!ended_ && pos_ < buffer_.size()) {
    if (options_.format == Format::kCsv) {
      LITEWIRE_TRY_ASSIGN(n, parse_csv_record(pos_, at_end));
      if (n == 0) break;
      pos_ += n;
      continue;
    }
    auto nl = buffer_.find('\n', pos_);
    if (nl == std::string::npos) {
      if (!at_end) break;
      nl = buffer_.size();
    }
    std::string_view line(buffer_.data() + pos_, nl - pos_);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos_ = std::min(nl + 1, buffer_.size());
    if (line == "\\.") {
      ended_ = true;
      break;
    }
    if (options_.header && !header_skipped_) {
      header_skipped_ = true;
      ++line_;
      continue;
    }
    LITEWIRE_TRY(parse_text_line(line));
    ++line_;
  }
  return {};
}

// Text format (COPY docs, "Text Format"): fields separated by the delimiter, \N (or the NULL
// string) for NULL, backslash escapes \b \f \n \r \t \v \\ \digits (octal) \xHH.
protocol::Result<void> CopyParser::parse_text_line(std::string_view line) {
  CopyRow row;
  std::string field;
  std::string raw;
  auto end_field = [&] {
    if (raw == options_.null_string) {
      row.emplace_back(std::nullopt);
    } else {
      row.emplace_back(std::move(field));
    }
    field.clear();
    raw.clear();
  };
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (c == options_.delimiter) {
      end_field();
      continue;
    }
    raw.push_back(c);
    if (c != '\\' || i + 1 >= line.size()) {
      field.push_back(c);
      continue;
    }
    char n = line[++i];
    raw.push_back(n);
    switch (n) {
      case 'b': field.push_back('\b'); break;
      case 'f': field.push_back('\f'); break;
      case 'n': field.push_back('\n'); break;
      case 'r': field.push_back('\r'); break;
      case 't': field.push_back('\t'); break;
      case 'v': field.push_back('\v'); break;
      case 'x': {
        int v = 0, digits = 0;
        while (digits < 2 && i + 1 < line.size() && std::isxdigit(static_cast<unsigned char>(line[i + 1]))) {
          char h = line[++i];
          raw.push_back(h);
          v = v * 16 + (std::isdigit(static_cast<unsigned char>(h)) ? h - '0' : (std::tolower(h) - 'a' + 10));
          ++digits;
        }
        if (digits == 0) field.push_back('x');
        else field.push_back(static_cast<char>(v));
        break;
      }
      default:
        if (n >= '0' && n <= '7') {
          int v = n - '0', digits = 1;
          while (digits < 3 && i + 1 < line.size() && line[i + 1] >= '0' && line[i + 1] <= '7') {
            raw.push_back(line[i + 1]);
            v = v * 8 + (line[++i] - '0');
            ++digits;
          }
          field.push_back(static_cast<char>(v));
        } else {
          field.push_back(n);
        }
    }
  }
  end_field();
  rows_.push_back(std::move(row));
  return {};
}

// CSV format (COPY docs, "CSV Format"): quoted fields may hold delimiters, quotes (doubled or
// escaped) and newlines; an unquoted empty field is NULL by default, a quoted one is "".
protocol::Result<size_t> CopyParser::parse_csv_record(size_t from, bool at_end) {
  CopyRow row;
  std::string field;
  bool quoted_field = false;
  bool in_quotes = false;
  size_t i = from;
  int64_t newlines = 0;
  auto end_field = [&] {
    if (!quoted_field && field == options_.null_string) {
      row.emplace_back(std::nullopt);
    } else {
      row.emplace_back(std::move(field));
    }
    field.clear();
    quoted_field = false;
  };
  for (; i < buffer_.size(); ++i) {
    char c = buffer_[i];
    if (in_quotes) {
      if (c == options_.escape && options_.escape != options_.quote && i + 1 < buffer_.size() &&
          (buffer_[i + 1] == options_.quote || buffer_[i + 1] == options_.escape)) {
        field.push_back(buffer_[++i]);
      } else if (c == options_.quote) {
        if (i + 1 < buffer_.size() && buffer_[i + 1] == options_.quote && options_.escape == options_.quote) {
          field.push_back(options_.quote);
          ++i;
        } else if (i + 1 >= buffer_.size() && !at_end) {
          return size_t{0};  // need to see the next byte to decide
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n') ++newlines;
        field.push_back(c);
      }
      continue;
    }
    if (c == options_.quote) {
      in_quotes = true;
      quoted_field = true;
      continue;
    }
    if (c == options_.delimiter) {
      end_field();
      continue;
    }
    if (c == '\n' || c == '\r') {
      size_t end = i + 1;
      if (c == '\r' && end < buffer_.size() && buffer_[end] == '\n') ++end;
      else if (c == '\r' && end >= buffer_.size() && !at_end) return size_t{0};
      if (row.empty() && field == "\\." && !quoted_field) {
        ended_ = true;
        return end - from;
      }
      end_field();
      if (options_.header && !header_skipped_) {
        header_skipped_ = true;
      } else {
        rows_.push_back(std::move(row));
      }
      line_ += 1 + newlines;
      return end - from;
    }
    field.push_back(c);
  }
  if (!at_end) return size_t{0};
  if (in_quotes) {
    return PgError(sqlstate::kBadCopyFileFormat, "unterminated CSV quoted field");
  }
  if (row.empty() && field.empty() && !quoted_field) return i - from;
  if (row.empty() && field == "\\.") {
    ended_ = true;
    return i - from;
  }
  end_field();
  if (options_.header && !header_skipped_) {
    header_skipped_ = true;
  } else {
    rows_.push_back(std::move(row));
  }
  line_ += 1 + newlines;
  return i - from;
}

void format_copy_row(std::string& out, const CopyRow& row, const sqlite::CopyCommand& o) {
  for (size_t i = 0; i < row.size(); ++i) {
    if (i > 0) out.push_back(o.delimiter);
    const auto& v = row[i];
    if (!v) {
      out.append(o.null_string);
      continue;
    }
    if (o.format == Format::kCsv) {
      bool needs_quotes = v->empty() ? o.null_string.empty() : (*v == o.null_string);
      for (char c : *v) {
        if (c == o.delimiter || c == o.quote || c == '\n' || c == '\r' || c == o.escape) needs_quotes = true;
      }
      if (!needs_quotes) {
        out.append(*v);
        continue;
      }
      out.push_back(o.quote);
      for (char c : *v) {
        if (c == o.quote || c == o.escape) out.push_back(o.escape);
        out.push_back(c);
      }
      out.push_back(o.quote);
      continue;
    }
    for (char c : *v) {
      switch (c) {
        case '\\': out.append("\\\\"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append(o.delimiter == '\t' ? "\\t" : "\t"); break;
        case '\b': out.append("\\b"); break;
        case '\f': out.append("\\f"); break;
        case '\v': out.append("\\v"); break;
        default:
          if (c == o.delimiter) {
            out.push_back('\\');
          }
          out.push_back(c);
      }
    }
  }
  out.push_back('\n');
}

}  // namespace litewire::server
