-- 0001 Initial schema (SQLite): helpdesk tables, Identity tables, queue indexes. Frozen: never edit, add a new script.
CREATE TABLE "AspNetRoles" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetRoles" PRIMARY KEY,
    "Name" TEXT NULL,
    "NormalizedName" TEXT NULL,
    "ConcurrencyStamp" TEXT NULL
);


CREATE TABLE "AspNetUsers" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetUsers" PRIMARY KEY,
    "UserName" TEXT NULL,
    "NormalizedUserName" TEXT NULL,
    "Email" TEXT NULL,
    "NormalizedEmail" TEXT NULL,
    "EmailConfirmed" INTEGER NOT NULL,
    "PasswordHash" TEXT NULL,
    "SecurityStamp" TEXT NULL,
    "ConcurrencyStamp" TEXT NULL,
    "PhoneNumber" TEXT NULL,
    "PhoneNumberConfirmed" INTEGER NOT NULL,
    "TwoFactorEnabled" INTEGER NOT NULL,
    "LockoutEnd" INTEGER NULL,
    "LockoutEnabled" INTEGER NOT NULL,
    "AccessFailedCount" INTEGER NOT NULL
);


CREATE TABLE "Categories" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Categories" PRIMARY KEY AUTOINCREMENT,
    "Name" TEXT NOT NULL
);


CREATE TABLE "Groups" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Groups" PRIMARY KEY AUTOINCREMENT,
    "Name" TEXT NOT NULL
);


CREATE TABLE "Organizations" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Organizations" PRIMARY KEY AUTOINCREMENT,
    "Name" TEXT NOT NULL,
    "Domains" TEXT NULL,
    "Notes" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL
);


CREATE TABLE "AspNetRoleClaims" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetRoleClaims" PRIMARY KEY AUTOINCREMENT,
    "RoleId" TEXT NOT NULL,
    "ClaimType" TEXT NULL,
    "ClaimValue" TEXT NULL,
    CONSTRAINT "FK_AspNetRoleClaims_AspNetRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "AspNetRoles" ("Id") ON DELETE CASCADE
);


CREATE TABLE "AspNetUserClaims" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetUserClaims" PRIMARY KEY AUTOINCREMENT,
    "UserId" TEXT NOT NULL,
    "ClaimType" TEXT NULL,
    "ClaimValue" TEXT NULL,
    CONSTRAINT "FK_AspNetUserClaims_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);


