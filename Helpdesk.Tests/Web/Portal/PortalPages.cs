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
public abstract partial class PortalPages : IAsyncLifetime
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
    protected async Task<HttpResponseMessage> AskForLinkAsync(WebSession session, string email) =>
        await session.PostFormAsync("/portal/sign-in", "/portal/sign-in", [new("Input.Email", email)]);

    /// <summary>The sign-in links emailed to the address so far (paths), oldest first.</summary>
    protected async Task<List<string>> LinksToAsync(string email)
    {
        await using var db = App.NewContext();
        var bodies = await db.Outbox.Where(m => m.Kind == OutboxKind.PortalLink && m.To == email).OrderBy(m => m.Id).Select(m => m.Body).ToListAsync();
        return [.. bodies.Select(b => new Uri(LinkPattern().Match(b).Value).PathAndQuery)];
    }

    /// <summary>A page's text with character references decoded (names with apostrophes are written as &amp;#x27;).</summary>
    protected static async Task<string> PageAsync(WebSession session, string url) => WebUtility.HtmlDecode(await session.GetPageAsync(url));

    /// <summary>Presses the button on the link's page.</summary>
    protected static async Task<HttpResponseMessage> UseLinkAsync(WebSession session, string link) => await session.PostFormAsync(link, link, []);

    /// <summary>A session of the customer, signed in through an emailed link.</summary>
    protected async Task<WebSession> SignedInAsync(string email)
    {
        var session = App.Session();
        await AskForLinkAsync(session, email);
        var used = await UseLinkAsync(session, (await LinksToAsync(email)).Last());
        Assert.Equal(HttpStatusCode.Redirect, used.StatusCode);
        Assert.Equal("/portal", used.Headers.Location!.OriginalString);
        return session;
    }

    [GeneratedRegex(@"https?://\S+/portal/sign-in/[A-Za-z0-9_-]{43}")]
    private static partial Regex LinkPattern();
}
