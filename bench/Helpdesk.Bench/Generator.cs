using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Helpdesk.Core.Domain;
using Helpdesk.Infrastructure;
using Helpdesk.Infrastructure.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Helpdesk.Bench;

/// <summary>
/// Fills a migrated database with a realistic backlog for load tests: organizations, customers, agents,
/// and N tickets with about ten messages each (a mix of customer messages, replies and notes), tags
/// and audit entries, spread over the last year. Bulk inserts (prepared SQLite statements, PostgreSQL COPY).
/// </summary>
public static class Generator
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = BenchOptions.Parse(args);
        var tickets = int.Parse(options.GetValueOrDefault("tickets", "100000"), CultureInfo.InvariantCulture);
        var messages = int.Parse(options.GetValueOrDefault("messages-per-ticket", "10"), CultureInfo.InvariantCulture);
        var provider = Enum.Parse<DatabaseProvider>(options.GetValueOrDefault("provider", "Sqlite"), ignoreCase: true);
        var connection = options.GetValueOrDefault("connection")
            ?? throw new ArgumentException("--connection is required (a SQLite or PostgreSQL connection string)");
        var settings = new DatabaseSettings(provider, connection, Path.GetTempPath());

        var clock = Stopwatch.StartNew();
        await using (var db = InfrastructureServices.CreateContext(settings))
        {
            await DatabaseMigrator.MigrateAsync(db);
            if (await db.Tickets.AnyAsync())
            {
                Console.WriteLine("The database already holds tickets; nothing generated.");
                return 0;
            }
        }

        var data = new Dataset(tickets, messages, DateTimeOffset.UtcNow);
        if (provider == DatabaseProvider.Postgres)
        {
            await PostgresWriter.WriteAsync(connection, data);
        }
        else
        {
            await SqliteWriter.WriteAsync(connection, data);
        }

        Console.WriteLine($"Generated {data.Tickets:N0} tickets, {data.MessageCount:N0} messages, {data.AuditCount:N0} audit entries, {data.Customers:N0} customers in {clock.Elapsed.TotalSeconds:N1} s.");
        return 0;
    }
}

/// <summary>The shape of the generated data, deterministic for a given size.</summary>
public sealed class Dataset(int tickets, int messagesPerTicket, DateTimeOffset now)
{
    public int Tickets { get; } = tickets;

    public int Organizations => Math.Max(10, Tickets / 500);

    public int Customers => Math.Max(50, Tickets / 10);

    public int Agents => 40;

    public int Groups => 6;

    public DateTimeOffset Now { get; } = now;

    public long MessageCount { get; set; }

    public long AuditCount { get; set; }

    public int MessagesPerTicket { get; } = messagesPerTicket;

    public static readonly string[] Subjects =
    [
        "Cannot log in after password reset", "Invoice shows the wrong VAT number", "Export to CSV times out",
        "How do I add a second administrator?", "Dashboard not loading", "Charged twice for the annual plan",
        "Email notifications stopped arriving", "Request to close our account", "API returns 500 on orders",
        "Change the billing contact", "Mobile app crashes on start", "Slow search results",
    ];

    /// <summary>A made-up vocabulary of 5,000 words, most frequent first; message text draws from it with Zipf's law
    /// (the n-th word about 1/n as often as the first), as natural language does, so that a full-text search meets common,
    /// middling and rare words as it would in a real backlog.</summary>
    public static readonly string[] Vocabulary = MakeVocabulary(5_000);

    private static readonly double[] ZipfCumulative = MakeZipf(Vocabulary.Length);

    /// <summary>The text of one message: 30 to 90 words, deterministic for its ticket and place.</summary>
    public static string Body(int ticket, int index)
    {
        var random = new Random((ticket * 31) + index);
        var words = new string[random.Next(30, 91)];
        for (var i = 0; i < words.Length; i++)
        {
            var at = Array.BinarySearch(ZipfCumulative, random.NextDouble() * ZipfCumulative[^1]);
            words[i] = Vocabulary[Math.Min(at < 0 ? ~at : at, Vocabulary.Length - 1)];
        }

        return string.Join(' ', words);
    }

