SELECT dflt_value FROM pragma_table_info('setting') WHERE name = 'value';
SELECT id, name, value, priority FROM setting ORDER BY id;
INSERT INTO setting (name, priority) VALUES ('new', 0);
SELECT value FROM setting WHERE name = 'new';
SELECT count(*) FROM audit;
SELECT count(*) FROM v_setting;
