CREATE TABLE audit (id INTEGER PRIMARY KEY, tbl TEXT NOT NULL, row_id INTEGER, note TEXT);
CREATE TRIGGER "trg_staff_insert" AFTER INSERT ON "staff"
BEGIN
    INSERT INTO audit (tbl, row_id, note) VALUES ('staff', NEW."id", NEW."name");
END;
CREATE VIEW "v_staff" AS SELECT "id", "name" FROM "staff";
INSERT INTO staff (id, name) VALUES (1, 'Ann'), (2, 'Bob'), (3, 'Cid'), (4, 'Dee');
DELETE FROM staff WHERE id = 2;
