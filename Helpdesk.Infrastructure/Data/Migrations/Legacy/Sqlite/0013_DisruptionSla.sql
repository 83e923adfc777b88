-- 0013 (SQLite): a policy may pause the clocks of tickets linked to an active disruption; the ticket keeps whether
-- its disruption is still on; a disruption records its one follow-up to all linked tickets. Frozen: never edit,
-- add a new script.
ALTER TABLE "SlaPolicies" ADD COLUMN "PausesDuringDisruptions" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Tickets" ADD COLUMN "DisruptionOngoing" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Disruptions" ADD COLUMN "FollowUpAt" INTEGER NULL;
ALTER TABLE "Disruptions" ADD COLUMN "FollowUpTickets" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Disruptions" ADD COLUMN "FollowUpSolved" INTEGER NOT NULL DEFAULT 0;
