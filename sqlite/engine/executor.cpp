#include "sqlite/engine/executor.h"

#include <cstring>

#include "protocol/backend.h"
#include "protocol/types.h"
#include "sqlite/functions/functions.h"

namespace litewire::sqlite {

using protocol::PgError;
namespace oid = protocol::oid;

int16_t result_format(const std::vector<int16_t>& formats, size_t i) {
  if (formats.empty()) return 0;
  if (formats.size() == 1) return formats[0];
  return i < formats.size() ? formats[i] : 0;
}

PgType pg_type_for_sqlite_column(const char* decl, int storage_class) {
  if (decl != nullptr && *decl != '\0') {
    std::string d(decl);
    auto paren = d.find('(');
    std::string base = d.substr(0, paren);
    while (!base.empty() && base.back() == ' ') base.pop_back();
    if (const auto* t = protocol::find_type_by_name(base)) {
      PgType pt{t->oid, -1};
      if (paren != std::string::npos) {
        // varchar(n) / bpchar(n): n + 4; numeric(p,s): ((p << 16) | s) + 4.
        int a = 0, b = 0;
        if (std::sscanf(d.c_str() + paren, "(%d,%d)", &a, &b) == 2) {
          pt.typmod = ((a << 16) | b) + 4;
        } else if (std::sscanf(d.c_str() + paren, "(%d)", &a) == 1) {
          pt.typmod = t->oid == oid::kNumeric ? ((a << 16) + 4) : a + 4;
        }
      }
      return pt;
    }
    // SQLite's affinity rules (datatype3.html, 3.1) for names PostgreSQL does not know.
    std::string up;
    for (char ch : d) up.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(ch))));
    if (up.find("INT") != std::string::npos) return {oid::kInt8, -1};
    if (up.find("CHAR") != std::string::npos || up.find("CLOB") != std::string::npos ||
        up.find("TEXT") != std::string::npos) {
      return {oid::kText, -1};
    }
    if (up.find("BLOB") != std::string::npos) return {oid::kBytea, -1};
    if (up.find("REAL") != std::string::npos || up.find("FLOA") != std::string::npos ||
        up.find("DOUB") != std::string::npos) {
      return {oid::kFloat8, -1};
    }
    return {oid::kNumeric, -1};
  }
  switch (storage_class) {
    case SQLITE_INTEGER: return {oid::kInt8, -1};
    case SQLITE_FLOAT: return {oid::kFloat8, -1};
    case SQLITE_BLOB: return {oid::kBytea, -1};
    default: return {oid::kText, -1};
  }
}

protocol::Result<void> bind_params(Connection& c, sqlite3_stmt* stmt,
                                   const std::vector<protocol::StoredValue>& params) {
  const int n = sqlite3_bind_parameter_count(stmt);
  for (int i = 1; i <= n; ++i) {
    // Parameters are named ?N by the translator, so index i is $i.
    if (static_cast<size_t>(i) > params.size()) {
      sqlite3_bind_null(stmt, i);
      continue;
    }
    const auto& p = params[i - 1];
    int rc = SQLITE_OK;
    if (std::holds_alternative<std::monostate>(p)) {
      rc = sqlite3_bind_null(stmt, i);
    } else if (const auto* v = std::get_if<int64_t>(&p)) {
      rc = sqlite3_bind_int64(stmt, i, *v);
    } else if (const auto* d = std::get_if<double>(&p)) {
      rc = sqlite3_bind_double(stmt, i, *d);
    } else if (const auto* s = std::get_if<std::string>(&p)) {
      rc = sqlite3_bind_text64(stmt, i, s->data(), s->size(), SQLITE_STATIC, SQLITE_UTF8);
    } else if (const auto* b = std::get_if<protocol::Blob>(&p)) {
      rc = sqlite3_bind_blob64(stmt, i, b->bytes.data(), b->bytes.size(), SQLITE_STATIC);
    }
    if (rc != SQLITE_OK) return c.last_error();
  }
  return {};
}

protocol::StoredValueView column_view(sqlite3_stmt* st, int i) {
  protocol::StoredValueView v;
  switch (sqlite3_column_type(st, i)) {
    case SQLITE_INTEGER:
      v.kind = protocol::StoredValueView::Kind::kInteger;
      v.i = sqlite3_column_int64(st, i);
      break;
    case SQLITE_FLOAT:
      v.kind = protocol::StoredValueView::Kind::kReal;
      v.d = sqlite3_column_double(st, i);
      break;
    case SQLITE_TEXT: {
      v.kind = protocol::StoredValueView::Kind::kText;
      const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st, i));
      v.s = std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(st, i)));
      break;
    }
    case SQLITE_BLOB: {
      v.kind = protocol::StoredValueView::Kind::kBlob;
      const auto* p = static_cast<const char*>(sqlite3_column_blob(st, i));
      v.s = std::string_view(p ? p : "", static_cast<size_t>(sqlite3_column_bytes(st, i)));
      break;
    }
    default:
      break;
  }
  return v;
}

