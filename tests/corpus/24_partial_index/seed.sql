CREATE TABLE audit (id INTEGER PRIMARY KEY, tbl TEXT NOT NULL, row_id INTEGER, note TEXT);
CREATE TRIGGER "trg_task_insert" AFTER INSERT ON "task"
BEGIN
    INSERT INTO audit (tbl, row_id, note) VALUES ('task', NEW."id", NEW."title");
END;
CREATE VIEW "v_task" AS SELECT "id", "title" FROM "task" WHERE "done" = 0;
INSERT INTO task (id, title, done) VALUES (1, 'write', 1), (2, 'test', 0), (3, 'ship', 0), (5, 'rest', 0);
DELETE FROM task WHERE id = 3;
