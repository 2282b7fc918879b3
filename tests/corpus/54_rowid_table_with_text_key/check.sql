SELECT rowid, code, name, population IS NULL FROM country ORDER BY rowid;
SELECT type FROM pragma_table_info('country') WHERE name = 'name';
INSERT INTO country (code, name) VALUES ('pt', 'Portugal');
SELECT rowid FROM country WHERE code = 'pt';
SELECT row_id, note FROM audit ORDER BY id;
SELECT * FROM v_country ORDER BY code;
