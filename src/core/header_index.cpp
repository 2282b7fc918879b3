#include "core/header_index.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <ctime>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "core/cache_dir.hpp"
#include "core/script_dir.hpp"
#include "dbm/error.hpp"
#include "dbm/version.hpp"
#include "util/log.hpp"
#include "util/paths.hpp"

namespace fs = std::filesystem;

namespace dbm {

namespace {

// What says a file is the one the index read: any write changes its change time, which no
// tool can set back (touch -d sets the modification time only).
struct FileStamp {
    std::uint64_t size = 0, mtime_ns = 0, ctime_ns = 0, inode = 0;
    bool operator==(const FileStamp&) const = default;
};

std::uint64_t nanoseconds(const timespec& time) {
    return static_cast<std::uint64_t>(time.tv_sec) * 1'000'000'000ULL + static_cast<std::uint64_t>(time.tv_nsec);
}

FileStamp stamp_of(const struct stat& st) {
    return {static_cast<std::uint64_t>(st.st_size), nanoseconds(st.st_mtim), nanoseconds(st.st_ctim),
            static_cast<std::uint64_t>(st.st_ino)};
}

// A file is settled when both its times lie this far before the index was written.
constexpr std::uint64_t settle_ns = 2'000'000'000ULL;

// What the index says of one file: views into the index's text.
struct Recorded {
    std::string_view file;
    FileStamp stamp;
    bool settled = false;
    std::string_view header;  // the header's fields, still encoded
};

// What the index will say of one file, beside its Revision.
struct Kept {
    FileStamp stamp;
    bool settled = false;
};

// The index file: a first line naming the format and dbm's version, then a line per file:
// its name, stamp, settledness and header fields, each written as "<length>:<bytes>" (any
// byte may appear in a message).
std::string first_line() { return fmt::format("dbm-revision-headers {} {}\n", header_index_format, DBM_VERSION); }
constexpr int header_fields = 8;

void put(std::string& out, std::string_view field) {
    out += std::to_string(field.size());
    out += ':';
    out += field;
}
void put(std::string& out, std::uint64_t number) { put(out, std::to_string(number)); }

std::string joined(const std::vector<std::string>& ids) {
    std::string text;
    for (const auto& id : ids) text += (text.empty() ? "" : ",") + id;
    return text;
}

std::vector<std::string> split_ids(std::string_view text) {
    std::vector<std::string> ids;
    while (!text.empty()) {
        const auto comma = text.find(',');
        ids.emplace_back(text.substr(0, comma));
        if (comma == std::string_view::npos) break;
        text.remove_prefix(comma + 1);
    }
    return ids;
}

std::string serialize(const std::vector<Revision>& revisions, const std::vector<Kept>& kept) {
    std::string out = first_line();
    for (std::size_t i = 0; i < revisions.size(); ++i) {
        const Revision& r = revisions[i];
        put(out, r.path.filename().native());
        put(out, kept[i].stamp.size), put(out, kept[i].stamp.mtime_ns), put(out, kept[i].stamp.ctime_ns);
        put(out, kept[i].stamp.inode), put(out, kept[i].settled ? 1 : 0);
        put(out, r.id), put(out, joined(r.down_revisions)), put(out, joined(r.depends_on));
        put(out, r.message), put(out, r.create_date);
        put(out, r.transactional ? 1 : 0);
        put(out, static_cast<std::uint64_t>(r.revises_line)), put(out, static_cast<std::uint64_t>(r.depends_on_line));
        out += '\n';
    }
    return out;
}

// Reads fields back; any damage (a truncated or foreign file) makes the whole index void.
class FieldReader {
public:
    explicit FieldReader(std::string_view text) : rest_(text) {}
    bool ok() const { return ok_; }
    bool at_end() const { return rest_.empty(); }
    const char* position() const { return rest_.data(); }
    std::string_view field() {
        std::size_t length = 0;
        const auto [end, error] = std::from_chars(rest_.data(), rest_.data() + rest_.size(), length);
        const std::size_t digits = static_cast<std::size_t>(end - rest_.data());
        if (error != std::errc() || digits == 0 || digits >= rest_.size() || rest_[digits] != ':' ||
            rest_.size() - digits - 1 < length) {
            ok_ = false;
            rest_ = {};
            return {};
        }
        const std::string_view value = rest_.substr(digits + 1, length);
        rest_.remove_prefix(digits + 1 + length);
        return value;
    }
    std::uint64_t number() {
        const std::string_view text = field();
        std::uint64_t value = 0;
        const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (error != std::errc() || end != text.data() + text.size()) ok_ = false;
        return value;
    }
    void end_of_entry() {
        if (rest_.empty() || rest_.front() != '\n') ok_ = false;
        else rest_.remove_prefix(1);
    }

private:
    std::string_view rest_;
    bool ok_ = true;
};

std::vector<Recorded> parse_index(std::string_view text) {
    const std::string expected = first_line();
    if (text.substr(0, expected.size()) != expected) return {};
    text.remove_prefix(expected.size());
    std::vector<Recorded> entries;
    entries.reserve(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')));
    FieldReader reader(text);
    while (reader.ok() && !reader.at_end()) {
        Recorded entry;
        entry.file = reader.field();
        entry.stamp = {reader.number(), reader.number(), reader.number(), reader.number()};
        entry.settled = reader.number() == 1;
        const char* header = reader.position();
        for (int i = 0; i < header_fields; ++i) reader.field();
        entry.header = std::string_view(header, static_cast<std::size_t>(reader.position() - header));
        reader.end_of_entry();
        // Written in file-name order; anything else is no index of ours.
        if (!entries.empty() && !(entries.back().file < entry.file)) return {};
        entries.push_back(entry);
    }
    if (!reader.ok()) return {};
    return entries;
}

// A header as the index recorded it; false when its fields do not read.
bool decode_header(std::string_view fields, Revision& r) {
    FieldReader reader(fields);
    r.id = reader.field();
    r.down_revisions = split_ids(reader.field());
    r.depends_on = split_ids(reader.field());
    r.message = reader.field();
    r.create_date = reader.field();
    r.transactional = reader.number() == 1;
    r.revises_line = static_cast<int>(reader.number());
    r.depends_on_line = static_cast<int>(reader.number());
    r.headers_only = true;
    return reader.ok() && reader.at_end();
}

// The index's text, empty when there is none (or it cannot be read: then it is rebuilt).
std::string read_index(const fs::path& index_path) {
    const int fd = ::open(index_path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) return {};
    std::string text;
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size < paths::max_input_bytes) {
        text.resize(static_cast<std::size_t>(st.st_size));
        std::size_t done = 0;
        while (done < text.size()) {
            const ssize_t n = ::read(fd, text.data() + done, text.size() - done);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) break;
            done += static_cast<std::size_t>(n);
        }
        text.resize(done);
    }
    ::close(fd);
    return text;
}

void write_index(const fs::path& index_path, const std::vector<Revision>& revisions, const std::vector<Kept>& kept) {
    if (!prepare_cache_dir(index_path.parent_path())) return;
    try {
        paths::put_file(index_path, serialize(revisions, kept));
    } catch (const Error& error) {
        log::debug(fmt::format("the revision header index is not kept: {}", error.what()));
    }
}

std::uint64_t now_ns() {
    timespec now {};
    ::clock_gettime(CLOCK_REALTIME, &now);
    return nanoseconds(now);
}

}  // namespace