namespace {

// Completes the plan's columns with what SQLite knows: names and types the translator left
// open (oid 0).
std::vector<ResultColumn> resolve_columns(sqlite3_stmt* st, const TranslatedStatement& ts) {
  const int n = sqlite3_column_count(st);
  std::vector<ResultColumn> cols;
  cols.reserve(n);
  for (int i = 0; i < n; ++i) {
    ResultColumn c;
    if (static_cast<size_t>(i) < ts.columns.size()) c = ts.columns[i];
    if (c.name.empty()) c.name = sqlite3_column_name(st, i);
    if (c.type.oid == 0) c.type = pg_type_for_sqlite_column(sqlite3_column_decltype(st, i), SQLITE_NULL);
    cols.push_back(std::move(c));
  }
  return cols;
}

std::string complete_tag(const TranslatedStatement& ts, uint64_t rows, int64_t changes) {
  const std::string& tag = ts.command_tag;
  if (tag == "INSERT") return "INSERT 0 " + std::to_string(ts.returns_rows ? rows : changes);
  if (tag == "UPDATE" || tag == "DELETE" || tag == "MERGE") {
    return tag + " " + std::to_string(ts.returns_rows ? rows : changes);
  }
  if (tag == "SELECT") return "SELECT " + std::to_string(ts.returns_rows ? rows : changes);
  return tag;
}

// INSERT into the temporary table that receives a statement's rows (capture_into).
protocol::Result<sqlite3_stmt*> prepare_capture(Connection& c, const std::string& table, int ncols) {
  std::string sql = "INSERT INTO temp.\"" + table + "\" VALUES (";
  for (int i = 0; i < ncols; ++i) sql += i ? ", ?" : "?";
  return c.prepare(sql + ")");
}

protocol::Result<void> capture_row(Connection& c, sqlite3_stmt* row, sqlite3_stmt* insert, int ncols) {
  for (int i = 0; i < ncols; ++i) sqlite3_bind_value(insert, i + 1, sqlite3_column_value(row, i));
  const int rc = sqlite3_step(insert);
  sqlite3_reset(insert);
  if (rc != SQLITE_DONE) return c.last_error();
  return {};
}

bool fail(ExecOutput& out, PgError e, const TranslatedStatement&) {
  out.rows.clear();
  out.row_ends.clear();
  out.row_count = 0;
  out.error = std::move(e);
  return false;
}

}  // namespace

bool execute_statement(Connection& c, const ExecRequest& req, ExecOutput& out) {
  const TranslatedStatement& ts = *req.statement;
  out = ExecOutput{};
  if (ts.sqlite_sql.empty()) {
    out.command_tag = ts.command_tag;
    return true;
  }
  int64_t changes = 0;
  for (size_t k = 0; k < ts.sqlite_sql.size(); ++k) {
    const bool last = k + 1 == ts.sqlite_sql.size();
    auto prepared = c.prepare(ts.sqlite_sql[k]);
    if (!prepared) return fail(out, std::move(prepared).error(), ts);
    sqlite3_stmt* st = *prepared;
    if (auto b = bind_params(c, st, req.params); !b) return fail(out, std::move(b).error(), ts);
    const int ncols = sqlite3_column_count(st);
    const bool collect = last && ncols > 0 && ts.returns_rows;
    sqlite3_stmt* capture = nullptr;
    if (k < ts.capture_into.size() && !ts.capture_into[k].empty()) {
      auto c_st = prepare_capture(c, ts.capture_into[k], ncols);
      if (!c_st) return fail(out, std::move(c_st).error(), ts);
      capture = *c_st;
    }
    if (collect) {
      out.columns = resolve_columns(st, ts);
      out.formats.resize(ncols);
      for (int i = 0; i < ncols; ++i) out.formats[i] = result_format(req.result_formats, i);
    }
    const int64_t before = sqlite3_total_changes64(c.handle());
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      if (capture != nullptr) {
        if (auto r = capture_row(c, st, capture, ncols); !r) {
          sqlite3_reset(st);
          return fail(out, std::move(r).error(), ts);
        }
      }
      if (!collect) continue;
      protocol::DataRowWriter w(out.rows);
      w.begin(static_cast<int16_t>(ncols));
      for (int i = 0; i < ncols; ++i) {
        if (sqlite3_column_type(st, i) == SQLITE_NULL) {
          w.add_null();
          continue;
        }
        const auto& col = out.columns[i];
        auto v = column_view(st, i);
        w.start_value();
        auto r = out.formats[i] == 1
                     ? protocol::append_binary(w.buffer(), v, col.type.oid, col.type.typmod, req.format)
                     : protocol::append_text(w.buffer(), v, col.type.oid, col.type.typmod, req.format);
        if (!r) {
          sqlite3_reset(st);
          return fail(out, std::move(r).error(), ts);
        }
        w.finish_value();
      }
      w.end();
      ++out.row_count;
      if (req.keep_row_bounds) out.row_ends.push_back(out.rows.size());
    }
    if (rc != SQLITE_DONE) {
      PgError e = c.last_error();
      sqlite3_reset(st);
      return fail(out, std::move(e), ts);
    }
    // PostgreSQL's count is the rows the statement itself changed: not the rows a cascade or
    // trigger changed (sqlite3_changes, unlike the total-changes delta, excludes those).
    changes = sqlite3_total_changes64(c.handle()) != before ? sqlite3_changes64(c.handle()) : 0;
    sqlite3_reset(st);
  }
  out.command_tag = complete_tag(ts, out.row_count, changes);
  if (!ts.generated_key_counter.empty() && changes > 0) {
    remember_sequence_value(ts.generated_key_counter, sqlite3_last_insert_rowid(c.handle()));
  }
  // Inside the statement's transaction: a rollback would have removed them as well.
  for (const auto& t : ts.temp_tables) {
    (void)c.exec(("DROP TABLE IF EXISTS temp.\"" + t + "\"").c_str());
  }
  return true;
}

protocol::Result<std::vector<ResultColumn>> describe_statement(Connection& c,
                                                               const TranslatedStatement& ts) {
  if (!ts.returns_rows || ts.sqlite_sql.empty()) return ts.columns;
  bool complete = true;
  for (const auto& col : ts.columns) complete = complete && col.type.oid != 0 && !col.name.empty();
  if (complete && !ts.columns.empty()) return ts.columns;
  LITEWIRE_TRY_ASSIGN(st, c.prepare(ts.sqlite_sql.back()));
  return resolve_columns(st, ts);
}

}  // namespace litewire::sqlite
