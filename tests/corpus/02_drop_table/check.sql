SELECT count(*) FROM sqlite_schema WHERE name = 'tag';
SELECT id, name FROM author ORDER BY id;
INSERT INTO author (name) VALUES ('Fay');
SELECT count(*) FROM audit;
SELECT count(*) FROM v_author;
