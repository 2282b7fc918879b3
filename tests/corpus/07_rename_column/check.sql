SELECT id, title, body FROM post ORDER BY id;
SELECT count(*) FROM pragma_table_info('post') WHERE name = 'headline';
INSERT INTO post (title) VALUES ('New');
SELECT row_id, note FROM audit ORDER BY id;
SELECT * FROM v_post ORDER BY id;
