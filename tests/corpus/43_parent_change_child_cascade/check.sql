SELECT id, customer_id, amount FROM invoice ORDER BY id;
SELECT id, name, vip FROM customer ORDER BY id;
SELECT "table", "from", "to", on_delete FROM pragma_foreign_key_list('invoice');
PRAGMA foreign_keys = ON;
DELETE FROM customer WHERE id = 1;
SELECT count(*) FROM invoice;
INSERT INTO customer (name) VALUES ('Fay');
SELECT count(*) FROM audit;
SELECT * FROM v_customer ORDER BY id;
