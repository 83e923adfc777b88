using System.Net;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Services;
using Helpdesk.Core.Validation;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Tests.Integration.Mail;

/// <summary>The satisfaction survey as the customer's mail server receives it (the real SMTP server of the test script).</summary>
public sealed class SatisfactionMailTests
{
    [SkippableFact]
    public async Task ASolvedTicketsRequesterGetsOneSurveyThreadedUnderItWhoseLinkOpensTheSurvey()
    {
        var (app, maildir) = TestSmtp.App();
        await using var _ = app;
        var agent = await app.CreateUserAsync("avery@helpdesk.example", "Avery", Roles.Agent);
        var address = $"rita.{Guid.NewGuid().ToString("N")[..10]}@acme.example"; // the Maildir is shared by the whole suite

        int number;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var tickets = scope.ServiceProvider.GetRequiredService<TicketService>();
            var ticket = await tickets.OpenAsync(new NewTicketInput { RequesterEmail = address, Subject = "Printer jams", Description = "Every page", NotifyRequester = false }, agent);
            number = ticket.Number;
            ticket = await tickets.UpdateAsync(number, new TicketUpdateInput { Version = ticket.Version, Body = "Cleaned the rollers.", Status = TicketStatus.Solved, Priority = ticket.Priority }, agent);

            // Reopened and solved again: still the one survey.
            ticket = await tickets.UpdateAsync(number, new TicketUpdateInput { Version = ticket.Version, Status = TicketStatus.Open, Priority = ticket.Priority }, agent);
            await tickets.UpdateAsync(number, new TicketUpdateInput { Version = ticket.Version, Status = TicketStatus.Solved, Priority = ticket.Priority }, agent);
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchAsync(100);
        }

        var received = TestSmtp.Received(maildir)
            .Where(m => m.To.Any(a => a.Address == address))
            .ToList();
        Assert.Equal(2, received.Count); // the reply and the survey
        var survey = Assert.Single(received, m => m.Subject == $"[#{number}] How did we do? Printer jams");
        Assert.Equal("auto-generated", survey.Headers["Auto-Submitted"]);
        Assert.Equal($"<ticket-{number}@helpdesk.localhost>", survey.Headers["In-Reply-To"]);
        var body = survey.TextBody!;
        Assert.Contains("https://help.example/satisfaction?t=", body);
        Assert.Contains(MailIntakeService.Marker(number), body);

        // The link in the email as received opens the survey, without a login.
        var good = System.Text.RegularExpressions.Regex.Match(body, @"https://help\.example(/satisfaction\?t=\S+&r=good)").Groups[1].Value;
        var page = await app.Session().GetAsync(good);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Printer jams", await page.Content.ReadAsStringAsync());

        await using var check = app.NewContext();
        Assert.Equal(OutboxState.Sent, (await check.Outbox.SingleAsync(m => m.Kind == OutboxKind.Survey && m.TicketNumber == number)).State);
    }
}
