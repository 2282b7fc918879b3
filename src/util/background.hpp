// Work started on a second thread while the caller goes on with its own: dbm reads the
// models (yaml-cpp) while it reads the database (SQLite), each about half of migrate and
// check on a large project.
#pragma once

#include <future>
#include <system_error>
#include <utility>

namespace dbm::background {

// Starts `work` on a thread of its own; when no thread can be had, it runs at get().
template <typename Work>
auto start(Work work) -> std::future<decltype(work())> {
    try {
        return std::async(std::launch::async, work);
    } catch (const std::system_error&) {
        return std::async(std::launch::deferred, std::move(work));
    }
}

// Runs `foreground` while `background` is under way and returns its result. Should both
// fail, the background's error is the one thrown, as if the background work had run first
// (dbm reports broken models before what it found in the database).
template <typename Future, typename Work>
auto meanwhile(Future& background, Work foreground) -> decltype(foreground()) {
    try {
        return foreground();
    } catch (...) {
        background.get();  // throws the background's error, if it has one
        throw;
    }
}

}  // namespace dbm::background
