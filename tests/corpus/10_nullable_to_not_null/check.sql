SELECT "notnull" FROM pragma_table_info('contact') WHERE name = 'email';
SELECT id, name, email FROM contact ORDER BY id;
INSERT OR IGNORE INTO contact (name, email) VALUES ('Nul', NULL);
SELECT count(*) FROM contact;
INSERT INTO contact (name, email) VALUES ('Eve', 'eve@example.com');
SELECT count(*) FROM audit;
SELECT * FROM v_contact ORDER BY id;
