CREATE VIEW "v_product" AS SELECT "id", "name", "price" FROM "product";
INSERT INTO product (id, name, price) VALUES (1, 'pen', 1.5), (2, 'lamp', 25.0), (3, 'cup', 4.0), (5, 'ink', 7.25);
DELETE FROM product WHERE id = 3;
