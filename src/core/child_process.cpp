#include "core/child_process.hpp"

#include <cstring>

#include <errno.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include "dbm/error.hpp"

namespace dbm {

void Descriptor::close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
}

std::pair<Descriptor, Descriptor> make_pipe() {
    int ends[2];
    if (::pipe2(ends, O_CLOEXEC) != 0) throw Error(fmt::format("cannot create a pipe: {}", std::strerror(errno)));
    const auto lift = [](int fd) {
        const int high = ::fcntl(fd, F_DUPFD_CLOEXEC, 10);
        ::close(fd);
        if (high < 0) throw Error(fmt::format("cannot create a pipe: {}", std::strerror(errno)));
        return Descriptor(high);
    };
    return {lift(ends[0]), lift(ends[1])};
}

std::string read_all(int fd) {
    std::string text;
    char chunk[4096];
    for (;;) {
        const ssize_t got = ::read(fd, chunk, sizeof chunk);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) return text;
        text.append(chunk, static_cast<std::size_t>(got));
    }
}

int wait_for(pid_t pid) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return status;
}

}  // namespace dbm
