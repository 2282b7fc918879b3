CREATE TABLE audit (id INTEGER PRIMARY KEY, tbl TEXT NOT NULL, row_id INTEGER, note TEXT);
CREATE TRIGGER "trg_event_insert" AFTER INSERT ON "event"
BEGIN
    INSERT INTO audit (tbl, row_id, note) VALUES ('event', NEW."id", NEW."name");
END;
CREATE VIEW "v_event" AS SELECT "id", "name" FROM "event";
INSERT INTO event (id, name) VALUES (1, 'start'), (2, 'pause'), (3, 'resume'), (4, 'stop');
DELETE FROM event WHERE id = 2;
