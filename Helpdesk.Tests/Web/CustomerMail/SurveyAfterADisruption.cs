using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Services;
using Helpdesk.Core.Validation;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Tests.Web.CustomerMail;

/// <summary>A ticket solved while its disruption lasts gets its survey when the disruption is resolved, not in the middle of it.</summary>
public sealed class SurveyAfterADisruption : IAsyncLifetime
{
    private readonly HelpdeskFactory _app = new();
    private string _agent = null!;

    public async Task InitializeAsync()
    {
        _agent = await _app.CreateUserAsync("sam@helpdesk.example", "Sam", Roles.Supervisor, Roles.Agent);
        await _app.AddStandardPolicyAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<int> SurveysAsync()
    {
        await using var db = _app.NewContext();
        return await db.Outbox.CountAsync(m => m.Kind == OutboxKind.Survey);
    }

    [Fact]
    public async Task IsHeldWhileTheDisruptionLastsAndSentOnceItIsResolved()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var tickets = scope.ServiceProvider.GetRequiredService<TicketService>();
        var disruptions = scope.ServiceProvider.GetRequiredService<DisruptionService>();
        var number = (await tickets.OpenAsync(new NewTicketInput { RequesterEmail = "ana@acme.example", Subject = "No mail", Description = "Nothing arrives", NotifyRequester = false }, _agent)).Number;
        var disruption = await disruptions.DeclareAsync("Mail delayed", "Mail is delayed.", true, [], []);

        await using (var solving = _app.Services.CreateAsyncScope())
        {
            var version = (await solving.ServiceProvider.GetRequiredService<IHelpdeskStore>().FindTicketAsync(number))!.Version;
            await solving.ServiceProvider.GetRequiredService<TicketService>().UpdateAsync(number, new TicketUpdateInput
            {
                Version = version, Body = "It should arrive within the hour.", Visibility = MessageVisibility.Public, Status = TicketStatus.Solved, Priority = TicketPriority.Normal,
            }, _agent);
        }

        Assert.Equal(0, await SurveysAsync());

        await using (var resolving = _app.Services.CreateAsyncScope())
        {
            await resolving.ServiceProvider.GetRequiredService<DisruptionService>().PostAsync(disruption.Id, DisruptionStatus.Resolved, "Delivered.");
        }

        Assert.Equal(1, await SurveysAsync());
    }
}
