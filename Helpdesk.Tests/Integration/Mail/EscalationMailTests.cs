using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Helpdesk.Core.Services;
using Helpdesk.Core.Validation;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Tests.Integration.Mail;

/// <summary>Escalation alerts as the supervisors' mail server receives them (the real SMTP server of the test script).</summary>
public sealed class EscalationMailTests
{
    [SkippableFact]
    public async Task ATicketNearingItsFirstResponseTargetAlertsItsGroupsSupervisorOnceAt75And90PercentAndAtTheBreach()
    {
        var (app, maildir) = TestSmtp.App();
        await using var _ = app;
        var agentId = await app.CreateUserAsync("avery@helpdesk.example", "Avery Agent", Roles.Agent);
        var samId = await app.CreateUserAsync("sam@helpdesk.example", "Sam Supervisor", Roles.Supervisor, Roles.Agent);
        await app.CreateUserAsync("zoe@helpdesk.example", "Zoe Supervisor", Roles.Supervisor, Roles.Agent);
        await app.AddStandardPolicyAsync();

        // Sam supervises Billing; Zoe supervises no group. A Billing ticket alerts Sam only.
        var billing = await app.AddGroupAsync("Billing");
        await using (var db = app.NewContext())
        {
            var sam = await db.Agents.SingleAsync(a => a.Id == samId);
            sam.Update(sam.DisplayName, await db.Groups.SingleAsync(g => g.Id == billing), true);
            await db.SaveChangesAsync();
        }

        var subject = $"Invoice missing {Guid.NewGuid():N}";
        int number;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var service = scope.ServiceProvider.GetRequiredService<TicketService>();
            number = (await service.OpenAsync(new NewTicketInput
            {
                RequesterEmail = "ana@acme.example",
                RequesterName = "Ana Lima",
                Subject = subject,
                Description = "Where is it?",
                GroupId = billing,
                AssigneeId = agentId,
            }, agentId)).Number;
        }

        // The sweep runs at 46, 55 and 61 minutes and then twice more; the outbox is sent after each.
        foreach (var minutes in new[] { 46, 9, 6, 1, 30 })
        {
            app.Clock.Advance(TimeSpan.FromMinutes(minutes));
            await using var scope = app.Services.CreateAsyncScope();
            await ActivatorUtilities.CreateInstance<Helpdesk.Infrastructure.Jobs.SweepSlaClocksJob>(scope.ServiceProvider).SweepAsync(CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchAsync(100);
        }

        List<OutboxMessage> alerts;
        await using (var db = app.NewContext())
        {
            alerts = await db.Outbox.Where(m => m.Kind == OutboxKind.Alert && m.TicketNumber == number).OrderBy(m => m.Id).ToListAsync();
        }

        Assert.Equal(3, alerts.Count);
        Assert.All(alerts, a => Assert.Equal(OutboxState.Sent, a.State));
        Assert.Equal(
            [$"[#{number}] SLA warning (75 %): First response — {subject}", $"[#{number}] SLA warning (90 %): First response — {subject}", $"[#{number}] SLA breached: First response — {subject}"],
            alerts.Select(a => a.Subject));

        // The server received each once; the subject is an RFC 2047 encoded word there (it has a dash), the rest is plain.
        var files = Directory.GetFiles(Path.Combine(maildir, "new")).Select(File.ReadAllText).ToList();
        var received = alerts.Select(a => Assert.Single(files, f => f.Contains($"Message-ID: {a.MessageId}", StringComparison.OrdinalIgnoreCase))).ToList();
        var (warning75, warning90, breach) = (received[0], received[1], received[2]);
        foreach (var mail in received)
        {
            Assert.Contains("To: sam@helpdesk.example", mail);
            Assert.DoesNotContain("zoe@helpdesk.example", mail);
            Assert.Contains("Auto-Submitted: auto-generated", mail);
            Assert.Contains("X-Auto-Response-Suppress: All", mail);
            Assert.Contains("Customer: Ana Lima <ana@acme.example>", mail);
            Assert.Contains("Assignee: Avery Agent (Billing)", mail);
            Assert.Contains($"https://help.example/tickets/{number}", mail);
        }

        Assert.Contains("15 min left", warning75);
        Assert.Contains("6 min left", warning90);
        Assert.Contains("overdue 1 min", breach);
    }

    [SkippableFact]
    public async Task EachSupervisorReadsTheAlertInTheLanguageTheyChose()
    {
        var (app, maildir) = TestSmtp.App();
        await using var _ = app;
        var agentId = await app.CreateUserAsync("avery@helpdesk.example", "Avery Agent", Roles.Agent);
        await app.CreateUserAsync("sam@helpdesk.example", "Sam Supervisor", Roles.Supervisor);
        var ines = await app.CreateUserAsync("ines@helpdesk.example", "Inês Supervisora", Roles.Supervisor);
        await app.AddStandardPolicyAsync();
        await using (var db = app.NewContext())
        {
            (await db.Agents.SingleAsync(a => a.Id == ines)).ChooseLanguage(Languages.Portuguese);
            await db.SaveChangesAsync();
        }

        var subject = $"Fatura em falta {Guid.NewGuid():N}";
        int number;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            number = (await scope.ServiceProvider.GetRequiredService<TicketService>().OpenAsync(
                new NewTicketInput { RequesterEmail = "ana@acme.example", RequesterName = "Ana Lima", Subject = subject, Description = "Onde está?", NotifyRequester = false }, agentId)).Number;
        }

        // Past the one-hour first response target: one breach alert per language, each to its readers.
        app.Clock.Advance(TimeSpan.FromMinutes(61));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await ActivatorUtilities.CreateInstance<Helpdesk.Infrastructure.Jobs.SweepSlaClocksJob>(scope.ServiceProvider).SweepAsync(CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchAsync(100);
        }

        List<OutboxMessage> alerts;
        await using (var db = app.NewContext())
        {
            alerts = await db.Outbox.Where(m => m.Kind == OutboxKind.Alert && m.TicketNumber == number && m.Subject.Contains("breached") || m.Kind == OutboxKind.Alert && m.TicketNumber == number && m.Subject.Contains("incumprido")).ToListAsync();
        }

        var english = Assert.Single(alerts, a => a.To == "sam@helpdesk.example");
        var portuguese = Assert.Single(alerts, a => a.To == "ines@helpdesk.example");
        Assert.Equal($"[#{number}] SLA breached: First response — {subject}", english.Subject);
        Assert.Equal($"[#{number}] SLA incumprido: Primeira resposta — {subject}", portuguese.Subject);
        Assert.Contains("Customer: Ana Lima <ana@acme.example>", english.Body, StringComparison.Ordinal);
        foreach (var line in new[] { "Cliente: Ana Lima <ana@acme.example>", "Métrica: Primeira resposta, objetivo 1 h em Standard", "Situação: INCUMPRIDO, em atraso 1 min (tempo útil)", "Prioridade: Normal; estado: Novo", "Responsável: ninguém" })
        {
            Assert.Contains(line, portuguese.Body, StringComparison.Ordinal);
        }

        // And the mail server got it so: its own message, in UTF-8, to her only.
        var received = Assert.Single(Directory.GetFiles(Path.Combine(maildir, "new")).Select(File.ReadAllText), f => f.Contains($"Message-ID: {portuguese.MessageId}", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("To: ines@helpdesk.example", received, StringComparison.Ordinal);
        Assert.DoesNotContain("sam@helpdesk.example", received, StringComparison.Ordinal);
    }
}
