SELECT id, name, active FROM author ORDER BY id;
SELECT type, "notnull", dflt_value FROM pragma_table_info('author') WHERE name = 'active';
INSERT INTO author (name) VALUES ('Fay');
SELECT active FROM author WHERE name = 'Fay';
SELECT count(*) FROM audit;
SELECT count(*) FROM v_author;
