CREATE TABLE audit (id INTEGER PRIMARY KEY, tbl TEXT NOT NULL, row_id INTEGER, note TEXT);
CREATE TRIGGER "trg_person_insert" AFTER INSERT ON "person"
BEGIN
    INSERT INTO audit (tbl, row_id, note) VALUES ('person', NEW."id", NEW."last_name");
END;
CREATE VIEW "v_person" AS SELECT "id", "first_name" FROM "person";
INSERT INTO person (id, first_name, last_name) VALUES (1, 'Ada', 'Lovelace'), (2, 'Alan', 'Turing'), (3, 'Grace', 'Hopper'), (8, 'Edsger', 'Dijkstra');
DELETE FROM person WHERE id = 2;
