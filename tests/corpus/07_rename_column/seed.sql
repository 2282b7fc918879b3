CREATE TABLE audit (id INTEGER PRIMARY KEY, tbl TEXT NOT NULL, row_id INTEGER, note TEXT);
CREATE TRIGGER "trg_post_insert" AFTER INSERT ON "post"
BEGIN
    INSERT INTO audit (tbl, row_id, note) VALUES ('post', NEW."id", NEW."headline");
END;
CREATE VIEW "v_post" AS SELECT "id", "headline" FROM "post";
INSERT INTO post (id, headline, body) VALUES (1, 'Hello', 'first'), (2, 'Again', NULL), (4, 'Later', 'fourth'), (9, 'Last', 'ninth');
DELETE FROM post WHERE id = 4;
