#pragma once
// The translator proper: one Translator object per translate() call, whose methods live in one
// file per statement family (select.cpp, insert.cpp, update.cpp, delete.cpp, ddl.cpp, expr.cpp,
// types.cpp, transaction.cpp, session.cpp, copy.cpp, utility.cpp), as DuckDB's transformer does.
// Internal to sqlite/translate: callers use translate() in translator.h.
//
// Lifetime: a Translator borrows the SQL text, the schema and the parse tree for the duration of
// one translate() call. It keeps a private copy of the schema once a statement of the query
// string changes it (CREATE TABLE t ...; INSERT INTO t ...: the second statement is translated
// before the first runs).

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/pg_error.h"
#include "sqlite/schema.h"
#include "sqlite/translate/json_tree.h"
#include "sqlite/translate/plan.h"
#include "sqlite/translate/translator.h"

namespace litewire::sqlite {

using protocol::PgError;
using protocol::Result;

// One translated expression.
struct Expr {
  std::string sql;          // SQLite expression text
  PgType type;              // oid 0: unknown (an untyped string literal, NULL or untyped $n)
  std::string name;         // PostgreSQL's output column name for it; empty: "?column?"
  int32_t table_oid = 0;    // set for a plain column reference
  int16_t column_number = 0;
  int param = 0;            // n when the expression is a bare $n
  bool is_literal = false;  // an untyped string literal or NULL; `literal` holds the text
  bool is_null = false;
  std::string literal;
  bool is_aggregate = false;
  // How sure PostgreSQL's FigureColname is of `name`: 2 for column/function names, 1 for
  // fallbacks ("case", a cast's type name), 0 for none.
  int name_strength = 0;
  // numeric display scale when known (literal digits, numeric(p,s) columns, +,-,* rules);
  // -1 unknown. Output columns with a known scale are rendered with it (pg_numeric_scale).
  int scale = -1;
  // A whole-row reference (to_json(t) FROM t) or ROW(...): its fields, which the json functions
  // render as an object (json_ops.cpp); anywhere else a record value is not supported.
  struct Field {
    std::string name;
    std::string sql;
    PgType type;
    int scale = -1;
  };
  std::vector<Field> fields;
};

struct TableSql;  // ddl.cpp: a CREATE TABLE text split into its elements

// A relation visible in a FROM clause.
struct RangeItem {
  std::string ref_name;                // what columns are qualified with: alias or table name
  const TableInfo* table = nullptr;    // for base tables
  std::vector<ResultColumn> columns;   // visible columns, in order
  bool columns_known = true;           // false for relations we cannot see (catalog views)
  // How emitted SQL qualifies this item's columns when not by ref_name: "" = unqualified
  // (index expressions allow no "."; RETURNING knows only the table's own name).
  std::optional<std::string> emit_as;
  // A single-row LATERAL subquery is not joined: each of its columns is this correlated
  // expression instead (parallel to `columns`).
  std::vector<std::string> column_sql;
  // A function in FROM returning a scalar (one column, no ORDINALITY): a bare reference to the
  // item's name is that column (PostgreSQL's whole-row value of a scalar function).
  bool scalar_function = false;
};

// What `*` expands to: the SQLite expression and the PostgreSQL column.
struct StarColumn {
  std::string sql;
  ResultColumn column;
};

struct Scope {
  std::vector<RangeItem> items;
  // Columns merged by JOIN USING / NATURAL JOIN: an unqualified reference means the merged
  // column (COALESCE of both sides for FULL JOIN), not an ambiguous one.
  std::map<std::string, StarColumn, std::less<>> merged;
  std::vector<StarColumn> star;
  bool star_known = true;
  const Scope* parent = nullptr;
};

// A translated query expression (SELECT, VALUES, set operation).
struct Query {
  std::string sql;
  std::vector<ResultColumn> columns;
};

// Column references of a SELECT's target list made outside aggregates, checked against its
// GROUP BY (PostgreSQL's 42803 "must appear in the GROUP BY clause").
struct GroupCheck {
  struct Ref {
    const RangeItem* item;
    std::string column;
    int location;
    int target;  // index in the target list
  };
  const Scope* scope = nullptr;
  int target = -1;
  std::vector<Ref> refs;
};

// SQL giving the text output of a regclass/regtype/regnamespace value held as an OID.
std::string reg_name_sql(int32_t reg_type, const std::string& sql);
// SQL reading a name or OID (text) as a regclass/regtype value: 42P01/42704 when it names nothing.
std::string reg_input_sql(int32_t reg_type, const std::string& sql);

class Translator {
 public:
  Translator(std::string_view sql, const Schema& schema, const TranslateOptions& options);
  Result<Plan> run();

