#include "cli/progress.hpp"

#include <chrono>
#include <cstdio>

#include <fmt/format.h>

namespace dbm::cli {

void ProgressTicker::start(std::string line) {
    if (!enabled_) return;
    stop();
    line_ = std::move(line);
    detail_.clear();
    stopping_ = false;
    drew_ = false;
    started_ = std::chrono::steady_clock::now();
    thread_ = std::thread([this] { run(); });
}

void ProgressTicker::detail(std::string text) {
    if (!enabled_) return;
    std::lock_guard lock(mutex_);
    detail_ = std::move(text);
}

bool ProgressTicker::stop() {
    if (!thread_.joinable()) return false;
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
    elapsed_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    if (drew_) {
        std::fputs("\r\033[K", stderr);
        std::fflush(stderr);
    }
    return drew_;
}

void ProgressTicker::run() {
    using namespace std::chrono;
    const auto started = started_;
    std::unique_lock lock(mutex_);
    if (wake_.wait_for(lock, seconds(1), [this] { return stopping_; })) return;
    do {
        const double elapsed = duration<double>(steady_clock::now() - started).count();
        fmt::print(stderr, "\r\033[K{} {:.1f}s{}", line_, elapsed, detail_.empty() ? "" : " (" + detail_ + ")");
        std::fflush(stderr);
        drew_ = true;
    } while (!wake_.wait_for(lock, milliseconds(200), [this] { return stopping_; }));
}

}  // namespace dbm::cli
