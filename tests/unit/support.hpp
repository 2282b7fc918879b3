// Helpers shared by the unit tests: temporary directories, a working-directory guard,
// lookups into a Schema that fail the test with a message, and the spec's models example.
#pragma once

#include <catch2/catch.hpp>

#include <filesystem>
#include <random>
#include <stdexcept>
#include <string>

#include "dbm/schema.hpp"
#include "util/text.hpp"

namespace test {

// A fresh directory under the system temporary directory, removed with everything in it.
class TempDir {
public:
    TempDir() {
        std::random_device device;
        const auto name = "dbm-unit-" + std::to_string(device()) + std::to_string(device());
        std::filesystem::create_directories(std::filesystem::temp_directory_path() / name);
        path_ = std::filesystem::canonical(std::filesystem::temp_directory_path() / name);
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

// Changes the working directory and restores the previous one on scope exit.
class WorkingDir {
public:
    explicit WorkingDir(const std::filesystem::path& dir) : previous_(std::filesystem::current_path()) {
        std::filesystem::current_path(dir);
    }
    ~WorkingDir() {
        std::error_code ignored;
        std::filesystem::current_path(previous_, ignored);
    }
    WorkingDir(const WorkingDir&) = delete;
    WorkingDir& operator=(const WorkingDir&) = delete;

private:
    std::filesystem::path previous_;
};

// The item of that name, ASCII case ignored (the tests' own lookup, whatever the engine).
template <typename Item>
const Item* named(const std::vector<Item>& items, const std::string& name) {
    for (const Item& item : items)
        if (dbm::text::iequals(item.name, name)) return &item;
    return nullptr;
}

// A copy, so that it may come from a temporary schema.
inline dbm::Table table(const dbm::Schema& schema, const std::string& name) {
    const dbm::Table* found = named(schema.tables, name);
    if (!found) FAIL("no table " << name);
    return *found;
}

inline const dbm::Column& column(const dbm::Table& t, const std::string& name) {
    const dbm::Column* found = named(t.columns, name);
    if (!found) FAIL("no column " << name << " in " << t.name);
    return *found;
}

inline const dbm::Index& index(const dbm::Table& t, const std::string& name) {
    for (const auto& i : t.indexes)
        if (i.name == name) return i;
    FAIL("no index " << name << " on " << t.name);
    throw std::logic_error("unreachable");
}

// The user table of SPEC §4's models example, alone.
inline const std::string spec_user_models = R"Y(tables:
  user:
    columns:
      id:         {type: integer, primary_key: true}
      username:   {type: string(80), nullable: false, unique: true}
      email:      {type: string(120), nullable: false, index: true}
      created_at: {type: datetime, nullable: false, default_expr: CURRENT_TIMESTAMP}
)Y";

// The models example of SPEC §4.
inline const std::string spec_models_example = spec_user_models + R"Y(  post:
    columns:
      id:      {type: integer, primary_key: true, autoincrement: true}
      user_id: {type: integer, nullable: false, references: user.id, on_delete: cascade}
      title:   {type: string(200), nullable: false, renamed_from: headline}
      body:    {type: text}
    indexes:
      ix_post_user_title: {columns: [user_id, title]}
    checks:
      ck_title_len: "length(title) > 0"
)Y";

}  // namespace test
