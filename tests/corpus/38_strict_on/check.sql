SELECT strict FROM pragma_table_list WHERE name = 'measurement';
SELECT id, sensor, reading, typeof(reading), hex(raw) FROM measurement ORDER BY id;
INSERT INTO measurement (sensor, reading) VALUES ('t4', 7);
SELECT reading, typeof(reading) FROM measurement WHERE sensor = 't4';
SELECT count(*) FROM audit;
SELECT count(*) FROM v_measurement;
