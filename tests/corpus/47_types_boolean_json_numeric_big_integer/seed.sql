CREATE TABLE audit (id INTEGER PRIMARY KEY, tbl TEXT NOT NULL, row_id INTEGER, note TEXT);
CREATE TRIGGER "trg_wallet_insert" AFTER INSERT ON "wallet"
BEGIN
    INSERT INTO audit (tbl, row_id, note) VALUES ('wallet', NEW."id", NEW."meta");
END;
CREATE VIEW "v_wallet" AS SELECT "id", "balance", "active" FROM "wallet";
INSERT INTO wallet (id, balance, active, meta, external_id, level) VALUES (1, 10.5, 1, '{"a":1}', 9007199254740993, 3), (2, 0, 0, NULL, -5, NULL), (3, 99.99, 1, '[1,2]', 42, 1), (5, 1234.56, 0, '{}', NULL, 2);
DELETE FROM wallet WHERE id = 2;
