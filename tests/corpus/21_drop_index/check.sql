SELECT count(*) FROM pragma_index_list('customer') WHERE origin = 'c';
SELECT id, name, email FROM customer ORDER BY id;
INSERT INTO customer (name, email) VALUES ('Eve', 'eve@example.com');
SELECT count(*) FROM audit;
SELECT count(*) FROM v_customer;
