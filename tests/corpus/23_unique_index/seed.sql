CREATE TABLE audit (id INTEGER PRIMARY KEY, tbl TEXT NOT NULL, row_id INTEGER, note TEXT);
CREATE TRIGGER "trg_product_insert" AFTER INSERT ON "product"
BEGIN
    INSERT INTO audit (tbl, row_id, note) VALUES ('product', NEW."id", NEW."sku");
END;
CREATE VIEW "v_product" AS SELECT "id", "sku" FROM "product";
INSERT INTO product (id, sku, name) VALUES (1, 'A-1', 'anvil'), (2, 'B-2', 'bucket'), (3, 'C-3', 'crate'), (6, 'D-4', 'drum');
DELETE FROM product WHERE id = 3;
