-- 0009 (SQLite): the Content-ID of an emailed attachment, so the email's HTML can show it inline. Frozen: never edit, add a new script.
ALTER TABLE "Attachments" ADD COLUMN "ContentId" TEXT NULL;
