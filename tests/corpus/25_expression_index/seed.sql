CREATE TABLE audit (id INTEGER PRIMARY KEY, tbl TEXT NOT NULL, row_id INTEGER, note TEXT);
CREATE TRIGGER "trg_account_insert" AFTER INSERT ON "account"
BEGIN
    INSERT INTO audit (tbl, row_id, note) VALUES ('account', NEW."id", NEW."email");
END;
CREATE VIEW "v_account" AS SELECT "id", "email" FROM "account";
INSERT INTO account (id, email) VALUES (1, 'Ann@Example.com'), (2, 'bob@example.com'), (4, 'CID@example.com'), (5, 'dee@example.com');
DELETE FROM account WHERE id = 2;
