CREATE TABLE audit (id INTEGER PRIMARY KEY, tbl TEXT NOT NULL, row_id INTEGER, note TEXT);
CREATE TRIGGER "trg_line_item_insert" AFTER INSERT ON "line_item"
BEGIN
    INSERT INTO audit (tbl, row_id, note) VALUES ('line_item', NEW."id", NEW."qty");
END;
CREATE VIEW "v_line_item" AS SELECT "id", "qty" FROM "line_item";
INSERT INTO line_item (id, qty, unit_price) VALUES (1, 2, 1.5), (2, 3, 10.0), (3, 7, 2.0), (5, 4, 0.25);
DELETE FROM line_item WHERE id = 3;
