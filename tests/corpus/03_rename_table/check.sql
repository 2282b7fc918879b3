SELECT count(*) FROM sqlite_schema WHERE name = 'article';
SELECT id, title FROM post ORDER BY id;
SELECT tbl_name FROM sqlite_schema WHERE name = 'trg_article_insert';
INSERT INTO post (title) VALUES ('eight');
SELECT count(*) FROM audit;
SELECT * FROM v_article ORDER BY id;
