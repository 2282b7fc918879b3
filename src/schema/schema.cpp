#include "dbm/schema.hpp"

#include "schema/normalize.hpp"

namespace dbm {

const Column* Table::find_column(const std::string& column_name) const {
    for (const Column& column : columns)
        if (schema::same_name(column.name, column_name)) return &column;
    return nullptr;
}

const Table* Schema::find_table(const std::string& table_name) const {
    for (const Table& table : tables)
        if (schema::same_name(table.name, table_name)) return &table;
    return nullptr;
}

}  // namespace dbm
