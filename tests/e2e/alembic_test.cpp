// Adopting a database (SPEC §11): `dbm init` on a database that already has a schema writes
// models.yaml from it, a baseline revision and stamps it; a Flask-Migrate project gets
// dbm_migrations/ beside its migrations/ and keeps Alembic's version table and head id.
#include <catch2/catch.hpp>

#include <regex>
#include <unistd.h>

#include "harness.hpp"

using e2e::Project;

namespace {

// A plain database as a user brings it: rows, a trigger, a view, FTS5 with external
// content, deferred foreign keys, and the two CREATE TABLE forms dbm once could not read.
const char* plain_database = R"SQL(
CREATE TABLE place (id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE ON CONFLICT REPLACE, title TEXT COLLATE NOCASE);
CREATE TABLE visit (id INTEGER PRIMARY KEY, place_id INTEGER NOT NULL, referrer_id INTEGER,
  FOREIGN KEY (referrer_id) REFERENCES place(id) ON DELETE CASCADE
  CHECK (place_id != referrer_id));
CREATE TABLE "auth_group" ("id" integer NOT NULL, "name" varchar(150) NOT NULL UNIQUE, PRIMARY KEY("id" AUTOINCREMENT));
CREATE TABLE "auth_group_permissions" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
  "group_id" integer NOT NULL REFERENCES "auth_group" ("id") DEFERRABLE INITIALLY DEFERRED);
CREATE INDEX ix_visit_place ON visit (place_id);
CREATE TABLE doc (id INTEGER PRIMARY KEY, body TEXT);
CREATE VIRTUAL TABLE doc_fts USING fts5(body, content='doc', content_rowid='id');
CREATE TRIGGER doc_ai AFTER INSERT ON doc BEGIN INSERT INTO doc_fts(rowid, body) VALUES (new.id, new.body); END;
CREATE VIEW recent AS SELECT v.id, p.url FROM visit AS v JOIN place AS p ON p.id = v.place_id;
INSERT INTO place VALUES (1, 'https://a', 'A'), (2, 'https://b', 'B');
INSERT INTO visit VALUES (1, 1, 2), (5, 2, NULL);
INSERT INTO auth_group (name) VALUES ('staff'), ('admins');
DELETE FROM auth_group WHERE name = 'admins';
INSERT INTO auth_group_permissions (group_id) VALUES (1);
INSERT INTO doc (body) VALUES ('hello world'), ('second text');
)SQL";

// The init output of an adoption, with the generated revision id.
std::string adoption_output(const std::string& dir, const std::string& id) {
    return "  Creating directory " + dir + "...  done\n  Creating directory " + dir + "/versions...  done\n" +
           "  Creating file " + dir + "/dbm.yaml...  done\n  Creating file " + dir + "/README...  done\n" +
           "  Creating file " + dir + "/script.sql.tmpl...  done\n  Creating file models.yaml...  done\n" +
           "  Generating " + dir + "/versions/" + id + "_baseline.sql...  done\n" +
           "  Stamping the database with revision " + id + "_baseline... done\n";
}

std::string revision_id_in(const std::string& out) {
    std::smatch match;
    REQUIRE(std::regex_search(out, match, std::regex("versions/([0-9a-f]+)_baseline\\.sql")));
    return match[1];
}

// `text` with `from` replaced by `to`; the test fails when `from` is not there.
std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    if (at == std::string::npos) FAIL("no '" << from << "' in:\n" << text);
    return text.replace(at, from.size(), to);
}

// Runs SQL on app.db with the sqlite3 shell (which may write), returning what it prints.
std::string shell(const Project& project, const std::string& sql) {
    const auto result = e2e::run({SQLITE3_SHELL, "app.db", sql}, project.dir());
    INFO(result.err);
    CHECK(result.exit_code == 0);
    return result.out;
}

bool has_flask_migrate() {
    return access("/usr/bin/python3", X_OK) == 0 &&
           e2e::run({"/usr/bin/python3", "-c", "import flask_migrate, flask_sqlalchemy"}, "/").exit_code == 0;
}

}  // namespace

