-- 0016 (SQLite): the one-click unsubscribe URL of bulk mail (disruption notices), for its List-Unsubscribe header.
-- Frozen: never edit, add a new script.
ALTER TABLE "Outbox" ADD COLUMN "ListUnsubscribe" TEXT NULL;
