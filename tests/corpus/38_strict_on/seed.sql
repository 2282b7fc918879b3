CREATE TABLE audit (id INTEGER PRIMARY KEY, tbl TEXT NOT NULL, row_id INTEGER, note TEXT);
CREATE TRIGGER "trg_measurement_insert" AFTER INSERT ON "measurement"
BEGIN
    INSERT INTO audit (tbl, row_id, note) VALUES ('measurement', NEW."id", NEW."sensor");
END;
CREATE VIEW "v_measurement" AS SELECT "id", "sensor", "reading" FROM "measurement";
INSERT INTO measurement (id, sensor, reading, raw) VALUES (1, 't1', 20.5, x'00ff'), (2, 't2', 3.0, NULL), (3, 't1', -1.25, x'10'), (6, 't3', NULL, x'');
DELETE FROM measurement WHERE id = 3;
