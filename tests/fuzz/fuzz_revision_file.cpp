// libFuzzer target: a revision file parses or is an InputError; a parsed one's sections
// split into statements without crashing.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/revision.hpp"
#include "dbm/database.hpp"
#include "sqlite/sqlite_dialect.hpp"
#include "dbm/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const dbm::Revision revision = dbm::parse_revision_file("versions/fuzz.sql", text);
        const dbm::Dialect& dialect = dbm::sqlite::dialect();
        for (const auto& statement : dialect.split_statements(revision.sql()->upgrade.sql)) dialect.controls_transaction(statement.text);
        dialect.split_statements(revision.sql()->downgrade.sql);
    } catch (const dbm::InputError&) {
    }
    return 0;
}
