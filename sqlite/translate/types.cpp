// Type names: TypeName nodes -> PgType, and the declared SQLite column type encoding (see
// sqlite/README.md, "Declared types").

#include <charconv>

#include "protocol/types.h"
#include "sqlite/translate/translator_impl.h"

namespace litewire::sqlite {

namespace oid = protocol::oid;
namespace sqlstate = protocol::sqlstate;

int32_t varchar_typmod(int32_t length) { return length + 4; }
int32_t numeric_typmod(int32_t precision, int32_t scale) {
  return ((precision << 16) | (scale & 0xffff)) + 4;
}

int scale_of_type(const PgType& type) {
  if (type.oid == oid::kNumeric && type.typmod >= 4) return (type.typmod - 4) & 0xffff;
  if (is_integer_type(type.oid)) return 0;
  return -1;
}

bool is_integer_type(int32_t o) {
  return o == oid::kInt2 || o == oid::kInt4 || o == oid::kInt8 || o == oid::kOid;
}
bool is_numeric_type(int32_t o) {
  return is_integer_type(o) || o == oid::kFloat4 || o == oid::kFloat8 || o == oid::kNumeric;
}
bool is_text_type(int32_t o) {
  return o == oid::kText || o == oid::kVarchar || o == oid::kBpchar || o == oid::kName ||
         o == oid::kUnknown || o == 0;
}

int32_t array_of(int32_t element_oid) {
  const protocol::TypeInfo* t = protocol::find_type(element_oid);
  return t == nullptr ? 0 : t->array_oid;
}
int32_t element_of(int32_t array_oid) {
  const protocol::TypeInfo* t = protocol::find_type(array_oid);
  if (t == nullptr || t->category != 'A' || t->name.empty() || t->name[0] != '_') return 0;
  return t->element_oid;
}

int32_t vector_element_of(int32_t array_oid) {
  if (array_oid == oid::kInt2Vector) return oid::kInt2;
  if (array_oid == oid::kOidVector) return oid::kOid;
  return element_of(array_oid);
}

std::string type_name_of(int32_t type_oid) {
  const protocol::TypeInfo* t = protocol::find_type(type_oid);
  return t == nullptr ? std::string() : std::string(t->name);
}

std::string sql_type_name_of(int32_t type_oid) {
  if (type_oid == 0) return "unknown";
  const protocol::TypeInfo* t = protocol::find_type(type_oid);
  return t == nullptr ? std::to_string(type_oid) : std::string(t->sql_name);
}

namespace {

// Types whose stored form is TEXT but whose name would give the column NUMERIC affinity, which
// would turn a stored '1.0' into the REAL 1 (SQLite datatype3.html, "Determination Of Column
// Affinity"): their declared type gets a " TEXT" suffix, which selects TEXT affinity.
bool needs_text_suffix(int32_t o) {
  return o == oid::kJson || o == oid::kJsonb || o == oid::kName || o == oid::kChar ||
         o == oid::kXml || o == oid::kInet || o == oid::kBit || o == oid::kVarbit ||
         o == oid::kMoney;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::string typmod_suffix(int32_t type_oid, int32_t typmod) {
  if (typmod < 0) return {};
  switch (type_oid) {
    case oid::kVarchar:
    case oid::kBpchar:
      return "(" + std::to_string(typmod - 4) + ")";
    case oid::kNumeric: {
      int32_t t = typmod - 4;
      return "(" + std::to_string((t >> 16) & 0xffff) + "," + std::to_string(t & 0xffff) + ")";
    }
    case oid::kTime:
    case oid::kTimetz:
    case oid::kTimestamp:
    case oid::kTimestamptz:
    case oid::kBit:
    case oid::kVarbit:
      return "(" + std::to_string(typmod) + ")";
    default:
      return {};
  }
}

bool parse_int(std::string_view s, int32_t& out) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

std::string declared_type_for(const PgType& type, const Schema& schema) {
  for (const auto& [name, e] : schema.enums) {
    if (e.oid == type.oid) {
      std::string d = quote_ident(name);
      // An enum's name may contain "INT" (INTEGER affinity wins over the suffix); stored labels
      // are text either way, and labels that look like numbers are the documented exception.
      return d + " TEXT";
    }
  }
  const protocol::TypeInfo* t = protocol::find_type(type.oid);
  if (t == nullptr) return "TEXT";
  std::string d = upper(t->name);
  if (t->category == 'A' && t->element_oid != 0) {
    d += typmod_suffix(t->element_oid, type.typmod);
  } else {
    d += typmod_suffix(type.oid, type.typmod);
  }
  if (needs_text_suffix(type.oid)) d += " TEXT";
  return d;
}

PgType pg_type_for_declared(std::string_view declared, const Schema* schema) {
  std::string d(declared);
  while (!d.empty() && d.back() == ' ') d.pop_back();
  std::string up = upper(d);
  // Our own " TEXT" suffix (see needs_text_suffix).
  if (up.size() > 5 && up.compare(up.size() - 5, 5, " TEXT") == 0) {
    std::string base = d.substr(0, d.size() - 5);
    if (schema != nullptr) {
      std::string unq = base;
      if (unq.size() >= 2 && unq.front() == '"' && unq.back() == '"') {
        unq = unq.substr(1, unq.size() - 2);
      }
      for (const auto& [name, e] : schema->enums) {
        if (name == unq) return PgType{e.oid, -1};
      }
    }
    PgType inner = pg_type_for_declared(base, schema);
    if (inner.oid != 0 && inner.oid != oid::kNumeric) return inner;
  }
  // Split "NAME(args)".
  std::string name = d;
  std::string args;
  if (auto open = d.find('('); open != std::string::npos) {
    auto close = d.find(')', open);
    name = d.substr(0, open);
    args = d.substr(open + 1, close == std::string::npos ? std::string::npos : close - open - 1);
    while (!name.empty() && name.back() == ' ') name.pop_back();
  }
  std::string lname = lower_ascii(name);
  // Exactly "INTEGER" is what a rowid alias needs; its PostgreSQL type is kept in the column
  // metadata table (serial columns) or taken as int8 (plain SQLite tables).
  const protocol::TypeInfo* t = nullptr;
  if (lname != "integer" && lname != "int" && lname != "real" && lname != "float" &&
      lname != "double" && !lname.empty()) {
    t = protocol::find_type_by_name(lname);
  }
  if (t != nullptr) {
    int32_t typmod = -1;
    int32_t base_oid = (t->category == 'A' && t->element_oid != 0 && t->name[0] == '_')
                           ? t->element_oid
                           : t->oid;
    if (!args.empty()) {
      auto comma = args.find(',');
      int32_t a = 0, b = 0;
      bool ok_a = parse_int(args.substr(0, comma), a);
      bool ok_b = comma != std::string::npos && parse_int(args.substr(comma + 1), b);
      switch (base_oid) {
        case oid::kVarchar:
        case oid::kBpchar:
          if (ok_a) typmod = varchar_typmod(a);
          break;
        case oid::kNumeric:
          if (ok_a) typmod = numeric_typmod(a, ok_b ? b : 0);
          break;
        case oid::kTime:
        case oid::kTimetz:
        case oid::kTimestamp:
        case oid::kTimestamptz:
        case oid::kBit:
        case oid::kVarbit:
          if (ok_a) typmod = a;
          break;
        default:
          break;
      }
    }
    return PgType{t->oid, typmod};
  }
  if (schema != nullptr) {
    for (const auto& [ename, e] : schema->enums) {
      if (ename == name) return PgType{e.oid, -1};
    }
  }
  // Plain SQLite declarations: SQLite's affinity rules, in SQLite's order.
  if (up.empty()) return PgType{oid::kText, -1};  // no type: BLOB affinity, values as given
  if (up.find("INT") != std::string::npos) return PgType{oid::kInt8, -1};
  if (up.find("CHAR") != std::string::npos || up.find("CLOB") != std::string::npos ||
      up.find("TEXT") != std::string::npos) {
    return PgType{oid::kText, -1};
  }
  if (up.find("BLOB") != std::string::npos) return PgType{oid::kBytea, -1};
  if (up.find("REAL") != std::string::npos || up.find("FLOA") != std::string::npos ||
      up.find("DOUB") != std::string::npos) {
    return PgType{oid::kFloat8, -1};
  }
  return PgType{oid::kNumeric, -1};
}

Result<PgType> Translator::type_name(const tree::Object* tn, bool* serial) {
  if (serial != nullptr) *serial = false;
  const tree::Array* names = tree::list_field(tn, "names");
  int location = static_cast<int>(tree::int_field(tn, "location", -1));
  if (tree::list_size(names) == 0) {
    return error_at(sqlstate::kSyntaxError, "type name expected", location);
  }
  std::string name(tree::string_value(names->back()));
  std::string schema_name;
  if (names->size() >= 2) schema_name = std::string(tree::string_value((*names)[names->size() - 2]));
  if (tree::bool_field(tn, "setof")) return unsupported("SETOF", location);
  if (tree::bool_field(tn, "pct_type")) return unsupported("%TYPE", location);
  bool is_array = tree::list_size(tree::list_field(tn, "arrayBounds")) > 0;

  // serial types (gram.y passes them through as plain names; transformColumnDefinition expands
  // them into an integer column with a sequence default).
  if (schema_name.empty() && serial != nullptr && !is_array) {
    if (name == "serial" || name == "serial4") {
      *serial = true;
      return PgType{oid::kInt4, -1};
    }
    if (name == "bigserial" || name == "serial8") {
      *serial = true;
      return PgType{oid::kInt8, -1};
    }
    if (name == "smallserial" || name == "serial2") {
      *serial = true;
      return PgType{oid::kInt2, -1};
    }
  }

  int32_t type_oid = 0;
  if (schema_name.empty() || schema_name == "public") {
    if (const EnumInfo* e = [&]() -> const EnumInfo* {
          auto it = schema().enums.find(name);
          return it == schema().enums.end() ? nullptr : &it->second;
        }()) {
      type_oid = e->oid;
    }
  }
  if (type_oid == 0 && (schema_name.empty() || schema_name == "pg_catalog")) {
    const protocol::TypeInfo* t = protocol::find_type_by_name(name);
    // "char" unquoted is bpchar in the grammar already (names = pg_catalog.bpchar); a bare
    // `char` here came from a quoted "char" and is the one-byte type.
    if (t != nullptr) type_oid = t->oid;
    if (name == "char" && schema_name.empty()) type_oid = oid::kChar;
  }
  if (type_oid == 0) {
    std::string full = schema_name.empty() ? name : schema_name + "." + name;
    return error_at(sqlstate::kUndefinedObject, "type \"" + full + "\" does not exist", location);
  }

  // Typmods.
  int32_t typmod = -1;
  const tree::Array* mods = tree::list_field(tn, "typmods");
  std::vector<int64_t> mod_values;
  for (size_t i = 0; i < tree::list_size(mods); ++i) {
    tree::Node m = tree::node((*mods)[i]);
    if (m.type != "A_Const" || tree::field(m.body, "ival") == nullptr) {
      return error_at(sqlstate::kSyntaxError, "type modifiers must be simple constants", location);
    }
    mod_values.push_back(tree::int_field(tree::object_field(m.body, "ival"), "ival", 0));
  }
  switch (type_oid) {
    case oid::kVarchar:
    case oid::kBpchar:
      if (!mod_values.empty()) {
        if (mod_values.size() > 1) {
          return error_at(sqlstate::kSyntaxError, "invalid type modifier", location);
        }
        if (mod_values[0] < 1) {
          return error_at(sqlstate::kInvalidParameterValue,
                          std::string("length for type ") +
                              (type_oid == oid::kVarchar ? "varchar" : "char") +
                              " must be at least 1",
                          location);
        }
        if (mod_values[0] > 10485760) {
          return error_at(sqlstate::kInvalidParameterValue,
                          std::string("length for type ") +
                              (type_oid == oid::kVarchar ? "varchar" : "char") +
                              " cannot exceed 10485760",
                          location);
        }
        typmod = varchar_typmod(static_cast<int32_t>(mod_values[0]));
      }
      break;
    case oid::kNumeric:
      if (!mod_values.empty()) {
        int64_t p = mod_values[0];
        int64_t s = mod_values.size() > 1 ? mod_values[1] : 0;
        if (p < 1 || p > 1000) {
          return error_at(sqlstate::kInvalidParameterValue,
                          "NUMERIC precision " + std::to_string(p) + " must be between 1 and 1000",
                          location);
        }
        if (s < 0 || s > p) {
          return error_at(sqlstate::kInvalidParameterValue,
                          "NUMERIC scale " + std::to_string(s) +
                              " must be between 0 and precision " + std::to_string(p),
                          location);
        }
        typmod = numeric_typmod(static_cast<int32_t>(p), static_cast<int32_t>(s));
      }
      break;
    case oid::kTime:
    case oid::kTimetz:
    case oid::kTimestamp:
    case oid::kTimestamptz:
      if (!mod_values.empty()) {
        int64_t p = mod_values[0];
        if (p < 0) {
          return error_at(sqlstate::kInvalidParameterValue,
                          "TIMESTAMP(" + std::to_string(p) + ") precision must not be negative",
                          location);
        }
        typmod = static_cast<int32_t>(std::min<int64_t>(p, 6));
      }
      break;
    case oid::kInterval:
      // interval's typmod encodes field restrictions (YEAR TO MONTH...): not kept.
      break;
    default:
      if (!mod_values.empty() && type_oid != oid::kBit && type_oid != oid::kVarbit) {
        return error_at(sqlstate::kSyntaxError,
                        "type modifier is not allowed for type \"" + type_name_of(type_oid) + "\"",
                        location);
      }
      if (!mod_values.empty()) typmod = static_cast<int32_t>(mod_values[0]);
  }
  if (is_array) {
    int32_t arr = array_of(type_oid);
    if (arr == 0) {
      return unsupported("arrays of type " + sql_type_name_of(type_oid), location);
    }
    type_oid = arr;
  }
  return PgType{type_oid, typmod};
}

}  // namespace litewire::sqlite
