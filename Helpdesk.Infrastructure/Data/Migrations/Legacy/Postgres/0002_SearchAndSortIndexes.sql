-- 0002 (PostgreSQL): subject sort index, and trigram indexes for the queue's substring search. Frozen: never edit, add a new script.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX "IX_Tickets_Subject" ON "Tickets" ("Subject");
CREATE INDEX "IX_Tickets_Subject_Trgm" ON "Tickets" USING gin ("Subject" gin_trgm_ops);
CREATE INDEX "IX_Customers_Email_Trgm" ON "Customers" USING gin ("Email" gin_trgm_ops);
CREATE INDEX "IX_Customers_Name_Trgm" ON "Customers" USING gin ("Name" gin_trgm_ops);
