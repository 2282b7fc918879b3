SELECT count(*) FROM pragma_index_list('member') WHERE "unique" = 1 AND origin = 'u';
SELECT id, username, email FROM member ORDER BY id;
INSERT OR IGNORE INTO member (username, email) VALUES ('ann', 'other@example.com');
SELECT count(*) FROM member;
INSERT INTO member (username, email) VALUES ('eve', 'eve@example.com');
SELECT count(*) FROM audit;
SELECT * FROM v_member ORDER BY id;
