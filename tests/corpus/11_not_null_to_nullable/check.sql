SELECT "notnull" FROM pragma_table_info('contact') WHERE name = 'email';
SELECT id, name, email FROM contact ORDER BY id;
INSERT INTO contact (name, email) VALUES ('Nul', NULL);
SELECT id FROM contact WHERE email IS NULL;
SELECT count(*) FROM audit;
SELECT count(*) FROM v_contact;