TEST_CASE("dbm init adopts a plain database: models, baseline and stamp; then check is OK and a change keeps every row",
          "[alembic][adopt]") {
    Project project;
    REQUIRE(e2e::run({SQLITE3_SHELL, "app.db", plain_database}, project.dir()).exit_code == 0);
    // The application's rows (FTS5 keeps its index in its own way).
    const auto app_rows = [&] {
        return shell(project, "SELECT rowid, * FROM place; SELECT rowid, * FROM visit; SELECT rowid, * FROM auth_group; "
                              "SELECT rowid, * FROM auth_group_permissions; SELECT rowid, * FROM doc; SELECT * FROM "
                              "sqlite_sequence ORDER BY name; SELECT rowid, * FROM doc_fts WHERE doc_fts MATCH 'text'");
    };
    const std::string rows_before = app_rows();

    auto result = project.dbm({"init"});
    REQUIRE(result.exit_code == 0);
    const std::string id = revision_id_in(result.out);
    CHECK(result.out == adoption_output("migrations", id));
    CHECK(result.err.empty());
    const std::string models = project.read("models.yaml");
    CHECK_THAT(models, Catch::Contains("url: {type: text, nullable: false, unique: true, on_conflict: replace}"));
    CHECK_THAT(models, Catch::Contains("references: auth_group.id, deferrable: true, initially: deferred"));
    CHECK_THAT(models, Catch::Contains("doc_fts: fts5(body, content='doc', content_rowid='id')"));
    CHECK(app_rows() == rows_before);
    CHECK(project.query("SELECT version_num FROM dbm_version") == id + "\n");

    CHECK(project.dbm({"migrate", "-m", "nothing"}).out == "No changes in schema detected.\n");
    result = project.dbm({"check"});
    CHECK(result.exit_code == 0);
    CHECK(result.out == "OK\n");
    CHECK(project.dbm({"current"}).out == "  Current revision for app.db: " + id + " (head)\n");

    // A change that rebuilds two tables keeps every row, the FTS index and the trigger.
    std::string changed = replaced(models, "      body: {type: text}", "      body: {type: text, nullable: false, default: ''}");
    changed = replaced(changed, "name: {type: varchar(150)", "name: {type: varchar(200)");
    project.write("models.yaml", changed);
    result = project.dbm({"migrate", "-m", "Widen names", "--rev-id", "bb0000000001"});
    REQUIRE(result.exit_code == 0);
    CHECK(result.err == "Detected changed column 'auth_group.name': type varchar(150) -> varchar(200)\n"
                        "Detected changed column 'doc.body': NOT NULL, default (none) -> ''\n");
    REQUIRE(project.dbm({"upgrade"}).exit_code == 0);
    CHECK(project.query("SELECT rowid, * FROM doc_fts WHERE doc_fts MATCH 'hello'") == "1|hello world\n");
    CHECK(shell(project, "INSERT INTO doc (body) VALUES ('third'); SELECT count(*) FROM doc_fts WHERE doc_fts MATCH 'third'") ==
          "1\n");
    // AUTOINCREMENT's counter survived: the deleted 'admins' id 2 is not reused.
    CHECK(shell(project, "SELECT id, name FROM auth_group; SELECT seq FROM sqlite_sequence WHERE name = 'auth_group'") ==
          "1|staff\n2\n");
    // ON CONFLICT REPLACE survived: an insert of a known url replaces its row.
    CHECK(shell(project, "INSERT INTO place (url) VALUES ('https://a'); SELECT count(*) FROM place") == "2\n");
    CHECK(shell(project, "DELETE FROM place WHERE id = 3; INSERT INTO place VALUES (1, 'https://a', 'A'); DELETE FROM doc "
                         "WHERE body = 'third'") == "");
    CHECK(project.dbm({"check"}).out == "OK\n");
    REQUIRE(project.dbm({"downgrade"}).exit_code == 0);
    CHECK(app_rows() == rows_before);
}

TEST_CASE("a Flask-Migrate project gets dbm_migrations beside its migrations, found by every command", "[alembic][adopt]") {
    Project project;
    // What `flask db upgrade` leaves behind: Alembic's version table and the app's tables.
    REQUIRE(e2e::run({SQLITE3_SHELL, "app.db",
                      "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc "
                      "PRIMARY KEY (version_num));"
                      "INSERT INTO alembic_version VALUES ('ae1027a6acf');"
                      "CREATE TABLE user (id INTEGER NOT NULL, username VARCHAR(80) NOT NULL, PRIMARY KEY (id), UNIQUE "
                      "(username));"
                      "INSERT INTO user (username) VALUES ('alice');"},
                     project.dir())
                .exit_code == 0);
    std::filesystem::create_directories(project.path("migrations/versions"));
    project.write("migrations/env.py", "# Flask-Migrate's own directory\n");
    project.write("migrations/alembic.ini", "[alembic]\n");

    // No message sends the user in a circle: it says what to run, and that works.
    auto result = project.dbm({"current"});
    CHECK(result.exit_code == 2);
    CHECK(result.err == "dbm: error: migrations belongs to Flask-Migrate (it holds alembic.ini or env.py) and there is no "
                        "dbm_migrations/dbm.yaml; run 'dbm init' to create dbm_migrations beside it\n");
    result = project.dbm({"init"});
    REQUIRE(result.exit_code == 0);
    CHECK(result.out == adoption_output("dbm_migrations", "ae1027a6acf"));
    CHECK_THAT(project.read("dbm_migrations/dbm.yaml"), Catch::Contains("version_table: alembic_version "));
    CHECK(project.dbm({"current"}).out == "  Current revision for app.db: ae1027a6acf (head)\n");
    CHECK(project.query("SELECT count(*) FROM sqlite_schema WHERE name = 'dbm_version'") == "0\n");
    CHECK(project.dbm({"migrate", "-m", "none"}).out == "No changes in schema detected.\n");
    CHECK(project.dbm({"check"}).out == "OK\n");

    project.write("models.yaml", project.read("models.yaml") + "      email: {type: string(120)}\n");
    REQUIRE(project.dbm({"migrate", "-m", "Add email", "--rev-id", "b7d4e3f2a9c1"}).exit_code == 0);
    result = project.dbm({"upgrade"});
    REQUIRE(result.exit_code == 0);
    CHECK(result.out == "  Upgrading to b7d4e3f2a9c1_add_email... done\n");
    CHECK(project.query("SELECT version_num FROM alembic_version") == "b7d4e3f2a9c1\n");
    CHECK(project.query("SELECT username, email IS NULL FROM user") == "alice|1\n");
    REQUIRE(project.dbm({"downgrade"}).exit_code == 0);
    CHECK(project.query("SELECT version_num FROM alembic_version") == "ae1027a6acf\n");
}

