SELECT type FROM pragma_table_info('item') WHERE name = 'code';
SELECT id, code, typeof(code), name FROM item ORDER BY id;
INSERT INTO item (code, name) VALUES (900, 'cog');
SELECT typeof(code) FROM item WHERE name = 'cog';
SELECT count(*) FROM audit;
SELECT * FROM v_item ORDER BY id;
