using System.Net;
using System.Text.RegularExpressions;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Helpdesk.Core.Services;
using Helpdesk.Core.Validation;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Tests.Web;

/// <summary>Merging from the ticket page: choose the other ticket, read what will happen (nothing saved), confirm.</summary>
public sealed partial class MergePages : IAsyncLifetime
{
    private readonly HelpdeskFactory _app = new();
    private WebSession _agent = null!;
    private string _agentId = null!;
    private int _first;
    private int _second;
    private int _other;

    public async Task InitializeAsync()
    {
        _agentId = await _app.CreateUserAsync("avery@helpdesk.example", "Avery Agent", Roles.Agent);
        await _app.AddStandardPolicyAsync();
        _agent = _app.Session();
        await _agent.LoginAsync("avery@helpdesk.example");
        await using var scope = _app.Services.CreateAsyncScope();
        var tickets = scope.ServiceProvider.GetRequiredService<TicketService>();
        _first = (await tickets.OpenAsync(new NewTicketInput { RequesterEmail = "ana@acme.example", RequesterName = "Ana Lima", Subject = "VPN down", Description = "Cannot connect.", NotifyRequester = false }, _agentId)).Number;
        _second = (await tickets.OpenAsync(new NewTicketInput { RequesterEmail = "ana@acme.example", Subject = "VPN again", Description = "Still down.", NotifyRequester = false }, _agentId)).Number;
        _other = (await tickets.OpenAsync(new NewTicketInput { RequesterEmail = "rui@other.example", Subject = "Invoice", Description = "Where is it?", NotifyRequester = false }, _agentId)).Number;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task TheTicketPageOffersTheRequestersOtherTicketsAndThePreviewSaysWhatWillHappenBeforeTheMerge()
    {
        var page = WebUtility.HtmlDecode(await _agent.GetPageAsync($"/tickets/{_second}"));
        Assert.Contains("id=\"merge-card\"", page);
        Assert.Contains($"<a href=\"/tickets/{_second}/merge?Into={_first}\">#{_first} VPN down</a>", page);
        Assert.DoesNotContain($"merge?Into={_other}", page); // another customer's ticket is not offered

        var preview = WebUtility.HtmlDecode(await _agent.GetPageAsync($"/tickets/{_second}/merge?Into=%23{_first}"));
        Assert.Contains($"Merge #{_second} into #{_first}", preview);
        Assert.Contains($"The message of #{_second} moves to #{_first}, in time order", preview);
        Assert.Contains($"#{_second} is closed with a link to #{_first}; its SLA clocks are cancelled", preview);
        Assert.Contains("A merge cannot be undone.", preview);
        Assert.Contains($"href=\"/tickets/{_first}/merge?Into={_second}\" id=\"merge-swap\"", preview);
        await using (var db = _app.NewContext())
        {
            Assert.Null(await db.Tickets.Where(t => t.Number == _second).Select(t => t.MergedInto).SingleAsync());
        }

        var merged = await _agent.PostFormAsync($"/tickets/{_second}/merge?Into={_first}", $"/tickets/{_second}/merge", Hidden(preview));
        Assert.Equal(HttpStatusCode.Redirect, merged.StatusCode);
        Assert.Equal($"/tickets/{_first}", merged.Headers.Location?.OriginalString);
        var survivor = WebUtility.HtmlDecode(await _agent.GetPageAsync($"/tickets/{_first}"));
        Assert.Contains($"Ticket #{_second} was merged into this one (1 message moved); its customer was told by email.", survivor);
        Assert.Contains($"from #{_second}</span>", survivor);

        var closed = WebUtility.HtmlDecode(await _agent.GetPageAsync($"/tickets/{_second}"));
        Assert.Contains($"This ticket was merged into <a href=\"/tickets/{_first}\" class=\"alert-link\">ticket #{_first}</a>", closed);
        Assert.DoesNotContain("id=\"merge-card\"", closed);
        await using (var db = _app.NewContext())
        {
            Assert.Equal(1, await db.Outbox.CountAsync(m => m.Kind == OutboxKind.MergeNotice));
        }
    }

    [Theory]
    [InlineData("", "Give the number of the ticket to merge into.")]
    [InlineData("twelve", "A ticket number is digits, like 1234 or #1234.")]
    [InlineData("999999", "There is no ticket #999999.")]
    [InlineData("SELF", "A ticket cannot be merged into itself")]
    public async Task AWrongNumberIsAFieldErrorAndNothingIsMerged(string into, string error)
    {
        into = into == "SELF" ? _second.ToString(System.Globalization.CultureInfo.InvariantCulture) : into;
        var response = await _agent.GetAsync($"/tickets/{_second}/merge?Into={Uri.EscapeDataString(into)}");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains(error, page);
        Assert.Contains("id=\"merge-choose\"", page); // the number can be corrected in place
        Assert.DoesNotContain("id=\"merge-confirm\"", page);
    }

    [Fact]
    public async Task AChangeAfterThePreviewIsReportedAndTheMergeIsShownAgainAsItIsNow()
    {
        var preview = WebUtility.HtmlDecode(await _agent.GetPageAsync($"/tickets/{_second}/merge?Into={_first}"));
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            await using var db = _app.NewContext();
            var version = await db.Tickets.Where(t => t.Number == _first).Select(t => t.Version).SingleAsync();
            await scope.ServiceProvider.GetRequiredService<TicketService>().TakeAsync(_first, version, _agentId);
        }

        var response = await _agent.PostFormAsync($"/tickets/{_second}/merge?Into={_first}", $"/tickets/{_second}/merge", Hidden(preview));
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("One of the tickets changed after you looked at it, so nothing was merged.", page);
        Assert.Contains("id=\"merge-confirm\"", page);
        await using (var db = _app.NewContext())
        {
            Assert.Null(await db.Tickets.Where(t => t.Number == _second).Select(t => t.MergedInto).SingleAsync());
        }

        // Confirmed again from what is shown now, it merges.
        var merged = await _agent.PostFormAsync($"/tickets/{_second}/merge?Into={_first}", $"/tickets/{_second}/merge", Hidden(page));
        Assert.Equal(HttpStatusCode.Redirect, merged.StatusCode);
    }

