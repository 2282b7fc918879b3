// -v/--verbose: a debug log on stderr (spdlog behind one function, so its heavy headers
// stay in log.cpp). Off unless enabled; callers test enabled() before formatting.
#pragma once

#include <string_view>

namespace dbm::log {

void enable(bool color);
bool enabled();
void debug(std::string_view message);

}  // namespace dbm::log
