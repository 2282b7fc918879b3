SELECT name, "unique" FROM pragma_index_list('account') WHERE origin = 'c';
SELECT cid FROM pragma_index_xinfo('ux_account_email_lower') WHERE key = 1;
SELECT id, email FROM account ORDER BY id;
INSERT OR IGNORE INTO account (email) VALUES ('ann@example.COM');
SELECT count(*) FROM account;
INSERT INTO account (email) VALUES ('eve@example.com');
SELECT count(*) FROM audit;
SELECT count(*) FROM v_account;