    [Fact]
    public async Task AnotherCustomersDuplicateMakesThemAFollowerWhoFollowsTheSurvivorOnThePortal()
    {
        var preview = WebUtility.HtmlDecode(await _agent.GetPageAsync($"/tickets/{_other}/merge?Into={_first}"));
        Assert.Contains("rui@other.example becomes a follower of", preview);
        Assert.Contains("id=\"merge-other-requester\"", preview);
        var merged = await _agent.PostFormAsync($"/tickets/{_other}/merge?Into={_first}", $"/tickets/{_other}/merge", Hidden(preview));
        Assert.Equal(HttpStatusCode.Redirect, merged.StatusCode);

        var rui = await Portal.PortalSteps.SignedInAsync(_app, "rui@other.example");
        var list = await Portal.PortalSteps.PageAsync(rui, "/portal");
        Assert.Contains($"href=\"/portal/tickets/{_first}\"", list);
        var duplicate = await Portal.PortalSteps.PageAsync(rui, $"/portal/tickets/{_other}");
        Assert.Contains($"<a href=\"/portal/tickets/{_first}\" class=\"alert-link\">request #{_first}</a>", duplicate);
        var survivor = await Portal.PortalSteps.PageAsync(rui, $"/portal/tickets/{_first}");
        Assert.Contains("Where is it?", survivor); // rui's own message, moved with the merge

        // Ana, the survivor's requester, does not see rui's closed duplicate.
        var ana = await Portal.PortalSteps.SignedInAsync(_app, "ana@acme.example");
        Assert.Equal(HttpStatusCode.NotFound, (await ana.GetAsync($"/portal/tickets/{_other}")).StatusCode);
    }

    [Fact]
    public async Task TheMergeNeedsTheAntiforgeryTokenAndALogin()
    {
        var forged = await _agent.Client.PostAsync($"/tickets/{_second}/merge", new FormUrlEncodedContent([new("Into", $"{_first}"), new("Version", "1"), new("IntoVersion", "1")]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        var anonymous = await _app.Session().GetAsync($"/tickets/{_second}/merge?Into={_first}");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/login", anonymous.Headers.Location?.OriginalString, StringComparison.OrdinalIgnoreCase);
    }

    private static List<KeyValuePair<string, string>> Hidden(string page)
    {
        var form = page[page.IndexOf("id=\"merge-confirm\"", StringComparison.Ordinal)..];
        return [.. HiddenField().Matches(form[..form.IndexOf("</form>", StringComparison.Ordinal)])
            .Where(m => m.Groups[1].Value != "__RequestVerificationToken")
            .Select(m => new KeyValuePair<string, string>(m.Groups[1].Value, m.Groups[2].Value))];
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenField();
}
