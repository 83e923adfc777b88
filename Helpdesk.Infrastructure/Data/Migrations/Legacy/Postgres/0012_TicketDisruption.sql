-- 0012 (PostgreSQL): the disruption a ticket is about. Frozen: never edit, add a new script.
ALTER TABLE "Tickets" ADD "DisruptionId" integer;
CREATE INDEX "IX_Tickets_DisruptionId" ON "Tickets" ("DisruptionId");
