CREATE TABLE audit (id INTEGER PRIMARY KEY, tbl TEXT NOT NULL, row_id INTEGER, note TEXT);
CREATE TRIGGER "trg_kv_insert" AFTER INSERT ON "kv"
BEGIN
    INSERT INTO audit (tbl, row_id, note) VALUES ('kv', NEW."id", NEW."value");
END;
CREATE VIEW "v_kv" AS SELECT "id", "value" FROM "kv";
INSERT INTO kv (id, value) VALUES (1, 'one'), (2, 'two'), (5, 'five'), (11, NULL);
DELETE FROM kv WHERE id = 2;
