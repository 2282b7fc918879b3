CREATE TABLE audit (id INTEGER PRIMARY KEY, tbl TEXT NOT NULL, row_id INTEGER, note TEXT);
CREATE TRIGGER "trg_customer_insert" AFTER INSERT ON "customer"
BEGIN
    INSERT INTO audit (tbl, row_id, note) VALUES ('customer', NEW."id", NEW."name");
END;
CREATE VIEW "v_customer" AS SELECT "id", "name" FROM "customer";
INSERT INTO customer (id, name) VALUES (1, 'Ann'), (2, 'Bob'), (3, 'Cid'), (5, 'Eve');
DELETE FROM customer WHERE id = 2;
INSERT INTO invoice (id, customer_id, amount) VALUES (1, 1, 100), (2, 1, 50), (3, 3, 70), (4, 5, 10), (6, 5, 20);
DELETE FROM invoice WHERE id = 4;
