using System.Net;
using System.Text.RegularExpressions;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Services;
using Helpdesk.Core.Validation;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Tests.Web.Portal;

/// <summary>The app the portal tests share: an agent, customers with tickets, and the steps a customer takes to sign in.</summary>
public abstract class PortalPages : IAsyncLifetime
{
    protected HelpdeskFactory App { get; } = new();

    protected string AgentId { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        AgentId = await App.CreateUserAsync("avery@helpdesk.example", "Avery Agent", Roles.Agent);
        await App.AddStandardPolicyAsync();
    }

    public async Task DisposeAsync() => await App.DisposeAsync();

    /// <summary>An agent opens a ticket for the customer (and so makes the customer known); its number.</summary>
    protected async Task<int> OpenForAsync(string email, string subject, string description = "Details.")
    {
        await using var scope = App.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<TicketService>()
            .OpenAsync(new NewTicketInput { RequesterEmail = email, Subject = subject, Description = description, Channel = TicketChannel.Email }, AgentId)).Number;
    }

    protected async Task AgentUpdatesAsync(int number, string? reply, MessageVisibility visibility, TicketStatus? status = null, IReadOnlyCollection<AttachmentFile>? files = null)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var ticket = (await scope.ServiceProvider.GetRequiredService<IHelpdeskStore>().FindTicketAsync(number))!;
        await scope.ServiceProvider.GetRequiredService<TicketService>().UpdateAsync(number, new TicketUpdateInput
        {
            Version = ticket.Version, Body = reply, Visibility = visibility, Status = status ?? ticket.Status, Priority = ticket.Priority,
        }, AgentId, files);
    }

    /// <summary>Asks for a link on the sign-in form; the page that answers.</summary>
    protected static Task<HttpResponseMessage> AskForLinkAsync(WebSession session, string email) => PortalSteps.AskForLinkAsync(session, email);

    /// <summary>The sign-in links emailed to the address so far (paths), oldest first.</summary>
    protected Task<List<string>> LinksToAsync(string email) => PortalSteps.LinksToAsync(App, email);

    /// <summary>A page's text with character references decoded (names with apostrophes are written as &amp;#x27;).</summary>
    protected static Task<string> PageAsync(WebSession session, string url) => PortalSteps.PageAsync(session, url);

    /// <summary>Presses the button on the link's page.</summary>
    protected static Task<HttpResponseMessage> UseLinkAsync(WebSession session, string link) => PortalSteps.UseLinkAsync(session, link);

    /// <summary>A session of the customer, signed in through an emailed link.</summary>
    protected Task<WebSession> SignedInAsync(string email) => PortalSteps.SignedInAsync(App, email);
}

/// <summary>The steps a customer takes to sign in to the portal, for any test app.</summary>
public static partial class PortalSteps
{
    public static async Task<HttpResponseMessage> AskForLinkAsync(WebSession session, string email) =>
        await session.PostFormAsync("/portal/sign-in", "/portal/sign-in", [new("Input.Email", email)]);

    public static async Task<List<string>> LinksToAsync(HelpdeskFactory app, string email)
    {
        await using var db = app.NewContext();
        var bodies = await db.Outbox.Where(m => m.Kind == OutboxKind.PortalLink && m.To == email).OrderBy(m => m.Id).Select(m => m.Body).ToListAsync();
        return [.. bodies.Select(b => new Uri(LinkPattern().Match(b).Value).PathAndQuery)];
    }

    public static async Task<string> PageAsync(WebSession session, string url) => WebUtility.HtmlDecode(await session.GetPageAsync(url));

    public static async Task<HttpResponseMessage> UseLinkAsync(WebSession session, string link) => await session.PostFormAsync(link, link, []);

    public static async Task<WebSession> SignedInAsync(HelpdeskFactory app, string email)
    {
        var session = app.Session();
        await AskForLinkAsync(session, email);
        var used = await UseLinkAsync(session, (await LinksToAsync(app, email)).Last());
        Assert.Equal(HttpStatusCode.Redirect, used.StatusCode);
        Assert.Equal("/portal", used.Headers.Location!.OriginalString);
        return session;
    }

    [GeneratedRegex(@"https?://\S+/portal/sign-in/[A-Za-z0-9_-]{43}")]
    private static partial Regex LinkPattern();
}
