-- 0018 (SQLite): full-text search over the text of every message, agents' notes included. An FTS5 index whose content
-- is the TicketMessages table itself (nothing is stored twice), kept in step by triggers so that no write path can
-- forget it; accents and case are ignored. And a trigram index of the subjects, so that a search for part of a subject
-- reads an index instead of every ticket. Both live outside the EF model (docs/decisions/013-search.md).
-- Frozen: never edit, add a new script.
CREATE VIRTUAL TABLE "MessageSearch" USING fts5("Body", content='TicketMessages', content_rowid='Id', tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER "MessageSearch_Insert" AFTER INSERT ON "TicketMessages" BEGIN
    INSERT INTO "MessageSearch"(rowid, "Body") VALUES (new."Id", new."Body");
END;
CREATE TRIGGER "MessageSearch_Delete" AFTER DELETE ON "TicketMessages" BEGIN
    INSERT INTO "MessageSearch"("MessageSearch", rowid, "Body") VALUES ('delete', old."Id", old."Body");
END;
CREATE TRIGGER "MessageSearch_Update" AFTER UPDATE OF "Body" ON "TicketMessages" BEGIN
    INSERT INTO "MessageSearch"("MessageSearch", rowid, "Body") VALUES ('delete', old."Id", old."Body");
    INSERT INTO "MessageSearch"(rowid, "Body") VALUES (new."Id", new."Body");
END;
INSERT INTO "MessageSearch"("MessageSearch") VALUES ('rebuild');
CREATE VIRTUAL TABLE "SubjectSearch" USING fts5("Subject", content='Tickets', content_rowid='Number', tokenize='trigram');
CREATE TRIGGER "SubjectSearch_Insert" AFTER INSERT ON "Tickets" BEGIN
    INSERT INTO "SubjectSearch"(rowid, "Subject") VALUES (new."Number", new."Subject");
END;
CREATE TRIGGER "SubjectSearch_Delete" AFTER DELETE ON "Tickets" BEGIN
    INSERT INTO "SubjectSearch"("SubjectSearch", rowid, "Subject") VALUES ('delete', old."Number", old."Subject");
END;
CREATE TRIGGER "SubjectSearch_Update" AFTER UPDATE OF "Subject" ON "Tickets" BEGIN
    INSERT INTO "SubjectSearch"("SubjectSearch", rowid, "Subject") VALUES ('delete', old."Number", old."Subject");
    INSERT INTO "SubjectSearch"(rowid, "Subject") VALUES (new."Number", new."Subject");
END;
INSERT INTO "SubjectSearch"("SubjectSearch") VALUES ('rebuild');
