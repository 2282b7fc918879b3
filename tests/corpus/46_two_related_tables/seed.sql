CREATE TABLE audit (id INTEGER PRIMARY KEY, tbl TEXT NOT NULL, row_id INTEGER, note TEXT);
CREATE TRIGGER "trg_author_insert" AFTER INSERT ON "author"
BEGIN
    INSERT INTO audit (tbl, row_id, note) VALUES ('author', NEW."id", NEW."name");
END;
CREATE TRIGGER "trg_book_insert" AFTER INSERT ON "book"
BEGIN
    INSERT INTO audit (tbl, row_id, note) VALUES ('book', NEW."id", NEW."title");
END;
CREATE VIEW "v_book" AS SELECT "id", "title" FROM "book";
CREATE VIEW "v_author_books" AS SELECT "a"."name", count("b"."id") AS "books" FROM "author" AS "a" LEFT JOIN "book" AS "b" ON "b"."author_id" = "a"."id" GROUP BY "a"."id";
INSERT INTO author (id, name) VALUES (1, 'Ann'), (2, 'Bob'), (3, 'Cid'), (4, 'Dee');
DELETE FROM author WHERE id = 3;
INSERT INTO book (id, author_id, title) VALUES (1, 1, 'A1'), (2, 1, 'A2'), (3, 2, 'B1'), (5, 4, 'D1'), (6, 4, 'D2');
DELETE FROM book WHERE id = 6;
