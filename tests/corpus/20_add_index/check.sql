SELECT name, "unique" FROM pragma_index_list('customer') WHERE origin = 'c';
SELECT name FROM pragma_index_info('ix_customer_email');
SELECT id, name, email FROM customer ORDER BY id;
INSERT INTO customer (name, email) VALUES ('Eve', 'eve@example.com');
SELECT count(*) FROM audit;
SELECT count(*) FROM v_customer;
