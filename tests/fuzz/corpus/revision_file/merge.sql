-- Merge
-- Revision ID: m1
-- Revises: a, b
-- +dbm no-transaction
-- +dbm upgrade
VACUUM;
-- +dbm downgrade