TEST_CASE("a database made by Flask-Migrate itself is adopted, checked, and migrated keeping its rows", "[alembic][adopt]") {
    if (!has_flask_migrate()) {
        WARN("python3-flask-migrate is not installed (scripts/install-deps installs it): not run");
        return;
    }
    Project project;
    project.write("app.py", R"PY(import os
from flask import Flask
from flask_sqlalchemy import SQLAlchemy
from flask_migrate import Migrate

app = Flask(__name__)
app.config['SQLALCHEMY_DATABASE_URI'] = 'sqlite:///' + os.path.join(os.path.dirname(os.path.abspath(__file__)), 'app.db')
db = SQLAlchemy(app)
migrate = Migrate(app, db)

class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    username = db.Column(db.String(80), unique=True, nullable=False)
    email = db.Column(db.String(120), index=True, nullable=False)
    active = db.Column(db.Boolean, default=True, nullable=False)

class Post(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey('user.id', ondelete='CASCADE'), nullable=False)
    title = db.Column(db.String(200), nullable=False)
    score = db.Column(db.Numeric(10, 2))
    __table_args__ = (db.UniqueConstraint('user_id', 'title'), db.CheckConstraint('length(title) > 0', name='ck_title'))
)PY");
    const e2e::Env flask{{"FLASK_APP", "app.py"}, {"PYTHONDONTWRITEBYTECODE", "1"}};
    for (const std::vector<std::string>& command : {std::vector<std::string>{"db", "init"}, {"db", "migrate", "-m", "init"},
                                                     {"db", "upgrade"}}) {
        std::vector<std::string> argv{"/usr/bin/python3", "-m", "flask"};
        argv.insert(argv.end(), command.begin(), command.end());
        const auto result = e2e::run(argv, project.dir(), flask);
        INFO(result.err);
        REQUIRE(result.exit_code == 0);
    }
    REQUIRE(e2e::run({SQLITE3_SHELL, "app.db",
                      "INSERT INTO user (username, email, active) VALUES ('alice', 'a@x', 1), ('bob', 'b@x', 0);"
                      "INSERT INTO post (user_id, title, score) VALUES (1, 'hi', 2.5), (2, 'yo', NULL);"},
                     project.dir())
                .exit_code == 0);
    const std::string alembic_head = project.query("SELECT version_num FROM alembic_version");

    auto result = project.dbm({"init"});
    REQUIRE(result.exit_code == 0);
    CHECK(result.out == adoption_output("dbm_migrations", alembic_head.substr(0, alembic_head.size() - 1)));
    CHECK(project.dbm({"migrate", "-m", "none"}).out == "No changes in schema detected.\n");
    CHECK(project.dbm({"check"}).out == "OK\n");

    project.write("models.yaml", replaced(project.read("models.yaml"), "      title: {type: string(200), nullable: false}",
                                          "      title: {type: string(250), nullable: false}\n      body: {type: text}"));
    result = project.dbm({"migrate", "-m", "Longer titles"});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    REQUIRE(project.dbm({"upgrade"}).exit_code == 0);
    CHECK(project.query("SELECT id, user_id, title, score, body IS NULL FROM post ORDER BY id") == "1|1|hi|2.5|1\n2|2|yo||1\n");
    CHECK(project.query("SELECT username, active FROM user ORDER BY id") == "alice|1\nbob|0\n");
    CHECK(project.dbm({"check"}).out == "OK\n");
    // The rebuilt table keeps its constraints: the unique pair and the named check.
    CHECK(e2e::run({SQLITE3_SHELL, project.path("app.db").string(), "INSERT INTO post (user_id, title) VALUES (1, 'hi')"},
                   project.dir())
              .err.find("UNIQUE constraint failed") != std::string::npos);
    CHECK(e2e::run({SQLITE3_SHELL, project.path("app.db").string(), "INSERT INTO post (user_id, title) VALUES (1, '')"},
                   project.dir())
              .err.find("CHECK constraint failed: ck_title") != std::string::npos);
}

