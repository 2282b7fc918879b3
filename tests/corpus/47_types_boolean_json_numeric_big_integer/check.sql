SELECT name, type, "notnull", dflt_value FROM pragma_table_info('wallet') WHERE cid > 0 ORDER BY cid;
SELECT id, balance, active, meta, external_id, level, limits, frozen, counter FROM wallet ORDER BY id;
SELECT typeof(balance), typeof(external_id) FROM wallet WHERE id = 1;
INSERT INTO wallet (meta) VALUES ('{"b":2}');
SELECT balance, active, limits, frozen, counter FROM wallet WHERE id = 6;
SELECT count(*) FROM audit;
SELECT * FROM v_wallet ORDER BY id;
