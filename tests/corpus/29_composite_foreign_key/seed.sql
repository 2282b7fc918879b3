CREATE TABLE audit (id INTEGER PRIMARY KEY, tbl TEXT NOT NULL, row_id INTEGER, note TEXT);
CREATE TRIGGER "trg_bin_insert" AFTER INSERT ON "bin"
BEGIN
    INSERT INTO audit (tbl, row_id, note) VALUES ('bin', NEW."id", NEW."label");
END;
CREATE VIEW "v_bin" AS SELECT "id", "region", "code", "label" FROM "bin";
INSERT INTO warehouse (rowid, region, code, name) VALUES (3, 'eu', 'w1', 'Lyon'), (5, 'eu', 'w2', 'Turin'), (8, 'us', 'w1', 'Reno');
INSERT INTO bin (id, region, code, label) VALUES (1, 'eu', 'w1', 'A1'), (2, 'eu', 'w1', 'A2'), (3, 'eu', 'w2', 'B1'), (4, 'us', 'w1', 'C1'), (7, 'us', 'w1', 'C2');
DELETE FROM bin WHERE id = 4;
