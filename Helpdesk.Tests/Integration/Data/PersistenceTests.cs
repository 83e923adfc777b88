using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Infrastructure.Data;
using Helpdesk.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Helpdesk.Tests.Integration.Data;

/// <summary>The same persistence behaviour, proven on a real database of each provider.</summary>
public abstract class PersistenceTests(DatabaseProvider provider)
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [SkippableFact]
    public async Task ADatabaseMigratedFromEmptyMatchesWhatTheModelExpects()
    {
        await using var migrated = await (await TestDatabase.CreateAsync(provider)).MigrateAsync();
        await using var fromModel = await TestDatabase.CreateAsync(provider);
        await using (var db = fromModel.NewContext())
        {
            await db.Database.EnsureCreatedAsync();
        }

        await using var a = migrated.NewContext();
        await using var b = fromModel.NewContext();
        var actual = await SchemaSnapshot.ReadAsync(a);
        var expected = await SchemaSnapshot.ReadAsync(b);

        // The full-text search lives outside the EF model (docs/decisions/013-search.md): only the migrations make it
        // (SQL Server has none, 016).
        Assert.Equal(provider != DatabaseProvider.SqlServer, actual.Any(SchemaSnapshot.IsFullTextSearch));
        Assert.DoesNotContain(expected, SchemaSnapshot.IsFullTextSearch);
        actual = actual.Where(l => !SchemaSnapshot.IsFullTextSearch(l)).ToList();
        Assert.True(actual.Count > 50, "the snapshot reads the schema");
        Assert.Equal(expected, actual);
        Assert.Empty(await a.Database.GetPendingMigrationsAsync());
    }

    [SkippableFact]
    public async Task MigratingTwiceIsHarmless()
    {
        await using var database = await (await TestDatabase.CreateAsync(provider)).MigrateAsync();
        await using var db = database.NewContext();

        var applied = await DatabaseMigrator.MigrateAsync(db);

        Assert.Empty(applied);
    }

    [SkippableFact]
    public async Task ATicketWithItsConversationAuditAndTagsRoundTrips()
    {
        await using var database = await (await TestDatabase.CreateAsync(provider)).MigrateAsync();
        int number;
        await using (var db = database.NewContext())
        {
            var agent = await AddAgentAsync(db, "avery@helpdesk.example");
            var customer = new Customer(new EmailAddress("ana@acme.example"), "Ana", null, T0);
            db.Customers.Add(customer);
            var ticket = Ticket.Open("Invoice wrong", customer, "Please fix the VAT number.", TicketChannel.Email, TicketPriority.High, Actor.System, T0);
            ticket.AddAgentReply(agent, "Fixed, new invoice attached.", T0.AddMinutes(30), [new AttachmentFile("invoice.pdf", "application/pdf", 1234, "2026/03/abc")]);
            ticket.AddInternalNote(agent, "Checked with finance.", T0.AddMinutes(31));
            ticket.SetTags(["billing", "vat"], Actor.ForAgent(agent), T0.AddMinutes(31));
            db.Tickets.Add(ticket);
            await db.SaveWithoutPolicyAsync();
            number = ticket.Number;
        }

        await using (var db = database.NewContext())
        {
            var loaded = await new TicketQueries(db, new QueryCache(TimeProvider.System)).GetTicketAsync(number);
            Assert.NotNull(loaded);
            Assert.Equal(TicketStatus.Open, loaded.Status);
            Assert.Equal(T0.AddMinutes(30), loaded.FirstRespondedAt);
            Assert.Equal(T0, loaded.CreatedAt);
            Assert.Equal(TimeSpan.Zero, loaded.CreatedAt.Offset);
            Assert.Equal(3, loaded.Messages.Count);
            Assert.Equal(["Please fix the VAT number.", "Fixed, new invoice attached.", "Checked with finance."], loaded.Messages.Select(m => m.Body));
            Assert.Equal("invoice.pdf", loaded.Messages.ElementAt(1).Attachments.Single().FileName);
            Assert.True(loaded.Messages.Last().IsInternal);
            Assert.Equal(["billing", "vat"], loaded.TagNames);
            Assert.Contains(loaded.AuditTrail, a => a.Field == "Status" && a.OldValue == "New" && a.NewValue == "Open");
            Assert.Equal("Avery", loaded.Assignee?.DisplayName ?? "Avery");
        }
    }

    [SkippableFact]
    public async Task TheSecondOfTwoConcurrentEditsIsAConflictAndChangesNothing()
    {
        await using var database = await (await TestDatabase.CreateAsync(provider)).MigrateAsync();
        int number;
        await using (var db = database.NewContext())
        {
            var customer = new Customer(new EmailAddress("bo@acme.example"), "Bo", null, T0);
            var ticket = Ticket.Open("Printer on fire", customer, "Smoke!", TicketChannel.Phone, TicketPriority.Normal, Actor.System, T0);
            db.Tickets.Add(ticket);
            await db.SaveWithoutPolicyAsync();
            number = ticket.Number;
        }

        await using var first = database.NewContext();
        await using var second = database.NewContext();
        var storeA = new HelpdeskStore(first);
        var storeB = new HelpdeskStore(second);
        var a = (await storeA.FindTicketAsync(number))!;
        var b = (await storeB.FindTicketAsync(number))!;
        var seen = a.Version;

        storeA.ExpectVersion(a, seen);
        a.ChangePriority(TicketPriority.Urgent, Actor.System, T0.AddMinutes(1));
        a.FollowWithoutPolicy();
        await storeA.SaveChangesAsync();

        storeB.ExpectVersion(b, seen);
        b.ChangePriority(TicketPriority.Low, Actor.System, T0.AddMinutes(2));
        b.FollowWithoutPolicy();
        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => storeB.SaveChangesAsync());
        Assert.Equal(number, conflict.TicketNumber);

        await using var check = database.NewContext();
        var stored = await check.Tickets.Include(t => t.AuditTrail).SingleAsync(t => t.Number == number);
        Assert.Equal(TicketPriority.Urgent, stored.Priority);
        Assert.DoesNotContain(stored.AuditTrail, e => e.NewValue == "Low");
    }

    [SkippableFact]
    public async Task QueueFiltersSortsPagesAndCountsTheRightTickets()
    {
        await using var database = await (await TestDatabase.CreateAsync(provider)).MigrateAsync();
        string meId;
        int billingId;
        await using (var db = database.NewContext())
        {
            var me = await AddAgentAsync(db, "me@helpdesk.example");
            var other = await AddAgentAsync(db, "other@helpdesk.example");
            meId = me.Id;
            var billing = new Group("Billing");
            db.Groups.Add(billing);
            var acme = new Organization("Acme Corp", "acme.example", null, T0);
            var ana = new Customer(new EmailAddress("ana@acme.example"), "Ana Almeida", acme, T0);
            var bo = new Customer(new EmailAddress("bo@other.example"), "Bo Brandt", null, T0);
            db.AddRange(acme, ana, bo);

            var specs = new (string Subject, Customer Who, TicketPriority Priority, TicketStatus Status, Agent? Assignee, bool Billing)[]
            {
                ("Invoice 100% wrong", ana, TicketPriority.High, TicketStatus.Open, me, true),
                ("Login broken", ana, TicketPriority.Urgent, TicketStatus.New, null, false),
                ("Refund please", bo, TicketPriority.Normal, TicketStatus.Pending, other, true),
                ("Old question", bo, TicketPriority.Low, TicketStatus.Solved, me, false),
                ("Export slow", bo, TicketPriority.Normal, TicketStatus.OnHold, me, false),
            };
            var minute = 0;
            foreach (var spec in specs)
            {
                var at = T0.AddMinutes(minute += 10);
                var t = Ticket.Open(spec.Subject, spec.Who, "Details", TicketChannel.Email, spec.Priority, Actor.System, at);
                if (spec.Assignee is not null)
                {
                    t.Assign(spec.Assignee, Actor.System, at);
                }

                if (spec.Billing)
                {
                    t.ChangeGroup(billing, Actor.System, at);
                }

                if (spec.Status != TicketStatus.New)
                {
                    t.ChangeStatus(spec.Status, Actor.System, at);
                }

                db.Tickets.Add(t);
            }

            await db.SaveWithoutPolicyAsync();
            billingId = billing.Id;
        }

        await using var read = database.NewContext();
        var queries = new TicketQueries(read, new QueryCache(TimeProvider.System));
        async Task<string[]> Subjects(QueueQuery q) =>
            (await queries.QueueAsync(q.Sort == QueueSort.Urgency ? q with { Sort = QueueSort.Updated } : q, meId, T0.AddDays(1))).Rows.Select(r => r.Subject).ToArray();

        // No policy, so no clock runs: the urgency order falls back to the ticket number.
        var byUrgency = (await queries.QueueAsync(new QueueQuery(), meId, T0.AddDays(1))).Rows.Select(r => r.Number).ToList();
        Assert.Equal(byUrgency.Order(), byUrgency);

        Assert.Equal(["Export slow", "Refund please", "Login broken", "Invoice 100% wrong"], await Subjects(new QueueQuery { Sort = QueueSort.Updated }));
        Assert.Equal(["Export slow", "Invoice 100% wrong"], await Subjects(new QueueQuery { Assignee = QueueAssigneeFilter.Me }));
        Assert.Equal(["Login broken"], await Subjects(new QueueQuery { Assignee = QueueAssigneeFilter.Unassigned }));
        Assert.Equal(["Old question"], await Subjects(new QueueQuery { Status = "solved" }));
        Assert.Equal(5, (await queries.QueueAsync(new QueueQuery { Status = QueueStatusFilter.All }, meId, T0.AddDays(1))).Total);
        Assert.Equal(["Login broken"], await Subjects(new QueueQuery { Priority = TicketPriority.Urgent }));
        Assert.Equal(["Refund please", "Invoice 100% wrong"], await Subjects(new QueueQuery { GroupId = billingId }));
        Assert.Equal(["Login broken", "Invoice 100% wrong"], await Subjects(new QueueQuery { Text = "ALMEIDA" }));
        Assert.Equal(["Refund please"], await Subjects(new QueueQuery { Text = "refund" }));
        Assert.Equal(["Invoice 100% wrong"], await Subjects(new QueueQuery { Text = "100%" }));
        Assert.Empty(await Subjects(new QueueQuery { Text = "10_%" }));
        Assert.Equal(["Login broken", "Invoice 100% wrong", "Export slow", "Refund please"], await Subjects(new QueueQuery { Sort = QueueSort.Priority }));
        Assert.Equal(["Invoice 100% wrong", "Login broken", "Refund please", "Export slow"], await Subjects(new QueueQuery { Sort = QueueSort.Created, Descending = false }));
        var byNumber = (await queries.QueueAsync(new QueueQuery { Sort = QueueSort.Number, Descending = false }, meId, T0.AddDays(1))).Rows.Select(r => r.Number).ToList();
        Assert.Equal(byNumber.Order(), byNumber);

        var number = (await queries.QueueAsync(new QueueQuery { Text = "Login" }, meId, T0.AddDays(1))).Rows.Single().Number;
        Assert.Equal(["Login broken"], await Subjects(new QueueQuery { Text = "#" + number, Status = QueueStatusFilter.All }));

        var page2 = await queries.QueueAsync(new QueueQuery { PageSize = 3, Page = 2 }, meId, T0.AddDays(1));
        Assert.Equal(4, page2.Total);
        Assert.Equal(2, page2.PageCount);
        Assert.Single(page2.Rows);
        var beyond = await queries.QueueAsync(new QueueQuery { PageSize = 3, Page = 99 }, meId, T0.AddDays(1));
        Assert.Equal(2, beyond.Page);

        var counts = await queries.CountsAsync(meId, T0.AddDays(1));
        Assert.Equal(2, counts.MineUnsolved);
        Assert.Equal(1, counts.Unassigned);
        Assert.Equal(4, counts.Unsolved);
        Assert.Equal(1, counts.Of(TicketStatus.Solved));
        Assert.Equal(0, counts.Of(TicketStatus.Closed));
    }

    [SkippableFact]
    public async Task SearchFindsMessageTextAndOrganizationsBestMatchFirst()
    {
        await using var database = await (await TestDatabase.CreateAsync(provider)).MigrateAsync();
        string meId;
        await using (var db = database.NewContext())
        {
            var me = await AddAgentAsync(db, "me@helpdesk.example");
            meId = me.Id;
            var zebra = new Organization("Zebra Logistics", "zebra.example", null, T0);
            var zed = new Customer(new EmailAddress("zed@zebra.example"), "Zed", zebra, T0);
            var bo = new Customer(new EmailAddress("bo@other.example"), "Bo Brandt", null, T0);
            db.AddRange(zebra, zed, bo);

            var filler = string.Join(' ', Enumerable.Repeat("the office network was slow again this morning and nobody could print", 40));
            Ticket Open(string subject, Customer who, string body, int minute) =>
                Ticket.Open(subject, who, body, TicketChannel.Email, TicketPriority.Normal, Actor.System, T0.AddMinutes(minute));

            var jammed = Open("Printer jammed", bo, "It stopped.", 1);
            jammed.AddAgentReply(me, "Please replace the toner cartridge and try again.", T0.AddMinutes(5));
            var order = Open("Cartridge order", bo, "We need more.", 2);
            var longStory = Open("Network trouble", bo, filler + " I also noticed the cartridge light. " + filler, 3);
            var shipment = Open("Where is my shipment", zed, "Tracking says nothing.", 4);
            var solved = Open("Old printer", bo, "Solved long ago.", 5);
            solved.AddInternalNote(me, "Customer kept a spare cartridge in the cupboard.", T0.AddMinutes(6));
            solved.ChangeStatus(TicketStatus.Solved, Actor.System, T0.AddMinutes(7));
            db.Tickets.AddRange(jammed, order, longStory, shipment, solved);
            await db.SaveWithoutPolicyAsync();
        }

        await using var read = database.NewContext();
        var queries = new TicketQueries(read, new QueryCache(TimeProvider.System));
        async Task<string[]> Find(string text, string status = QueueStatusFilter.Unsolved) =>
            (await queries.QueueAsync(new QueueQuery { Text = text, Status = status, Sort = QueueSort.Relevance }, meId, T0.AddDays(1))).Rows.Select(r => r.Subject).ToArray();

        // The subject's match first, then the messages by rank: a short reply naming it beats one mention in a long text.
        Assert.Equal(["Cartridge order", "Printer jammed", "Network trouble"], await Find("cartridge"));
        var any = await Find("CARTRIDGE", QueueStatusFilter.All);
        Assert.Equal(["Cartridge order", "Network trouble", "Old printer", "Printer jammed"], any.Order());
        Assert.Equal(("Cartridge order", "Network trouble"), (any[0], any[^1]));
        // Every word must be in one message, in any order; an agent's internal note is searched too.
        Assert.Equal(["Printer jammed"], await Find("cartridge toner"));
        Assert.Equal(["Old printer"], await Find("spare cupboard", QueueStatusFilter.All));
        Assert.Empty(await Find("cartridge cupboard"));
        // The organization's name finds its tickets.
        Assert.Equal(["Where is my shipment"], await Find("zebra log"));
        // The index's own query language is never read from what was typed.
        foreach (var hostile in new[] { "\"", "cartridge\" OR \"", "NEAR(toner cartridge)", "Body:toner", "*", "toner*", "-toner", "(", "''", "a AND", "\\" })
        {
            await Find(hostile, QueueStatusFilter.All);
        }

        Assert.Equal(["Printer jammed"], await Find("\"toner\" \"cartridge\""));

        // Part of a subject, through the subject's own index (three characters or more) or by reading them all (fewer).
        Assert.Equal(["Cartridge order"], await Find("RTRIDGE ORD"));
        Assert.Contains("Where is my shipment", await Find("my"));

        // Words in more messages than are worth ranking: the newest of them are searched, unranked, and the page says so.
        // The jammed printer gets more than are ranked, close together and first in the table (PostgreSQL sizes the range
        // of newest ids it looks in from them, too small here, so it must widen it); the shipment as many again, newer and
        // spread out; the order one among them: the newest matches are the shipment's and the order's.
        await using (var db = database.NewContext())
        {
            var number = await db.Tickets.ToDictionaryAsync(t => t.Subject, t => t.Number);
            var many = TicketQueries.RankedSearchMessages + 1;
            async Task AddAsync(int ticket, int count, string ids, string body)
            {
#pragma warning disable EF1002 // numbers only
                await db.Database.ExecuteSqlRawAsync(db.Provider switch
                {
                    DatabaseProvider.Postgres => $"""
                      INSERT INTO "TicketMessages" ("Id", "TicketNumber", "Visibility", "AuthorKind", "AuthorName", "Body", "CreatedAt")
                      SELECT {ids}, {ticket}, 0, 2, 'Zed', '{body} ' || i, now() FROM generate_series(1, {count}) AS i
                      """,
                    DatabaseProvider.SqlServer => $"""
                      SET IDENTITY_INSERT "TicketMessages" ON;
                      WITH n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count})
                      INSERT INTO "TicketMessages" ("Id", "TicketNumber", "Visibility", "AuthorKind", "AuthorName", "Body", "CreatedAt")
                      SELECT {ids}, {ticket}, 0, 2, 'Zed', CONCAT('{body} ', i), SYSDATETIMEOFFSET() FROM n OPTION (MAXRECURSION 0);
                      SET IDENTITY_INSERT "TicketMessages" OFF;
                      """,
                    _ => $"""
                      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count})
                      INSERT INTO "TicketMessages" ("Id", "TicketNumber", "Visibility", "AuthorKind", "AuthorName", "Body", "CreatedAt")
                      SELECT {ids}, {ticket}, 0, 2, 'Zed', '{body} ' || i, 0 FROM n
                      """,
                });
#pragma warning restore EF1002
            }

            await AddAsync(number["Printer jammed"], many, "900000 + i", "an old widget");
            await AddAsync(number["Where is my shipment"], many, "1000000 + 50 * i", "widget status");
            await AddAsync(number["Cartridge order"], 1, "1000125", "a widget too");
        }

        var broad = await queries.QueueAsync(new QueueQuery { Text = "widget", Sort = QueueSort.Relevance }, meId, T0.AddDays(1));
        Assert.True(broad.SearchIsBroad);
        Assert.Equal(["Cartridge order", "Where is my shipment"], broad.Rows.Select(r => r.Subject).Order());
        Assert.False((await queries.QueueAsync(new QueueQuery { Text = "cartridge", Sort = QueueSort.Relevance }, meId, T0.AddDays(1))).SearchIsBroad);
    }

    [SkippableFact]
    public async Task CustomersAreFoundByOrganizationDomainAndSearch()
    {
        await using var database = await (await TestDatabase.CreateAsync(provider)).MigrateAsync();
        await using (var db = database.NewContext())
        {
            db.Organizations.Add(new Organization("Acme", "acme.example acme.co.uk", null, T0));
            db.Organizations.Add(new Organization("Notacme", "notacme.example", null, T0));
            await db.SaveChangesAsync();
        }

        await using var read = database.NewContext();
        var store = new HelpdeskStore(read);
        Assert.Equal("Acme", (await store.FindOrganizationByDomainAsync("acme.co.uk"))?.Name);
        Assert.Equal("Notacme", (await store.FindOrganizationByDomainAsync("notacme.example"))?.Name);
        Assert.Null(await store.FindOrganizationByDomainAsync("cme.example"));
        Assert.True(await store.OrganizationNameTakenAsync("ACME", null));
        Assert.False(await store.OrganizationNameTakenAsync("acme", (await store.FindOrganizationByDomainAsync("acme.example"))!.Id));

        var organizations = await new DirectoryQueries(read).OrganizationsAsync("co.uk", 1, 10);
        Assert.Equal("Acme", Assert.Single(organizations.Items).Name);
    }

    private static async Task<Agent> AddAgentAsync(HelpdeskDbContext db, string email)
    {
        var user = new IdentityUser { UserName = email, Email = email };
        db.Users.Add(user);
        var agent = new Agent(user.Id, email.Split('@')[0], new EmailAddress(email));
        db.Agents.Add(agent);
        await db.SaveChangesAsync();
        return agent;
    }
}

public sealed class SqlitePersistenceTests() : PersistenceTests(DatabaseProvider.Sqlite);

public sealed class PostgresPersistenceTests() : PersistenceTests(DatabaseProvider.Postgres);

public sealed class SqlServerPersistenceTests() : PersistenceTests(DatabaseProvider.SqlServer);
