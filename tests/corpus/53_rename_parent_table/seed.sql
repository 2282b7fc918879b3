CREATE TABLE audit (id INTEGER PRIMARY KEY, tbl TEXT NOT NULL, row_id INTEGER, note TEXT);
CREATE TRIGGER "trg_category_insert" AFTER INSERT ON "category"
BEGIN
    INSERT INTO audit (tbl, row_id, note) VALUES ('category', NEW."id", NEW."name");
END;
CREATE VIEW "v_category" AS SELECT "c"."id", "c"."name", count("i"."id") AS "items" FROM "category" AS "c" LEFT JOIN "item" AS "i" ON "i"."category_id" = "c"."id" GROUP BY "c"."id";
INSERT INTO category (id, name) VALUES (1, 'books'), (2, 'music'), (4, 'games');
DELETE FROM category WHERE id = 2;
INSERT INTO item (id, category_id, name) VALUES (1, 1, 'novel'), (2, 1, 'atlas'), (3, 4, 'chess'), (5, 4, 'go');
DELETE FROM item WHERE id = 2;
