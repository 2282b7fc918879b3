SELECT instr(sql, 'ck_stock_price_positive') FROM sqlite_schema WHERE name = 'stock';
SELECT id, name, price, qty FROM stock ORDER BY id;
INSERT INTO stock (name, price, qty) VALUES ('refund', -1, 1);
SELECT count(*) FROM stock WHERE price < 0;
SELECT count(*) FROM audit;
SELECT count(*) FROM v_stock;
