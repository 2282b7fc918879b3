CREATE TABLE audit (id INTEGER PRIMARY KEY, tbl TEXT NOT NULL, row_id INTEGER, note TEXT);
CREATE TRIGGER "trg_product_insert" AFTER INSERT ON "product"
BEGIN
    INSERT INTO audit (tbl, row_id, note) VALUES ('product', NEW."id", NEW."name");
END;
INSERT INTO product (id, name, price, active) VALUES (1, 'pen', 1.5, 1), (2, 'lamp', 25.0, 1), (3, 'cup', 4.0, 0), (4, 'mug', 8.0, 1), (6, 'desk', 120.0, 1);
DELETE FROM product WHERE id = 4;
