CREATE TABLE audit (id INTEGER PRIMARY KEY, tbl TEXT NOT NULL, row_id INTEGER, note TEXT);
CREATE TRIGGER "trg_setting_insert" AFTER INSERT ON "setting"
BEGIN
    INSERT INTO audit (tbl, row_id, note) VALUES ('setting', NEW."id", NEW."name");
END;
CREATE VIEW "v_setting" AS SELECT "id", "name", "priority" FROM "setting";
INSERT INTO setting (id, name, value, priority) VALUES (1, 'theme', 'dark', 3), (2, 'lang', NULL, 1), (3, 'tz', 'UTC', 7), (8, 'font', 'mono', 2);
DELETE FROM setting WHERE id = 3;
