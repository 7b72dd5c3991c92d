// INSERT ... ON CONFLICT DO UPDATE affecting one row twice. PostgreSQL fails the statement
// (21000) when two proposed rows have the same conflict key: the second would update the row
// the first inserted or updated. SQLite's upsert silently updates it again, so the proposed rows
// are checked first, grouped by the conflict key columns.

#include "sqlite/translate/translator_impl.h"

namespace litewire::sqlite {

std::optional<std::string> Translator::upsert_twice_check(
    const std::string& with, const std::string& source_sql,
    const std::vector<const ColumnInfo*>& targets, const tree::Object* infer_clause) const {
  // Rows with volatile values (sequences, random) would differ between the check and the
  // insert.
  for (const char* f : {"pg_nextval", "pg_random", "random(", "gen_random_uuid", "pg_setval"}) {
    if (source_sql.find(f) != std::string::npos) return std::nullopt;
  }
  std::vector<std::string> keys;
  std::string_view conname = tree::string_field(infer_clause, "conname");
  if (!conname.empty()) {
    auto it = schema().indexes.find(conname);
    if (it == schema().indexes.end()) return std::nullopt;
    keys = it->second.columns;
  } else {
    const tree::Array* elems = tree::list_field(infer_clause, "indexElems");
    for (size_t i = 0; i < tree::list_size(elems); ++i) {
      std::string_view name = tree::string_field(tree::node(elems->at(i)).body, "name");
      if (name.empty()) return std::nullopt;  // an expression key
      keys.emplace_back(name);
    }
  }
  if (keys.empty()) return std::nullopt;
  std::string names, group, not_null;
  for (size_t i = 0; i < targets.size(); ++i) {
    names += (i ? ", " : "") + quote_ident("__c" + std::to_string(i + 1));
  }
  for (const auto& key : keys) {
    size_t pos = targets.size();
    for (size_t i = 0; i < targets.size(); ++i) {
      if (targets[i]->name == key) pos = i;
    }
    // A key column the INSERT does not name takes its default (serial keys: distinct values).
    if (pos == targets.size()) return std::nullopt;
    const std::string c = quote_ident("__c" + std::to_string(pos + 1));
    group += (group.empty() ? "" : ", ") + c;
    not_null += (not_null.empty() ? "" : " AND ") + c + " IS NOT NULL";
  }
  // The source may use the statement's own WITH queries: the check shares that WITH.
  std::string prefix = with.empty() ? "WITH " : with.substr(0, with.find_last_not_of(' ') + 1) + ", ";
  return prefix + "\"__proposed\"(" + names + ") AS (" + source_sql +
         ") SELECT pg_raise('21000', 'ON CONFLICT DO UPDATE command cannot affect row a second time', '') "
         "FROM \"__proposed\" WHERE " + not_null + " GROUP BY " + group + " HAVING count(*) > 1 LIMIT 1";
}

}  // namespace litewire::sqlite
