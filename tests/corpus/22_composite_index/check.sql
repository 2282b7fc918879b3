SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_index_info('ix_order_line_order_product') ORDER BY seqno);
SELECT id, order_id, product_id, qty FROM order_line ORDER BY id;
INSERT INTO order_line (order_id, product_id) VALUES (10, 103);
SELECT count(*) FROM audit;
SELECT * FROM v_order_line ORDER BY order_id;
