using System.Net;
using Helpdesk.Core.Mail;
using Helpdesk.Core.Services;
using Helpdesk.Core.Validation;
using Helpdesk.Infrastructure.Data;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Tests.Web;

/// <summary>
/// Admins change the automatic emails' words: previewed on a sample ticket, refused when they would break the email,
/// used by the next email once saved, reset to the default; a template that fails when sending falls back to the
/// default and the failure is shown.
/// </summary>
public sealed class TemplatePages : IAsyncLifetime
{
    private readonly HelpdeskFactory _app = new();
    private WebSession _admin = null!;
    private string _adminId = null!;

    public async Task InitializeAsync()
    {
        _adminId = await _app.CreateUserAsync("root@helpdesk.example", "Robin Admin", Roles.Admin, Roles.Agent);
        await _app.CreateUserAsync("avery@helpdesk.example", "Avery Agent", Roles.Agent);
        _admin = _app.Session();
        await _admin.LoginAsync("root@helpdesk.example");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Task<HttpResponseMessage> PostAsync(EmailTemplateKind kind, string subject, string body, string step) =>
        _admin.PostFormAsync($"/admin/templates/{kind}", $"/admin/templates/{kind}", [new("subject", subject), new("body", body), new("step", step)]);

    private async Task<OutboxMessage> OpenedForCustomerSurveyAsync()
    {
        // A solved ticket's survey: the email a template change shows in at once.
        await using var scope = _app.Services.CreateAsyncScope();
        var tickets = scope.ServiceProvider.GetRequiredService<TicketService>();
        var t = await tickets.OpenAsync(new NewTicketInput { RequesterEmail = "ana@acme.example", RequesterName = "Ana Lima", Subject = "VPN down", Description = "Help", NotifyRequester = false }, _adminId);
        await tickets.UpdateAsync(t.Number, new TicketUpdateInput { Version = t.Version, Body = "Fixed.", Status = Core.Domain.TicketStatus.Solved, Priority = Core.Domain.TicketPriority.Normal }, _adminId);
        await using var db = _app.NewContext();
        return await db.Outbox.Where(m => m.Kind == OutboxKind.Survey).OrderByDescending(m => m.Id).FirstAsync();
    }

    [Fact]
    public async Task APreviewRendersOnASampleTicketAndSavesNothingThenTheSavedWordsAreSentAndResetBringsTheDefaultBack()
    {
        var body = "Hi {{ requester.first_name }}! Rate #{{ ticket.number }}: {{ survey.good_url }} or {{ survey.bad_url }}\n-- \n{{ team.name }}\n";
        var preview = WebUtility.HtmlDecode(await (await PostAsync(EmailTemplateKind.Survey, "Your opinion on {{ ticket.subject }}", body, "preview")).Content.ReadAsStringAsync());
        Assert.Contains("<span id=\"preview-subject\">[#1234] Your opinion on Printer jammed on floor 2</span>", preview);
        Assert.Contains("[ref:HD-1234]", preview);
        Assert.Contains("Hi Ana! Rate #1234: https://help.example/survey/good_url", preview);
        await using (var db = _app.NewContext())
        {
            Assert.Equal(0, await db.Set<EmailTemplate>().CountAsync());
        }

        var saved = await PostAsync(EmailTemplateKind.Survey, "Your opinion on {{ ticket.subject }}", body, "save");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var survey = await OpenedForCustomerSurveyAsync();
        Assert.Equal($"[#{survey.TicketNumber}] Your opinion on VPN down", survey.Subject); // the token stays
        Assert.StartsWith($"Hi Ana! Rate #{survey.TicketNumber}: http", survey.Body, StringComparison.Ordinal);
        Assert.EndsWith($"[ref:HD-{survey.TicketNumber}]\n", survey.Body, StringComparison.Ordinal); // so does the marker

        var list = WebUtility.HtmlDecode(await _admin.GetPageAsync("/admin/templates"));
        Assert.Contains("Your own (changed by root@helpdesk.example", list);
        var reset = await _admin.PostFormAsync("/admin/templates", $"/admin/templates/{EmailTemplateKind.Survey}/reset?language=en", []);
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        var again = await OpenedForCustomerSurveyAsync();
        Assert.Equal($"[#{again.TicketNumber}] How did we do? VPN down", again.Subject);
    }

    [Theory]
    [InlineData(EmailTemplateKind.Survey, "Rate us {{ requester.nickname }}", "{{ requester.nickname }} is not a placeholder")]
    [InlineData(EmailTemplateKind.PortalLink, "Hello {{ customer.name }}, your link is on its way.", "The text must contain {{ links.sign_in }}")]
    [InlineData(EmailTemplateKind.DisruptionNotice, "{% if %}", "The text: The placeholders cannot be read")]
    public async Task WordsThatWouldBreakTheEmailAreRefusedWithTheReason(EmailTemplateKind kind, string body, string error)
    {
        var response = await PostAsync(kind, "Subject", body, "save");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(error, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        await using var db = _app.NewContext();
        Assert.Equal(0, await db.Set<EmailTemplate>().CountAsync());
    }

    [Fact]
    public async Task ATemplateThatFailsWhenSendingSendsTheDefaultAndTheFailureIsShown()
    {
        // Words saved before a placeholder was renamed, say: written straight to the table, past the check at save.
        await using (var db = _app.NewContext())
        {
            db.Set<EmailTemplate>().Add(new EmailTemplate(EmailTemplateKind.Survey, Core.Domain.Languages.English, "Rate us", "Hello {{ requester.nick }} {{ survey.good_url }} {{ survey.bad_url }}", "root", _app.Clock.GetUtcNow()));
            await db.SaveChangesAsync();
        }

        var sync = _app.Services.GetRequiredService<EmailTemplateSync>();
        await sync.ReloadAsync();
        var survey = await OpenedForCustomerSurveyAsync();
        Assert.Equal($"[#{survey.TicketNumber}] How did we do? VPN down", survey.Subject);
        Assert.Contains("has been solved. How would you rate the help you got?", survey.Body, StringComparison.Ordinal);

        await sync.RecordFailuresAsync();
        var list = WebUtility.HtmlDecode(await _admin.GetPageAsync("/admin/templates"));
        Assert.Contains("so the default was sent: {{ requester.nick }} is not a placeholder", list);
    }

    [Fact]
    public async Task AgentsCannotReachTheTemplates()
    {
        var agent = _app.Session();
        await agent.LoginAsync("avery@helpdesk.example");
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/admin/templates")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/admin/templates/Survey")).StatusCode);
    }
}
