CREATE TABLE audit (id INTEGER PRIMARY KEY, tbl TEXT NOT NULL, row_id INTEGER, note TEXT);
CREATE TRIGGER "trg_membership_insert" AFTER INSERT ON "membership"
BEGIN
    INSERT INTO audit (tbl, row_id, note) VALUES ('membership', NEW."id", NEW."role");
END;
CREATE VIEW "v_membership" AS SELECT "user_id", "group_id" FROM "membership";
INSERT INTO membership (id, user_id, group_id, role) VALUES (1, 1, 1, 'owner'), (2, 1, 2, 'member'), (3, 2, 1, 'member'), (5, 3, 1, 'guest'), (6, 3, 2, 'guest');
DELETE FROM membership WHERE id = 3;
