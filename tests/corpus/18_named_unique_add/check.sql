SELECT count(*) FROM pragma_index_list('membership') WHERE "unique" = 1 AND origin = 'u';
SELECT instr(sql, 'uq_membership_user_group') > 0 FROM sqlite_schema WHERE name = 'membership';
SELECT id, user_id, group_id, role FROM membership ORDER BY id;
INSERT OR IGNORE INTO membership (user_id, group_id, role) VALUES (1, 1, 'again');
SELECT count(*) FROM membership;
INSERT INTO membership (user_id, group_id, role) VALUES (2, 2, 'member');
SELECT count(*) FROM audit;
SELECT count(*) FROM v_membership;