CREATE TABLE "AspNetUserLogins" (
    "LoginProvider" TEXT NOT NULL,
    "ProviderKey" TEXT NOT NULL,
    "ProviderDisplayName" TEXT NULL,
    "UserId" TEXT NOT NULL,
    CONSTRAINT "PK_AspNetUserLogins" PRIMARY KEY ("LoginProvider", "ProviderKey"),
    CONSTRAINT "FK_AspNetUserLogins_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);


CREATE TABLE "AspNetUserRoles" (
    "UserId" TEXT NOT NULL,
    "RoleId" TEXT NOT NULL,
    CONSTRAINT "PK_AspNetUserRoles" PRIMARY KEY ("UserId", "RoleId"),
    CONSTRAINT "FK_AspNetUserRoles_AspNetRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "AspNetRoles" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_AspNetUserRoles_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);


CREATE TABLE "AspNetUserTokens" (
    "UserId" TEXT NOT NULL,
    "LoginProvider" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Value" TEXT NULL,
    CONSTRAINT "PK_AspNetUserTokens" PRIMARY KEY ("UserId", "LoginProvider", "Name"),
    CONSTRAINT "FK_AspNetUserTokens_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);


CREATE TABLE "Agents" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Agents" PRIMARY KEY,
    "DisplayName" TEXT NOT NULL,
    "Email" TEXT NOT NULL,
    "GroupId" INTEGER NULL,
    "IsActive" INTEGER NOT NULL,
    CONSTRAINT "FK_Agents_AspNetUsers_Id" FOREIGN KEY ("Id") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_Agents_Groups_GroupId" FOREIGN KEY ("GroupId") REFERENCES "Groups" ("Id") ON DELETE SET NULL
);


CREATE TABLE "Customers" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Customers" PRIMARY KEY AUTOINCREMENT,
    "Email" TEXT NOT NULL,
    "Name" TEXT NULL,
    "Phone" TEXT NULL,
    "Notes" TEXT NULL,
    "OrganizationId" INTEGER NULL,
    "CreatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_Customers_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE SET NULL
);


CREATE TABLE "Tickets" (
    "Number" INTEGER NOT NULL CONSTRAINT "PK_Tickets" PRIMARY KEY AUTOINCREMENT,
    "Subject" TEXT NOT NULL,
    "Status" INTEGER NOT NULL,
    "Priority" INTEGER NOT NULL,
    "Channel" INTEGER NOT NULL,
    "RequesterId" INTEGER NOT NULL,
    "OrganizationId" INTEGER NULL,
    "AssigneeId" TEXT NULL,
    "GroupId" INTEGER NULL,
    "CategoryId" INTEGER NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    "FirstRespondedAt" INTEGER NULL,
    "LastCustomerMessageAt" INTEGER NULL,
    "LastAgentReplyAt" INTEGER NULL,
    "SolvedAt" INTEGER NULL,
    "ClosedAt" INTEGER NULL,
    "Version" INTEGER NOT NULL,
    CONSTRAINT "FK_Tickets_Agents_AssigneeId" FOREIGN KEY ("AssigneeId") REFERENCES "Agents" ("Id") ON DELETE SET NULL,
    CONSTRAINT "FK_Tickets_Categories_CategoryId" FOREIGN KEY ("CategoryId") REFERENCES "Categories" ("Id") ON DELETE SET NULL,
    CONSTRAINT "FK_Tickets_Customers_RequesterId" FOREIGN KEY ("RequesterId") REFERENCES "Customers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Tickets_Groups_GroupId" FOREIGN KEY ("GroupId") REFERENCES "Groups" ("Id") ON DELETE SET NULL,
    CONSTRAINT "FK_Tickets_Organizations_OrganizationId" FOREIGN KEY ("OrganizationId") REFERENCES "Organizations" ("Id") ON DELETE SET NULL
);


CREATE TABLE "AuditEntries" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AuditEntries" PRIMARY KEY AUTOINCREMENT,
    "TicketNumber" INTEGER NOT NULL,
    "At" INTEGER NOT NULL,
    "ActorKind" INTEGER NOT NULL,
    "ActorId" TEXT NULL,
    "ActorName" TEXT NOT NULL,
    "Field" TEXT NOT NULL,
    "OldValue" TEXT NULL,
    "NewValue" TEXT NULL,
    CONSTRAINT "FK_AuditEntries_Tickets_TicketNumber" FOREIGN KEY ("TicketNumber") REFERENCES "Tickets" ("Number") ON DELETE CASCADE
);


CREATE TABLE "TicketMessages" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_TicketMessages" PRIMARY KEY AUTOINCREMENT,
    "TicketNumber" INTEGER NOT NULL,
    "Visibility" INTEGER NOT NULL,
    "AuthorKind" INTEGER NOT NULL,
    "AuthorAgentId" TEXT NULL,
    "AuthorCustomerId" INTEGER NULL,
    "AuthorName" TEXT NOT NULL,
    "Body" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_TicketMessages_Tickets_TicketNumber" FOREIGN KEY ("TicketNumber") REFERENCES "Tickets" ("Number") ON DELETE CASCADE
);


CREATE TABLE "TicketTags" (
    "TicketNumber" INTEGER NOT NULL,
    "Name" TEXT NOT NULL,
    CONSTRAINT "PK_TicketTags" PRIMARY KEY ("TicketNumber", "Name"),
    CONSTRAINT "FK_TicketTags_Tickets_TicketNumber" FOREIGN KEY ("TicketNumber") REFERENCES "Tickets" ("Number") ON DELETE CASCADE
);


