SELECT count(*) FROM pragma_table_info('author') WHERE name = 'nickname';
SELECT * FROM author ORDER BY id;
INSERT INTO author (name) VALUES ('Fay');
SELECT count(*) FROM audit;
SELECT * FROM v_author ORDER BY id;
