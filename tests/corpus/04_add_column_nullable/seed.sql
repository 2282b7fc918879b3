CREATE TABLE audit (id INTEGER PRIMARY KEY, tbl TEXT NOT NULL, row_id INTEGER, note TEXT);
CREATE TRIGGER "trg_author_insert" AFTER INSERT ON "author"
BEGIN
    INSERT INTO audit (tbl, row_id, note) VALUES ('author', NEW."id", NEW."name");
END;
CREATE VIEW "v_author" AS SELECT "id", "name" FROM "author";
INSERT INTO author (id, name) VALUES (1, 'Ann'), (2, 'Bob'), (3, 'Cid'), (5, 'Eve');
DELETE FROM author WHERE id = 2;
