SELECT instr(sql, 'qty >= 0') > 0 FROM sqlite_schema WHERE name = 'stock';
SELECT id, name, price, qty FROM stock ORDER BY id;
INSERT OR IGNORE INTO stock (name, price, qty) VALUES ('bad', 1, -5);
SELECT count(*) FROM stock;
INSERT INTO stock (name, price, qty) VALUES ('nib', 0.5, 0);
SELECT count(*) FROM audit;
SELECT count(*) FROM v_stock;
