CREATE TABLE audit (id INTEGER PRIMARY KEY, tbl TEXT NOT NULL, row_id INTEGER, note TEXT);
CREATE TRIGGER "trg_profile_insert" AFTER INSERT ON "profile"
BEGIN
    INSERT INTO audit (tbl, row_id, note) VALUES ('profile', NEW."id", NEW."nick");
END;
CREATE VIEW "v_profile" AS SELECT "id", "nick", "city" FROM "profile";
INSERT INTO profile (id, nick, age, city) VALUES (1, 'ann', 30, 'Rome'), (2, 'bob', NULL, 'Oslo'), (4, 'cid', 25, NULL), (6, 'dee', 41, 'Bern');
DELETE FROM profile WHERE id = 4;
