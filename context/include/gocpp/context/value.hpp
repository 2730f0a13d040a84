// gocpp/context/value.hpp — WithValue and WithoutCancel.
//
//     struct traceKey { bool operator==(const traceKey&) const = default; };
//     auto ctx = context::with_value(parent, traceKey{}, "abc123");  // context.WithValue(parent, traceKey{}, "abc123")
//     if (auto [id, ok] = ctx.value(traceKey{}).get<std::string>(); ok) ...  // id, ok := ctx.Value(traceKey{}).(string)
//
// with_value(parent, key, val) returns a child in which value(key) is val;
// everything else is the parent's (done, err, deadline, other keys).
// Keys and values are stored as gocpp::any (any.hpp): string literals become
// std::string, so "key0" finds "key0". Keys compare like Go interface
// values: the same C++ type and equal values, so a key type of your own
// (`struct ctxKey { std::string name; ... }`, an enum) never collides with a
// std::string of the same text; as Go advises, prefer such types to strings.
// Binding a nil value (nullptr) hides an outer binding of the same key.
//
// String() is Go 1.19's:
//   <parent>.WithValue(type <key type>, val <value>)
// <key type> is the key's Go type name (type_name<K>() in any.hpp: `string`,
// `int`, or your type's `go_type_name`); <value> is the value's String()
// or string() when it has one, the text of a string, and `<not Stringer>`
// for anything else, nil included. (Go 1.21 prints
// `.WithValue(<key>, <value>)` instead; this library keeps 1.19's form.)
//
// Panics (Go's): a nil parent, "cannot create context from nil parent"; a
// nil key (nullptr or a nil any), "nil key"; a key whose type has no
// operator==, "key is not comparable" (std::span, like a Go slice, is such a
// type).
#pragma once

#include <gocpp/context/context.hpp>

#include <utility>

namespace gocpp::context {

// WithValue(parent, key, val).
Context with_value(const Context& parent, any key, any val);

// WithoutCancel(parent) (Go 1.21): a child that keeps parent's values but
// is never canceled: deadline() has none, done() is nil, err() and cause()
// are nil, whatever happens to parent. Prints "<parent>.WithoutCancel".
Context without_cancel(const Context& parent);

}  // namespace gocpp::context
