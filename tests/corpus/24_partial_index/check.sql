SELECT name, "unique", partial FROM pragma_index_list('task') WHERE origin = 'c';
SELECT id, title, done FROM task ORDER BY id;
INSERT INTO task (title) VALUES ('plan');
SELECT count(*) FROM audit;
SELECT * FROM v_task ORDER BY id;
