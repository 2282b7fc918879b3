// libFuzzer target: the SQL tokenizer, the CREATE TABLE/INDEX parser and normalisation
// either succeed or throw SqlSyntaxError. A table that parses renders back to SQL that
// parses again.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sqlite/render.hpp"
#include "sqlite/sql_parser.hpp"
#include "sqlite_schema.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    sqlite_schema::normalize_sql(text);
    sqlite_schema::normalize_type(text);
    try {
        dbm::sql::tokenize(text);
    } catch (const dbm::sql::SqlSyntaxError&) {
    }
    try {
        const dbm::Table table = dbm::sql::parse_create_table(text);
        if (!table.columns.empty()) dbm::sql::parse_create_table(dbm::schema::create_table_sql(table, table.name));
    } catch (const dbm::sql::SqlSyntaxError&) {
    }
    try {
        dbm::sql::parse_create_index(text);
    } catch (const dbm::sql::SqlSyntaxError&) {
    }
    return 0;
}
