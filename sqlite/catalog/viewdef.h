#pragma once
// pg_get_viewdef's text for simple views, printed the way PostgreSQL 15's ruleutils.c prints
// them (sqlite/README.md, catalog "Functions").

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "sqlite/schema.h"

namespace litewire::sqlite::catalog {

// `select_sql` is the SELECT of a view as litewire stores it (the translator's SQLite text,
// which PostgreSQL's grammar also reads). Returns PostgreSQL's definition, pretty
// (pg_get_viewdef(v, true): no redundant parentheses) or not, or nullopt when the query holds
// anything this printer does not know: it handles plain tables (optionally aliased), comma
// lists and [LEFT] JOIN ... ON, plain column targets, and conditions made of comparisons of a
// column with a constant or with a column of the same type, IS [NOT] NULL, AND and OR.
// `quote` is PostgreSQL's quote_ident.
std::optional<std::string> postgres_viewdef(
    const std::string& select_sql, const Schema& schema, bool pretty,
    const std::function<std::string(std::string_view)>& quote);

}  // namespace litewire::sqlite::catalog
