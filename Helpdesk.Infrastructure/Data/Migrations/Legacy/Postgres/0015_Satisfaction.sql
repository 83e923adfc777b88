-- 0015 (PostgreSQL): the satisfaction survey of a ticket (sent once, on its first solve, with whether its SLA was met
-- then) and the customer's answer; the surveys of a period counted and listed from one index. Frozen: never edit, add a new script.
ALTER TABLE "Tickets" ADD "SurveySentAt" timestamp with time zone;
ALTER TABLE "Tickets" ADD "SurveySlaMet" boolean;
ALTER TABLE "Tickets" ADD "Satisfaction" integer;
ALTER TABLE "Tickets" ADD "SatisfactionComment" character varying(2000);
ALTER TABLE "Tickets" ADD "SatisfactionAt" timestamp with time zone;
CREATE INDEX "IX_Tickets_Surveys" ON "Tickets" ("SurveySentAt", "Satisfaction", "SurveySlaMet", "SatisfactionAt");
