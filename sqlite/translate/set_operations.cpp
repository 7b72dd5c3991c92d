// INTERSECT ALL and EXCEPT ALL. SQLite's INTERSECT and EXCEPT remove duplicates; PostgreSQL's
// ALL forms keep min(m, n) resp. max(m - n, 0) copies of a row that occurs m times on the left
// and n times on the right. Numbering the copies of each distinct row on both sides
// (row_number() over a partition by every column) makes every copy distinct: copy k of a row
// survives INTERSECT when both sides have at least k copies, and EXCEPT when only the left has.

#include "sqlite/translate/translator_impl.h"

namespace litewire::sqlite {

std::string Translator::multiset_operation(std::string_view op, const std::string& left,
                                           const std::string& right,
                                           const std::vector<ResultColumn>& columns) {
  // Positional names through CTE column lists: the arms' own column names may repeat.
  std::string names;
  for (size_t i = 0; i < columns.size(); ++i) {
    names += (i ? ", " : "") + quote_ident("c" + std::to_string(i + 1));
  }
  auto numbered = [&](const char* arm) {
    return "SELECT " + names + ", row_number() OVER (PARTITION BY " + names + ") FROM " +
           quote_ident(arm);
  };
  std::string out_list;
  for (size_t i = 0; i < columns.size(); ++i) {
    out_list += (i ? ", " : "") + quote_ident("c" + std::to_string(i + 1)) + " AS " +
                quote_ident(columns[i].name);
  }
  // The WITH lives inside a subquery, so an enclosing statement's WITH and ORDER BY/LIMIT
  // attach to the outer SELECT as for any other arm.
  return "SELECT * FROM (WITH \"__l\"(" + names + ") AS (" + left + "), \"__r\"(" + names +
         ") AS (" + right + ") SELECT " + out_list + " FROM (" + numbered("__l") +
         std::string(op) + numbered("__r") + "))";
}

}  // namespace litewire::sqlite
