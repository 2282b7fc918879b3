CREATE TABLE audit (id INTEGER PRIMARY KEY, tbl TEXT NOT NULL, row_id INTEGER, note TEXT);
CREATE TRIGGER "trg_ticket_insert" AFTER INSERT ON "ticket"
BEGIN
    INSERT INTO audit (tbl, row_id, note) VALUES ('ticket', NEW."id", NEW."subject");
END;
CREATE VIEW "v_ticket" AS SELECT "id", "subject" FROM "ticket";
INSERT INTO ticket (subject) VALUES ('one'), ('two'), ('three'), ('four'), ('five');
DELETE FROM ticket WHERE id IN (2, 4, 5);
