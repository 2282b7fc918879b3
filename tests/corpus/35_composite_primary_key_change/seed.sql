CREATE TABLE audit (id INTEGER PRIMARY KEY, tbl TEXT NOT NULL, row_id INTEGER, note TEXT);
CREATE TRIGGER "trg_role_assignment_insert" AFTER INSERT ON "role_assignment"
BEGIN
    INSERT INTO audit (tbl, row_id, note) VALUES ('role_assignment', NEW."user_id", NEW."role");
END;
CREATE VIEW "v_role_assignment" AS SELECT "user_id", "role", "scope" FROM "role_assignment";
INSERT INTO role_assignment (rowid, user_id, role, scope) VALUES (10, 1, 'admin', 'global'), (20, 1, 'editor', 'global'), (30, 2, 'admin', 'team'), (45, 3, 'viewer', 'global');
DELETE FROM role_assignment WHERE rowid = 20;
