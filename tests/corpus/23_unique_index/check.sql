SELECT name, "unique", origin, partial FROM pragma_index_list('product') WHERE origin = 'c';
SELECT id, sku, name FROM product ORDER BY id;
INSERT OR IGNORE INTO product (sku, name) VALUES ('A-1', 'again');
SELECT count(*) FROM product;
INSERT INTO product (sku, name) VALUES ('E-5', 'easel');
SELECT count(*) FROM audit;
SELECT count(*) FROM v_product;
