CREATE TABLE audit (id INTEGER PRIMARY KEY, tbl TEXT NOT NULL, row_id INTEGER, note TEXT);
CREATE TRIGGER "trg_item_insert" AFTER INSERT ON "item"
BEGIN
    INSERT INTO audit (tbl, row_id, note) VALUES ('item', NEW."id", NEW."code");
END;
CREATE VIEW "v_item" AS SELECT "id", "code" FROM "item";
INSERT INTO item (id, code, name) VALUES (1, 100, 'bolt'), (2, 200, 'nut'), (3, 'x7', 'odd'), (6, 600, 'gear'), (8, NULL, 'none');
DELETE FROM item WHERE id = 2;
