// The one Catch2 main shared by every test executable. Built twice: the backends' and the
// contract tests' copy registers the SQLite backend first, as dbm's own main() does; the
// lower layers' copy links no backend.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#ifdef DBM_TEST_REGISTERS_SQLITE
#include "sqlite/sqlite_backend.hpp"
#endif

int main(int argc, char* argv[]) {
#ifdef DBM_TEST_REGISTERS_SQLITE
    dbm::sqlite::register_sqlite();
#endif
    return Catch::Session().run(argc, argv);
}
