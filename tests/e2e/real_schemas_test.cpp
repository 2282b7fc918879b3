// Schemas in the forms real applications write them (a browser profile, a reference
// manager, Django's and Rails's SQLite databases, a chat server), each adopted by `dbm init`:
// then `check` is OK, `migrate` finds nothing, `inspect --sql` builds the same schema, and
// a change that rebuilds every table keeps every row. The schemas are written for these
// tests in the style of those applications (their quirks included: columns without types,
// table constraints without commas, keyword names, WITHOUT ROWID, DEFERRABLE keys).
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <regex>

#include "harness.hpp"

using e2e::Project;

namespace {

struct RealSchema {
    const char* name;
    const char* sql;
};

const RealSchema schemas[] = {
    {"browser history",
     R"SQL(CREATE TABLE moz_origins ( id INTEGER PRIMARY KEY, prefix TEXT NOT NULL, host TEXT NOT NULL, frecency INTEGER NOT NULL, UNIQUE (prefix, host) );
CREATE TABLE moz_places (   id INTEGER PRIMARY KEY, url LONGVARCHAR, title LONGVARCHAR, rev_host LONGVARCHAR, visit_count INTEGER DEFAULT 0, hidden INTEGER DEFAULT 0 NOT NULL, typed INTEGER DEFAULT 0 NOT NULL, frecency INTEGER DEFAULT -1 NOT NULL, last_visit_date INTEGER , guid TEXT, url_hash INTEGER DEFAULT 0 NOT NULL , origin_id INTEGER REFERENCES moz_origins(id));
CREATE TABLE moz_historyvisits (  id INTEGER PRIMARY KEY, from_visit INTEGER, place_id INTEGER, visit_date INTEGER, visit_type INTEGER, session INTEGER, source INTEGER DEFAULT 0 NOT NULL, triggeringPlaceId INTEGER);
CREATE INDEX moz_places_url_hashindex ON moz_places (url_hash);
CREATE UNIQUE INDEX moz_places_guid_uniqueindex ON moz_places (guid);
CREATE INDEX moz_places_frecencyindex ON moz_places (frecency DESC);
CREATE INDEX moz_historyvisits_placedateindex ON moz_historyvisits (place_id, visit_date);
CREATE TABLE moz_meta (key TEXT PRIMARY KEY, value NOT NULL) WITHOUT ROWID ;
CREATE TABLE moz_anno_attributes (  id INTEGER PRIMARY KEY, name VARCHAR(32) UNIQUE NOT NULL);
INSERT INTO moz_origins VALUES (1, 'https://', 'example.org', 100);
INSERT INTO moz_places (id, url, title, guid, url_hash, origin_id) VALUES (1, 'https://example.org/', 'Example', 'abc', 42, 1);
INSERT INTO moz_historyvisits (place_id, visit_date, visit_type) VALUES (1, 1700000000, 1);
INSERT INTO moz_meta VALUES ('origin_frecency_count', 1);)SQL"},
    {"reference manager",
     R"SQL(CREATE TABLE version (
    schema TEXT PRIMARY KEY,
    version INT NOT NULL
);
CREATE INDEX schema ON version(schema);
CREATE TABLE settings (
    setting TEXT,
    key TEXT,
    value,
    PRIMARY KEY (setting, key)
);
CREATE TABLE libraries (libraryID INTEGER PRIMARY KEY, libraryType TEXT NOT NULL);
CREATE TABLE items (
    itemID INTEGER PRIMARY KEY,
    itemTypeID INT NOT NULL,
    dateAdded TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    libraryID INT,
    key TEXT NOT NULL,
    UNIQUE (libraryID, key),
    FOREIGN KEY (libraryID) REFERENCES libraries(libraryID)
);
CREATE TABLE itemDataValues (
    valueID INTEGER PRIMARY KEY,
    value UNIQUE
);
CREATE TABLE creators (creatorID INTEGER PRIMARY KEY, firstName TEXT, lastName TEXT);
CREATE TABLE itemCreators (
    itemID INT,
    creatorID INT,
    orderIndex INT DEFAULT 0,
    PRIMARY KEY (itemID, creatorID, orderIndex),
    FOREIGN KEY (itemID) REFERENCES items(itemID)
    FOREIGN KEY (creatorID) REFERENCES creators(creatorID)
);
CREATE TABLE tags (
    tagID INTEGER PRIMARY KEY,
    name TEXT NOT NULL COLLATE NOCASE,
    type INT NOT NULL,
    libraryID INT,
    UNIQUE (libraryID, name, type)
);
CREATE TABLE savedSearchConditions (
    savedSearchID INT,
    searchConditionID INT,
    condition TEXT,
    operator TEXT,
    required NONE,
    PRIMARY KEY (savedSearchID, searchConditionID)
);
CREATE TABLE deletedItems (
    itemID INTEGER PRIMARY KEY,
    dateDeleted DEFAULT CURRENT_TIMESTAMP NOT NULL
);
CREATE TABLE translatorCache (
	leafName TEXT PRIMARY KEY,
	translatorJSON TEXT,
	lastModifiedTime INT
);
INSERT INTO libraries VALUES (1, 'user');
INSERT INTO items (itemID, itemTypeID, libraryID, key) VALUES (1, 2, 1, 'ABCD');
INSERT INTO creators VALUES (1, 'Ada', 'Lovelace');
INSERT INTO itemCreators VALUES (1, 1, 0);
INSERT INTO tags (name, type, libraryID) VALUES ('Math', 0, 1);
INSERT INTO settings VALUES ('a', 'b', x'00ff');
INSERT INTO deletedItems (itemID) VALUES (7);)SQL"},
    {"Django",
     R"SQL(CREATE TABLE "django_migrations" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "app" varchar(255) NOT NULL, "name" varchar(255) NOT NULL, "applied" datetime NOT NULL);
CREATE TABLE "django_content_type" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "app_label" varchar(100) NOT NULL, "model" varchar(100) NOT NULL);
CREATE UNIQUE INDEX "django_content_type_app_label_model_76bd3d3b_uniq" ON "django_content_type" ("app_label", "model");
CREATE TABLE "auth_group" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(150) NOT NULL UNIQUE);
CREATE TABLE "auth_permission" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "content_type_id" integer NOT NULL REFERENCES "django_content_type" ("id") DEFERRABLE INITIALLY DEFERRED, "codename" varchar(100) NOT NULL, "name" varchar(255) NOT NULL);
CREATE UNIQUE INDEX "auth_permission_content_type_id_codename_01ab375a_uniq" ON "auth_permission" ("content_type_id", "codename");
CREATE INDEX "auth_permission_content_type_id_2f476e4b" ON "auth_permission" ("content_type_id");
CREATE TABLE "auth_user" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "password" varchar(128) NOT NULL, "last_login" datetime NULL, "is_superuser" bool NOT NULL, "username" varchar(150) NOT NULL UNIQUE, "email" varchar(254) NOT NULL);
CREATE TABLE "django_admin_log" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "action_time" datetime NOT NULL, "object_id" text NULL, "object_repr" varchar(200) NOT NULL, "change_message" text NOT NULL, "content_type_id" integer NULL REFERENCES "django_content_type" ("id") DEFERRABLE INITIALLY DEFERRED, "user_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED, "action_flag" smallint unsigned NOT NULL CHECK ("action_flag" >= 0));
INSERT INTO django_content_type (app_label, model) VALUES ('auth', 'user');
INSERT INTO auth_user (password, is_superuser, username, email) VALUES ('x', 1, 'admin', 'a@x');
INSERT INTO django_admin_log (action_time, object_repr, change_message, content_type_id, user_id, action_flag) VALUES ('2026-01-01', 'admin', '[]', 1, 1, 1);
INSERT INTO django_migrations (app, name, applied) VALUES ('auth', '0001_initial', '2026-01-01');)SQL"},
    {"Rails",
     R"SQL(CREATE TABLE "schema_migrations" ("version" varchar NOT NULL PRIMARY KEY);
CREATE TABLE "ar_internal_metadata" ("key" varchar NOT NULL PRIMARY KEY, "value" varchar, "created_at" datetime(6) NOT NULL, "updated_at" datetime(6) NOT NULL);
CREATE TABLE "users" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "email" varchar DEFAULT '' NOT NULL, "admin" boolean DEFAULT 0, "created_at" datetime(6) NOT NULL, "updated_at" datetime(6) NOT NULL);
CREATE UNIQUE INDEX "index_users_on_email" ON "users" ("email");
CREATE TABLE "posts" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "user_id" integer NOT NULL, "title" varchar, "body" text, "published" boolean DEFAULT FALSE NOT NULL, "created_at" datetime(6) NOT NULL, "updated_at" datetime(6) NOT NULL, CONSTRAINT "fk_rails_5b5ddfd518"
FOREIGN KEY ("user_id")
  REFERENCES "users" ("id")
);
CREATE INDEX "index_posts_on_user_id" ON "posts" ("user_id");
INSERT INTO schema_migrations VALUES ('20260101000000');
INSERT INTO users (email, created_at, updated_at) VALUES ('a@x', '2026-01-01', '2026-01-01');
INSERT INTO posts (user_id, title, created_at, updated_at) VALUES (1, 'Hello', '2026-01-01', '2026-01-01');)SQL"},
    {"chat server",
     R"SQL(CREATE TABLE IF NOT EXISTS rooms( room_id TEXT PRIMARY KEY NOT NULL, is_public BOOL, creator TEXT );
CREATE TABLE IF NOT EXISTS events( stream_ordering INTEGER PRIMARY KEY, topological_ordering BIGINT NOT NULL, event_id TEXT NOT NULL, type TEXT NOT NULL, room_id TEXT NOT NULL, content TEXT, outlier BOOL NOT NULL, depth BIGINT DEFAULT 0 NOT NULL, UNIQUE (event_id) );
CREATE INDEX events_order_room ON events ( room_id, topological_ordering, stream_ordering );
CREATE TABLE IF NOT EXISTS event_json( event_id TEXT NOT NULL, room_id TEXT NOT NULL, internal_metadata TEXT NOT NULL, json TEXT NOT NULL, format_version INTEGER, UNIQUE (event_id) );
CREATE TABLE IF NOT EXISTS "user_directory_search" (user_id TEXT NOT NULL, value TEXT);
CREATE VIRTUAL TABLE event_search USING fts4 ( event_id, room_id, sender, key, value );
CREATE TABLE room_memberships( event_id TEXT NOT NULL, user_id TEXT NOT NULL, sender TEXT NOT NULL, room_id TEXT NOT NULL, membership TEXT NOT NULL, forgotten INTEGER DEFAULT 0, display_name TEXT, avatar_url TEXT, UNIQUE (event_id) );
CREATE INDEX room_memberships_room_id ON room_memberships (room_id);
CREATE TABLE stream_positions ( stream_name TEXT NOT NULL, instance_name TEXT NOT NULL, stream_id BIGINT NOT NULL );
CREATE UNIQUE INDEX stream_positions_idx ON stream_positions(stream_name, instance_name);
INSERT INTO rooms VALUES ('!r:x', 1, '@a:x');
INSERT INTO events VALUES (1, 1, '$e1', 'm.room.message', '!r:x', '{}', 0, 1);
INSERT INTO event_search VALUES ('$e1', '!r:x', '@a:x', 'content.body', 'hello there');
INSERT INTO room_memberships (event_id, user_id, sender, room_id, membership) VALUES ('$e0', '@a:x', '@a:x', '!r:x', 'join');)SQL"},
};

