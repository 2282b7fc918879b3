SELECT hidden FROM pragma_table_xinfo('person') WHERE name = 'full_name';
SELECT id, full_name FROM person ORDER BY id;
INSERT INTO person (first_name, last_name) VALUES ('Barbara', 'Liskov');
SELECT full_name FROM person WHERE id = 9;
SELECT count(*) FROM audit;
SELECT * FROM v_person ORDER BY id;
