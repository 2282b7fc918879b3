CREATE TABLE audit (id INTEGER PRIMARY KEY, tbl TEXT NOT NULL, row_id INTEGER, note TEXT);
CREATE TRIGGER "trg_order_line_insert" AFTER INSERT ON "order_line"
BEGIN
    INSERT INTO audit (tbl, row_id, note) VALUES ('order_line', NEW."id", NEW."qty");
END;
CREATE VIEW "v_order_line" AS SELECT "order_id", sum("qty") AS "total" FROM "order_line" GROUP BY "order_id";
INSERT INTO order_line (id, order_id, product_id, qty) VALUES (1, 10, 100, 2), (2, 10, 101, 1), (3, 11, 100, 5), (4, 12, 102, 3);
DELETE FROM order_line WHERE id = 2;
