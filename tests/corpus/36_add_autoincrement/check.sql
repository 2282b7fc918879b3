SELECT instr(upper(sql), 'AUTOINCREMENT') > 0 FROM sqlite_schema WHERE name = 'ticket';
SELECT seq FROM sqlite_sequence WHERE name = 'ticket';
SELECT id, subject FROM ticket ORDER BY id;
INSERT INTO ticket (subject) VALUES ('new one');
DELETE FROM ticket WHERE subject = 'new one';
INSERT INTO ticket (subject) VALUES ('newer one');
SELECT id, subject FROM ticket ORDER BY id;
SELECT count(*) FROM audit;
SELECT count(*) FROM v_ticket;
