-- 0007 (PostgreSQL): actions per escalation level (every warning level and the breach) and reminders after a
-- breach; the breach actions of 0006 move into the new table. Frozen: never edit, add a new script.
CREATE TABLE "SlaLevelActions" (
    "PolicyId" integer NOT NULL,
    "Level" integer NOT NULL,
    "AlertSupervisors" boolean NOT NULL,
    "RaisePriority" integer,
    "GroupId" integer,
    "AgentId" character varying(450),
    "Tag" character varying(50),
    CONSTRAINT "PK_SlaLevelActions" PRIMARY KEY ("PolicyId", "Level"),
    CONSTRAINT "FK_SlaLevelActions_SlaPolicies_PolicyId" FOREIGN KEY ("PolicyId") REFERENCES "SlaPolicies" ("Id") ON DELETE CASCADE
);

INSERT INTO "SlaLevelActions" ("PolicyId", "Level", "AlertSupervisors", "RaisePriority", "GroupId", "AgentId", "Tag")
SELECT "Id", 100, TRUE, "BreachPriority", "BreachGroupId", NULL, "BreachTag"
FROM "SlaPolicies"
WHERE "BreachPriority" IS NOT NULL OR "BreachGroupId" IS NOT NULL OR "BreachTag" IS NOT NULL;

ALTER TABLE "SlaPolicies" DROP COLUMN "BreachPriority";
ALTER TABLE "SlaPolicies" DROP COLUMN "BreachGroupId";
ALTER TABLE "SlaPolicies" DROP COLUMN "BreachTag";
ALTER TABLE "SlaPolicies" ADD "ReminderEveryMinutes" integer;
ALTER TABLE "SlaPolicies" ADD "ReminderLimit" integer NOT NULL DEFAULT 0;
ALTER TABLE "SlaClocks" ADD "RemindersSent" integer NOT NULL DEFAULT 0;
ALTER TABLE "SlaPolicies" ALTER COLUMN "ReminderLimit" DROP DEFAULT;
ALTER TABLE "SlaClocks" ALTER COLUMN "RemindersSent" DROP DEFAULT;
