-- 0006 (SQLite): a policy's actions at a breach (raise priority, move to a group, add a tag). Frozen: never edit, add a new script.
ALTER TABLE "SlaPolicies" ADD COLUMN "BreachPriority" INTEGER NULL;
ALTER TABLE "SlaPolicies" ADD COLUMN "BreachGroupId" INTEGER NULL;
ALTER TABLE "SlaPolicies" ADD COLUMN "BreachTag" TEXT NULL;
