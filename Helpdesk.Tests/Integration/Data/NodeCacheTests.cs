using Helpdesk.Core.Ports;
using Helpdesk.Core.Sla;
using Helpdesk.Infrastructure.Data;
using Helpdesk.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Helpdesk.Tests.Integration.Data;

/// <summary>What a node keeps in memory against what another node changed in the shared database.</summary>
public sealed class NodeCacheTests
{
    [Fact]
    public async Task AnotherNodesSlaChangeIsSeenAtOnceAndNothingElseIsReadAgain()
    {
        await using var app = new HelpdeskFactory(); // node B
        await app.AddStandardPolicyAsync();

        // Node A: its own cache, and a clock that never moves, so no lifetime runs out here.
        var counter = new CommandCounter();
        await using var nodeA = app.Database.NewContext(counter);
        var storeA = new SlaStore(nodeA, new QueryCache(new FakeTimeProvider(app.Clock.GetUtcNow())));
        Assert.Single((await storeA.SetupAsync()).Policies);
        counter.Reset();
        Assert.Single((await storeA.SetupAsync()).Policies);
        Assert.Equal(1, counter.Count); // kept: only the newest change's id was read

        // Node B changes the setup the way its admin pages do: the change and its recompute request, together.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<ISlaStore>();
            var previous = await store.SetupAsync();
            var second = new SlaPolicy("Second", previous.Policies[0].CalendarId, 2);
            store.Add(second);
            store.Add(new SlaRecomputeRequest(previous, app.Clock.GetUtcNow(), "policy Second added"));
            await store.SaveChangesAsync();
        }

        Assert.Equal(["Standard", "Second"], (await storeA.SetupAsync()).Policies.Select(p => p.Name));
    }
}
