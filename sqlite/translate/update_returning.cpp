// RETURNING of UPDATE ... FROM and DELETE ... USING naming columns of the joined items.
// SQLite's RETURNING sees only the target table, so the joined rows are first stored in a
// temporary table keyed by the target's rowid (same FROM/USING, same WHERE, before the change,
// as PostgreSQL's join reads them), and RETURNING reads each joined column from there with a
// scalar subquery on the changed row's rowid.

#include "sqlite/translate/translator_impl.h"

namespace litewire::sqlite {

Result<Scope> Translator::joined_returning_scope(const Scope& scope, const std::string& with,
                                                      const TableInfo& table,
                                                      const std::string& alias,
                                                      const std::string& from,
                                                      const std::string& where,
                                                      TranslatedStatement& out) {
  const std::string name = "_litewire_update_from_" + std::to_string(temp_tables_.size() + 1);
  const std::string snapshot = quote_ident(name);
  temp_tables_.push_back(name);
  const std::string target = quote_ident(table.name);
  std::string columns = (alias.empty() ? target : quote_ident(alias)) + ".rowid AS \"__rid\"";
  Scope ret = scope;
  int n = 0;
  for (size_t k = 1; k < ret.items.size(); ++k) {
    RangeItem& item = ret.items[k];
    if (!item.columns_known) return unsupported("RETURNING with a catalog relation in UPDATE ... FROM");
    std::vector<std::string> column_sql;
    for (size_t j = 0; j < item.columns.size(); ++j) {
      const std::string source = item.column_sql.empty()
                                     ? quote_ident(item.ref_name) + "." + quote_ident(item.columns[j].name)
                                     : item.column_sql[j];
      const std::string c = quote_ident("c" + std::to_string(++n));
      columns += ", " + source + " AS " + c;
      column_sql.push_back("(SELECT " + c + " FROM temp." + snapshot + " WHERE \"__rid\" = " +
                           target + ".rowid LIMIT 1)");
    }
    item.column_sql = std::move(column_sql);
  }
  out.sqlite_sql.push_back("DROP TABLE IF EXISTS temp." + snapshot);
  out.sqlite_sql.push_back("CREATE TEMP TABLE " + snapshot + " AS " + with + "SELECT " + columns +
                           " FROM " + target + (alias.empty() ? "" : " AS " + quote_ident(alias)) +
                           ", " + from + (where.empty() ? "" : " WHERE " + where));
  return ret;
}

}  // namespace litewire::sqlite
