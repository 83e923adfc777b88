-- 0011 (SQLite): service disruptions, their updates, one notice per customer per update, and customers' notice
-- preferences. Frozen: never edit, add a new script.
CREATE TABLE "Disruptions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Disruptions" PRIMARY KEY AUTOINCREMENT,
    "Title" TEXT NOT NULL,
    "Status" INTEGER NOT NULL,
    "Everyone" INTEGER NOT NULL,
    "CategoryIds" TEXT NOT NULL,
    "OrganizationIds" TEXT NOT NULL,
    "StartedAt" INTEGER NOT NULL,
    "EndedAt" INTEGER NULL
);
CREATE TABLE "DisruptionUpdates" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_DisruptionUpdates" PRIMARY KEY AUTOINCREMENT,
    "DisruptionId" INTEGER NOT NULL,
    "Status" INTEGER NOT NULL,
    "Message" TEXT NOT NULL,
    "At" INTEGER NOT NULL,
    "Notified" INTEGER NOT NULL,
    CONSTRAINT "FK_DisruptionUpdates_Disruptions_DisruptionId" FOREIGN KEY ("DisruptionId") REFERENCES "Disruptions" ("Id") ON DELETE CASCADE
);
CREATE TABLE "DisruptionNotices" (
    "UpdateId" INTEGER NOT NULL,
    "CustomerId" INTEGER NOT NULL,
    CONSTRAINT "PK_DisruptionNotices" PRIMARY KEY ("UpdateId", "CustomerId"),
    CONSTRAINT "FK_DisruptionNotices_Customers_CustomerId" FOREIGN KEY ("CustomerId") REFERENCES "Customers" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_DisruptionNotices_DisruptionUpdates_UpdateId" FOREIGN KEY ("UpdateId") REFERENCES "DisruptionUpdates" ("Id") ON DELETE CASCADE
);
ALTER TABLE "Customers" ADD COLUMN "NoticesOptOut" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Customers" ADD COLUMN "NoticesOptIn" INTEGER NOT NULL DEFAULT 0;
CREATE INDEX "IX_DisruptionNotices_CustomerId" ON "DisruptionNotices" ("CustomerId");
CREATE INDEX "IX_Disruptions_Status_StartedAt" ON "Disruptions" ("Status", "StartedAt");
CREATE INDEX "IX_DisruptionUpdates_DisruptionId" ON "DisruptionUpdates" ("DisruptionId");
