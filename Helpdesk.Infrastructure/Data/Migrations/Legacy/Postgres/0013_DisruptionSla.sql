-- 0013 (PostgreSQL): a policy may pause the clocks of tickets linked to an active disruption; the ticket keeps
-- whether its disruption is still on; a disruption records its one follow-up to all linked tickets. Frozen: never
-- edit, add a new script.
ALTER TABLE "SlaPolicies" ADD "PausesDuringDisruptions" boolean NOT NULL DEFAULT FALSE;
ALTER TABLE "Tickets" ADD "DisruptionOngoing" boolean NOT NULL DEFAULT FALSE;
ALTER TABLE "Disruptions" ADD "FollowUpAt" timestamp with time zone;
ALTER TABLE "Disruptions" ADD "FollowUpTickets" integer NOT NULL DEFAULT 0;
ALTER TABLE "Disruptions" ADD "FollowUpSolved" boolean NOT NULL DEFAULT FALSE;
ALTER TABLE "SlaPolicies" ALTER COLUMN "PausesDuringDisruptions" DROP DEFAULT;
ALTER TABLE "Tickets" ALTER COLUMN "DisruptionOngoing" DROP DEFAULT;
ALTER TABLE "Disruptions" ALTER COLUMN "FollowUpTickets" DROP DEFAULT;
ALTER TABLE "Disruptions" ALTER COLUMN "FollowUpSolved" DROP DEFAULT;