  // PostgreSQL's max_stack_depth check, here: the translator recurses once per level of
  // expression or subquery nesting, so it measures the stack it has used since run() began and
  // answers 54001 beyond kStackBudget instead of overflowing the thread's stack.
  // 2 MB, PostgreSQL's default max_stack_depth; threads have 8 MB. AddressSanitizer makes
  // frames several times larger (one expression level: ~58 KB), so its builds get more room.
#if defined(__SANITIZE_ADDRESS__)
  static constexpr size_t kStackBudget = 6u << 20;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
  static constexpr size_t kStackBudget = 6u << 20;
#else
  static constexpr size_t kStackBudget = 2u << 20;
#endif
#else
  static constexpr size_t kStackBudget = 2u << 20;
#endif
  Result<void> check_stack_depth() const;

  // ---- translator.cpp: dispatch and shared helpers
  Result<TranslatedStatement> statement(const tree::Value& stmt, int location);
  PgError error_at(protocol::SqlState code, std::string message, int byte_location) const;
  PgError unsupported(std::string construct, int byte_location = -1) const;
  const Schema& schema() const { return schema_copy_ ? *schema_copy_ : base_; }
  Schema& mutable_schema();
  const TableInfo* find_table(const tree::Object* range_var) const;
  Result<const TableInfo*> require_table(const tree::Object* range_var) const;
  void notice(std::string text);

  // ---- select.cpp
  Result<void> select_statement(const tree::Object* stmt, TranslatedStatement& out);
  Result<Query> query(const tree::Object* select_stmt);
  Result<Query> simple_select(const tree::Object* stmt);
  // srf.cpp: unnest()/generate_subscripts() at the top of a SELECT's target list. Returns the
  // FROM item that produces their rows ("" when there are none) and records each call's
  // per-row expression in srf_results_ for func_call.
  Result<std::string> target_list_srfs(const tree::Array* targets);
  // Whether the target list holds generate_subscripts or _pg_expandarray (srf_catalog.cpp).
  bool catalog_target_srfs(const tree::Array* targets);
  Result<Query> values_query(const tree::Object* stmt);
  // set_operations.cpp: INTERSECT ALL / EXCEPT ALL (`op` " INTERSECT " or " EXCEPT ") over
  // the two arms' SQLite text, with multiset semantics.
  static std::string multiset_operation(std::string_view op, const std::string& left,
                                        const std::string& right,
                                        const std::vector<ResultColumn>& columns);
  Result<std::string> with_clause(const tree::Object* with);
  // dml_cte.cpp: INSERT/UPDATE/DELETE in WITH. data_modifying_cte queues the CTE's statement
  // (pre_statements_) and returns its definition for the WITH text ("" without RETURNING);
  // check_dml_cte_snapshot refuses statements that would see the CTE's changes.
  Result<std::string> data_modifying_cte(const tree::Object* cte, tree::Node q,
                                         const std::vector<std::string>& aliases,
                                         const std::string& earlier_ctes);
  Result<void> check_dml_cte_snapshot(const tree::Object* stmt);
  // One level of WITH-name visibility: pushed for a statement's own CTEs, popped when the
  // statement's translation ends, however it ends.
  class CteScope {
   public:
    explicit CteScope(Translator& t) : t_(t) { t_.ctes_.emplace_back(); }
    ~CteScope() { t_.ctes_.pop_back(); }
    CteScope(const CteScope&) = delete;
    CteScope& operator=(const CteScope&) = delete;

