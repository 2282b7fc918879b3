SELECT type, "notnull", dflt_value FROM pragma_table_info('event') WHERE name = 'created_at';
SELECT id, name FROM event ORDER BY id;
SELECT count(*) FROM event WHERE created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]';
INSERT INTO event (name) VALUES ('restart');
SELECT created_at IS NOT NULL FROM event WHERE name = 'restart';
SELECT count(*) FROM audit;
SELECT * FROM v_event ORDER BY id;
