CREATE TABLE audit (id INTEGER PRIMARY KEY, tbl TEXT NOT NULL, row_id INTEGER, note TEXT);
CREATE TRIGGER "trg_site_insert" AFTER INSERT ON "site"
BEGIN
    INSERT INTO audit (tbl, row_id, note) VALUES ('site', NEW."id", NEW."name");
END;
CREATE VIEW "v_site" AS SELECT "id", "name" FROM "site";
INSERT INTO site (id, name) VALUES (1, 'alpha'), (2, 'beta'), (4, 'delta');
DELETE FROM site WHERE id = 2;
INSERT INTO topic (id, site_id, title) VALUES (1, 1, 'hello'), (2, 1, 'again'), (5, 4, 'news');
DELETE FROM topic WHERE id = 2;
INSERT INTO comment (id, topic_id, body) VALUES (1, 1, 'first'), (3, 5, 'second'), (4, 5, 'third');
