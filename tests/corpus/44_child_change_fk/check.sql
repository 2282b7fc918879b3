SELECT "table", "from", "to", on_delete FROM pragma_foreign_key_list('invoice');
SELECT type FROM pragma_table_info('invoice') WHERE name = 'amount';
SELECT id, customer_id, amount, note IS NULL FROM invoice ORDER BY id;
PRAGMA foreign_keys = ON;
DELETE FROM customer WHERE id = 5;
SELECT id FROM invoice ORDER BY id;
INSERT INTO invoice (customer_id, amount) VALUES (3, 12.5);
SELECT count(*) FROM audit;
SELECT * FROM v_invoice ORDER BY id;
