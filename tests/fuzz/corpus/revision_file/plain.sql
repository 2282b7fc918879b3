-- Add user table
--
-- Revision ID: 3f2a9c1b7d4e
-- Revises: 9b1c0d2e3f4a
-- Depends On: abc
-- Create Date: 2026-11-25 06:30:12.123456
-- +dbm upgrade
CREATE TABLE "user" (id INTEGER PRIMARY KEY, note TEXT DEFAULT 'a;b');
CREATE TRIGGER t AFTER INSERT ON "user" BEGIN SELECT 1; SELECT 2; END;
/* a; comment */ INSERT INTO "user" (note) VALUES ('x') -- trailing;

-- +dbm downgrade
DROP TABLE "user";
