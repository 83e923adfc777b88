-- 0018 (PostgreSQL): full-text search over the text of every message, agents' notes included. A stored tsvector of the
-- first 100,000 characters of each message (so that no message can exceed the 1 MB limit of a tsvector), with the
-- 'simple' configuration (no language's stemming: customers write in several), and its GIN index. The database keeps
-- it in step with the text, so no write path can forget it. It lives outside the EF model, which therefore never reads
-- it (docs/decisions/013-search.md).
-- Frozen: never edit, add a new script.
ALTER TABLE "TicketMessages" ADD "SearchVector" tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, left("Body", 100000))) STORED;
CREATE INDEX "IX_TicketMessages_SearchVector" ON "TicketMessages" USING gin ("SearchVector");
