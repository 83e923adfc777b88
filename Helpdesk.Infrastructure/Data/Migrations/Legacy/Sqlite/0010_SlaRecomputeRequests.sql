-- 0010 (SQLite): SLA recompute requests, committed with the calendar or policy change that causes them and worked
-- through with a cursor, so a crash resumes the recompute. Frozen: never edit, add a new script.
CREATE TABLE "SlaRecomputeRequests" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_SlaRecomputeRequests" PRIMARY KEY AUTOINCREMENT,
    "ChangedAt" INTEGER NOT NULL,
    "Cause" TEXT NOT NULL,
    "PreviousCalendars" TEXT NOT NULL,
    "Cursor" INTEGER NOT NULL,
    "CompletedAt" INTEGER NULL
);
CREATE INDEX "IX_SlaRecomputeRequests_CompletedAt" ON "SlaRecomputeRequests" ("CompletedAt");
