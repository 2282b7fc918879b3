// The one Catch2 main shared by every test executable: it registers the SQLite backend, as
// dbm's own main() does, then runs the tests.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include "sqlite/sqlite_backend.hpp"

int main(int argc, char* argv[]) {
    dbm::sqlite::register_sqlite();
    return Catch::Session().run(argc, argv);
}
