-- 0002 (SQLite): the queue can sort by subject through an index. Frozen: never edit, add a new script.
CREATE INDEX "IX_Tickets_Subject" ON "Tickets" ("Subject");
