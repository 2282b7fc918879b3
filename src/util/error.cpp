#include "dbm/error.hpp"

#include <fmt/format.h>

namespace dbm {

std::string Error::format() const {
    if (where_.file.empty()) return fmt::format("dbm: error: {}", what());
    if (where_.line <= 0) return fmt::format("{}: error: {}", where_.file, what());
    if (where_.column <= 0) return fmt::format("{}:{}: error: {}", where_.file, where_.line, what());
    return fmt::format("{}:{}:{}: error: {}", where_.file, where_.line, where_.column, what());
}

std::string Error::located() const {
    if (where_.file.empty()) return what();
    if (where_.line <= 0) return fmt::format("{}: {}", where_.file, what());
    return fmt::format("{}:{}: {}", where_.file, where_.line, what());
}

}  // namespace dbm
