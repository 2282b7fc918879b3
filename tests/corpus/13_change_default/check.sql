SELECT name, dflt_value FROM pragma_table_info('setting') WHERE dflt_value IS NOT NULL ORDER BY cid;
SELECT id, name, value, priority FROM setting ORDER BY id;
INSERT INTO setting (name) VALUES ('new');
SELECT value, priority FROM setting WHERE name = 'new';
SELECT count(*) FROM audit;
SELECT * FROM v_setting ORDER BY id;
