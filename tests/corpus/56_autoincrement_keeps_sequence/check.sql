SELECT seq FROM sqlite_sequence WHERE name = 'ticket';
SELECT id, subject FROM ticket ORDER BY id;
INSERT INTO ticket (subject) VALUES ('six');
SELECT id FROM ticket WHERE subject = 'six';
SELECT count(*) FROM audit;
SELECT * FROM v_ticket ORDER BY id;
