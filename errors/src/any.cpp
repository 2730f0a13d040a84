// gocpp::any's out-of-line helpers: demangled type names and the panic for
// comparing values of a type without operator==.
#include <gocpp/any.hpp>
#include <gocpp/panic.hpp>

#include <cxxabi.h>

#include <cstdlib>
#include <memory>

namespace gocpp::detail {

std::string demangle(const char* mangled) {
    int status = 0;
    std::unique_ptr<char, void (*)(void*)> out(
        abi::__cxa_demangle(mangled, nullptr, nullptr, &status), std::free);
    if (status != 0 || out == nullptr) return mangled;
    return out.get();
}

void panic_uncomparable(const std::string& type_name) {
    throw panic_error("runtime error: comparing uncomparable type " + type_name);
}

}  // namespace gocpp::detail