std::string shell(const Project& project, const std::string& database, const std::string& sql) {
    const auto result = e2e::run({SQLITE3_SHELL, database, sql}, project.dir());
    INFO(result.err);
    CHECK(result.exit_code == 0);
    return result.out;
}

// Every row of every table but SQLite's and dbm's, in a stable order (rowids included).
std::string application_rows(const Project& project) {
    std::string all;
    for (const auto& name : e2e::lines(shell(project, "app.db",
                                             "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND "
                                             "name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE 'dbm\\_%' ESCAPE '\\' "
                                             "ORDER BY name")))
    {
        std::vector<std::string> rows = e2e::lines(shell(project, "app.db", "SELECT * FROM \"" + name + "\""));
        std::sort(rows.begin(), rows.end());
        all += name + ":\n";
        for (const auto& row : rows) all += row + "\n";
    }
    return all;
}

}  // namespace

TEST_CASE("real-world schemas are adopted, checked, rebuilt and downgraded keeping every row", "[real]") {
    for (const RealSchema& real : schemas) {
        INFO("schema: " << real.name);
        Project project;
        REQUIRE(e2e::run({SQLITE3_SHELL, "app.db", real.sql}, project.dir()).exit_code == 0);
        const std::string rows = application_rows(project);

        auto result = project.dbm({"init"});
        INFO(result.err);
        REQUIRE(result.exit_code == 0);
        CHECK(result.err.empty());
        CHECK(project.dbm({"migrate", "-m", "none"}).out == "No changes in schema detected.\n");
        result = project.dbm({"check"});
        INFO(result.out + result.err);
        CHECK(result.out == "OK\n");
        // Again from the replay cache (migrations/.dbm-cache/replay): the schema it gives
        // back is the replay's, so the same OK, and the same drift once the database is
        // changed by hand as a replay finds.
        CHECK(std::filesystem::exists(project.path("migrations/.dbm-cache/replay")));
        CHECK(project.dbm({"check"}).out == "OK\n");
        REQUIRE(e2e::run({SQLITE3_SHELL, "app.db", "CREATE TABLE by_hand (x); CREATE INDEX by_hand_x ON by_hand (x);"},
                         project.dir()).exit_code == 0);
        const std::string warm = project.dbm({"check"}).out;
        std::filesystem::remove_all(project.path("migrations/.dbm-cache/replay"));
        const std::string cold = project.dbm({"check"}).out;
        CHECK(cold.find("by_hand") != std::string::npos);
        CHECK(warm == cold);
        REQUIRE(e2e::run({SQLITE3_SHELL, "app.db", "DROP TABLE by_hand;"}, project.dir()).exit_code == 0);

        // inspect --sql builds a database dbm finds the same.
        const auto sql = project.dbm({"inspect", "--sql"});
        REQUIRE(sql.exit_code == 0);
        REQUIRE(e2e::run({SQLITE3_SHELL, "copy.db"}, project.dir(), {}, sql.out).exit_code == 0);
        CHECK(project.dbm({"inspect", "--db", "sqlite:///copy.db"}).out == project.dbm({"inspect"}).out);

        // A column on every table whose default is an expression: ALTER TABLE cannot add
        // it, so every table is rebuilt.
        std::string models = project.read("models.yaml");
        models = std::regex_replace(models, std::regex("(\n    columns:\n)"),
                                    "$1      dbm_extra: {type: text, nullable: false, default_expr: \"lower('X')\"}\n");
        project.write("models.yaml", models);
        result = project.dbm({"migrate", "-m", "Extra"});
        INFO(result.err);
        REQUIRE(result.exit_code == 0);
        result = project.dbm({"upgrade"});
        INFO(result.err);
        REQUIRE(result.exit_code == 0);
        CHECK(project.dbm({"migrate", "-m", "again"}).out == "No changes in schema detected.\n");
        CHECK(project.dbm({"check"}).out == "OK\n");
        result = project.dbm({"downgrade"});
        INFO(result.err);
        REQUIRE(result.exit_code == 0);
        CHECK(application_rows(project) == rows);
        CHECK(shell(project, "app.db", "PRAGMA foreign_key_check; PRAGMA integrity_check") == "ok\n");
    }
}
