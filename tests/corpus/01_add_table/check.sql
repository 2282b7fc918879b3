SELECT name FROM sqlite_schema WHERE type = 'table' AND name = 'book';
INSERT INTO book (title, pages) VALUES ('Dune', 412);
SELECT id, title, pages FROM book;
SELECT id, name FROM author ORDER BY id;
INSERT INTO author (name) VALUES ('Fay');
SELECT count(*) FROM audit;
SELECT * FROM v_author ORDER BY id;
