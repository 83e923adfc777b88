-- 0004 (SQLite): the outbox of outgoing email. Frozen: never edit, add a new script.

CREATE TABLE "Outbox" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Outbox" PRIMARY KEY AUTOINCREMENT,
    "Kind" INTEGER NOT NULL,
    "TicketNumber" INTEGER NULL,
    "MessageId" TEXT NOT NULL,
    "To" TEXT NOT NULL,
    "Cc" TEXT NULL,
    "Subject" TEXT NOT NULL,
    "Body" TEXT NOT NULL,
    "InReplyTo" TEXT NULL,
    "References" TEXT NULL,
    "Automatic" INTEGER NOT NULL,
    "State" INTEGER NOT NULL,
    "Attempts" INTEGER NOT NULL,
    "NextAttemptAt" INTEGER NOT NULL,
    "LastError" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "SentAt" INTEGER NULL
);

CREATE UNIQUE INDEX "IX_Outbox_MessageId" ON "Outbox" ("MessageId");

CREATE INDEX "IX_Outbox_State_NextAttemptAt" ON "Outbox" ("State", "NextAttemptAt");

CREATE INDEX "IX_Outbox_TicketNumber" ON "Outbox" ("TicketNumber");
