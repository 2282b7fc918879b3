SELECT count(*) FROM sqlite_schema WHERE name = 'ix_customer_legacy_code';
SELECT * FROM customer ORDER BY id;
INSERT INTO customer (name, email) VALUES ('Eve', 'eve@example.com');
SELECT count(*) FROM audit;
SELECT * FROM v_customer ORDER BY id;