   private:
    Translator& t_;
  };
  // The statement's WITH clause as SQLite text ("" without one); its names become visible in
  // the innermost CteScope.
  Result<std::string> statement_with(const tree::Object* stmt);
  Result<std::string> from_clause(const tree::Array* from, Scope& scope);
  // srf.cpp: set-returning functions in a SELECT list. rewrite_select_list_srfs returns `stmt`
  // itself or a copy whose target list refers to the SRF item; select_list_srf_items adds that
  // item to the copy's FROM once its scope is built.
  static bool set_returning_function(std::string_view name);
  Result<const tree::Object*> rewrite_select_list_srfs(const tree::Object* stmt);
  // advisory.cpp: `SELECT pg_advisory_lock(...)` and its family as a session command; false
  // when the statement is not of that shape.
  static bool advisory_function(std::string_view name);
  Result<bool> advisory_lock_statement(const tree::Object* stmt, TranslatedStatement& out);
  // grouping_sets.cpp: GROUP BY GROUPING SETS / ROLLUP / CUBE as a UNION ALL of grouped copies.
  static bool has_grouping_sets(const tree::Object* stmt);
  // 1: the NULL of a grouping expression outside the current set, 2: grouping()'s mask; else 0.
  static int grouping_internal_call(const tree::Object* func_call);
  Result<Query> grouping_sets_query(const tree::Object* stmt);
  Result<const tree::Object*> grouped_srf_select(const tree::Object* stmt, int location);
  Result<void> select_list_srf_items(const tree::Object* stmt, Scope& scope, std::string& from);
  // pg_regexp_matches(...) or pg_regexp_split_to_table(...) over the arguments: a JSON array of
  // the rows (text[] matches or text pieces).
  Result<std::string> regexp_srf_source(const std::string& name, std::vector<Expr>& args,
                                        int location);
  Result<std::string> from_item(const tree::Value& item, Scope& scope,
                                std::vector<StarColumn>& star);
  Result<std::string> target_list(const tree::Array* targets, const Scope& scope,
                                  std::vector<ResultColumn>& columns, bool returning = false,
                                  std::vector<std::string>* exprs = nullptr);
  std::string targets_for_distinct_on(const std::vector<std::string>& target_sql);
  Result<std::string> distinct_on_query(const tree::Object* stmt, const tree::Array* distinct_on,
                                        std::string inner, const std::vector<ResultColumn>& cols,
                                        const std::vector<std::string>& target_sql);
  Result<std::string> sort_clause(const tree::Array* sort, const std::vector<ResultColumn>& cols);
  // ORDER BY and LIMIT of a statement whose ORDER BY sees only its output columns `cols` (set
  // operations, VALUES, grouping sets).
  Result<std::string> output_order_limit(const tree::Object* stmt, const std::vector<ResultColumn>& cols);
  Result<std::string> limit_clause(const tree::Object* stmt);
  Result<std::string> window_def(const tree::Object* def, bool in_window_clause = false);
  Result<std::string> locking_clause(const tree::Array* locking);

  // ---- insert.cpp / update.cpp / delete.cpp
  Result<void> insert_statement(const tree::Object* stmt, TranslatedStatement& out);
  // upsert_check.cpp: a statement failing with 21000 when two of the proposed rows of an
  // INSERT ... ON CONFLICT DO UPDATE have the same conflict key; nullopt when it cannot be
  // checked without evaluating the rows twice.
  std::optional<std::string> upsert_twice_check(const std::string& with, const std::string& source_sql,
                                                const std::vector<const ColumnInfo*>& targets,
                                                const tree::Object* infer_clause) const;
  Result<void> update_statement(const tree::Object* stmt, TranslatedStatement& out);
  // update_returning.cpp: the scope RETURNING of UPDATE ... FROM / DELETE ... USING sees: the
  // joined items' columns read from a snapshot of the joined rows taken before the change
  // (statements added to out).
  Result<Scope> joined_returning_scope(const Scope& scope, const std::string& with,
                                            const TableInfo& table, const std::string& alias,
                                            const std::string& from, const std::string& where,
                                            TranslatedStatement& out);
  Result<void> delete_statement(const tree::Object* stmt, TranslatedStatement& out);
  Result<std::string> returning_clause(const tree::Array* returning, const Scope& scope,
                                       TranslatedStatement& out);
  // Wraps `e` so the stored value follows the storage contract for `column`'s type.
  // `stored`: the value is written to the column now (not a DEFAULT clause's text).
  Result<std::string> coerce_to_column(Expr e, const ColumnInfo& column, bool stored = true);

