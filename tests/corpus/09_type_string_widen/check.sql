SELECT type, "notnull" FROM pragma_table_info('user') WHERE name = 'username';
SELECT id, username FROM "user" ORDER BY id;
INSERT INTO "user" (username) VALUES ('fay');
SELECT count(*) FROM audit;
SELECT * FROM v_user ORDER BY id;
