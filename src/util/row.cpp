#include <charconv>

#include "dbm/database.hpp"

namespace dbm {

const std::string& Row::text(std::size_t column) const {
    static const std::string empty;
    const auto& cell = cells_.at(column);
    return cell ? *cell : empty;
}

std::int64_t Row::integer(std::size_t column) const {
    const std::string& cell = text(column);
    std::int64_t value = 0;
    std::from_chars(cell.data(), cell.data() + cell.size(), value);
    return value;
}

}  // namespace dbm
