// What starting a child process takes, shared by the compiler run (program_cache) and a
// compiled revision's run (program_runner): descriptors closed on scope exit, pipes that
// no child inherits by accident, waiting that survives signals.
#pragma once

#include <string>
#include <utility>

#include <sys/types.h>

namespace dbm {

// A descriptor closed when it goes out of scope.
class Descriptor {
public:
    explicit Descriptor(int fd = -1) : fd_(fd) {}
    Descriptor(Descriptor&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    Descriptor& operator=(Descriptor&& other) noexcept {
        std::swap(fd_, other.fd_);
        return *this;
    }
    Descriptor(const Descriptor&) = delete;
    Descriptor& operator=(const Descriptor&) = delete;
    ~Descriptor() { close(); }
    int get() const { return fd_; }
    void close();

private:
    int fd_;
};

// A pipe (read end, write end) whose ends are close-on-exec and numbered from 10 up, so
// that a dup2 onto the descriptors a child is given (0 to 4) never meets an end already
// there. Error when the system has none to give.
std::pair<Descriptor, Descriptor> make_pipe();

// Everything read from `fd` until end of input.
std::string read_all(int fd);

// Waits for the child to end (retrying when a signal interrupts); its wait status.
int wait_for(pid_t pid);

}  // namespace dbm
