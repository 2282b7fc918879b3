CREATE TABLE audit (id INTEGER PRIMARY KEY, tbl TEXT NOT NULL, row_id INTEGER, note TEXT);
CREATE TRIGGER "trg_member_insert" AFTER INSERT ON "member"
BEGIN
    INSERT INTO audit (tbl, row_id, note) VALUES ('member', NEW."id", NEW."username");
END;
CREATE VIEW "v_member" AS SELECT "id", "username" FROM "member";
INSERT INTO member (id, username, email) VALUES (1, 'ann', 'ann@example.com'), (2, 'bob', 'bob@example.com'), (3, 'cid', 'cid@example.com'), (7, 'dee', 'dee@example.com');
DELETE FROM member WHERE id = 2;
