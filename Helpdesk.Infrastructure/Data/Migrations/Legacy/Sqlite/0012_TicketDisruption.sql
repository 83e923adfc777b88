-- 0012 (SQLite): the disruption a ticket is about. Frozen: never edit, add a new script.
ALTER TABLE "Tickets" ADD COLUMN "DisruptionId" INTEGER NULL;
CREATE INDEX "IX_Tickets_DisruptionId" ON "Tickets" ("DisruptionId");
