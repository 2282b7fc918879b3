SELECT count(*) FROM sqlite_schema WHERE name IN ('topic', 'comment');
SELECT id, name FROM site ORDER BY id;
INSERT INTO site (name) VALUES ('echo');
SELECT count(*) FROM audit;
SELECT count(*) FROM v_site;