CREATE TABLE "Attachments" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Attachments" PRIMARY KEY AUTOINCREMENT,
    "MessageId" INTEGER NOT NULL,
    "FileName" TEXT NOT NULL,
    "ContentType" TEXT NOT NULL,
    "Size" INTEGER NOT NULL,
    "StorageKey" TEXT NOT NULL,
    CONSTRAINT "FK_Attachments_TicketMessages_MessageId" FOREIGN KEY ("MessageId") REFERENCES "TicketMessages" ("Id") ON DELETE CASCADE
);


CREATE UNIQUE INDEX "IX_Agents_Email" ON "Agents" ("Email");


CREATE INDEX "IX_Agents_GroupId" ON "Agents" ("GroupId");


CREATE INDEX "IX_AspNetRoleClaims_RoleId" ON "AspNetRoleClaims" ("RoleId");


CREATE UNIQUE INDEX "RoleNameIndex" ON "AspNetRoles" ("NormalizedName");


CREATE INDEX "IX_AspNetUserClaims_UserId" ON "AspNetUserClaims" ("UserId");


CREATE INDEX "IX_AspNetUserLogins_UserId" ON "AspNetUserLogins" ("UserId");


CREATE INDEX "IX_AspNetUserRoles_RoleId" ON "AspNetUserRoles" ("RoleId");


CREATE INDEX "EmailIndex" ON "AspNetUsers" ("NormalizedEmail");


CREATE UNIQUE INDEX "UserNameIndex" ON "AspNetUsers" ("NormalizedUserName");


CREATE INDEX "IX_Attachments_MessageId" ON "Attachments" ("MessageId");


CREATE INDEX "IX_AuditEntries_TicketNumber_At" ON "AuditEntries" ("TicketNumber", "At");


CREATE UNIQUE INDEX "IX_Categories_Name" ON "Categories" ("Name");


CREATE UNIQUE INDEX "IX_Customers_Email" ON "Customers" ("Email");


CREATE INDEX "IX_Customers_Name" ON "Customers" ("Name");


CREATE INDEX "IX_Customers_OrganizationId" ON "Customers" ("OrganizationId");


CREATE UNIQUE INDEX "IX_Groups_Name" ON "Groups" ("Name");


CREATE UNIQUE INDEX "IX_Organizations_Name" ON "Organizations" ("Name");


CREATE INDEX "IX_TicketMessages_TicketNumber_CreatedAt" ON "TicketMessages" ("TicketNumber", "CreatedAt");


CREATE INDEX "IX_Tickets_AssigneeId_Status_UpdatedAt" ON "Tickets" ("AssigneeId", "Status", "UpdatedAt");


CREATE INDEX "IX_Tickets_CategoryId" ON "Tickets" ("CategoryId");


CREATE INDEX "IX_Tickets_CreatedAt" ON "Tickets" ("CreatedAt");


CREATE INDEX "IX_Tickets_GroupId_Status_UpdatedAt" ON "Tickets" ("GroupId", "Status", "UpdatedAt");


CREATE INDEX "IX_Tickets_OrganizationId_CreatedAt" ON "Tickets" ("OrganizationId", "CreatedAt");


CREATE INDEX "IX_Tickets_Priority_Status_UpdatedAt" ON "Tickets" ("Priority", "Status", "UpdatedAt");


CREATE INDEX "IX_Tickets_RequesterId_CreatedAt" ON "Tickets" ("RequesterId", "CreatedAt");


CREATE INDEX "IX_Tickets_Status_UpdatedAt" ON "Tickets" ("Status", "UpdatedAt");


CREATE INDEX "IX_Tickets_UpdatedAt" ON "Tickets" ("UpdatedAt");


CREATE INDEX "IX_TicketTags_Name" ON "TicketTags" ("Name");



