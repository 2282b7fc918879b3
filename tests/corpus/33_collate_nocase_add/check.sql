SELECT id FROM tag WHERE name = 'RED';
SELECT id FROM tag ORDER BY name, id;
SELECT id, name FROM tag ORDER BY id;
INSERT INTO tag (name) VALUES ('white');
SELECT count(*) FROM audit;
SELECT count(*) FROM v_tag;
