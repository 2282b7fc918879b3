// Recognizes the statement of a rebuild that copies a whole table into its new shape
// ("INSERT INTO new (a, b) SELECT a, b FROM old"), so that the connection can report the
// rows copied of the total while it runs (SPEC §9, progress on a terminal).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace dbm::sqlite {

struct WholeTableCopy {
    std::string source_sql;  // the source table as the statement wrote it ("main"."old")
    std::string source;      // its name, unquoted, for messages
};

// The source of an INSERT (or REPLACE) ... SELECT ... FROM one table, with no WHERE, join,
// compound, grouping or limit, so that every row of the table is read once; none for any
// other statement (or one the tokenizer refuses: SQLite says what is wrong with it).
std::optional<WholeTableCopy> whole_table_copy(std::string_view sql);

}  // namespace dbm::sqlite
