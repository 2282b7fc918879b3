SELECT name, tbl_name FROM sqlite_schema WHERE type = 'trigger' ORDER BY name;
UPDATE product SET price = 2.0 WHERE id = 1;
UPDATE product SET name = 'big lamp' WHERE id = 2;
INSERT INTO product (name, price) VALUES ('gum', 0.5);
SELECT id, product_id, price FROM price_log ORDER BY id;
SELECT * FROM v_product ORDER BY id;
