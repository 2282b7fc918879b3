CREATE TABLE audit (id INTEGER PRIMARY KEY, tbl TEXT NOT NULL, row_id INTEGER, note TEXT);
CREATE TRIGGER "trg_customer_insert" AFTER INSERT ON "customer"
BEGIN
    INSERT INTO audit (tbl, row_id, note) VALUES ('customer', NEW."id", NEW."email");
END;
CREATE VIEW "v_customer" AS SELECT "id", "email" FROM "customer";
INSERT INTO customer (id, name, email, legacy_code) VALUES (1, 'Ann', 'ann@example.com', 'L1'), (2, 'Bob', 'bob@example.com', NULL), (3, 'Cid', 'cid@example.com', 'L3'), (9, 'Dee', 'dee@example.com', 'L9');
DELETE FROM customer WHERE id = 3;
