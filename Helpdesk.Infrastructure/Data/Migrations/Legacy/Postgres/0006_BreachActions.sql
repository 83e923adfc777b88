-- 0006 (PostgreSQL): a policy's actions at a breach (raise priority, move to a group, add a tag). Frozen: never edit, add a new script.
ALTER TABLE "SlaPolicies" ADD "BreachPriority" integer;
ALTER TABLE "SlaPolicies" ADD "BreachGroupId" integer;
ALTER TABLE "SlaPolicies" ADD "BreachTag" character varying(50);