    private static string[] MakeVocabulary(int size)
    {
        string[] onsets = ["b", "c", "d", "f", "g", "l", "m", "n", "p", "r", "s", "t", "v", "br", "cl", "st", "tr"];
        string[] vowels = ["a", "e", "i", "o", "u", "ai", "ou"];
        var random = new Random(7);
        var words = new HashSet<string>(StringComparer.Ordinal);
        var list = new List<string>(size);
        while (list.Count < size)
        {
            var syllables = 1 + Math.Min(3, list.Count / 150); // 238 words of one syllable exist
            var word = string.Concat(Enumerable.Range(0, syllables).Select(_ => onsets[random.Next(onsets.Length)] + vowels[random.Next(vowels.Length)]));
            if (random.Next(3) == 0)
            {
                word += "n";
            }

            if (words.Add(word))
            {
                list.Add(word);
            }
        }

        return [.. list];
    }

    private static double[] MakeZipf(int size)
    {
        var cumulative = new double[size];
        var sum = 0.0;
        for (var i = 0; i < size; i++)
        {
            cumulative[i] = sum += 1.0 / (i + 1);
        }

        return cumulative;
    }

    public string AgentId(int i) => $"bench-agent-{i:D3}";

    /// <summary>Calls <paramref name="ticket"/> for each ticket with its messages and audit rows, in number order.</summary>
    public IEnumerable<TicketRow> Rows()
    {
        var random = new Random(42);
        for (var n = 1; n <= Tickets; n++)
        {
            var created = Now.AddMinutes(-random.Next(5, 365 * 24 * 60));
            var status = (int)Pick(random, [10, 30, 12, 4, 24, 20]);
            var customer = random.Next(1, Customers + 1);
            var org = customer % 7 == 0 ? (int?)null : (customer % Organizations) + 1;
            var assignee = status == 0 && random.Next(3) > 0 ? null : AgentId(random.Next(Agents));
            var group = random.Next(1, Groups + 1);
            var count = Math.Max(1, MessagesPerTicket + random.Next(-3, 4));
            var messages = new List<MessageRow>(count);
            var at = created;
            for (var m = 0; m < count; m++)
            {
                var kind = m == 0 ? 0 : random.Next(10) < 4 ? 0 : random.Next(10) < 8 ? 1 : 2; // customer, reply, note
                messages.Add(new MessageRow(kind, at, kind == 0 ? null : assignee ?? AgentId(0), customer, m));
                at = at.AddMinutes(random.Next(1, 600));
            }

            var updated = at > Now ? Now : at;
            yield return new TicketRow(n, Subjects[random.Next(Subjects.Length)], status, (int)Pick(random, [15, 55, 22, 8]), random.Next(3),
                customer, org, assignee, group, random.Next(1, 6), created, updated, messages, random.Next(5) == 0 ? "vip" : null,
                status < 4 && status != 2 ? Now.AddMinutes(random.Next(-3 * 24 * 60, 5 * 24 * 60)) : Helpdesk.Core.Sla.SlaEngine.NoDeadline);
        }
    }

