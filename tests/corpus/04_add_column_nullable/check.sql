SELECT id, name, bio IS NULL FROM author ORDER BY id;
SELECT type, "notnull" FROM pragma_table_info('author') WHERE name = 'bio';
INSERT INTO author (name, bio) VALUES ('Fay', 'writes');
SELECT count(*) FROM audit;
SELECT * FROM v_author ORDER BY id;
