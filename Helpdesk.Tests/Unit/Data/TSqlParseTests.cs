using System.Data;
using System.Data.Common;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Sla;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Reports;
using Helpdesk.Infrastructure;
using Helpdesk.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Helpdesk.Tests.Unit.Data;

/// <summary>
/// The offline proof for SQL Server, where no server can run: every script and statement the app would send parses
/// with Microsoft's own T-SQL parser. That catches syntax (and EF's translation of every query, which fails before any
/// SQL is sent); semantics need a server (the database suite, with HELPDESK_TEST_SQLSERVER).
/// </summary>
public sealed class TSqlParseTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TheIdempotentMigrationScriptParses()
    {
        using var db = SqlServerContext();
        // What `dotnet ef migrations script --idempotent` prints (and the app's schema-script verb).
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        AssertParses(script);
        Assert.Contains("CREATE TABLE [Tickets]", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE [DataProtectionKeys]", script, StringComparison.Ordinal);
        foreach (var migration in db.GetService<IMigrationsAssembly>().Migrations.Keys)
        {
            Assert.Contains($"WHERE [MigrationId] = N'{migration}'", script, StringComparison.Ordinal);
        }
    }

    /// <summary>Each provider's migrations end at the model (their snapshot equals it): checked without a database, so for
    /// SQL Server too.</summary>
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    [InlineData(DatabaseProvider.SqlServer)]
    public void EveryProvidersMigrationsEndAtTheModel(DatabaseProvider provider)
    {
        using var db = InfrastructureServices.CreateContext(new DatabaseSettings(provider, provider switch
        {
            DatabaseProvider.Sqlite => "Data Source=unused.db",
            DatabaseProvider.Postgres => "Host=192.0.2.1;Database=unused",
            _ => "Server=tcp:192.0.2.1,1433;Database=unused",
        }, "."));

        Assert.False(db.Database.HasPendingModelChanges());
        Assert.Equal("Baseline", db.GetService<IMigrationsAssembly>().Migrations.Keys.Order(StringComparer.Ordinal).First().Split('_')[1]);
    }

    [Fact]
    public async Task EveryStatementOfTheQueueSearchDirectoryReportsAndStoresParses()
    {
        var recorder = new Recorder();
        await using var db = SqlServerContext(recorder);
        var cache = new QueryCache(TimeProvider.System);
        var tickets = new TicketQueries(db, cache);
        var reports = new ReportQueries(db, new SlaStore(db, cache));
        var directory = new DirectoryQueries(db);
        var store = new HelpdeskStore(db);
        var disruptions = new DisruptionStore(db);

        var queries = new List<QueueQuery>();
        foreach (var status in new[] { QueueStatusFilter.All, QueueStatusFilter.Unsolved, "open", "pending", "solved" })
        {
            foreach (var sort in Enum.GetValues<QueueSort>())
            {
                queries.Add(new QueueQuery { Status = status, Sort = sort, Descending = (int)sort % 2 == 0 });
            }
        }

        queries.Add(new QueueQuery { Priority = TicketPriority.Urgent, Assignee = QueueAssigneeFilter.Me, GroupId = 3, Sla = QueueSlaFilter.Breached });
        queries.Add(new QueueQuery { Assignee = QueueAssigneeFilter.Unassigned, Sla = QueueSlaFilter.AtRisk });
        foreach (var text in new[] { "printer", "#42", "toner cartridge \"jam\"", "50% [off] _x_ \\ ' ; --", "a" })
        {
            queries.Add(new QueueQuery { Text = text, Sort = QueueSort.Relevance });
            queries.Add(new QueueQuery { Text = text, Sort = QueueSort.Urgency, Descending = true, Assignee = "agent-1" });
        }

        foreach (var query in queries)
        {
            await Run(() => tickets.QueueAsync(query, "agent-1", Now));
        }

        await Run(() => tickets.CountsAsync("agent-1", Now));
        await Run(() => tickets.GetTicketAsync(42));
        await Run(() => tickets.LookupsAsync());
        await Run(() => tickets.GetAttachmentAsync(42, 7));
        await Run(() => directory.CustomersAsync("acme [x]", 2, 25));
        await Run(() => directory.OrganizationsAsync("acme", 1, 25));
        await Run(() => store.FindTicketAsync(42));
        await Run(() => store.FindCustomerByEmailAsync(new EmailAddress("ana@acme.example")));
        await Run(() => store.FindOrganizationByDomainAsync("acme.example"));
        await Run(() => store.OrganizationNameTakenAsync("Acme", 4));
        var outbox = new OutboxStore(db);
        var inbound = new Helpdesk.Infrastructure.Mail.Intake.InboundStore(db, new Helpdesk.Core.Mail.MailIdentity("support@helpdesk.example", "Helpdesk", "http://localhost"));
        await Run(() => outbox.DueAsync(Now, 100));
        await Run(() => outbox.FindCustomerAsync("ana@acme.example"));
        await Run(() => new OutboxAdmin(db, TimeProvider.System).SummaryAsync());
        await Run(() => inbound.FindAsync("support", "<a@b.example>", "hash"));
        await Run(() => inbound.TicketForMessageIdsAsync(["<a@b.example>", "<c@d.example>"]));
        await Run(() => inbound.CountFromAsync("ana@acme.example", Now.AddHours(-1)));
        await Run(() => inbound.CountAcknowledgementsAsync(Now.AddHours(-1)));
        await Run(() => new Helpdesk.Infrastructure.Jobs.SweepSlaClocksJob(db, null!, TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<Helpdesk.Infrastructure.Jobs.SweepSlaClocksJob>.Instance).SweepAsync(CancellationToken.None));
        await Run(() => disruptions.ActiveAsync());
        await Run(() => disruptions.RecentAsync(Now.AddDays(-90)));
        foreach (var filter in new[]
        {
            new ReportFilter(Now.AddDays(-30), Now),
            new ReportFilter(Now.AddDays(-7), Now, GroupId: 2, AgentId: "agent-1", Priority: TicketPriority.High, CategoryId: 3, OrganizationId: 4, PolicyId: 1),
        })
        {
            await Run(() => reports.DashboardAsync(filter, Now));
            await Run(async () => await reports.Breaches(filter, Now, 100).ToListAsync());
            await Run(async () => await reports.Ratings(filter, 100).ToListAsync());
        }

        // A write: a new ticket with its conversation, tags and audit.
        var customer = new Customer(new EmailAddress("ana@acme.example"), "Ana", null, Now);
        var ticket = Ticket.Open("Invoice wrong", customer, "Please fix it.", TicketChannel.Email, TicketPriority.High, Actor.System, Now);
        ticket.SetTags(["billing"], Actor.System, Now);
        SlaEngine.Apply(ticket, null, _ => throw new InvalidOperationException("no policy, no calendar"), Now, "opened");
        db.Tickets.Add(ticket);
        db.Database.AutoTransactionBehavior = AutoTransactionBehavior.Never; // no connection to begin one on
        await Run(() => db.SaveChangesAsync());

        Assert.True(recorder.Statements.Count > 100, $"{recorder.Statements.Count} statements were recorded");
        Assert.Contains(recorder.Statements, s => s.Contains("DATEDIFF_BIG", StringComparison.Ordinal)); // the reports' own SQL
        Assert.Contains(recorder.Statements, s => s.Contains("LIKE", StringComparison.Ordinal) && s.Contains("[TicketMessages]", StringComparison.Ordinal));
        Assert.Contains(recorder.Statements, s => s.StartsWith("SET IMPLICIT_TRANSACTIONS OFF", StringComparison.Ordinal) || s.Contains("INSERT INTO [Tickets]", StringComparison.Ordinal));
        foreach (var statement in recorder.Statements.Distinct())
        {
            AssertParses(statement);
        }
    }

    /// <summary>Runs a query that may stop early: the recorder answers counts with 0 and every other read with no rows,
    /// so code that needs a row stops there, after its statement was recorded. A query EF cannot translate for SQL Server
    /// fails the test.</summary>
    private static async Task Run(Func<Task> query)
    {
        try
        {
            await query();
        }
        catch (Exception ex) when (ex is InvalidOperationException { Message: "Sequence contains no elements." } or DbUpdateException)
        {
        }
    }

    private static SqlServerHelpdeskDbContext SqlServerContext(params IInterceptor[] interceptors) =>
        (SqlServerHelpdeskDbContext)InfrastructureServices.CreateContext(
            new DatabaseSettings(DatabaseProvider.SqlServer, "Server=tcp:192.0.2.1,1433;Database=helpdesk;User ID=sa;Password=unused;Encrypt=false;Connect Timeout=1", "."),
            interceptors);

    private static void AssertParses(string sql)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        parser.Parse(new StringReader(sql), out var errors);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"line {e.Line}: {e.Message}")) + "\n---\n" + sql);
    }

    /// <summary>Records every command instead of sending it; no connection is ever opened.</summary>
    private sealed class Recorder : DbCommandInterceptor, IDbConnectionInterceptor
    {
        public List<string> Statements { get; } = [];

        public ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(InterceptionResult.Suppress());

        public InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
            InterceptionResult.Suppress();

        public ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
            ValueTask.FromResult(InterceptionResult.Suppress());

        public InterceptionResult ConnectionClosing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
            InterceptionResult.Suppress();

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Statements.Add(command.CommandText);
            return ValueTask.FromResult(InterceptionResult<DbDataReader>.SuppressWithResult(Answer(command.CommandText)));
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Statements.Add(command.CommandText);
            return ValueTask.FromResult(InterceptionResult<int>.SuppressWithResult(0));
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Statements.Add(command.CommandText);
            return ValueTask.FromResult(InterceptionResult<object>.SuppressWithResult(0));
        }

        /// <summary>A count answers 0, an existence test false; anything else has no rows.</summary>
        private static DbDataReader Answer(string sql)
        {
            var table = new DataTable();
            if (sql.StartsWith("SELECT COUNT(*)", StringComparison.Ordinal))
            {
                table.Columns.Add("c", typeof(int));
                table.Rows.Add(0);
            }
            else if (sql.StartsWith("SELECT CASE", StringComparison.Ordinal) && sql.Contains("WHEN EXISTS", StringComparison.Ordinal))
            {
                table.Columns.Add("c", typeof(bool));
                table.Rows.Add(false);
            }
            else
            {
                // As many columns as any query reads, named as a hand-written one names them (EF checks the columns before
                // reading the rows, which there are none of).
                foreach (var alias in System.Text.RegularExpressions.Regex.Matches(sql, "AS \"(\\w+)\"").Select(m => m.Groups[1].Value).Distinct())
                {
                    table.Columns.Add(alias, typeof(object));
                }

                for (var i = 0; i < 100; i++)
                {
                    table.Columns.Add("c" + i, typeof(object));
                }
            }

            return table.CreateDataReader();
        }
    }
}
