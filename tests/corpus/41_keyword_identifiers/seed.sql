CREATE TABLE audit (id INTEGER PRIMARY KEY, tbl TEXT NOT NULL, row_id INTEGER, note TEXT);
CREATE TRIGGER "trg_order_insert" AFTER INSERT ON "order"
BEGIN
    INSERT INTO audit (tbl, row_id, note) VALUES ('order', NEW."id", NEW."group");
END;
CREATE VIEW "v_order" AS SELECT "id", "group", "select" FROM "order";
INSERT INTO "group" ("id", "name") VALUES (1, 'a'), (2, 'b'), (3, 'c');
DELETE FROM "group" WHERE "id" = 2;
INSERT INTO "order" ("id", "group", "select") VALUES (1, 'x', 10), (2, 'y', 20), (3, 'z', 30), (5, 'w', 50);
DELETE FROM "order" WHERE "id" = 3;
