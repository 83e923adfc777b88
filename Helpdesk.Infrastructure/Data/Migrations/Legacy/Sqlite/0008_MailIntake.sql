-- 0008 (SQLite): received mail (stored before processing, unique per mailbox, Message-ID and content), mailbox poll
-- progress, and what threading and bounces need on tickets, messages and customers. Frozen: never edit, add a new script.
CREATE TABLE "InboundMessages" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_InboundMessages" PRIMARY KEY AUTOINCREMENT,
    "Mailbox" TEXT NOT NULL,
    "Uid" INTEGER NULL,
    "UidValidity" INTEGER NULL,
    "MessageId" TEXT NOT NULL,
    "ContentHash" TEXT NOT NULL,
    "RawKey" TEXT NOT NULL,
    "Size" INTEGER NOT NULL,
    "From" TEXT NULL,
    "Subject" TEXT NULL,
    "ReceivedAt" INTEGER NOT NULL,
    "State" INTEGER NOT NULL,
    "Outcome" TEXT NULL,
    "TicketNumber" INTEGER NULL,
    "ProcessedAt" INTEGER NULL
);
CREATE TABLE "MailboxStates" (
    "Mailbox" TEXT NOT NULL CONSTRAINT "PK_MailboxStates" PRIMARY KEY,
    "UidValidity" INTEGER NOT NULL,
    "LastUid" INTEGER NOT NULL,
    "LastPollAt" INTEGER NULL,
    "LastError" TEXT NULL,
    "Imported" INTEGER NOT NULL
);
ALTER TABLE "Tickets" ADD COLUMN "Cc" TEXT NULL;
ALTER TABLE "Tickets" ADD COLUMN "FollowUpOf" INTEGER NULL;
ALTER TABLE "TicketMessages" ADD COLUMN "Html" TEXT NULL;
ALTER TABLE "TicketMessages" ADD COLUMN "MessageId" TEXT NULL;
ALTER TABLE "Customers" ADD COLUMN "BouncedAt" INTEGER NULL;
ALTER TABLE "Customers" ADD COLUMN "BounceReason" TEXT NULL;
CREATE INDEX "IX_InboundMessages_From_ReceivedAt" ON "InboundMessages" ("From", "ReceivedAt");
CREATE UNIQUE INDEX "IX_InboundMessages_Mailbox_MessageId_ContentHash" ON "InboundMessages" ("Mailbox", "MessageId", "ContentHash");
CREATE INDEX "IX_InboundMessages_MessageId" ON "InboundMessages" ("MessageId");
CREATE INDEX "IX_InboundMessages_State_ReceivedAt" ON "InboundMessages" ("State", "ReceivedAt");
CREATE INDEX "IX_TicketMessages_MessageId" ON "TicketMessages" ("MessageId");
