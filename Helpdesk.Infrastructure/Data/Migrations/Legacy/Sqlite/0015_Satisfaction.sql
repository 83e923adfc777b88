-- 0015 (SQLite): the satisfaction survey of a ticket (sent once, on its first solve, with whether its SLA was met
-- then) and the customer's answer; the surveys of a period counted and listed from one index. Frozen: never edit, add a new script.
ALTER TABLE "Tickets" ADD COLUMN "SurveySentAt" INTEGER NULL;
ALTER TABLE "Tickets" ADD COLUMN "SurveySlaMet" INTEGER NULL;
ALTER TABLE "Tickets" ADD COLUMN "Satisfaction" INTEGER NULL;
ALTER TABLE "Tickets" ADD COLUMN "SatisfactionComment" TEXT NULL;
ALTER TABLE "Tickets" ADD COLUMN "SatisfactionAt" INTEGER NULL;
CREATE INDEX "IX_Tickets_Surveys" ON "Tickets" ("SurveySentAt", "Satisfaction", "SurveySlaMet", "SatisfactionAt");
