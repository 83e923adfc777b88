using System.Net;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Helpdesk.Core.Validation;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Helpdesk.Tests.Web.Disruptions;

/// <summary>
/// The app the disruption page tests share: Sam (supervisor) and Avery (agent) signed in, and the steps they take,
/// each test starting from a fresh database.
/// </summary>
public abstract class DisruptionPages : IAsyncLifetime
{
    protected HelpdeskFactory App { get; } = new();

    protected WebSession Supervisor { get; private set; } = null!;

    protected WebSession Agent { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await App.CreateUserAsync("sam@helpdesk.example", "Sam", Roles.Supervisor, Roles.Agent);
        await App.CreateUserAsync("avery@helpdesk.example", "Avery", Roles.Agent);
        Supervisor = App.Session();
        await Supervisor.LoginAsync("sam@helpdesk.example");
        Agent = App.Session();
        await Agent.LoginAsync("avery@helpdesk.example");
    }

    public async Task DisposeAsync() => await App.DisposeAsync();

    /// <summary>An agent opens a phone ticket for the customer.</summary>
    protected async Task OpenTicketAsync(string email, string subject) =>
        Assert.Equal(HttpStatusCode.Redirect, (await Agent.PostFormAsync("/tickets/new", "/tickets/new",
        [
            new("Input.RequesterEmail", email), new("Input.Subject", subject),
            new("Input.Description", "Hours late"), new("Input.Priority", "Normal"), new("Input.Channel", "Phone"),
        ])).StatusCode);

    /// <summary>The supervisor posts the declaration form for everyone; <paramref name="confirmed"/> false is the preview.</summary>
    protected async Task<HttpResponseMessage> DeclareForEveryoneAsync(string title, string message, bool confirmed = true) =>
        await Supervisor.PostFormAsync("/disruptions", "/disruptions",
            [new("Input.Title", title), new("Input.Message", message), new("Input.Everyone", "true"), new("Input.Confirmed", confirmed ? "true" : "false")]);

    /// <summary>ana@acme.example has a ticket and a disruption for everyone is declared: its page's URL.</summary>
    protected async Task<string> DeclareForAnaAsync()
    {
        await OpenTicketAsync("ana@acme.example", "Slow");
        var declared = await DeclareForEveryoneAsync("Slow pages", "Pages load slowly.");
        Assert.Equal(HttpStatusCode.Redirect, declared.StatusCode);
        return declared.Headers.Location!.OriginalString;
    }

    protected async Task<HttpResponseMessage> ResolveAsync(string url, string message) =>
        await Supervisor.PostFormAsync(url, url, [new("Input.Status", "Resolved"), new("Input.Message", message)]);

    protected async Task<int> NoticesToAsync(string email)
    {
        await using var db = App.NewContext();
        return await db.Outbox.CountAsync(m => m.Kind == OutboxKind.Notice && m.To == email);
    }

    protected async Task<bool> OptedOutAsync(string email)
    {
        await using var db = App.NewContext();
        return (await db.Customers.SingleAsync(c => c.Email == email)).NoticesOptOut;
    }

    /// <summary>The single notice's body and its List-Unsubscribe one-click URL (path and query).</summary>
    protected async Task<(string Body, string OneClick)> TheNoticeAsync()
    {
        await using var db = App.NewContext();
        var notice = await db.Outbox.SingleAsync(m => m.Kind == OutboxKind.Notice);
        return (notice.Body, new Uri(notice.ListUnsubscribe!).PathAndQuery);
    }
}
