using System.Net;
using System.Text.RegularExpressions;

namespace Helpdesk.Tests.Web.Disruptions;

/// <summary>The signed link in a disruption notice that stops further notices to its customer.</summary>
public sealed class NoticeOptOutLink : DisruptionPages
{
    private async Task<(string Link, string Token)> LinkAsync()
    {
        var (body, _) = await TheNoticeAsync();
        var link = Regex.Match(body, @"/notices/opt-out\?t=\S+", RegexOptions.None, TimeSpan.FromSeconds(1)).Value;
        return (link, Uri.UnescapeDataString(link[(link.IndexOf("t=", StringComparison.Ordinal) + 2)..]));
    }

    [Fact]
    public async Task OpenedAsksForAConfirmationAndChangesNothing()
    {
        await DeclareForAnaAsync();
        var (link, _) = await LinkAsync();

        // Mail scanners open links: only the button changes anything.
        var page = await App.Session().GetPageAsync(link);

        Assert.Contains("Stop service disruption notices to <strong>ana@acme.example</strong>?", page);
        Assert.False(await OptedOutAsync("ana@acme.example"));
    }

    [Fact]
    public async Task ConfirmedStopsTheNextNotices()
    {
        var url = await DeclareForAnaAsync();
        var (link, token) = await LinkAsync();
        var customer = App.Session();

        var done = await customer.PostFormAsync(link, "/notices/opt-out", [new("t", token)]);
        await ResolveAsync(url, "Fast again.");

        Assert.Contains("will no longer get service disruption notices", await done.Content.ReadAsStringAsync());
        Assert.True(await OptedOutAsync("ana@acme.example"));
        Assert.Equal(1, await NoticesToAsync("ana@acme.example"));
    }

    [Fact]
    public async Task AlteredIsRefused()
    {
        await DeclareForAnaAsync();
        var (link, _) = await LinkAsync();

        var altered = await App.Session().GetAsync(link[..^4] + "AAAA");

        Assert.Equal(HttpStatusCode.BadRequest, altered.StatusCode);
    }

    [Fact]
    public async Task TheOneClickAddressOpenedInABrowserLeadsToTheSameConfirmation()
    {
        await DeclareForAnaAsync();
        var (_, oneClick) = await TheNoticeAsync();

        var opened = await App.Session().GetAsync(oneClick);

        Assert.StartsWith("/notices/unsubscribe?t=", oneClick);
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.StartsWith("/notices/opt-out?t=", opened.Headers.Location!.OriginalString);
        Assert.False(await OptedOutAsync("ana@acme.example"));
    }
}
