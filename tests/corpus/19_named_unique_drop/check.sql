SELECT count(*) FROM pragma_index_list('membership') WHERE origin = 'u';
SELECT instr(sql, 'uq_membership_user_group') FROM sqlite_schema WHERE name = 'membership';
SELECT id, user_id, group_id, role FROM membership ORDER BY id;
INSERT INTO membership (user_id, group_id, role) VALUES (1, 1, 'again');
SELECT count(*) FROM membership WHERE user_id = 1 AND group_id = 1;
SELECT count(*) FROM audit;
SELECT count(*) FROM v_membership;
