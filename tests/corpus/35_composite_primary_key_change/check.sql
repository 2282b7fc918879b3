SELECT name FROM pragma_table_info('role_assignment') WHERE pk > 0 ORDER BY pk;
SELECT rowid, user_id, role, scope FROM role_assignment ORDER BY rowid;
INSERT INTO role_assignment (user_id, role, scope) VALUES (1, 'admin', 'team');
SELECT count(*) FROM role_assignment WHERE user_id = 1 AND role = 'admin';
SELECT count(*) FROM audit;
SELECT count(*) FROM v_role_assignment;
