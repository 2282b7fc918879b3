SELECT wr FROM pragma_table_list WHERE name = 'kv';
SELECT id, value FROM kv ORDER BY id;
INSERT INTO kv (id, value) VALUES (12, 'twelve');
SELECT count(*) FROM audit;
SELECT * FROM v_kv ORDER BY id;
