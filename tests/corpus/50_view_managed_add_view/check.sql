SELECT name FROM sqlite_schema WHERE type = 'view' ORDER BY name;
SELECT * FROM v_cheap_product ORDER BY id;
SELECT * FROM v_active_product ORDER BY id;
INSERT INTO product (name, price) VALUES ('gum', 0.5);
SELECT count(*) FROM audit;
SELECT * FROM v_cheap_product ORDER BY id;
