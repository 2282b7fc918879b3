-- Bad
-- Revision ID: has space
SELECT 1;
-- +dbm upgrad
