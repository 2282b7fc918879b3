CREATE TABLE audit (id INTEGER PRIMARY KEY, tbl TEXT NOT NULL, row_id INTEGER, note TEXT);
CREATE TRIGGER "trg odd ""insert""" AFTER INSERT ON "My Table"
BEGIN
    INSERT INTO audit (tbl, row_id, note) VALUES ('My Table', NEW."id", NEW."col""quote");
END;
CREATE VIEW "v odd" AS SELECT "id", "Mixed Case", "名前" FROM "My Table";
INSERT INTO "My Table" ("id", "Mixed Case", "col""quote", "größe", "名前") VALUES (1, 'Aa', 'q"1', 10, '一'), (2, 'Bb', 'q''2', 20, '二'), (3, 'Cc', 'q3', 30, '三'), (7, NULL, 'q7', NULL, '七');
DELETE FROM "My Table" WHERE "id" = 3;
