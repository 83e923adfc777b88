using Helpdesk.Core.Ports;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Helpdesk.Web.Live;

/// <summary>
/// The staff pages' live connection (<c>/hubs/live</c>): a ticket page says it is open (and when its agent types), the
/// queue asks for ticket changes. What other nodes' users do arrives through <see cref="ILiveFeed"/> (decision 020).
/// </summary>
[Authorize(Policy = HelpdeskApp.StaffPolicy)]
public sealed class LiveHub(ILiveFeed feed, Presence presence, ITicketQueries queries) : Hub
{
    public static string TicketGroup(int number) => $"ticket-{number}";

    public const string QueueGroup = "queue";

    /// <summary>The queue page listens for ticket changes.</summary>
    public Task WatchQueue() => Groups.AddToGroupAsync(Context.ConnectionId, QueueGroup);

    /// <summary>A ticket page is open (sent again every few seconds while it is, with whether its agent is typing).</summary>
    public async Task Watch(int number, bool typing)
    {
        if (number <= 0)
        {
            return;
        }

        if (presence.Local(Context.ConnectionId, number))
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, TicketGroup(number));
        }

        feed.Publish(new LiveEvent(LiveKind.Presence, number, UserId: UserId, Name: await NameAsync(), Connection: Context.ConnectionId,
            Presence: typing ? PresenceState.Typing : PresenceState.Viewing));
    }

    /// <summary>The ticket page is closed, or navigated away.</summary>
    public async Task Leave(int number)
    {
        presence.LocalLeft(Context.ConnectionId, number);
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, TicketGroup(number));
        feed.Publish(new LiveEvent(LiveKind.Presence, number, UserId: UserId, Name: UserName, Connection: Context.ConnectionId, Presence: PresenceState.Left));
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        foreach (var number in presence.LocalLeft(Context.ConnectionId))
        {
            feed.Publish(new LiveEvent(LiveKind.Presence, number, UserId: UserId, Name: UserName, Connection: Context.ConnectionId, Presence: PresenceState.Left));
        }

        return base.OnDisconnectedAsync(exception);
    }

    private string? UserId => Context.User?.UserId();

    private string UserName => Context.User?.Identity?.Name ?? "Someone";

    /// <summary>The agent's display name (the cached agent list), else their login.</summary>
    private async Task<string> NameAsync() =>
        (await queries.LookupsAsync(Context.ConnectionAborted)).Agents.FirstOrDefault(a => a.Id == UserId)?.DisplayName ?? UserName;
}
