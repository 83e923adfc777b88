-- 0017 (SQLite): how often processing of a received message began (a message that keeps taking the process down is
-- quarantined); where a received message's quoted history starts, worked out once at intake; the outbox's count of
-- acknowledgements an hour reads an index; received HTML as shown, sanitised once at intake (whole, and without its
-- quoted history).
-- Frozen: never edit, add a new script.
ALTER TABLE "InboundMessages" ADD COLUMN "Attempts" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "TicketMessages" ADD COLUMN "QuotedStart" INTEGER NULL;
ALTER TABLE "TicketMessages" ADD COLUMN "SafeHtml" TEXT NULL;
ALTER TABLE "TicketMessages" ADD COLUMN "FreshHtml" TEXT NULL;
CREATE INDEX "IX_Outbox_Kind_CreatedAt" ON "Outbox" ("Kind", "CreatedAt");
