// A value as a statement binds it or a row holds it: SQL's NULL, INTEGER, REAL, TEXT and
// BLOB. Shared by dbm and the C++ revisions it compiles (dbm/revision.hpp), so it needs
// nothing but the standard library.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>

namespace dbm {

// A BLOB value: bytes, not text.
struct Blob {
    std::string bytes;
    bool operator==(const Blob&) const = default;
};

using Value = std::variant<std::nullptr_t, std::int64_t, double, std::string, Blob>;

}  // namespace dbm
