-- 0003 (SQLite): SLA calendars, policies, targets, clocks and their timeline; ticket urgency columns. Frozen: never edit, add a new script.

CREATE TABLE "SlaCalendars" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_SlaCalendars" PRIMARY KEY AUTOINCREMENT,
    "Name" TEXT NOT NULL,
    "Json" TEXT NOT NULL,
    "UpdatedAt" INTEGER NOT NULL
);

CREATE TABLE "SlaPolicies" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_SlaPolicies" PRIMARY KEY AUTOINCREMENT,
    "Name" TEXT NOT NULL,
    "Position" INTEGER NOT NULL,
    "IsActive" INTEGER NOT NULL,
    "CalendarId" INTEGER NOT NULL,
    "Priorities" TEXT NOT NULL,
    "Channels" TEXT NOT NULL,
    "OrganizationIds" TEXT NOT NULL,
    "CategoryIds" TEXT NOT NULL,
    "PauseStatuses" TEXT NOT NULL,
    "WarnPercents" TEXT NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_SlaPolicies_SlaCalendars_CalendarId" FOREIGN KEY ("CalendarId") REFERENCES "SlaCalendars" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "SlaTargets" (
    "PolicyId" INTEGER NOT NULL,
    "Metric" INTEGER NOT NULL,
    "Priority" INTEGER NOT NULL,
    "Minutes" INTEGER NOT NULL,
    CONSTRAINT "PK_SlaTargets" PRIMARY KEY ("PolicyId", "Metric", "Priority"),
    CONSTRAINT "FK_SlaTargets_SlaPolicies_PolicyId" FOREIGN KEY ("PolicyId") REFERENCES "SlaPolicies" ("Id") ON DELETE CASCADE
);

CREATE TABLE "SlaClocks" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_SlaClocks" PRIMARY KEY AUTOINCREMENT,
    "TicketNumber" INTEGER NOT NULL,
    "Metric" INTEGER NOT NULL,
    "Cycle" INTEGER NOT NULL,
    "State" INTEGER NOT NULL,
    "PolicyId" INTEGER NULL,
    "PolicyName" TEXT NOT NULL,
    "CalendarId" INTEGER NOT NULL,
    "TargetMinutes" INTEGER NOT NULL,
    "StartedAt" INTEGER NOT NULL,
    "RunningSince" INTEGER NULL,
    "UsedTicks" INTEGER NOT NULL,
    "DueAt" INTEGER NULL,
    "WarnAt" INTEGER NULL,
    "WarnLevel" INTEGER NOT NULL,
    "NextCheckAt" INTEGER NULL,
    "FirstWarnAt" INTEGER NULL,
    "BreachedAt" INTEGER NULL,
    "StoppedAt" INTEGER NULL,
    CONSTRAINT "FK_SlaClocks_Tickets_TicketNumber" FOREIGN KEY ("TicketNumber") REFERENCES "Tickets" ("Number") ON DELETE CASCADE
);

CREATE TABLE "SlaEvents" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_SlaEvents" PRIMARY KEY AUTOINCREMENT,
    "TicketNumber" INTEGER NOT NULL,
    "Metric" INTEGER NOT NULL,
    "Cycle" INTEGER NOT NULL,
    "Kind" INTEGER NOT NULL,
    "At" INTEGER NOT NULL,
    "Detail" TEXT NOT NULL,
    CONSTRAINT "FK_SlaEvents_Tickets_TicketNumber" FOREIGN KEY ("TicketNumber") REFERENCES "Tickets" ("Number") ON DELETE CASCADE
);

ALTER TABLE "Tickets" ADD COLUMN "AwaitingReplySince" INTEGER NULL;

ALTER TABLE "Tickets" ADD COLUMN "SlaPolicyId" INTEGER NULL;

ALTER TABLE "Tickets" ADD COLUMN "SlaDueAt" INTEGER NOT NULL DEFAULT 3155378112000000000;

ALTER TABLE "Tickets" ADD COLUMN "SlaWarnAt" INTEGER NULL;

ALTER TABLE "Tickets" ADD COLUMN "SlaMetric" INTEGER NULL;

CREATE UNIQUE INDEX "IX_SlaCalendars_Name" ON "SlaCalendars" ("Name");

CREATE INDEX "IX_SlaClocks_CalendarId_State" ON "SlaClocks" ("CalendarId", "State");

CREATE INDEX "IX_SlaClocks_NextCheckAt" ON "SlaClocks" ("NextCheckAt");

CREATE INDEX "IX_SlaClocks_PolicyId_State" ON "SlaClocks" ("PolicyId", "State");

CREATE UNIQUE INDEX "IX_SlaClocks_TicketNumber_Metric_Cycle" ON "SlaClocks" ("TicketNumber", "Metric", "Cycle");

CREATE INDEX "IX_SlaEvents_TicketNumber_At" ON "SlaEvents" ("TicketNumber", "At");

CREATE INDEX "IX_SlaPolicies_CalendarId" ON "SlaPolicies" ("CalendarId");

CREATE INDEX "IX_SlaPolicies_Position" ON "SlaPolicies" ("Position");

CREATE INDEX "IX_Tickets_AssigneeId_SlaDueAt" ON "Tickets" ("AssigneeId", "SlaDueAt");

CREATE INDEX "IX_Tickets_SlaDueAt_Number" ON "Tickets" ("SlaDueAt", "Number");
