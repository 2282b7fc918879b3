SELECT count(*) FROM pragma_index_list('member') WHERE origin = 'u';
SELECT id, username, email FROM member ORDER BY id;
INSERT INTO member (username, email) VALUES ('ann', 'other@example.com');
SELECT count(*) FROM member WHERE username = 'ann';
SELECT count(*) FROM audit;
SELECT count(*) FROM v_member;