  // ---- ddl.cpp
  Result<void> create_table(const tree::Object* stmt, TranslatedStatement& out);
  Result<void> drop_statement(const tree::Object* stmt, TranslatedStatement& out);
  Result<void> create_index(const tree::Object* stmt, TranslatedStatement& out);
  Result<void> alter_table(const tree::Object* stmt, TranslatedStatement& out);
  Result<bool> drop_constraint_element(TableSql& ts, const std::string& name);
  Result<void> rename_statement(const tree::Object* stmt, TranslatedStatement& out);
  Result<void> truncate_statement(const tree::Object* stmt, TranslatedStatement& out);
  Result<void> create_view(const tree::Object* stmt, TranslatedStatement& out);
  Result<void> create_enum(const tree::Object* stmt, TranslatedStatement& out);
  Result<void> alter_enum(const tree::Object* stmt, TranslatedStatement& out);
  static std::string enums_table();
  // The enum a type OID names, or nullptr.
  const EnumInfo* find_enum(int32_t type_oid) const;
  // pg_enum_ord(expr, labels...): the label's position, for ordering comparisons.
  std::string enum_ordinal(const std::string& sql, const EnumInfo& e) const;
  Result<void> create_sequence(const tree::Object* stmt, TranslatedStatement& out);
  Result<void> alter_sequence(const tree::Object* stmt, TranslatedStatement& out);
  static void bump_schema_version(TranslatedStatement& out);
  // `type`: the sequence's data type unless an AS option names one (an identity column's type).
  Result<void> sequence_options(const tree::Array* options, SequenceInfo& seq, bool altering,
                                std::optional<int64_t>& restart, int32_t type = 20 /* int8 */);
  static std::string sequence_info_json(const SequenceInfo& seq);
  void move_owned_sequences(const std::string& table, const std::string& column,
                            const std::string& new_table, const std::string& new_column,
                            TranslatedStatement& out);
  Result<void> change_sequence(const SequenceInfo& old, SequenceInfo seq,
                               std::optional<int64_t> restart, int location,
                               TranslatedStatement& out);
  // select.cpp: the common type of a set operation's column (select_common_type).
  Result<PgType> set_operation_type(std::string_view op, PgType left, PgType right,
                                    int location) const;
  // pg_nextval(counter, increment, min, max, cycle, name): the next value of `seq`.
  static std::string nextval_sql(const SequenceInfo& seq);
  // 428C9 unless `col` may be given a value other than DEFAULT (GENERATED ALWAYS AS IDENTITY).
  static Result<void> check_identity_assignment(const ColumnInfo& col, bool update);
  std::string update_default(const TableInfo& t, const ColumnInfo& c) const;  // update.cpp
  std::vector<std::string> sequence_ddl(const SequenceInfo& seq);

  // ---- expr.cpp
  Result<Expr> expr(const tree::Value& v);
  Result<Expr> expr(const tree::Value* v);
  Result<Expr> column_ref(const tree::Object* ref);
  Result<Expr> a_const(const tree::Object* c);
  Result<Expr> a_expr(const tree::Object* e);
  Result<Expr> func_call(const tree::Object* f);
  Result<Expr> type_cast(const tree::Object* c);
  Result<Expr> sub_link(const tree::Object* s);
  Result<Expr> sql_value_function(const tree::Object* f);
  Result<Expr> comparison(std::string_view op, Expr l, Expr r, int location);
  Result<Expr> arithmetic(std::string_view op, Expr l, Expr r, int location);
  Result<Expr> datetime_arithmetic(std::string_view op, Expr l, Expr r, int location);
  // Gives an untyped parameter or literal the type its context implies.
  void infer(Expr& e, const PgType& type);
  // `e` converted to `type` with PostgreSQL's cast semantics (pg_cast() unless trivially equal).
  Result<Expr> cast(Expr e, const PgType& type, int location);
  // int4('5'), float8(x), ...: type-named conversion functions as CAST (own frame: keeps
  // function_call's stack frame small for deeply nested expressions).
  Result<Expr> function_style_cast(const std::string& name, Expr arg, int location);
  Result<Expr> param_ref(int number, int location);

