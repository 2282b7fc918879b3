CREATE TABLE audit (id INTEGER PRIMARY KEY, tbl TEXT NOT NULL, row_id INTEGER, note TEXT);
CREATE TRIGGER "trg_author_insert" AFTER INSERT ON "author"
BEGIN
    INSERT INTO audit (tbl, row_id, note) VALUES ('author', NEW."id", NEW."name");
END;
CREATE VIEW "v_author" AS SELECT "id", "name" FROM "author";
INSERT INTO author (id, name, nickname) VALUES (1, 'Ann', 'annie'), (2, 'Bob', NULL), (3, 'Cid', 'c'), (5, 'Eve', 'evie');
DELETE FROM author WHERE id = 2;
