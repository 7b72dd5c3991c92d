#pragma once
// libpg_query's parser, owned: the translator and the catalog's pg_get_viewdef both read SQL
// with PostgreSQL's grammar.

#include <pg_query.h>

#include <string>

namespace litewire::sqlite {

// Owns a pg_query parse result; libpg_query allocates it and only its free function releases it.
struct ParseResult {
  PgQueryParseResult r;
  explicit ParseResult(const std::string& sql) : r(pg_query_parse(sql.c_str())) {}
  ~ParseResult() { pg_query_free_parse_result(r); }
  ParseResult(const ParseResult&) = delete;
  ParseResult& operator=(const ParseResult&) = delete;
};

}  // namespace litewire::sqlite
