using System.Net;
using Helpdesk.Core.Mail;
using Helpdesk.Core.Validation;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Helpdesk.Tests.Web.CustomerMail;

/// <summary>A ticket an agent opens for a customer (after a call, say) tells the customer, unless the agent unticks it.</summary>
public sealed class OpenedForTheCustomer : IAsyncLifetime
{
    private readonly HelpdeskFactory _app = new();
    private WebSession _agent = null!;

    public async Task InitializeAsync()
    {
        await _app.CreateUserAsync("avery@helpdesk.example", "Avery Agent", Roles.Agent);
        await _app.AddStandardPolicyAsync();
        _agent = _app.Session();
        await _agent.LoginAsync("avery@helpdesk.example");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<HttpResponseMessage> OpenAsync(params KeyValuePair<string, string>[] more) =>
        await _agent.PostFormAsync("/tickets/new", "/tickets/new",
        [
            new("Input.RequesterEmail", "ana@acme.example"), new("Input.RequesterName", "Ana Lima"), new("Input.Subject", "Printer jams"),
            new("Input.Description", "Called at 9: jams on every page."), new("Input.Priority", "Normal"), new("Input.Channel", "Phone"), .. more,
        ]);

    private async Task<List<OutboxMessage>> MailToAnaAsync()
    {
        await using var db = _app.NewContext();
        return await db.Outbox.Where(m => m.To == "ana@acme.example").ToListAsync();
    }

    [Fact]
    public async Task TheFormOffersItTicked()
    {
        Assert.Matches("<input[^>]*checked=\"checked\"[^>]*id=\"Input_NotifyRequester\"|<input[^>]*id=\"Input_NotifyRequester\"[^>]*checked=\"checked\"", await _agent.GetPageAsync("/tickets/new"));
    }

    [Fact]
    public async Task TheCustomerIsToldTheNumberWhatWasWrittenAndThePromise()
    {
        Assert.Equal(HttpStatusCode.Redirect, (await OpenAsync(new KeyValuePair<string, string>("Input.NotifyRequester", "true"))).StatusCode);

        var mail = Assert.Single(await MailToAnaAsync());
        Assert.Equal("[#1] Printer jams", mail.Subject);
        Assert.False(mail.Automatic);
        Assert.Contains("Avery Agent opened ticket #1 for you: \"Printer jams\".", mail.Body, StringComparison.Ordinal);
        Assert.Contains("Called at 9: jams on every page.", mail.Body, StringComparison.Ordinal);
        Assert.Contains("You will hear from us by Monday 2 March, 10:00 (UTC).", mail.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UntickedNothingIsSent()
    {
        Assert.Equal(HttpStatusCode.Redirect, (await OpenAsync(new KeyValuePair<string, string>("Input.NotifyRequester", "false"))).StatusCode);

        Assert.Empty(await MailToAnaAsync());
    }
}
