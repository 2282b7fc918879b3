CREATE TABLE audit (id INTEGER PRIMARY KEY, tbl TEXT NOT NULL, row_id INTEGER, note TEXT);
CREATE TRIGGER "trg_user_insert" AFTER INSERT ON "user"
BEGIN
    INSERT INTO audit (tbl, row_id, note) VALUES ('user', NEW."id", NEW."username");
END;
CREATE VIEW "v_user" AS SELECT "id", "username" FROM "user";
INSERT INTO "user" (id, username) VALUES (1, 'ann'), (2, 'bob'), (3, 'cid'), (10, 'eve');
DELETE FROM "user" WHERE id = 3;
