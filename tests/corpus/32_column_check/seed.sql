CREATE TABLE audit (id INTEGER PRIMARY KEY, tbl TEXT NOT NULL, row_id INTEGER, note TEXT);
CREATE TRIGGER "trg_stock_insert" AFTER INSERT ON "stock"
BEGIN
    INSERT INTO audit (tbl, row_id, note) VALUES ('stock', NEW."id", NEW."name");
END;
CREATE VIEW "v_stock" AS SELECT "id", "name", "price" FROM "stock";
INSERT INTO stock (id, name, price, qty) VALUES (1, 'pen', 1.5, 10), (2, 'ink', 12.25, 0), (3, 'pad', 0, 4), (7, 'cap', 3.75, 2);
DELETE FROM stock WHERE id = 2;
