SELECT hidden FROM pragma_table_xinfo('line_item') WHERE name = 'total';
SELECT id, qty, unit_price, total FROM line_item ORDER BY id;
INSERT INTO line_item (qty, unit_price) VALUES (10, 0.5);
SELECT total FROM line_item WHERE id = 6;
SELECT count(*) FROM audit;
SELECT count(*) FROM v_line_item;
