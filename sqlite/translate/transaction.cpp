// BEGIN / START TRANSACTION / COMMIT / END / ROLLBACK / ABORT / SAVEPOINT / RELEASE /
// ROLLBACK TO: the engine runs them (no SQLite statement is produced), the plan says which.

#include "sqlite/translate/translator_impl.h"

namespace litewire::sqlite {

namespace sqlstate = protocol::sqlstate;

namespace {

// transaction_isolation / transaction_read_only / transaction_deferrable DefElems, shared by
// BEGIN, START TRANSACTION, SET TRANSACTION and SET SESSION CHARACTERISTICS.
void read_transaction_options(const tree::Array* options, TxnCommand& txn) {
  for (size_t i = 0; i < tree::list_size(options); ++i) {
    const tree::Object* d = tree::node(options->at(i)).body;
    std::string_view name = tree::string_field(d, "defname");
    const tree::Object* arg = tree::node(tree::field(d, "arg")).body;
    if (name == "transaction_isolation") {
      std::string_view level = tree::string_field(tree::object_field(arg, "sval"), "sval");
      txn.isolation = level == "serializable"       ? IsolationLevel::kSerializable
                      : level == "repeatable read"  ? IsolationLevel::kRepeatableRead
                      : level == "read committed"   ? IsolationLevel::kReadCommitted
                      : level == "read uncommitted" ? IsolationLevel::kReadUncommitted
                                                    : IsolationLevel::kDefault;
    } else if (name == "transaction_read_only") {
      txn.read_only = tree::int_field(tree::object_field(arg, "ival"), "ival", 0) != 0;
    } else if (name == "transaction_deferrable") {
      txn.deferrable = tree::int_field(tree::object_field(arg, "ival"), "ival", 0) != 0;
    }
  }
}

}  // namespace

Result<void> Translator::transaction_statement(const tree::Object* stmt, TranslatedStatement& out) {
  out.kind = StatementKind::kTransaction;
  std::string_view kind = tree::string_field(stmt, "kind");
  TxnCommand& txn = out.txn;
  txn.savepoint = std::string(tree::string_field(stmt, "savepoint_name"));
  txn.chain = tree::bool_field(stmt, "chain");
  if (kind == "TRANS_STMT_BEGIN" || kind == "TRANS_STMT_START") {
    txn.op = TxnOp::kBegin;
    out.command_tag = kind == "TRANS_STMT_BEGIN" ? "BEGIN" : "START TRANSACTION";
    read_transaction_options(tree::list_field(stmt, "options"), txn);
  } else if (kind == "TRANS_STMT_COMMIT") {
    txn.op = TxnOp::kCommit;
    out.command_tag = "COMMIT";
  } else if (kind == "TRANS_STMT_ROLLBACK") {
    txn.op = TxnOp::kRollback;
    out.command_tag = "ROLLBACK";
  } else if (kind == "TRANS_STMT_SAVEPOINT") {
    txn.op = TxnOp::kSavepoint;
    out.command_tag = "SAVEPOINT";
  } else if (kind == "TRANS_STMT_RELEASE") {
    txn.op = TxnOp::kRelease;
    out.command_tag = "RELEASE";
  } else if (kind == "TRANS_STMT_ROLLBACK_TO") {
    txn.op = TxnOp::kRollbackTo;
    out.command_tag = "ROLLBACK";
  } else if (kind == "TRANS_STMT_PREPARE") {
    return unsupported("PREPARE TRANSACTION");
  } else if (kind == "TRANS_STMT_COMMIT_PREPARED" || kind == "TRANS_STMT_ROLLBACK_PREPARED") {
    return unsupported("two-phase commit");
  } else {
    return PgError(sqlstate::kInternalError, "unknown transaction statement");
  }
  return {};
}

Result<void> Translator::variable_set(const tree::Object* stmt, TranslatedStatement& out) {
  out.kind = StatementKind::kSession;
  out.command_tag = "SET";
  SessionCommand& s = out.session;
  std::string_view kind = tree::string_field(stmt, "kind");
  s.name = lower_ascii(tree::string_field(stmt, "name"));
  bool local = tree::bool_field(stmt, "is_local");
  if (kind == "VAR_SET_VALUE" || kind == "VAR_SET_CURRENT") {
    if (kind == "VAR_SET_CURRENT") return unsupported("SET ... FROM CURRENT");
    s.op = local ? SessionOp::kSetLocal : SessionOp::kSet;
    const tree::Array* args = tree::list_field(stmt, "args");
    std::string value;
    for (size_t i = 0; i < tree::list_size(args); ++i) {
      tree::Node a = tree::node(args->at(i));
      std::string item;
      if (a.type == "A_Const") {
        if (const tree::Object* sv = tree::object_field(a.body, "sval")) {
          item = std::string(tree::string_field(sv, "sval"));
        } else if (const tree::Object* iv = tree::object_field(a.body, "ival")) {
          LITEWIRE_TRY_ASSIGN(e, a_const(a.body));
          item = e.sql;
          (void)iv;
        } else if (const tree::Object* fv = tree::object_field(a.body, "fval")) {
          item = std::string(tree::string_field(fv, "fval"));
        } else if (const tree::Object* bv = tree::object_field(a.body, "boolval")) {
          item = tree::bool_field(bv, "boolval") ? "on" : "off";
        }
      } else if (a.type == "TypeCast") {
        return unsupported("SET TIME ZONE INTERVAL");
      } else {
        return unsupported("this SET value");
      }
      // List-valued settings are stored joined by ", " (PostgreSQL's flatten_set_variable_args);
      // search_path items keep their quoting when they need it.
      if (s.name == "search_path") {
        bool plain = !item.empty();
        for (char ch : item) {
          plain &= (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '$';
        }
        if (!plain) item = quote_ident(item);
      }
      value += (i ? ", " : "") + item;
    }
    s.value = std::move(value);
  } else if (kind == "VAR_SET_DEFAULT") {
    s.op = local ? SessionOp::kSetLocal : SessionOp::kSet;
    s.is_default = true;
  } else if (kind == "VAR_RESET") {
    s.op = SessionOp::kReset;
    out.command_tag = "RESET";
  } else if (kind == "VAR_RESET_ALL") {
    s.op = SessionOp::kResetAll;
    s.name = "all";
    out.command_tag = "RESET";
  } else if (kind == "VAR_SET_MULTI") {
    // SET TRANSACTION ... / SET SESSION CHARACTERISTICS AS TRANSACTION ...: the options go into
    // txn; name says which ("transaction" or "session characteristics").
    s.op = SessionOp::kSetTransaction;
    read_transaction_options(tree::list_field(stmt, "args"), out.txn);
  } else {
    return unsupported("SET " + std::string(kind));
  }
  return {};
}

Result<void> Translator::variable_show(const tree::Object* stmt, TranslatedStatement& out) {
  out.kind = StatementKind::kSession;
  out.command_tag = "SHOW";
  out.session.op = SessionOp::kShow;
  out.session.name = lower_ascii(tree::string_field(stmt, "name"));
  out.returns_rows = true;
  if (out.session.name == "all") {
    out.columns = {ResultColumn{"name", PgType{25, -1}}, ResultColumn{"setting", PgType{25, -1}},
                   ResultColumn{"description", PgType{25, -1}}};
  } else {
    out.columns = {ResultColumn{out.session.name, PgType{25, -1}}};
  }
  return {};
}

Result<void> Translator::discard_statement(const tree::Object* stmt, TranslatedStatement& out) {
  std::string_view target = tree::string_field(stmt, "target");
  out.kind = StatementKind::kSession;
  out.command_tag = "DISCARD ALL";
  if (target != "DISCARD_ALL") {
    std::string what = target == "DISCARD_PLANS" ? "PLANS"
                       : target == "DISCARD_SEQUENCES" ? "SEQUENCES"
                                                       : "TEMP";
    out.command_tag = "DISCARD " + what;
    // Nothing is cached per session that these would have to drop besides what DISCARD ALL
    // covers; the session treats them as DISCARD ALL minus the settings reset.
    out.session.op = SessionOp::kDiscardAll;
    out.session.name = lower_ascii(what);
    return {};
  }
  out.session.op = SessionOp::kDiscardAll;
  out.session.name = "all";
  return {};
}

}  // namespace litewire::sqlite
