// SET / SET LOCAL / RESET / RESET ALL / SHOW / DISCARD / SET TRANSACTION / SET SESSION
// CHARACTERISTICS: the session applies them (no SQLite statement); the plan carries the name and
// the value as PostgreSQL would store it.

#include <cstdio>

#include "protocol/datetime.h"
#include "protocol/types.h"
#include "sqlite/translate/translator_impl.h"

namespace litewire::sqlite {

namespace sqlstate = protocol::sqlstate;
namespace oid = protocol::oid;

namespace {

// A fixed zone named as PostgreSQL names it: the POSIX form, whose number after the quoted name
// counts hours WEST ("<-08>+08" is eight hours behind UTC).
std::string fixed_zone_name(int64_t seconds_east) {
  int64_t a = seconds_east < 0 ? -seconds_east : seconds_east;
  char buf[32];
  int n = std::snprintf(buf, sizeof buf, "%02lld", static_cast<long long>(a / 3600));
  if (a % 3600 != 0) {
    n += std::snprintf(buf + n, sizeof buf - static_cast<size_t>(n), ":%02lld", static_cast<long long>(a % 3600 / 60));
    if (a % 60 != 0) std::snprintf(buf + n, sizeof buf - static_cast<size_t>(n), ":%02lld", static_cast<long long>(a % 60));
  }
  std::string h(buf);
  return seconds_east < 0 ? "<-" + h + ">+" + h : "<+" + h + ">-" + h;
}

}  // namespace

// SET TIME ZONE INTERVAL '-08:00' HOUR TO MINUTE: the interval's time part is the offset east of
// UTC; months or days are 22023.
Result<std::string> Translator::interval_time_zone(const tree::Object* cast) {
  const tree::Object* tn = tree::object_field(cast, "typeName");
  LITEWIRE_TRY_ASSIGN(type, type_name(tn));
  LITEWIRE_TRY_ASSIGN(arg, expr(tree::field(cast, "arg")));
  if (type.oid != oid::kInterval || !arg.is_literal || arg.is_null) {
    return unsupported("this SET TIME ZONE value");
  }
  auto iv = protocol::parse_interval(arg.literal, type.typmod);
  if (!iv) return iv.error();
  if (iv->months != 0 || iv->days != 0) {
    return PgError(sqlstate::kInvalidParameterValue,
                   "invalid value for parameter \"TimeZone\": \"INTERVAL '" + arg.literal + "'\"");
  }
  // The field restriction (HOUR TO MINUTE...) truncates to its last field: PostgreSQL's range
  // bits, HOUR 10, MINUTE 11, SECOND 12; none of them (DAY, YEAR) leaves no time part.
  int64_t range = 0x7FFF;
  if (const tree::Array* mods = tree::list_field(tn, "typmods"); tree::list_size(mods) > 0) {
    if (const tree::Object* v = tree::object_field(tree::node(mods->at(0)).body, "ival")) {
      range = tree::int_field(v, "ival");
    }
  }
  int64_t unit = (range & (1 << 12)) != 0 ? 1 : (range & (1 << 11)) != 0 ? 60 : (range & (1 << 10)) != 0 ? 3600 : 0;
  int64_t seconds = iv->usec / 1000000;
  return fixed_zone_name(unit == 0 ? 0 : seconds / unit * unit);
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
      } else if (a.type == "TypeCast" && s.name == "timezone") {
        LITEWIRE_TRY_ASSIGN(zone, interval_time_zone(a.body));
        item = std::move(zone);
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
