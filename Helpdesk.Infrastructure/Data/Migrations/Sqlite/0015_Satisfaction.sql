-- 0015 (SQLite): the satisfaction survey of a ticket (sent once, on its first solve) and the customer's answer;
-- surveys of a period counted from an index. Frozen: never edit, add a new script.
ALTER TABLE "Tickets" ADD COLUMN "SurveySentAt" INTEGER NULL;
ALTER TABLE "Tickets" ADD COLUMN "Satisfaction" INTEGER NULL;
ALTER TABLE "Tickets" ADD COLUMN "SatisfactionComment" TEXT NULL;
ALTER TABLE "Tickets" ADD COLUMN "SatisfactionAt" INTEGER NULL;
CREATE INDEX "IX_Tickets_SurveySentAt_Satisfaction" ON "Tickets" ("SurveySentAt", "Satisfaction");
