-- 0017 (PostgreSQL): how often processing of a received message began (a message that keeps taking the process down
-- is quarantined); where a received message's quoted history starts, worked out once at intake; the outbox's count of
-- acknowledgements an hour reads an index.
-- Frozen: never edit, add a new script.
ALTER TABLE "InboundMessages" ADD "Attempts" integer NOT NULL DEFAULT 0;
ALTER TABLE "InboundMessages" ALTER COLUMN "Attempts" DROP DEFAULT;
ALTER TABLE "TicketMessages" ADD "QuotedStart" integer;
CREATE INDEX "IX_Outbox_Kind_CreatedAt" ON "Outbox" ("Kind", "CreatedAt");
