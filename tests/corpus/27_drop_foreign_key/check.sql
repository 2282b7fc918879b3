SELECT count(*) FROM pragma_foreign_key_list('employee');
SELECT id, name, department_id FROM employee ORDER BY id;
PRAGMA foreign_keys = ON;
INSERT INTO employee (name, department_id) VALUES ('Fay', 99);
SELECT count(*) FROM employee;
SELECT count(*) FROM audit;
SELECT count(*) FROM v_employee;