TEST_CASE("adoption refuses to overwrite models.yaml, a database dbm already manages, and --from-db with nothing to adopt",
          "[alembic][adopt]") {
    Project project;
    REQUIRE(e2e::run({SQLITE3_SHELL, "app.db", "CREATE TABLE t (id INTEGER PRIMARY KEY);"}, project.dir()).exit_code == 0);
    project.write("models.yaml", "tables: {}\n");
    auto result = project.dbm({"init"});
    CHECK(result.exit_code == 1);
    CHECK(result.err == "dbm: error: app.db has a schema to adopt, and adopting it writes models.yaml, which exists; move "
                        "models.yaml aside and run 'dbm init' again\n");
    CHECK_FALSE(std::filesystem::exists(project.path("migrations")));
    CHECK(project.read("models.yaml") == "tables: {}\n");

    Project empty;
    result = empty.dbm({"init", "--from-db"});
    CHECK(result.exit_code == 1);
    CHECK(result.err == "dbm: error: --from-db: app.db has no tables, views or virtual tables to adopt\n");
    CHECK_FALSE(std::filesystem::exists(empty.path("migrations")));
    CHECK_FALSE(std::filesystem::exists(empty.path("app.db")));

    Project managed;
    REQUIRE(e2e::run({SQLITE3_SHELL, "app.db",
                      "CREATE TABLE dbm_version (version_num VARCHAR(32) PRIMARY KEY); INSERT INTO dbm_version VALUES "
                      "('abc'); CREATE TABLE t (x);"},
                     managed.dir())
                .exit_code == 0);
    result = managed.dbm({"init"});
    CHECK(result.exit_code == 1);
    CHECK_THAT(result.err, Catch::Contains("already managed by dbm (its dbm_version table is at abc)"));
    CHECK_FALSE(std::filesystem::exists(managed.path("migrations")));
}

TEST_CASE("migrate refuses models that declare no tables for a database that has some", "[alembic][adopt]") {
    Project project;
    project.init();
    REQUIRE(e2e::run({SQLITE3_SHELL, "app.db", "CREATE TABLE a (x); CREATE TABLE b (y);"}, project.dir()).exit_code == 0);
    const auto result = project.dbm({"migrate", "-m", "everything"});
    CHECK(result.exit_code == 1);
    CHECK(result.out.empty());
    CHECK(result.err == "dbm: error: models.yaml declares no tables, but app.db has 2: the revision would drop them all, "
                        "so none is written. To start from the database, write models that describe it: 'dbm inspect > "
                        "models.yaml' (then 'dbm migrate --from-history -m Baseline' and 'dbm stamp head' when no "
                        "revision builds it yet)\n");
    CHECK(std::filesystem::is_empty(project.path("migrations/versions")));

    // The way out it names works.
    const auto inspected = project.dbm({"inspect"});
    REQUIRE(inspected.exit_code == 0);
    project.write("models.yaml", inspected.out);
    CHECK(project.dbm({"migrate", "-m", "none"}).out == "No changes in schema detected.\n");
    REQUIRE(project.dbm({"migrate", "--from-history", "-m", "Baseline"}).exit_code == 0);
    REQUIRE(project.dbm({"stamp", "head"}).exit_code == 0);
    CHECK(project.dbm({"check"}).out == "OK\n");
}

TEST_CASE("inspect prints the database as models.yaml, and --sql as CREATE statements that build the same schema",
          "[alembic][inspect]") {
    Project project;
    REQUIRE(e2e::run({SQLITE3_SHELL, "app.db", plain_database}, project.dir()).exit_code == 0);
    // No project is needed with --db.
    auto yaml = project.dbm({"inspect", "--db", "sqlite:///app.db"});
    REQUIRE(yaml.exit_code == 0);
    CHECK_THAT(yaml.out, Catch::StartsWith("tables:\n  auth_group:\n"));
    auto sql = project.dbm({"inspect", "--sql", "--db", "sqlite:///app.db"});
    REQUIRE(sql.exit_code == 0);
    REQUIRE(e2e::run({SQLITE3_SHELL, "copy.db"}, project.dir(), {}, sql.out).exit_code == 0);
    // The copy, inspected, is the same schema.
    CHECK(project.dbm({"inspect", "--db", "sqlite:///copy.db"}).out == yaml.out);
}
