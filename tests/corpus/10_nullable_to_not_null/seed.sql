CREATE TABLE audit (id INTEGER PRIMARY KEY, tbl TEXT NOT NULL, row_id INTEGER, note TEXT);
CREATE TRIGGER "trg_contact_insert" AFTER INSERT ON "contact"
BEGIN
    INSERT INTO audit (tbl, row_id, note) VALUES ('contact', NEW."id", NEW."email");
END;
CREATE VIEW "v_contact" AS SELECT "id", "email" FROM "contact";
INSERT INTO contact (id, name, email) VALUES (1, 'Ann', 'ann@example.com'), (2, 'Bob', 'bob@example.com'), (4, 'Cid', 'cid@example.com'), (5, 'Dee', 'dee@example.com');
DELETE FROM contact WHERE id = 2;
