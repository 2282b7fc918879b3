CREATE TABLE audit (id INTEGER PRIMARY KEY, tbl TEXT NOT NULL, row_id INTEGER, note TEXT);
CREATE TRIGGER "trg_article_insert" AFTER INSERT ON "article"
BEGIN
    INSERT INTO audit (tbl, row_id, note) VALUES ('article', NEW."id", NEW."title");
END;
CREATE VIEW "v_article" AS SELECT "id", "title" FROM "article";
INSERT INTO article (id, title) VALUES (1, 'one'), (2, 'two'), (3, 'three'), (7, 'seven');
DELETE FROM article WHERE id = 3;
