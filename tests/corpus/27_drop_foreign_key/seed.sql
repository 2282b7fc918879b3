CREATE TABLE audit (id INTEGER PRIMARY KEY, tbl TEXT NOT NULL, row_id INTEGER, note TEXT);
CREATE TRIGGER "trg_employee_insert" AFTER INSERT ON "employee"
BEGIN
    INSERT INTO audit (tbl, row_id, note) VALUES ('employee', NEW."id", NEW."name");
END;
CREATE VIEW "v_employee" AS SELECT "id", "name", "department_id" FROM "employee";
INSERT INTO department (id, name) VALUES (1, 'sales'), (2, 'ops'), (4, 'legal');
INSERT INTO employee (id, name, department_id) VALUES (1, 'Ann', 1), (2, 'Bob', 2), (3, 'Cid', 1), (5, 'Dee', NULL), (6, 'Eve', 4);
DELETE FROM employee WHERE id = 2;
