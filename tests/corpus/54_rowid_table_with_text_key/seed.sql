CREATE TABLE audit (id INTEGER PRIMARY KEY, tbl TEXT NOT NULL, row_id INTEGER, note TEXT);
CREATE TRIGGER "trg_country_insert" AFTER INSERT ON "country"
BEGIN
    INSERT INTO audit (tbl, row_id, note) VALUES ('country', NEW.rowid, NEW."code");
END;
CREATE VIEW "v_country" AS SELECT "code", "name" FROM "country";
INSERT INTO country (rowid, code, name) VALUES (5, 'fr', 'France'), (9, 'de', 'Germany'), (2, 'it', 'Italy'), (7, 'es', 'Spain');
DELETE FROM country WHERE code = 'es';
