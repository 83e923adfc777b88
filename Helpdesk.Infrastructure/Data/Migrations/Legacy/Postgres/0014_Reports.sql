-- 0014 (PostgreSQL): what the reports read through indexes: clocks by start and by breach, tickets by solve; each
-- stopped clock's calendar time (filled for the clocks stopped so far). Frozen: never edit, add a new script.
ALTER TABLE "SlaClocks" ADD "ElapsedTicks" bigint NOT NULL DEFAULT 0;
UPDATE "SlaClocks" SET "ElapsedTicks" = CAST(EXTRACT(EPOCH FROM ("StoppedAt" - "StartedAt")) * 10000000 AS bigint) WHERE "StoppedAt" IS NOT NULL;
ALTER TABLE "SlaClocks" ALTER COLUMN "ElapsedTicks" DROP DEFAULT;
CREATE INDEX "IX_SlaClocks_Report" ON "SlaClocks" ("StartedAt", "Metric", "State", "UsedTicks", "ElapsedTicks", "BreachedAt", "DueAt");
CREATE INDEX "IX_SlaClocks_BreachedAt" ON "SlaClocks" ("BreachedAt");
CREATE INDEX "IX_Tickets_SolvedAt" ON "Tickets" ("SolvedAt");
CREATE INDEX "IX_Tickets_Status_CreatedAt" ON "Tickets" ("Status", "CreatedAt");
