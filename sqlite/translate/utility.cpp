// Utility statements: VACUUM, ANALYZE, CHECKPOINT, LISTEN/NOTIFY/UNLISTEN, CREATE/DROP
// DATABASE, and the statements litewire accepts as no-ops or refuses with 0A000.

#include "sqlite/translate/translator_impl.h"

namespace litewire::sqlite {

namespace sqlstate = protocol::sqlstate;

Result<void> Translator::utility_statement(tree::Node n, TranslatedStatement& out) {
  const tree::Object* b = n.body;
  out.kind = StatementKind::kUtility;
  if (n.type == "VacuumStmt") {
    bool is_vacuum = tree::bool_field(b, "is_vacuumcmd");
    out.command_tag = is_vacuum ? "VACUUM" : "ANALYZE";
    bool analyze = !is_vacuum;
    for (size_t i = 0; i < tree::list_size(tree::list_field(b, "options")); ++i) {
      const tree::Object* d = tree::node(tree::list_field(b, "options")->at(i)).body;
      if (tree::string_field(d, "defname") == "analyze") analyze = true;
    }
    std::vector<std::string> tables;
    for (size_t i = 0; i < tree::list_size(tree::list_field(b, "rels")); ++i) {
      const tree::Object* vr = tree::node(tree::list_field(b, "rels")->at(i)).body;
      LITEWIRE_TRY_ASSIGN(t, require_table(tree::object_field(vr, "relation")));
      tables.push_back(t->name);
    }
    // VACUUM of the whole file cannot run inside a transaction in SQLite and would rewrite a
    // shared file; PostgreSQL's VACUUM only reclaims space, so it is a no-op here. ANALYZE
    // maps onto SQLite's ANALYZE, which feeds its query planner the same way.
    if (analyze) {
      if (tables.empty()) {
        out.sqlite_sql.push_back("ANALYZE");
      } else {
        for (const auto& t : tables) out.sqlite_sql.push_back("ANALYZE " + quote_ident(t));
      }
    }
    return {};
  }
  if (n.type == "CheckPointStmt") {
    out.command_tag = "CHECKPOINT";
    return {};
  }
  if (n.type == "ListenStmt") {
    out.command_tag = "LISTEN";
    out.utility.target = std::string(tree::string_field(b, "conditionname"));
    return {};
  }
  if (n.type == "UnlistenStmt") {
    out.command_tag = "UNLISTEN";
    out.utility.target = std::string(tree::string_field(b, "conditionname"));
    return {};
  }
  if (n.type == "NotifyStmt") {
    out.command_tag = "NOTIFY";
    out.utility.target = std::string(tree::string_field(b, "conditionname"));
    out.utility.payload = std::string(tree::string_field(b, "payload"));
    return {};
  }
  if (n.type == "CreatedbStmt") {
    out.command_tag = "CREATE DATABASE";
    out.utility.target = std::string(tree::string_field(b, "dbname"));
    return {};
  }
  if (n.type == "DropdbStmt") {
    out.command_tag = "DROP DATABASE";
    out.utility.target = std::string(tree::string_field(b, "dbname"));
    out.utility.missing_ok = tree::bool_field(b, "missing_ok");
    return {};
  }
  if (n.type == "ConstraintsSetStmt") {
    // SET CONSTRAINTS ALL DEFERRED maps onto SQLite's defer_foreign_keys for the transaction;
    // IMMEDIATE turns it off (checks of already deferred rows then happen at COMMIT).
    out.kind = StatementKind::kWrite;
    out.command_tag = "SET CONSTRAINTS";
    if (tree::list_size(tree::list_field(b, "constraints")) > 0) {
      return unsupported("SET CONSTRAINTS on named constraints");
    }
    out.sqlite_sql.push_back(std::string("PRAGMA defer_foreign_keys = ") +
                             (tree::bool_field(b, "deferred") ? "ON" : "OFF"));
    return {};
  }
  if (n.type == "CommentStmt") {
    out.kind = StatementKind::kDdl;
    out.command_tag = "COMMENT";
    notice("comments are not stored");
    return {};
  }
  if (n.type == "LockStmt") {
    // All writes are serialized by the single writer: an explicit table lock only has to put
    // the transaction on the writer.
    out.kind = StatementKind::kWrite;
    out.command_tag = "LOCK TABLE";
    for (size_t i = 0; i < tree::list_size(tree::list_field(b, "relations")); ++i) {
      LITEWIRE_TRY(require_table(tree::node(tree::list_field(b, "relations")->at(i)).body));
    }
    return {};
  }
  if (n.type == "CreateSchemaStmt") return create_schema(b, out);
  if (n.type == "ExplainStmt") return explain_statement(b, out);
  if (n.type == "DeclareCursorStmt") {
    // CURSOR_OPT_* bits of PostgreSQL's parse tree: BINARY 0x1, SCROLL 0x2, NO_SCROLL 0x4,
    // HOLD 0x20.
    const int64_t options = tree::int_field(b, "options", 0);
    const tree::Value* query = tree::field(b, "query");
    if (query == nullptr) return unsupported("DECLARE without a query");
    const int location = out.location;
    LITEWIRE_TRY_ASSIGN(inner, statement(*query, location));
    if (inner.kind != StatementKind::kRead || !inner.returns_rows) {
      return error_at(sqlstate::kInvalidCursorDefinition, "cursor query must be a SELECT", -1);
    }
    out.kind = StatementKind::kCursor;
    out.command_tag = "DECLARE CURSOR";
    out.cursor.op = CursorOp::kDeclare;
    out.cursor.name = std::string(tree::string_field(b, "portalname"));
    out.cursor.binary = (options & 0x1) != 0;
    out.cursor.scroll = (options & 0x2) != 0;
    out.cursor.hold = (options & 0x20) != 0;
    out.cursor.query = std::make_shared<const TranslatedStatement>(std::move(inner));
    return {};
  }
  if (n.type == "FetchStmt") {
    out.kind = StatementKind::kCursor;
    const bool move = tree::bool_field(b, "ismove");
    out.cursor.op = move ? CursorOp::kMove : CursorOp::kFetch;
    out.command_tag = move ? "MOVE" : "FETCH";
    out.cursor.name = std::string(tree::string_field(b, "portalname"));
    const std::string_view dir = tree::string_field(b, "direction");
    out.cursor.direction = dir == "FETCH_BACKWARD"   ? FetchDirection::kBackward
                           : dir == "FETCH_ABSOLUTE" ? FetchDirection::kAbsolute
                           : dir == "FETCH_RELATIVE" ? FetchDirection::kRelative
                                                     : FetchDirection::kForward;
    // howMany is absent for 0 (FETCH RELATIVE 0 / ABSOLUTE 0) and LONG_MAX for ALL.
    out.cursor.count = tree::int_field(b, "howMany", 0);
    out.returns_rows = !move;
    return {};
  }
  if (n.type == "ClosePortalStmt") {
    out.kind = StatementKind::kCursor;
    out.command_tag = "CLOSE CURSOR";
    out.cursor.name = std::string(tree::string_field(b, "portalname"));
    out.cursor.op = out.cursor.name.empty() ? CursorOp::kCloseAll : CursorOp::kClose;
    return {};
  }
  if (n.type == "PrepareStmt") return prepare_statement(b, out);
  if (n.type == "ExecuteStmt") return execute_statement(b, out);
  if (n.type == "DeallocateStmt") {
    out.kind = StatementKind::kSession;
    out.session.op = SessionOp::kDeallocate;
    out.session.name = std::string(tree::string_field(b, "name"));
    out.command_tag = out.session.name.empty() ? "DEALLOCATE ALL" : "DEALLOCATE";
    return {};
  }
  if (n.type == "DoStmt") return unsupported("DO");
  if (n.type == "GrantStmt" || n.type == "GrantRoleStmt") return unsupported("GRANT/REVOKE");
  if (n.type == "CreateFunctionStmt") return unsupported("CREATE FUNCTION");
  if (n.type == "CreateTrigStmt") return unsupported("CREATE TRIGGER");
  if (n.type == "CreateExtensionStmt") return unsupported("CREATE EXTENSION");
  if (n.type == "CreateRoleStmt") return unsupported("CREATE ROLE");
  std::string name(n.type);
  if (name.size() > 4 && name.compare(name.size() - 4, 4, "Stmt") == 0) name.resize(name.size() - 4);
  return unsupported("statement " + name);
}

}  // namespace litewire::sqlite