  // ORDER BY of an aggregate call as pg_ordered_agg's trailing arguments
  // (", key, descending, nulls_first" per sort key).
  Result<std::string> agg_order_keys(const tree::Array* agg_order);

  // ---- json_ops.cpp: json/jsonb and array functions and operators
  PgError undefined_operator(std::string_view op, const Expr& l, const Expr& r, int location) const;
  PgError undefined_function(std::string_view name, const std::vector<Expr>& args,
                             int location) const;
  // 42P10 for `AS t(a, b, c)` naming more columns than the FROM item has.
  PgError too_many_column_aliases(const std::string& ref_name, size_t available, size_t given,
                                  int location) const;
  // Gives an untyped `e` the type (a literal is cast); false when `e` has another type.
  Result<bool> coerce_to(Expr& e, const PgType& type, int location);
  // "value, type_oid": the arguments pg_to_json and pg_json_build take for one value.
  std::string json_value_args(Expr e);
  // The json/jsonb/array operators (->, ->>, #>, #>>, @>, <@, &&, || and - on jsonb, #-);
  // std::nullopt when `op` on these operand types is not one of them.
  Result<std::optional<Expr>> json_operator(std::string_view op, Expr& l, Expr& r, int location);
  // a[lower:upper] (A_Indices with is_slice).
  Result<Expr> array_slice(Expr arg, const tree::Object* indices, int location);
  // json builders, to_json(b), json aggregates, jsonb_set/insert/strip_nulls/pretty,
  // array_positions/remove/replace; std::nullopt for other names. `call` is the FuncCall
  // (aggregate ORDER BY, DISTINCT, FILTER).
  Result<std::optional<Expr>> json_function(const std::string& name, std::vector<Expr>& args,
                                            const tree::Object* call, int location);
  // THE entry point for set-returning functions as FROM items: the json ones
  // (json(b)_array_elements[_text], json(b)_each[_text], json(b)_object_keys) and unnest of one
  // array; is_table_function() tells them apart. Given the function's translated arguments,
  // the alias and column aliases and WITH ORDINALITY, returns the SQLite FROM item, a
  // table-valued function ("pg_json_each(<doc>, <mode>) AS <alias>", "json_each(<array>) AS
  // <alias>"), so its argument may refer to FROM items to its left (LATERAL), and fills `item`
  // with PostgreSQL's columns (names, types) and, per column, the SQL that reads it
  // (item.column_sql). Callers add `item` to their Scope. A set-returning function in a select
  // list can be rewritten into such a FROM item joined to the query's FROM.
  Result<std::string> table_function(const std::string& name, std::vector<Expr>& args,
                                     const std::string& alias,
                                     const std::vector<std::string>& colnames, bool ordinality,
                                     RangeItem& item, int location);
  Result<std::string> unnest_function(std::vector<Expr>& args, const std::string& alias,
                                      const std::vector<std::string>& colnames, bool ordinality,
                                      RangeItem& item, int location);
  // json(b)_to_record[set](doc) AS x(col type, ...): one row per object, columns read from it.
  Result<std::string> record_function(const std::string& name, std::vector<Expr>& args,
                                      const std::string& alias,
                                      const std::vector<std::pair<std::string, PgType>>& columns,
                                      RangeItem& item, int location);
  // A RangeFunction in FROM that table_function() or record_function() handles: translates its arguments with the
  // earlier FROM items visible and adds the item to `scope`; std::nullopt for other functions.
  Result<std::optional<std::string>> range_table_function(const tree::Object* range_function,
                                                          const std::string& alias,
                                                          const std::vector<std::string>& colnames,
                                                          Scope& scope, std::vector<StarColumn>& star);

