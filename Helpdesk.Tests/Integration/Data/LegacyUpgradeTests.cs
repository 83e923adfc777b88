using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Infrastructure.Data;
using Helpdesk.Infrastructure.Data.Migrations;
using Helpdesk.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Helpdesk.Tests.Integration.Data;

/// <summary>
/// Databases made by the frozen SQL scripts (before the migrations were made by EF Core's tools) upgrade to the EF
/// migrations with nothing lost, and end with the schema a new database gets.
/// </summary>
public sealed class LegacyUpgradeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public static TheoryData<DatabaseProvider> LegacyProviders => new() { DatabaseProvider.Sqlite, DatabaseProvider.Postgres };

    [SkippableTheory]
    [MemberData(nameof(LegacyProviders))]
    public async Task ADatabaseAtTheLastFrozenScriptUpgradesWithEveryRowAndTheSchemaOfANewOne(DatabaseProvider provider)
    {
        await using var legacy = await TestDatabase.CreateAsync(provider);
        await ApplyLegacyAsync(legacy, LegacyMigrations.Scripts.Count);

        int number;
        string agentId;
        await using (var db = legacy.NewContext())
        {
            var user = new IdentityUser { UserName = "avery@helpdesk.example", Email = "avery@helpdesk.example" };
            db.Users.Add(user);
            await db.SaveChangesAsync();
            var agent = new Agent(user.Id, "Avery", new EmailAddress("avery@helpdesk.example"));
            // The agent, organization and customer rows go in as that schema held them (today's model has columns it lacks);
            // the entities are then attached as they stand, so that only the ticket's rows are written through the model.
            var acme = new Organization("Acme", null, null, T0);
            var customer = new Customer(new EmailAddress("ana@acme.example"), "Ana", acme, T0);
            var createdAt = db.Model.FindEntityType(typeof(Customer))!.FindProperty(nameof(Customer.CreatedAt))!.GetTypeMapping().Converter?.ConvertToProvider(T0) ?? T0;
            await db.Database.ExecuteSqlRawAsync("""INSERT INTO "Agents" ("Id", "DisplayName", "Email", "IsActive") VALUES ({0}, 'Avery', 'avery@helpdesk.example', TRUE)""", user.Id);
            db.Entry(agent).State = EntityState.Unchanged;
            await db.Database.ExecuteSqlRawAsync("""INSERT INTO "Organizations" ("Name", "CreatedAt") VALUES ('Acme', {0})""", createdAt);
            var organizationId = await db.Database.SqlQueryRaw<int>("""SELECT "Id" AS "Value" FROM "Organizations" """).SingleAsync();
            await db.Database.ExecuteSqlRawAsync("""INSERT INTO "Customers" ("Email", "Name", "OrganizationId", "CreatedAt", "NoticesOptOut", "NoticesOptIn") VALUES ('ana@acme.example', 'Ana', {0}, {1}, FALSE, FALSE)""", organizationId, createdAt);
            var customerId = await db.Database.SqlQueryRaw<int>("""SELECT "Id" AS "Value" FROM "Customers" """).SingleAsync();
            db.Entry(acme).Property(o => o.Id).CurrentValue = organizationId;
            db.Entry(acme).State = EntityState.Unchanged;
            db.Entry(customer).Property(c => c.Id).CurrentValue = customerId;
            db.Entry(customer).Property(c => c.OrganizationId).CurrentValue = organizationId;
            db.Entry(customer).State = EntityState.Unchanged;
            var ticket = Ticket.Open("Invoice wrong", customer, "Please fix the VAT number.", TicketChannel.Email, TicketPriority.High, Actor.System, T0);
            ticket.AddAgentReply(agent, "Fixed, new invoice attached.", T0.AddMinutes(30), [new AttachmentFile("invoice.pdf", "application/pdf", 1234, "2026/03/abc")]);
            ticket.AddInternalNote(agent, "Checked with finance.", T0.AddMinutes(31));
            ticket.SetTags(["billing", "vat"], Actor.ForAgent(agent), T0.AddMinutes(31));
            db.Tickets.Add(ticket);

            // The ticket's rows go in through today's model: the columns it added since are there for the insert only.
            var added = await AddMissingColumnsAsync(db, provider);
            await db.SaveWithoutPolicyAsync();
            foreach (var (table, column) in added)
            {
                var drop = $"""ALTER TABLE "{table}" DROP COLUMN "{column}" """; // names from the model, not from input
                await db.Database.ExecuteSqlRawAsync(drop);
            }

            (number, agentId) = (ticket.Number, agent.Id);

            // Lists the old schema kept in one column each: a space-separated one and a comma-separated one.
            await db.Database.ExecuteSqlRawAsync("""UPDATE "Organizations" SET "Domains" = 'acme.example acme.co.uk'""");
            await db.Database.ExecuteSqlRawAsync("""UPDATE "Tickets" SET "Cc" = 'bo@acme.example, Cy@Acme.example,bo@acme.example'""");
        }

        await using (var db = legacy.NewContext())
        {
            var applied = await DatabaseMigrator.MigrateAsync(db);
            Assert.Equal(Migrations(db).Skip(1), applied); // the baseline is recorded, not run
            Assert.Equal(Migrations(db), await db.Database.GetAppliedMigrationsAsync());
        }

        await using (var db = legacy.NewContext())
        {
            var loaded = await new TicketQueries(db, new QueryCache(TimeProvider.System)).GetTicketAsync(number);
            Assert.NotNull(loaded);
            Assert.Equal(["Please fix the VAT number.", "Fixed, new invoice attached.", "Checked with finance."], loaded.Messages.Select(m => m.Body));
            Assert.Equal("invoice.pdf", loaded.Messages.ElementAt(1).Attachments.Single().FileName);
            Assert.Equal(["billing", "vat"], loaded.TagNames);
            Assert.Equal("Acme", loaded.Requester.Organization?.Name);
            Assert.Equal(["bo@acme.example", "cy@acme.example"], (await db.TicketsForChange().SingleAsync(t => t.Number == number)).CcAddresses.Order());
            Assert.Equal(["acme.co.uk", "acme.example"], await db.Set<OrganizationDomain>().Select(d => d.Domain).OrderBy(d => d).ToListAsync());
            Assert.Equal("Acme", (await new HelpdeskStore(db).FindOrganizationByDomainAsync("acme.co.uk"))?.Name);
            Assert.Equal(T0.AddMinutes(30), loaded.FirstRespondedAt);
            Assert.Contains(loaded.AuditTrail, a => a.Field == "Status" && a.NewValue == "Open");
            Assert.Equal("Avery", (await db.Agents.SingleAsync(a => a.Id == agentId)).DisplayName);

            // The full-text index came through: the internal note is found by its words.
            var found = await new TicketQueries(db, new QueryCache(TimeProvider.System))
                .QueueAsync(new QueueQuery { Text = "finance", Status = QueueStatusFilter.All }, agentId, T0.AddDays(1));
            Assert.Equal([number], found.Rows.Select(r => r.Number));

            // What the migrations added after the baseline works: the data-protection keys' table.
            db.DataProtectionKeys.Add(new Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey { FriendlyName = "k", Xml = "<key/>" });
            await db.SaveChangesAsync();
        }

        await using var fresh = await (await TestDatabase.CreateAsync(provider)).MigrateAsync();
        await using var a = legacy.NewContext();
        await using var b = fresh.NewContext();
        var upgraded = await SchemaSnapshot.ReadAsync(a);
        Assert.True(upgraded.Count > 50, "the snapshot reads the schema");
        Assert.Equal(await SchemaSnapshot.ReadAsync(b), upgraded);
    }

    /// <summary>The schema the issue that asked for EF migrations was written against (0016): the scripts after it run
    /// first, the rows written then (by hand, in that schema's columns) come through and are searchable.</summary>
    [SkippableTheory]
    [MemberData(nameof(LegacyProviders))]
    public async Task ADatabaseAtAnEarlierFrozenScriptRunsTheRestThenUpgrades(DatabaseProvider provider)
    {
        await using var legacy = await TestDatabase.CreateAsync(provider);
        await ApplyLegacyAsync(legacy, 16);
        await using (var db = legacy.NewContext())
        {
            string Instant(DateTimeOffset t) => provider == DatabaseProvider.Sqlite
                ? t.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture)
                : $"'{t.UtcDateTime:yyyy-MM-ddTHH:mm:ss}Z'";
            var (at, never, no) = (Instant(T0), Instant(Helpdesk.Core.Sla.SlaEngine.NoDeadline), provider == DatabaseProvider.Sqlite ? "0" : "FALSE");
#pragma warning disable EF1002 // constants only
            await db.Database.ExecuteSqlRawAsync($"""
                INSERT INTO "Customers" ("Email", "Name", "CreatedAt", "NoticesOptIn", "NoticesOptOut") VALUES ('bo@old.example', 'Bo', {at}, {no}, {no});
                INSERT INTO "Tickets" ("Subject", "Status", "Priority", "Channel", "RequesterId", "CreatedAt", "UpdatedAt", "Version", "SlaDueAt", "DisruptionOngoing")
                SELECT 'Printer on fire', 1, 2, 0, c."Id", {at}, {at}, 1, {never}, {no} FROM "Customers" c WHERE c."Email" = 'bo@old.example';
                INSERT INTO "TicketMessages" ("TicketNumber", "Visibility", "AuthorKind", "AuthorName", "Body", "CreatedAt")
                SELECT t."Number", 0, 0, 'Bo', 'Smoke comes out of the toner drawer.', {at} FROM "Tickets" t;
                """);
#pragma warning restore EF1002
            await DatabaseMigrator.MigrateAsync(db);
        }

        await using (var db = legacy.NewContext())
        {
            var queries = new TicketQueries(db, new QueryCache(TimeProvider.System));
            var found = await queries.QueueAsync(new QueueQuery { Text = "toner drawer", Status = QueueStatusFilter.All }, "nobody", T0.AddDays(1));
            var row = Assert.Single(found.Rows);
            var ticket = await queries.GetTicketAsync(row.Number);
            Assert.Equal(("Printer on fire", "bo@old.example", T0), (ticket!.Subject, ticket.Requester.Email, ticket.CreatedAt));
            Assert.Equal("Smoke comes out of the toner drawer.", Assert.Single(ticket.Messages).Body);
            Assert.Null(ticket.Messages.Single().SafeHtml); // a column of script 0017, added on the way
            Assert.Equal(Migrations(db), await db.Database.GetAppliedMigrationsAsync());
        }
    }

    /// <summary>Does what the app's old migrator did: EF's history table, then each script and its history row.</summary>
    private static async Task ApplyLegacyAsync(TestDatabase database, int count)
    {
        var provider = database.Provider == DatabaseProvider.Postgres ? "Postgres" : "Sqlite";
        await using var db = database.NewContext();
        var history = db.GetService<IHistoryRepository>();
        await db.Database.ExecuteSqlRawAsync(history.GetCreateScript());
        foreach (var (id, script) in LegacyMigrations.Scripts.Take(count))
        {
            await db.Database.ExecuteSqlRawAsync(Embedded($"migrations/Legacy/{provider}/{script}"));
            await db.Database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(id, "10.0.15")));
        }
    }

    private static string Embedded(string name)
    {
        using var stream = typeof(DatabaseMigrator).Assembly.GetManifestResourceStream(name)!;
        return new StreamReader(stream).ReadToEnd();
    }

    private static IEnumerable<string> Migrations(HelpdeskDbContext db) =>
        db.GetService<IMigrationsAssembly>().Migrations.Keys.Order(StringComparer.Ordinal);

    /// <summary>Adds, as nullable, every column of the ticket's tables that today's model has and the legacy schema lacks.</summary>
    private static async Task<List<(string Table, string Column)>> AddMissingColumnsAsync(HelpdeskDbContext db, DatabaseProvider provider)
    {
        var added = new List<(string, string)>();
        foreach (var type in new[] { typeof(Ticket), typeof(TicketMessage), typeof(Attachment), typeof(AuditEntry), typeof(TicketTag) })
        {
            var entity = db.Model.FindEntityType(type)!;
            var table = entity.GetTableName()!;
            var existing = provider == DatabaseProvider.Sqlite
                ? await db.Database.SqlQuery<string>($"""SELECT name AS "Value" FROM pragma_table_info({table})""").ToListAsync()
                : await db.Database.SqlQuery<string>($"""SELECT column_name AS "Value" FROM information_schema.columns WHERE table_name = {table}""").ToListAsync();
            var store = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(table, entity.GetSchema());
            foreach (var property in entity.GetProperties())
            {
                var column = property.GetColumnName(store);
                if (column is not null && !existing.Contains(column))
                {
                    var add = $"""ALTER TABLE "{table}" ADD COLUMN "{column}" {property.GetColumnType()} NULL""";
                    await db.Database.ExecuteSqlRawAsync(add);
                    added.Add((table, column));
                }
            }
        }

        return added;
    }
}
