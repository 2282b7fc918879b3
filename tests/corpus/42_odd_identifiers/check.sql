SELECT name FROM pragma_index_list('My Table') WHERE origin = 'c';
SELECT "id", "Mixed Case", "col""quote", "größe", "名前", "new col" IS NULL FROM "My Table" ORDER BY "id";
INSERT INTO "My Table" ("名前") VALUES ('八');
SELECT "col""quote" FROM "My Table" WHERE "名前" = '八';
SELECT count(*) FROM audit;
SELECT * FROM "v odd" ORDER BY "id";