  // ---- types.cpp
  // Resolves a TypeName node; `serial` is set for serial/bigserial/smallserial.
  Result<std::string> interval_time_zone(const tree::Object* cast);
  Result<PgType> type_name(const tree::Object* tn, bool* serial = nullptr);

  // ---- transaction.cpp / session.cpp / copy.cpp / utility.cpp
  Result<void> transaction_statement(const tree::Object* stmt, TranslatedStatement& out);
  Result<void> variable_set(const tree::Object* stmt, TranslatedStatement& out);
  Result<void> variable_show(const tree::Object* stmt, TranslatedStatement& out);
  Result<void> discard_statement(const tree::Object* stmt, TranslatedStatement& out);
  Result<void> copy_statement(const tree::Object* stmt, TranslatedStatement& out);
  Result<void> utility_statement(tree::Node n, TranslatedStatement& out);
  // prepare.cpp: SQL-level PREPARE and EXECUTE (the session keeps the statements).
  Result<void> prepare_statement(const tree::Object* stmt, TranslatedStatement& out);
  Result<void> execute_statement(const tree::Object* stmt, TranslatedStatement& out);
  // explain_schema.cpp
  Result<void> explain_statement(const tree::Object* stmt, TranslatedStatement& out);
  Result<void> create_schema(const tree::Object* stmt, TranslatedStatement& out);
  Result<void> drop_schema(const tree::Object* stmt, TranslatedStatement& out);

 private:
  // The parse tree's memory: one arena, freed at once with the translator (Boost.JSON's
  // per-node allocations and frees were a third of a point query's translation). Declared
  // first, so it outlives every tree copy the members below keep.
  std::unique_ptr<boost::json::monotonic_resource> tree_arena_ =
      std::make_unique<boost::json::monotonic_resource>(16384);
  const char* stack_base_ = nullptr;  // an address in run()'s frame
  std::string_view sql_;
  const Schema& base_;
  std::optional<Schema> schema_copy_;
  TranslateOptions options_;

  // Per statement.
  std::vector<PgType> params_;
  const Scope* scope_ = nullptr;
  std::vector<std::map<std::string, std::vector<ResultColumn>, std::less<>>> ctes_;
  bool writes_ = false;
  int aggregates_seen_ = 0;  // aggregate calls translated so far (WHERE must not add any)
  int last_aggregate_location_ = -1;
  bool lateral_left_join_ = false;  // translating the right side of a LEFT JOIN
  int agg_depth_ = 0;                // > 0 inside an aggregate call's arguments
  bool record_args_ = false;         // translating arguments of a json function that takes records
  GroupCheck* group_check_ = nullptr;
  std::map<const tree::Object*, Expr> srf_results_;  // target-list SRF calls (srf.cpp)
  // The statement's own SELECT (not a subquery, CTE or set-operation arm): its regclass
  // output columns are sent as relation names, as PostgreSQL's regclassout prints them.
  const tree::Object* outermost_select_ = nullptr;
  bool regclass_names_ = false;  // read (and cleared) by the next target_list()
  int srf_items_ = 0;                                // FROM items made for them
  bool touches_catalog_ = false;
  std::vector<std::string> notices_;
  int32_t next_oid_hint_ = 0;
  // srf.cpp: rewritten SELECT statements (owned here for the translation's lifetime) and the
  // SRF calls taken out of their target lists.
  std::vector<std::unique_ptr<tree::Value>> owned_trees_;
  std::map<const tree::Object*, std::vector<tree::Value>> srf_calls_;
  // dml_cte.cpp, per statement: statements that run before the main one, each with the temp
  // table receiving its rows ("" for none); tables the CTEs change; CTEs without RETURNING.
  struct PreStatement {
    std::string sql;
    std::string capture_into;
  };
  std::vector<PreStatement> pre_statements_;
  std::vector<std::string> temp_tables_;  // TranslatedStatement::temp_tables
  std::vector<std::string> dml_cte_targets_;
  std::vector<std::string> no_returning_ctes_;
  std::string_view top_statement_type_;
  int statement_length_ = 0;  // the raw statement's length in sql_ (0: to the end)