    private static long Pick(Random random, int[] weights)
    {
        var roll = random.Next(weights.Sum());
        for (var i = 0; i < weights.Length; i++)
        {
            if ((roll -= weights[i]) < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }
}

public sealed record TicketRow(
    int Number, string Subject, int Status, int Priority, int Channel, int Customer, int? Organization, string? Assignee,
    int Group, int Category, DateTimeOffset Created, DateTimeOffset Updated, List<MessageRow> Messages, string? Tag, DateTimeOffset SlaDueAt)
{
    /// <summary>
    /// The status changes the audit trail records, as the app writes them (labels): Open at the first reply, then the final
    /// status at the last update (Closed after Solved). What the SLA simulator replays.
    /// </summary>
    public IEnumerable<(DateTimeOffset At, string Old, string New)> StatusChanges()
    {
        var current = Helpdesk.Core.Domain.TicketStatus.New;
        if (Messages.FirstOrDefault(m => m.Kind == 1) is { } reply)
        {
            yield return (reply.At, current.Label(), Helpdesk.Core.Domain.TicketStatus.Open.Label());
            current = Helpdesk.Core.Domain.TicketStatus.Open;
        }

        var final = (Helpdesk.Core.Domain.TicketStatus)Status;
        if (final >= Helpdesk.Core.Domain.TicketStatus.Pending)
        {
            var first = final == Helpdesk.Core.Domain.TicketStatus.Closed ? Helpdesk.Core.Domain.TicketStatus.Solved : final;
            yield return (Updated, current.Label(), first.Label());
            if (final == Helpdesk.Core.Domain.TicketStatus.Closed)
            {
                yield return (Updated, first.Label(), final.Label());
            }
        }
    }
}

public sealed record MessageRow(int Kind, DateTimeOffset At, string? AgentId, int CustomerId, int Index);

internal static class SqliteWriter
{
    public static async Task WriteAsync(string connectionString, Dataset data)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await Exec(connection, "PRAGMA synchronous=OFF; PRAGMA journal_mode=WAL;");
        var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await Directory(connection, transaction, data, t => t.UtcTicks);

        var ticket = Prepare(connection, transaction, """
            INSERT INTO Tickets (Number, Subject, Status, Priority, Channel, RequesterId, OrganizationId, AssigneeId, GroupId, CategoryId,
              CreatedAt, UpdatedAt, FirstRespondedAt, LastCustomerMessageAt, LastAgentReplyAt, SolvedAt, ClosedAt, Version, SlaDueAt, DisruptionOngoing)
            VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,0)
            """, 19);
        var message = Prepare(connection, transaction, """
            INSERT INTO TicketMessages (TicketNumber, Visibility, AuthorKind, AuthorAgentId, AuthorCustomerId, AuthorName, Body, CreatedAt)
            VALUES ($1,$2,$3,$4,$5,$6,$7,$8)
            """, 8);
        var audit = Prepare(connection, transaction, """
            INSERT INTO AuditEntries (TicketNumber, At, ActorKind, ActorId, ActorName, Field, OldValue, NewValue)
            VALUES ($1,$2,$3,$4,$5,$6,$7,$8)
            """, 8);
        var tag = Prepare(connection, transaction, "INSERT INTO TicketTags (TicketNumber, Name) VALUES ($1,$2)", 2);

        foreach (var t in data.Rows())
        {
            var firstReply = t.Messages.FirstOrDefault(m => m.Kind == 1)?.At;
            Set(ticket, t.Number, t.Subject, t.Status, t.Priority, t.Channel, t.Customer, t.Organization, t.Assignee, t.Group, t.Category,
                t.Created.UtcTicks, t.Updated.UtcTicks, firstReply?.UtcTicks, t.Created.UtcTicks, firstReply?.UtcTicks,
                t.Status >= 4 ? t.Updated.UtcTicks : null, t.Status == 5 ? t.Updated.UtcTicks : null, t.Messages.Count + 1, t.SlaDueAt.UtcTicks);
            await ticket.ExecuteNonQueryAsync();
            foreach (var m in t.Messages)
            {
                Set(message, t.Number, m.Kind == 2 ? 1 : 0, m.Kind == 0 ? 2 : 1, m.AgentId, m.Kind == 0 ? m.CustomerId : null, m.Kind == 0 ? "Customer" : "Agent", Dataset.Body(t.Number, m.Index), m.At.UtcTicks);
                await message.ExecuteNonQueryAsync();
                Set(audit, t.Number, m.At.UtcTicks, m.Kind == 0 ? 2 : 1, m.AgentId, m.Kind == 0 ? "Customer" : "Agent", m.Kind switch { 0 => "Customer message", 1 => "Reply", _ => "Note" }, null, "The quick brown fox…");
                await audit.ExecuteNonQueryAsync();
                data.MessageCount++;
                data.AuditCount++;
            }

            foreach (var change in t.StatusChanges())
            {
                Set(audit, t.Number, change.At.UtcTicks, 1, t.Assignee ?? "bench-agent-000", "Agent", "Status", change.Old, change.New);
                await audit.ExecuteNonQueryAsync();
                data.AuditCount++;
            }

            if (t.Tag is not null)
            {
                Set(tag, t.Number, t.Tag);
                await tag.ExecuteNonQueryAsync();
            }

            if (t.Number % 5000 == 0)
            {
                await transaction.CommitAsync();
                transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
                foreach (var command in new[] { ticket, message, audit, tag })
                {
                    command.Transaction = transaction;
                }

                Console.Write($"\r{t.Number:N0} tickets");
            }
        }

        await transaction.CommitAsync();
        Console.WriteLine();
        await Exec(connection, "ANALYZE;");
    }

    private static async Task Directory(SqliteConnection connection, SqliteTransaction transaction, Dataset data, Func<DateTimeOffset, long> time)
    {
        var org = Prepare(connection, transaction, "INSERT INTO Organizations (Id, Name, CreatedAt, SharesTickets) VALUES ($1,$2,$3,0)", 3);
        var domain = Prepare(connection, transaction, "INSERT INTO OrganizationDomains (OrganizationId, Domain) VALUES ($1,$2)", 2);
        for (var i = 1; i <= data.Organizations; i++)
        {
            Set(org, i, $"Organization {i}", time(data.Now.AddYears(-2)));
            await org.ExecuteNonQueryAsync();
            Set(domain, i, $"org{i}.example");
            await domain.ExecuteNonQueryAsync();
        }

        var customer = Prepare(connection, transaction, "INSERT INTO Customers (Id, Email, Name, OrganizationId, CreatedAt, NoticesOptOut, NoticesOptIn, MonthlyReport) VALUES ($1,$2,$3,$4,$5,0,0,0)", 5);
        for (var i = 1; i <= data.Customers; i++)
        {
            int? orgId = i % 7 == 0 ? null : (i % data.Organizations) + 1;
            Set(customer, i, $"customer{i}@{(orgId is int o ? $"org{o}" : "mail")}.example", $"Customer {i}", orgId, time(data.Now.AddYears(-2)));
            await customer.ExecuteNonQueryAsync();
        }

        var group = Prepare(connection, transaction, "INSERT INTO Groups (Id, Name) VALUES ($1,$2)", 2);
        var category = Prepare(connection, transaction, "INSERT INTO Categories (Id, Name) VALUES ($1,$2)", 2);
        for (var i = 1; i <= data.Groups; i++)
        {
            Set(group, i, $"Group {i}");
            await group.ExecuteNonQueryAsync();
            Set(category, i, $"Category {i}");
            await category.ExecuteNonQueryAsync();
        }

        var user = Prepare(connection, transaction, """
            INSERT INTO AspNetUsers (Id, UserName, NormalizedUserName, Email, NormalizedEmail, EmailConfirmed, PhoneNumberConfirmed, TwoFactorEnabled, LockoutEnabled, AccessFailedCount, SecurityStamp)
            VALUES ($1,$2,$3,$2,$3,1,0,0,1,0,$1)
            """, 3);
        var agent = Prepare(connection, transaction, "INSERT INTO Agents (Id, DisplayName, Email, GroupId, IsActive, AfterSend) VALUES ($1,$2,$3,$4,1,0)", 4);
        for (var i = 0; i < data.Agents; i++)
        {
            var email = $"agent{i}@bench.example";
            Set(user, data.AgentId(i), email, email.ToUpperInvariant());
            await user.ExecuteNonQueryAsync();
            Set(agent, data.AgentId(i), $"Agent {i}", email, (i % data.Groups) + 1);
            await agent.ExecuteNonQueryAsync();
        }
    }

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string sql, int parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        for (var i = 1; i <= parameters; i++)
        {
            command.Parameters.Add(new SqliteParameter("$" + i.ToString(CultureInfo.InvariantCulture), null));
        }

        command.Prepare();
        return command;
    }

