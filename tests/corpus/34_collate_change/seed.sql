CREATE TABLE audit (id INTEGER PRIMARY KEY, tbl TEXT NOT NULL, row_id INTEGER, note TEXT);
CREATE TRIGGER "trg_tag_insert" AFTER INSERT ON "tag"
BEGIN
    INSERT INTO audit (tbl, row_id, note) VALUES ('tag', NEW."id", NEW."name");
END;
CREATE VIEW "v_tag" AS SELECT "id", "name" FROM "tag";
INSERT INTO tag (id, name) VALUES (1, 'red'), (2, 'Green'), (3, 'blue  '), (5, 'Black');
DELETE FROM tag WHERE id = 2;
