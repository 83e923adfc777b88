-- 0017 (PostgreSQL): how often processing of a received message began (a message that keeps taking the process down
-- is quarantined); where a received message's quoted history starts, worked out once at intake; the outbox's count of
-- acknowledgements an hour reads an index; received HTML as shown, sanitised once at intake (whole, and without its quoted
-- history).
-- Frozen: never edit, add a new script.
ALTER TABLE "InboundMessages" ADD "Attempts" integer NOT NULL DEFAULT 0;
ALTER TABLE "InboundMessages" ALTER COLUMN "Attempts" DROP DEFAULT;
ALTER TABLE "TicketMessages" ADD "QuotedStart" integer;
ALTER TABLE "TicketMessages" ADD "SafeHtml" text;
ALTER TABLE "TicketMessages" ADD "FreshHtml" text;
CREATE INDEX "IX_Outbox_Kind_CreatedAt" ON "Outbox" ("Kind", "CreatedAt");