    private static void Set(DbCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }

    private static async Task Exec(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}

internal static class PostgresWriter
{
    public static async Task WriteAsync(string connectionString, Dataset data)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();

        await using (var w = await connection.BeginBinaryImportAsync("COPY \"Organizations\" (\"Id\", \"Name\", \"CreatedAt\", \"SharesTickets\") FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 1; i <= data.Organizations; i++)
            {
                await w.WriteRowAsync(default, i, $"Organization {i}", data.Now.AddYears(-2), false);
            }

            await w.CompleteAsync();
        }

        await using (var w = await connection.BeginBinaryImportAsync("COPY \"OrganizationDomains\" (\"OrganizationId\", \"Domain\") FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 1; i <= data.Organizations; i++)
            {
                await w.WriteRowAsync(default, i, $"org{i}.example");
            }

            await w.CompleteAsync();
        }

        await using (var w = await connection.BeginBinaryImportAsync("COPY \"Customers\" (\"Id\", \"Email\", \"Name\", \"OrganizationId\", \"CreatedAt\", \"NoticesOptOut\", \"NoticesOptIn\", \"MonthlyReport\") FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 1; i <= data.Customers; i++)
            {
                int? orgId = i % 7 == 0 ? null : (i % data.Organizations) + 1;
                await w.StartRowAsync();
                await w.WriteAsync(i, NpgsqlDbType.Integer);
                await w.WriteAsync($"customer{i}@{(orgId is int o ? $"org{o}" : "mail")}.example", NpgsqlDbType.Varchar);
                await w.WriteAsync($"Customer {i}", NpgsqlDbType.Varchar);
                await WriteNullable(w, orgId, NpgsqlDbType.Integer);
                await w.WriteAsync(data.Now.AddYears(-2), NpgsqlDbType.TimestampTz);
                await w.WriteAsync(false, NpgsqlDbType.Boolean);
                await w.WriteAsync(false, NpgsqlDbType.Boolean);
                await w.WriteAsync(false, NpgsqlDbType.Boolean);
            }

            await w.CompleteAsync();
        }

        await using (var w = await connection.BeginBinaryImportAsync("COPY \"Groups\" (\"Id\", \"Name\") FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 1; i <= data.Groups; i++)
            {
                await w.WriteRowAsync(default, i, $"Group {i}");
            }

            await w.CompleteAsync();
        }

        await using (var w = await connection.BeginBinaryImportAsync("COPY \"Categories\" (\"Id\", \"Name\") FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 1; i <= data.Groups; i++)
            {
                await w.WriteRowAsync(default, i, $"Category {i}");
            }

            await w.CompleteAsync();
        }

        for (var i = 0; i < data.Agents; i++)
        {
            var email = $"agent{i}@bench.example";
            await using var user = new NpgsqlCommand("""
                INSERT INTO "AspNetUsers" ("Id","UserName","NormalizedUserName","Email","NormalizedEmail","EmailConfirmed","PhoneNumberConfirmed","TwoFactorEnabled","LockoutEnabled","AccessFailedCount","SecurityStamp")
                VALUES (@id,@e,@n,@e,@n,true,false,false,true,0,@id);
                INSERT INTO "Agents" ("Id","DisplayName","Email","GroupId","IsActive","AfterSend") VALUES (@id,@name,@e,@g,true,0);
                """, connection);
            user.Parameters.AddWithValue("id", data.AgentId(i));
            user.Parameters.AddWithValue("e", email);
            user.Parameters.AddWithValue("n", email.ToUpperInvariant());
            user.Parameters.AddWithValue("name", $"Agent {i}");
            user.Parameters.AddWithValue("g", (i % data.Groups) + 1);
            await user.ExecuteNonQueryAsync();
        }

        var rows = data.Rows().ToList();
        await using (var w = await connection.BeginBinaryImportAsync("""
            COPY "Tickets" ("Number","Subject","Status","Priority","Channel","RequesterId","OrganizationId","AssigneeId","GroupId","CategoryId",
              "CreatedAt","UpdatedAt","FirstRespondedAt","LastCustomerMessageAt","LastAgentReplyAt","SolvedAt","ClosedAt","Version","SlaDueAt","DisruptionOngoing") FROM STDIN (FORMAT BINARY)
            """))
        {
            foreach (var t in rows)
            {
                var firstReply = t.Messages.FirstOrDefault(m => m.Kind == 1)?.At;
                await w.StartRowAsync();
                await w.WriteAsync(t.Number, NpgsqlDbType.Integer);
                await w.WriteAsync(t.Subject, NpgsqlDbType.Varchar);
                await w.WriteAsync(t.Status, NpgsqlDbType.Integer);
                await w.WriteAsync(t.Priority, NpgsqlDbType.Integer);
                await w.WriteAsync(t.Channel, NpgsqlDbType.Integer);
                await w.WriteAsync(t.Customer, NpgsqlDbType.Integer);
                await WriteNullable(w, t.Organization, NpgsqlDbType.Integer);
                await WriteNullable(w, t.Assignee, NpgsqlDbType.Varchar);
                await w.WriteAsync(t.Group, NpgsqlDbType.Integer);
                await w.WriteAsync(t.Category, NpgsqlDbType.Integer);
                await w.WriteAsync(t.Created, NpgsqlDbType.TimestampTz);
                await w.WriteAsync(t.Updated, NpgsqlDbType.TimestampTz);
                await WriteNullable(w, firstReply, NpgsqlDbType.TimestampTz);
                await w.WriteAsync(t.Created, NpgsqlDbType.TimestampTz);
                await WriteNullable(w, firstReply, NpgsqlDbType.TimestampTz);
                await WriteNullable(w, t.Status >= 4 ? t.Updated : null, NpgsqlDbType.TimestampTz);
                await WriteNullable(w, t.Status == 5 ? t.Updated : null, NpgsqlDbType.TimestampTz);
                await w.WriteAsync(t.Messages.Count + 1, NpgsqlDbType.Integer);
                await w.WriteAsync(t.SlaDueAt, NpgsqlDbType.TimestampTz);
                await w.WriteAsync(false, NpgsqlDbType.Boolean);
            }

            await w.CompleteAsync();
        }

        await using (var w = await connection.BeginBinaryImportAsync("""
            COPY "TicketMessages" ("TicketNumber","Visibility","AuthorKind","AuthorAgentId","AuthorCustomerId","AuthorName","Body","CreatedAt") FROM STDIN (FORMAT BINARY)
            """))
        {
            foreach (var t in rows)
            {
                foreach (var m in t.Messages)
                {
                    await w.StartRowAsync();
                    await w.WriteAsync(t.Number, NpgsqlDbType.Integer);
                    await w.WriteAsync(m.Kind == 2 ? 1 : 0, NpgsqlDbType.Integer);
                    await w.WriteAsync(m.Kind == 0 ? 2 : 1, NpgsqlDbType.Integer);
                    await WriteNullable(w, m.AgentId, NpgsqlDbType.Varchar);
                    await WriteNullable(w, m.Kind == 0 ? m.CustomerId : null, NpgsqlDbType.Integer);
                    await w.WriteAsync(m.Kind == 0 ? "Customer" : "Agent", NpgsqlDbType.Varchar);
                    await w.WriteAsync(Dataset.Body(t.Number, m.Index), NpgsqlDbType.Text);
                    await w.WriteAsync(m.At, NpgsqlDbType.TimestampTz);
                    data.MessageCount++;
                }
            }

            await w.CompleteAsync();
        }

        await using (var w = await connection.BeginBinaryImportAsync("""
            COPY "AuditEntries" ("TicketNumber","At","ActorKind","ActorId","ActorName","Field","OldValue","NewValue") FROM STDIN (FORMAT BINARY)
            """))
        {
            foreach (var t in rows)
            {
                foreach (var m in t.Messages)
                {
                    await w.StartRowAsync();
                    await w.WriteAsync(t.Number, NpgsqlDbType.Integer);
                    await w.WriteAsync(m.At, NpgsqlDbType.TimestampTz);
                    await w.WriteAsync(m.Kind == 0 ? 2 : 1, NpgsqlDbType.Integer);
                    await WriteNullable(w, m.AgentId, NpgsqlDbType.Varchar);
                    await w.WriteAsync(m.Kind == 0 ? "Customer" : "Agent", NpgsqlDbType.Varchar);
                    await w.WriteAsync(m.Kind switch { 0 => "Customer message", 1 => "Reply", _ => "Note" }, NpgsqlDbType.Varchar);
                    await w.WriteNullAsync();
                    await w.WriteAsync("The quick brown fox…", NpgsqlDbType.Varchar);
                    data.AuditCount++;
                }

                foreach (var change in t.StatusChanges())
                {
                    await w.StartRowAsync();
                    await w.WriteAsync(t.Number, NpgsqlDbType.Integer);
                    await w.WriteAsync(change.At, NpgsqlDbType.TimestampTz);
                    await w.WriteAsync(1, NpgsqlDbType.Integer);
                    await w.WriteAsync(t.Assignee ?? "bench-agent-000", NpgsqlDbType.Varchar);
                    await w.WriteAsync("Agent", NpgsqlDbType.Varchar);
                    await w.WriteAsync("Status", NpgsqlDbType.Varchar);
                    await w.WriteAsync(change.Old, NpgsqlDbType.Varchar);
                    await w.WriteAsync(change.New, NpgsqlDbType.Varchar);
                    data.AuditCount++;
                }
            }

            await w.CompleteAsync();
        }

        await using (var w = await connection.BeginBinaryImportAsync("COPY \"TicketTags\" (\"TicketNumber\",\"Name\") FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var t in rows.Where(r => r.Tag is not null))
            {
                await w.WriteRowAsync(default, t.Number, t.Tag!);
            }

            await w.CompleteAsync();
        }

        // Identity columns continue after the generated keys.
        await using var fix = new NpgsqlCommand("""
            SELECT setval(pg_get_serial_sequence('"Tickets"', 'Number'), (SELECT max("Number") FROM "Tickets"));
            SELECT setval(pg_get_serial_sequence('"Customers"', 'Id'), (SELECT max("Id") FROM "Customers"));
            SELECT setval(pg_get_serial_sequence('"Organizations"', 'Id'), (SELECT max("Id") FROM "Organizations"));
            SELECT setval(pg_get_serial_sequence('"Groups"', 'Id'), (SELECT max("Id") FROM "Groups"));
            SELECT setval(pg_get_serial_sequence('"Categories"', 'Id'), (SELECT max("Id") FROM "Categories"));
            ANALYZE;
            """, connection);
        await fix.ExecuteNonQueryAsync();
    }

    private static async Task WriteNullable(NpgsqlBinaryImporter w, object? value, NpgsqlDbType type)
    {
        if (value is null)
        {
            await w.WriteNullAsync();
        }
        else
        {
            await w.WriteAsync(value, type);
        }
    }
}
