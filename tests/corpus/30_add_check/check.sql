SELECT instr(sql, 'ck_stock_price_positive') > 0 FROM sqlite_schema WHERE name = 'stock';
SELECT id, name, price, qty FROM stock ORDER BY id;
INSERT OR IGNORE INTO stock (name, price, qty) VALUES ('bad', -1, 1);
SELECT count(*) FROM stock;
INSERT INTO stock (name, price, qty) VALUES ('nib', 0.5, 1);
SELECT count(*) FROM audit;
SELECT * FROM v_stock ORDER BY id;