std::vector<Revision> load_revision_headers(const fs::path& versions_dir, const fs::path& index_path) {
    // Taken before any file is looked at: a file written after it is never settled.
    const std::uint64_t now = now_ns();
    DIR* dir = ::opendir(versions_dir.c_str());
    if (!dir) fail_to_list(versions_dir, std::strerror(errno));
    struct CloseDir {
        DIR* dir;
        ~CloseDir() { ::closedir(dir); }
    } close_dir{dir};
    std::vector<std::pair<std::string, const RevisionFileKind*>> files;
    errno = 0;
    while (const dirent* item = ::readdir(dir))
        if (const RevisionFileKind* kind = revision_file_kind(item->d_name)) files.emplace_back(item->d_name, kind);
    if (errno != 0) fail_to_list(versions_dir, std::strerror(errno));
    std::sort(files.begin(), files.end());

    const std::string index_text = read_index(index_path);
    const std::vector<Recorded> known = parse_index(index_text);
    bool changed = known.size() != files.size();
    std::vector<Revision> revisions(files.size());
    std::vector<Kept> kept(files.size());
    auto next_known = known.begin();
    const std::string dir_prefix = versions_dir.native() + (versions_dir.native().ends_with('/') ? "" : "/");
    for (std::size_t i = 0; i < files.size(); ++i) {
        const auto& [name, kind] = files[i];
        while (next_known != known.end() && next_known->file < name) ++next_known;
        const Recorded* recorded = next_known != known.end() && next_known->file == name ? &*next_known : nullptr;
        struct stat st {};
        // Stat first, read after: a write in between leaves a stamp older than the text
        // read, so the next run reads the file again.
        if (::fstatat(::dirfd(dir), name.c_str(), &st, 0) != 0) {
            const int error = errno;
            paths::read_file(versions_dir / name);  // says why it cannot be read
            fail_to_list(versions_dir, fmt::format("{}: {}", name, std::strerror(error)));
        }
        const FileStamp stamp = stamp_of(st);
        const bool settled = std::max(stamp.mtime_ns, stamp.ctime_ns) + settle_ns <= now;
        kept[i] = {stamp, settled};
        Revision& revision = revisions[i];
        if (recorded && recorded->settled && recorded->stamp == stamp && decode_header(recorded->header, revision)) {
            revision.path = dir_prefix + name;
            if (kind->program) revision.body = ProgramBody{};
            continue;
        }
        const fs::path path = dir_prefix + name;
        revision = kind->parse(path, paths::read_file(path));
        if (kind->program) revision.body = ProgramBody{}; else revision.body = SqlBody{};
        revision.checksum.clear();
        revision.headers_only = true;
        if (!recorded || recorded->stamp != stamp || settled) changed = true;
    }
    if (changed) write_index(index_path, revisions, kept);
    return revisions;
}

}  // namespace dbm
