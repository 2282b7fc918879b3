// The elapsed-time counter of long steps (src/cli/progress.hpp).
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "cli/progress.hpp"

using dbm::cli::ProgressTicker;

TEST_CASE("a step that ends within a second draws no counter", "[progress]") {
    ProgressTicker ticker(true);
    ticker.start("  Upgrading to x...");
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    CHECK_FALSE(ticker.stop());
}

TEST_CASE("a step running past a second draws the counter, and stopping says so", "[progress]") {
    ProgressTicker ticker(true);
    ticker.start("  Upgrading to x...");
    std::this_thread::sleep_for(std::chrono::milliseconds(1300));
    CHECK(ticker.stop());
    // The time it took, for the step's final line.
    CHECK(ticker.elapsed() >= 1.3);
    CHECK(ticker.elapsed() < 60);
    CHECK_FALSE(ticker.stop());
}

TEST_CASE("a disabled counter (no terminal) never draws", "[progress]") {
    ProgressTicker ticker(false);
    ticker.start("  Upgrading to x...");
    std::this_thread::sleep_for(std::chrono::milliseconds(1200));
    CHECK_FALSE(ticker.stop());
}
