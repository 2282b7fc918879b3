CREATE TABLE audit (id INTEGER PRIMARY KEY, tbl TEXT NOT NULL, row_id INTEGER, note TEXT);
CREATE TRIGGER "trg_ticket_insert" AFTER INSERT ON "ticket"
BEGIN
    INSERT INTO audit (tbl, row_id, note) VALUES ('ticket', NEW."id", NEW."subject");
END;
CREATE VIEW "v_ticket" AS SELECT "id", "subject" FROM "ticket";
INSERT INTO ticket (id, subject) VALUES (1, 'login fails'), (2, 'typo'), (3, 'slow page'), (4, 'crash');
DELETE FROM ticket WHERE id IN (2, 4);
