SELECT "table", "from", "to", on_delete FROM pragma_foreign_key_list('employee');
PRAGMA foreign_keys = ON;
DELETE FROM department WHERE id = 1;
SELECT id, name, department_id FROM employee ORDER BY id;
INSERT INTO employee (name, department_id) VALUES ('Fay', 2);
SELECT count(*) FROM audit;
SELECT count(*) FROM v_employee;
