using System.Net;
using System.Text.Json;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Services;
using Helpdesk.Core.Validation;
using Helpdesk.Infrastructure.Data;
using Helpdesk.Tests.Support;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Tests.Integration.Live;

/// <summary>
/// Two app nodes on one PostgreSQL database, with a SignalR client on each, signed in as different agents: a ticket
/// changed through node A reaches the page connected to node B, and each sees the other on the ticket (the database
/// carries the live events between nodes, decision 020).
/// </summary>
public sealed class TwoNodeLiveTests
{
    /// <summary>Keeps the cookies of one signed-in browser for the test server's handler.</summary>
    private sealed class CookieJar(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private readonly CookieContainer _cookies = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var uri = request.RequestUri!;
            if (_cookies.GetCookieHeader(uri) is { Length: > 0 } header)
            {
                request.Headers.Remove("Cookie");
                request.Headers.Add("Cookie", header);
            }

            var response = await base.SendAsync(request, cancellationToken);
            if (response.Headers.TryGetValues("Set-Cookie", out var set))
            {
                foreach (var cookie in set)
                {
                    _cookies.SetCookies(uri, cookie);
                }
            }

            return response;
        }
    }

    private static async Task<HubConnection> ConnectAsync(HelpdeskFactory node, string email)
    {
        var jar = new CookieJar(node.Server.CreateHandler());
        var session = new WebSession(new HttpClient(jar) { BaseAddress = node.Server.BaseAddress });
        await session.LoginAsync(email);
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(node.Server.BaseAddress, "/hubs/live"), o =>
            {
                o.HttpMessageHandlerFactory = _ => new CookieJarProxy(jar);
                o.Transports = HttpTransportType.LongPolling; // the test server has no WebSocket upgrade through its handler
            })
            .Build();
        await hub.StartAsync();
        return hub;
    }

    /// <summary>SignalR disposes the handler it is given; the jar outlives each of its uses.</summary>
    private sealed class CookieJarProxy(HttpMessageHandler jar) : DelegatingHandler(jar)
    {
        protected override void Dispose(bool disposing)
        {
        }
    }

    [SkippableFact]
    public async Task ATicketChangedOnOneNodeAndAViewerOnItReachThePagesOfTheOtherNode()
    {
        await using var database = await TestDatabase.PostgresAsync();
        var settings = new Dictionary<string, string> { ["Live:PollMilliseconds"] = "200" };
        await using var nodeA = new HelpdeskFactory(database, ownsDatabase: false, settings);
        await using var nodeB = new HelpdeskFactory(database, ownsDatabase: false, settings);
        var avery = await nodeA.CreateUserAsync("avery@helpdesk.example", "Avery Agent", Roles.Agent);
        await nodeA.CreateUserAsync("blair@helpdesk.example", "Blair Agent", Roles.Agent);
        await nodeA.AddStandardPolicyAsync();
        int number, version;
        await using (var scope = nodeA.Services.CreateAsyncScope())
        {
            var opened = await scope.ServiceProvider.GetRequiredService<TicketService>().OpenAsync(
                new NewTicketInput { RequesterEmail = "ana@acme.example", Subject = "VPN down", Description = "Cannot connect.", NotifyRequester = false }, avery);
            (number, version) = (opened.Number, opened.Version);
        }

        await using var blairOnB = await ConnectAsync(nodeB, "blair@helpdesk.example");
        await using var averyOnA = await ConnectAsync(nodeA, "avery@helpdesk.example");
        var changed = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        var seesAvery = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        var seesBlair = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        blairOnB.On<JsonElement>("changed", c => changed.TrySetResult(c));
        blairOnB.On<JsonElement>("presence", p =>
        {
            if (p.GetProperty("viewers").EnumerateArray().Any(v => v.GetProperty("name").GetString() == "Avery Agent"))
            {
                seesAvery.TrySetResult(p);
            }
        });
        averyOnA.On<JsonElement>("presence", p =>
        {
            if (p.GetProperty("viewers").EnumerateArray().Any(v => v.GetProperty("name").GetString() == "Blair Agent"))
            {
                seesBlair.TrySetResult(p);
            }
        });

        await blairOnB.InvokeAsync("Watch", number, false);
        await averyOnA.InvokeAsync("Watch", number, true);

        // Each sees the other, across the nodes, within seconds of the other's page saying so.
        var avery1 = await seesAvery.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains(avery1.GetProperty("viewers").EnumerateArray(), v => v.GetProperty("name").GetString() == "Avery Agent" && v.GetProperty("typing").GetBoolean());
        await seesBlair.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // Avery replies through node A; Blair's page on node B hears of it.
        await using (var scope = nodeA.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<TicketService>().UpdateAsync(number,
                new TicketUpdateInput { Version = version, Body = "Restart the client.", Status = TicketStatus.Pending, Priority = TicketPriority.Normal }, avery);
        }

        var change = await changed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(number, change.GetProperty("number").GetInt32());
        await using (var db = nodeB.NewContext())
        {
            Assert.Equal(db.Tickets.Single(t => t.Number == number).Version, change.GetProperty("version").GetInt32()); // the version committed
        }

        Assert.Equal(avery, change.GetProperty("userId").GetString());
        Assert.Equal("Avery Agent", change.GetProperty("by").GetString());
        Assert.StartsWith("replied", change.GetProperty("what").GetString(), StringComparison.Ordinal);
        Assert.Contains("set the status to Pending", change.GetProperty("what").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheHubNeedsAStaffLogin()
    {
        await using var app = new HelpdeskFactory();
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(app.Server.BaseAddress, "/hubs/live"), o =>
            {
                o.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
            })
            .Build();
        var refused = await Assert.ThrowsAnyAsync<HttpRequestException>(() => hub.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }
}
