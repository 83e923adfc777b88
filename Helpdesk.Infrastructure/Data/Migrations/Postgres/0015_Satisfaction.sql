-- 0015 (PostgreSQL): the satisfaction survey of a ticket (sent once, on its first solve) and the customer's answer;
-- surveys of a period counted from an index. Frozen: never edit, add a new script.
ALTER TABLE "Tickets" ADD "SurveySentAt" timestamp with time zone;
ALTER TABLE "Tickets" ADD "Satisfaction" integer;
ALTER TABLE "Tickets" ADD "SatisfactionComment" character varying(2000);
ALTER TABLE "Tickets" ADD "SatisfactionAt" timestamp with time zone;
CREATE INDEX "IX_Tickets_SurveySentAt_Satisfaction" ON "Tickets" ("SurveySentAt", "Satisfaction");
