#include "util/log.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace dbm::log {

namespace {
std::shared_ptr<spdlog::logger> logger;
}

// The _mt sinks: the models are read on a thread of their own (SQL models log their
// statements) while the database is read.
void enable(bool color) {
    logger = color ? spdlog::stderr_color_mt("dbm") : spdlog::stderr_logger_mt("dbm");
    logger->set_pattern("%^[%H:%M:%S.%e] %v%$");
    logger->set_level(spdlog::level::debug);
}

bool enabled() { return logger != nullptr; }

void debug(std::string_view message) {
    if (logger) logger->debug(message);
}

}  // namespace dbm::log
