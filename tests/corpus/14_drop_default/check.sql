SELECT dflt_value IS NULL, "notnull" FROM pragma_table_info('setting') WHERE name = 'priority';
SELECT id, name, value, priority FROM setting ORDER BY id;
INSERT OR IGNORE INTO setting (name) VALUES ('new');
SELECT count(*) FROM setting;
INSERT INTO setting (name, priority) VALUES ('new', 4);
SELECT count(*) FROM audit;
SELECT count(*) FROM v_setting;
