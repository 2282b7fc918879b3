// A live elapsed-time counter for steps that run longer than a second (SPEC §9): on a
// terminal, "  Upgrading to x... 4.2s" is redrawn in place on stderr until the step ends.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace dbm::cli {

class ProgressTicker {
public:
    explicit ProgressTicker(bool enabled) : enabled_(enabled) {}
    ProgressTicker(const ProgressTicker&) = delete;
    ~ProgressTicker() { stop(); }

    // Whether it draws anything (a terminal watches, no --json).
    bool enabled() const { return enabled_; }

    // `line` is what the terminal line shows now; the counter is drawn after it.
    void start(std::string line);
    // Drawn after the elapsed time: how far the step is, in its own words.
    void detail(std::string text);
    // Stops the counter. True when it drew anything: the caller then redraws its line,
    // and ends it with the time the step took (elapsed()).
    bool stop();
    // Seconds from start() to the last stop().
    double elapsed() const { return elapsed_; }

private:
    void run();

    bool enabled_;
    std::string line_;
    std::string detail_;
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    bool drew_ = false;
    double elapsed_ = 0;
    std::chrono::steady_clock::time_point started_;
};

}  // namespace dbm::cli
