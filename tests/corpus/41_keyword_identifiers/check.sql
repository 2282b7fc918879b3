SELECT name FROM pragma_index_list('group') WHERE origin = 'c';
SELECT "id", "name" FROM "group" ORDER BY "id";
SELECT type FROM pragma_table_info('order') WHERE name = 'select';
SELECT "id", "group", "select", "from", "where" IS NULL FROM "order" ORDER BY "id";
INSERT INTO "order" ("group", "select", "where") VALUES ('v', 60, 'here');
SELECT count(*) FROM audit;
SELECT * FROM "v_order" ORDER BY "id";
