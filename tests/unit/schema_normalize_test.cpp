// Unit tests for deciding when two pieces of SQL mean the same on SQLite (src/sqlite/sqlite_rules.hpp).
#include <catch2/catch.hpp>

#include <string>

#include "sqlite_schema.hpp"

namespace {

bool same_sql(const std::string& a, const std::string& b) { return sqlite_schema::normalize_sql(a) == sqlite_schema::normalize_sql(b); }

}  // namespace

TEST_CASE("normalize_type upper-cases and removes blanks around parentheses and commas", "[schema][normalize]") {
    CHECK(sqlite_schema::normalize_type("varchar ( 80 )") == "VARCHAR(80)");
    CHECK(sqlite_schema::normalize_type("NUMERIC(10, 2)") == "NUMERIC(10,2)");
    CHECK(sqlite_schema::normalize_type("numeric( 10 ,2 )") == "NUMERIC(10,2)");
    CHECK(sqlite_schema::normalize_type("  integer ") == "INTEGER");
    CHECK(sqlite_schema::normalize_type("") == "");
}

TEST_CASE("normalize_type keeps one space between the words of a multi-word type", "[schema][normalize]") {
    CHECK(sqlite_schema::normalize_type("unsigned   big\tint") == "UNSIGNED BIG INT");
    CHECK(sqlite_schema::normalize_type("Double Precision") == "DOUBLE PRECISION");
    CHECK(sqlite_schema::normalize_type("UNSIGNED BIG INT") == sqlite_schema::normalize_type("unsigned big int"));
}

TEST_CASE("normalize_type tells genuinely different types apart", "[schema][normalize]") {
    CHECK(sqlite_schema::normalize_type("VARCHAR(80)") != sqlite_schema::normalize_type("VARCHAR(120)"));
    CHECK(sqlite_schema::normalize_type("INT") != sqlite_schema::normalize_type("INTEGER"));
    CHECK(sqlite_schema::normalize_type("BIGINT") != sqlite_schema::normalize_type("BIG INT"));
}

TEST_CASE("normalize_sql ignores case, spacing and line breaks", "[schema][normalize]") {
    CHECK(same_sql("length(title) > 0", "LENGTH( title )>0"));
    CHECK(same_sql("a  AND\n\tb", "a and b"));
    CHECK(sqlite_schema::normalize_sql("A+B") == "a + b");
}

TEST_CASE("normalize_sql ignores the quoting of names", "[schema][normalize]") {
    CHECK(same_sql("\"title\" IS NOT NULL", "title is not null"));
    CHECK(same_sql("[title] = `Title`", "title = TITLE"));
    CHECK(sqlite_schema::normalize_sql("\"Mixed\".\"Col\"") == "mixed . col");
}

TEST_CASE("normalize_sql removes redundant parentheses around the whole expression", "[schema][normalize]") {
    CHECK(sqlite_schema::normalize_sql("(a > 0)") == "a > 0");
    CHECK(sqlite_schema::normalize_sql("((a > 0))") == "a > 0");
    CHECK(same_sql("(CURRENT_TIMESTAMP)", "CURRENT_TIMESTAMP"));
    CHECK(same_sql("(1 + 1)", "1+1"));
    CHECK(same_sql("((x IN (1, 2)))", "x in (1,2)"));
}

TEST_CASE("normalize_sql keeps parentheses that do not wrap the whole expression", "[schema][normalize]") {
    CHECK(sqlite_schema::normalize_sql("(a) + (b)") == "( a ) + ( b )");
    CHECK_FALSE(same_sql("(a) + (b)", "a + b"));
    CHECK(sqlite_schema::normalize_sql("(a + b) * c") == "( a + b ) * c");
    CHECK(sqlite_schema::normalize_sql("((a) + (b))") == "( a ) + ( b )");
    CHECK(sqlite_schema::normalize_sql("f(x)") == "f ( x )");
    CHECK_FALSE(same_sql("(a + b) * c", "a + b * c"));
}

TEST_CASE("normalize_sql reads TRUE and FALSE as 1 and 0", "[schema][normalize]") {
    CHECK(same_sql("TRUE", "1"));
    CHECK(same_sql("false", "0"));
    CHECK(same_sql("active = true", "active = 1"));
    // Only the bare keywords: quoted 'true' is a string.
    CHECK_FALSE(same_sql("'true'", "1"));
}

TEST_CASE("normalize_sql treats == as = and <> as !=", "[schema][normalize]") {
    CHECK(same_sql("a == 1", "a = 1"));
    CHECK(same_sql("a <> 1", "a != 1"));
    CHECK(sqlite_schema::normalize_sql("a<>b") == "a != b");
    CHECK_FALSE(same_sql("a = 1", "a != 1"));
}

TEST_CASE("normalize_sql ignores comments and a trailing semicolon", "[schema][normalize]") {
    CHECK(same_sql("SELECT 1; -- done", "select 1"));
    CHECK(same_sql("CREATE VIEW v AS /* the view */ SELECT a FROM t", "create view v as select a from t"));
}

TEST_CASE("normalize_sql keeps string literal contents exactly", "[schema][normalize]") {
    CHECK_FALSE(same_sql("'a'", "'A'"));
    CHECK_FALSE(same_sql("x = 'a b'", "x = 'a  b'"));
    CHECK(sqlite_schema::normalize_sql("'It''s'") == "'It''s'");
    CHECK_FALSE(same_sql("'abc'", "abc"));
}

TEST_CASE("normalize_sql tells genuinely different expressions apart", "[schema][normalize]") {
    CHECK_FALSE(same_sql("a > 0", "a >= 0"));
    CHECK_FALSE(same_sql("a + b", "b + a"));
    CHECK_FALSE(same_sql("length(title) > 0", "length(title) > 1"));
    CHECK_FALSE(same_sql("x'00'", "x'01'"));
    CHECK_FALSE(same_sql("CURRENT_TIMESTAMP", "CURRENT_DATE"));
}

TEST_CASE("normalize_sql does not throw on text the tokenizer rejects", "[schema][normalize]") {
    std::string result;
    CHECK_NOTHROW(result = sqlite_schema::normalize_sql("a = 'unterminated"));
    CHECK_FALSE(result.empty());
    CHECK(sqlite_schema::normalize_sql("a = 'x") != sqlite_schema::normalize_sql("a = 'y"));
}

TEST_CASE("same_name compares names without regard to ASCII case", "[schema][normalize]") {
    CHECK(sqlite_schema::same_name("user", "USER"));
    CHECK(sqlite_schema::same_name("Ix_User_Email", "ix_user_email"));
    CHECK_FALSE(sqlite_schema::same_name("user", "users"));
    CHECK_FALSE(sqlite_schema::same_name("user", "user "));
    CHECK(sqlite_schema::same_name("", ""));
}