  friend class ScopeGuard;
};

// Makes `scope` the innermost name scope for the guard's lifetime.
class ScopeGuard {
 public:
  ScopeGuard(Translator& t, Scope& scope) : t_(t), saved_(t.scope_) {
    scope.parent = saved_;
    t_.scope_ = &scope;
  }
  ~ScopeGuard() { t_.scope_ = saved_; }
  ScopeGuard(const ScopeGuard&) = delete;
  ScopeGuard& operator=(const ScopeGuard&) = delete;

 private:
  Translator& t_;
  const Scope* saved_;
};

// ---- sql_text helpers (translator.cpp)
std::string quote_ident(std::string_view name);    // "name" with "" doubled
std::string quote_literal(std::string_view text);  // 'text' with '' doubled
std::string lower_ascii(std::string_view s);

// ---- transaction.cpp: transaction_isolation / transaction_read_only / transaction_deferrable
// DefElems of BEGIN, START TRANSACTION, SET TRANSACTION and SET SESSION CHARACTERISTICS.
void read_transaction_options(const tree::Array* options, TxnCommand& txn);

// ---- type helpers (types.cpp)
// PostgreSQL typmod encodings.
int32_t varchar_typmod(int32_t length);
int32_t numeric_typmod(int32_t precision, int32_t scale);
// The display scale a value of `type` has on its own (numeric(p,s): s; integers: 0; else -1).
int scale_of_type(const PgType& type);
// The declared SQLite column type for a PostgreSQL type ("INT4", "VARCHAR(10)", "_INT4").
std::string declared_type_for(const PgType& type, const Schema& schema);
// The PostgreSQL type of a declared SQLite column type (the inverse of declared_type_for; plain
// SQLite declarations map by affinity).
PgType pg_type_for_declared(std::string_view declared, const Schema* schema);
// pg_type.typname of a type ("int4", "_int4"), or "" when unknown.
std::string type_name_of(int32_t oid);
// format_type() spelling ("integer", "character varying"), for error messages.
std::string sql_type_name_of(int32_t oid);
bool is_integer_type(int32_t oid);   // int2, int4, int8, oid
bool is_numeric_type(int32_t oid);   // integer types, float4/8, numeric
PgType widen_numeric(PgType current, PgType next);  // numeric common type of two inputs
bool is_text_type(int32_t oid);      // text, varchar, bpchar, name, unknown
bool aggregate_function(const std::string& name);  // count, sum, ... (expr.cpp)
int32_t array_of(int32_t element_oid);
// unnest, json(b)_array_elements[_text], json(b)_each[_text], json(b)_object_keys: the
// set-returning functions Translator::table_function makes FROM items of (json_ops.cpp).
bool is_table_function(std::string_view name);
// to_json, json_agg, json_build_object, ... : json functions whose arguments may be records
// (whole-row references; json_ops.cpp).
bool json_takes_records(std::string_view name);
// An ORDER BY key for a value of the type: jsonb sorts in jsonb's order (the pg_jsonb
// collation), other types as they are.
std::string jsonb_sort_key(std::string sql, int32_t type_oid);
// A computed numeric (avg, numeric division, round, a CASE over them, ...) may be TEXT digits
// that keep PostgreSQL's display scale; SQLite orders TEXT after every number and bytewise.
// Stored columns (INTEGER/REAL by the storage contract) and number literals never are.
bool numeric_may_be_text(const Expr& e);
// The SQL to compare `e` with: pg_numeric_key(...) (a number again) where numeric_may_be_text.
std::string numeric_compare_sql(const Expr& e);
int32_t element_of(int32_t array_oid);
// element_of, plus int2vector -> int2 and oidvector -> oid (catalog vectors behave as arrays
// in ANY and unnest, subscripted from 0).
int32_t vector_element_of(int32_t array_oid);

}  // namespace litewire::sqlite
