#include "util/paths.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <random>

#include <fmt/format.h>

#include "dbm/error.hpp"

namespace fs = std::filesystem;

namespace dbm::paths {

std::string display(const fs::path& path) {
    std::error_code ec;
    const fs::path absolute = fs::absolute(path, ec).lexically_normal();
    if (ec) return path.string();
    const fs::path cwd = fs::current_path(ec);
    if (ec) return absolute.string();
    const fs::path relative = absolute.lexically_relative(cwd);
    if (relative.empty() || *relative.begin() == "..") return absolute.string();
    return relative.string();
}

std::string read_file(const fs::path& path) {
    // O_NONBLOCK: a FIFO must not hang the open; only a regular file is read at all.
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        // Out of file descriptors or memory is the environment's failure (exit 1), not the
        // file's.
        if (errno == EMFILE || errno == ENFILE || errno == ENOMEM)
            throw Error(fmt::format("cannot read {}: {} (raise the limit: ulimit -n)", display(path), std::strerror(errno)));
        throw InputError(fmt::format("cannot read {}: {}", display(path), std::strerror(errno)));
    }
    struct stat status {};
    if (::fstat(fd, &status) != 0 || !S_ISREG(status.st_mode)) {
        ::close(fd);
        throw InputError(fmt::format("cannot read {}: not a regular file", display(path)));
    }
    if (status.st_size > max_input_bytes) {
        ::close(fd);
        throw InputError(fmt::format("cannot read {}: it has {} bytes, more than the {} MiB dbm reads from one file",
                                     display(path), status.st_size, max_input_bytes >> 20));
    }
    std::string contents;
    contents.reserve(static_cast<std::size_t>(status.st_size));
    char buffer[65536];
    while (true) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN) continue;
            const int error = errno;
            ::close(fd);
            throw InputError(fmt::format("cannot read {}: {}", display(path), std::strerror(error)));
        }
        if (n == 0) break;
        contents.append(buffer, static_cast<std::size_t>(n));
        if (contents.size() > static_cast<std::size_t>(max_input_bytes)) {
            ::close(fd);
            throw InputError(fmt::format("cannot read {}: it grew past {} MiB while being read", display(path),
                                         max_input_bytes >> 20));
        }
    }
    ::close(fd);
    return contents;
}

void write_new_file(const fs::path& path, std::string_view contents) {
    const auto fail = [&](int error) {
        return Error(fmt::format("cannot write {}: {}", display(path), std::strerror(error)));
    };
    const fs::path temporary = path.string() + ".tmp";
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) throw fail(errno);
    std::size_t written = 0;
    while (written < contents.size()) {
        const ssize_t n = ::write(fd, contents.data() + written, contents.size() - written);
        if (n < 0) {
            if (errno == EINTR) continue;
            const int error = errno;
            ::close(fd);
            ::unlink(temporary.c_str());
            throw fail(error);
        }
        written += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        const int error = errno;
        ::unlink(temporary.c_str());
        throw fail(error);
    }
    // link() refuses an existing target, unlike rename(): a file is never replaced.
    if (::link(temporary.c_str(), path.c_str()) != 0) {
        const int error = errno;
        ::unlink(temporary.c_str());
        throw fail(error);
    }
    ::unlink(temporary.c_str());
}

std::string unique_suffix() {
    std::random_device device;
    return fmt::format("{}-{:x}", ::getpid(), device());
}

void put_file(const fs::path& path, std::string_view contents) {
    std::error_code ec;
    if (fs::exists(path, ec)) {
        std::ifstream in(path, std::ios::binary);
        const std::string existing((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (existing == contents) return;
    }
    const fs::path temporary = path.string() + ".tmp-" + unique_suffix();
    {
        std::ofstream out(temporary, std::ios::binary);
        out << contents;
        if (!out.flush()) {
            fs::remove(temporary, ec);
            throw Error(fmt::format("cannot write {}", display(temporary)));
        }
    }
    fs::rename(temporary, path, ec);
    if (ec) {
        fs::remove(temporary, ec);
        throw Error(fmt::format("cannot write {}: {}", display(path), ec.message()));
    }
}

}  // namespace dbm::paths
