// libFuzzer target: the models.yaml loader must turn any input into a Schema or an
// InputError, never a crash, a hang or another exception.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "dbm/error.hpp"
#include "schema/models.hpp"
#include "sqlite_schema.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        sqlite_schema::parse_models_yaml(text, "models.yaml");
    } catch (const dbm::InputError&) {
    }
    return 0;
}
