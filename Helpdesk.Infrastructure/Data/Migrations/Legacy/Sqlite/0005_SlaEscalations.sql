-- 0005 (SQLite): SLA escalations, unique per clock and level. Frozen: never edit, add a new script.

CREATE TABLE "SlaEscalations" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_SlaEscalations" PRIMARY KEY AUTOINCREMENT,
    "TicketNumber" INTEGER NOT NULL,
    "Metric" INTEGER NOT NULL,
    "Cycle" INTEGER NOT NULL,
    "Level" INTEGER NOT NULL,
    "Percent" INTEGER NULL,
    "At" INTEGER NOT NULL,
    CONSTRAINT "FK_SlaEscalations_Tickets_TicketNumber" FOREIGN KEY ("TicketNumber") REFERENCES "Tickets" ("Number") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_SlaEscalations_TicketNumber_Metric_Cycle_Level" ON "SlaEscalations" ("TicketNumber", "Metric", "Cycle", "Level");
