#pragma once
// Read-only helpers over libpg_query's JSON parse tree (Boost.JSON values). A node is an object
// with exactly one key, the node type: {"SelectStmt": {...}}. Fields equal to their default
// (0, false, empty list, null) are omitted by libpg_query, so every accessor has a default.
// All returned pointers and views borrow from the tree, which outlives one translate() call.

#include <boost/json.hpp>
#include <cstdint>
#include <string>
#include <string_view>

namespace litewire::sqlite::tree {

using Value = boost::json::value;
using Object = boost::json::object;
using Array = boost::json::array;

// The node type ("SelectStmt") and its body; empty type and nullptr when `v` is not a node.
struct Node {
  std::string_view type;
  const Object* body = nullptr;
  explicit operator bool() const { return body != nullptr; }
};

inline Node node(const Value* v) {
  if (v == nullptr || !v->is_object()) return {};
  const Object& o = v->get_object();
  if (o.size() != 1) return {};
  const auto& kv = *o.begin();
  if (!kv.value().is_object()) return {};
  return {kv.key(), &kv.value().get_object()};
}
inline Node node(const Value& v) { return node(&v); }

inline const Value* field(const Object* o, std::string_view key) {
  if (o == nullptr) return nullptr;
  return o->if_contains(key);
}

// A field that is a node of type `type`, whether the parser wrote it wrapped
// ({"SelectStmt": {...}}, for Node* fields) or bare (typed pointer fields such as
// SelectStmt.larg).
inline const Object* node_field(const Object* o, std::string_view key, std::string_view type) {
  const Value* v = field(o, key);
  if (v == nullptr || !v->is_object()) return nullptr;
  const Object& obj = v->get_object();
  if (obj.size() == 1 && obj.begin()->key() == type && obj.begin()->value().is_object()) {
    return &obj.begin()->value().get_object();
  }
  return &obj;
}

inline const Object* object_field(const Object* o, std::string_view key) {
  const Value* v = field(o, key);
  return v != nullptr && v->is_object() ? &v->get_object() : nullptr;
}

inline const Array* list_field(const Object* o, std::string_view key) {
  const Value* v = field(o, key);
  return v != nullptr && v->is_array() ? &v->get_array() : nullptr;
}

inline std::string_view string_field(const Object* o, std::string_view key) {
  const Value* v = field(o, key);
  if (v == nullptr || !v->is_string()) return {};
  const auto& s = v->get_string();
  return {s.data(), s.size()};
}

inline int64_t int_field(const Object* o, std::string_view key, int64_t def = 0) {
  const Value* v = field(o, key);
  if (v == nullptr) return def;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64()) return static_cast<int64_t>(v->get_uint64());
  return def;
}

inline bool bool_field(const Object* o, std::string_view key) {
  const Value* v = field(o, key);
  return v != nullptr && v->is_bool() && v->get_bool();
}

// {"String": {"sval": "x"}} -> "x"; anything else -> "".
inline std::string_view string_value(const Value& v) {
  Node n = node(v);
  if (n.type != "String") return {};
  return string_field(n.body, "sval");
}

// Size of an optional list (0 when absent).
inline size_t list_size(const Array* a) { return a == nullptr ? 0 : a->size(); }

}  // namespace litewire::sqlite::tree
