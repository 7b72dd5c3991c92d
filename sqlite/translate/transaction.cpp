// BEGIN / START TRANSACTION / COMMIT / END / ROLLBACK / ABORT / SAVEPOINT / RELEASE /
// ROLLBACK TO: the engine runs them (no SQLite statement is produced), the plan says which.

#include "sqlite/translate/translator_impl.h"

namespace litewire::sqlite {

namespace sqlstate = protocol::sqlstate;

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

}  // namespace litewire::sqlite
