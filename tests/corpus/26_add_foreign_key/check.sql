SELECT "table", "from", "to", on_update, on_delete FROM pragma_foreign_key_list('employee');
SELECT id, name, department_id FROM employee ORDER BY id;
INSERT INTO employee (name, department_id) VALUES ('Bad', 99);
PRAGMA foreign_key_check('employee');
SELECT count(*) FROM audit;
SELECT * FROM v_employee ORDER BY id;
