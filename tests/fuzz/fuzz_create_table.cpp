// libFuzzer target, differential against SQLite itself: the bytes choose a CREATE TABLE
// statement from SQLite's grammar (create_table_grammar.hpp) and the statements that probe
// it; when SQLite accepts the table, dbm's introspection, rendering and rebuild must give
// the same table, behaviour and rows (create_table_differential.hpp). Any difference aborts.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "create_table_differential.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    test::Choices choices(data, size);
    const test::GeneratedTable table = test::CreateTableGrammar(choices).generate();
    const test::DifferentialResult result = test::round_trip(table, choices);
    if (!result.mismatch.empty()) {
        std::fprintf(stderr, "%s\n%s\n", table.statement.c_str(), result.mismatch.c_str());
        std::abort();
    }
    return 0;
}
