-- 0007 (SQLite): actions per escalation level (every warning level and the breach) and reminders after a
-- breach; the breach actions of 0006 move into the new table. Frozen: never edit, add a new script.
CREATE TABLE "SlaLevelActions" (
    "PolicyId" INTEGER NOT NULL,
    "Level" INTEGER NOT NULL,
    "AlertSupervisors" INTEGER NOT NULL,
    "RaisePriority" INTEGER NULL,
    "GroupId" INTEGER NULL,
    "AgentId" TEXT NULL,
    "Tag" TEXT NULL,
    CONSTRAINT "PK_SlaLevelActions" PRIMARY KEY ("PolicyId", "Level"),
    CONSTRAINT "FK_SlaLevelActions_SlaPolicies_PolicyId" FOREIGN KEY ("PolicyId") REFERENCES "SlaPolicies" ("Id") ON DELETE CASCADE
);

INSERT INTO "SlaLevelActions" ("PolicyId", "Level", "AlertSupervisors", "RaisePriority", "GroupId", "AgentId", "Tag")
SELECT "Id", 100, 1, "BreachPriority", "BreachGroupId", NULL, "BreachTag"
FROM "SlaPolicies"
WHERE "BreachPriority" IS NOT NULL OR "BreachGroupId" IS NOT NULL OR "BreachTag" IS NOT NULL;

ALTER TABLE "SlaPolicies" DROP COLUMN "BreachPriority";
ALTER TABLE "SlaPolicies" DROP COLUMN "BreachGroupId";
ALTER TABLE "SlaPolicies" DROP COLUMN "BreachTag";
ALTER TABLE "SlaPolicies" ADD COLUMN "ReminderEveryMinutes" INTEGER NULL;
ALTER TABLE "SlaPolicies" ADD COLUMN "ReminderLimit" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "SlaClocks" ADD COLUMN "RemindersSent" INTEGER NOT NULL DEFAULT 0;
