SELECT "table", "from", "to", on_delete FROM pragma_foreign_key_list('staff');
SELECT id, name, manager_id IS NULL FROM staff ORDER BY id;
PRAGMA foreign_keys = ON;
UPDATE staff SET manager_id = 1 WHERE id IN (3, 4);
DELETE FROM staff WHERE id = 1;
SELECT id, manager_id IS NULL FROM staff ORDER BY id;
INSERT INTO staff (name, manager_id) VALUES ('Eve', 3);
SELECT count(*) FROM audit;
SELECT * FROM v_staff ORDER BY id;
