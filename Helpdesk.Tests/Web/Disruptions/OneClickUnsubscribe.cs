using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Helpdesk.Tests.Web.Disruptions;

/// <summary>
/// RFC 8058 one-click unsubscribe from a notice's List-Unsubscribe header: a mail provider POSTs
/// "List-Unsubscribe=One-Click" with no cookies and no antiforgery token.
/// </summary>
public sealed class OneClickUnsubscribe : DisruptionPages
{
    private HttpClient Provider() => App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });

    private static FormUrlEncodedContent Body(string value) => new([new("List-Unsubscribe", value)]);

    [Fact]
    public async Task StopsNoticesWithoutCookiesOrAntiforgery()
    {
        await DeclareForAnaAsync();
        var (_, url) = await TheNoticeAsync();
        using var provider = Provider();

        var done = await provider.PostAsync(url, Body("One-Click"));

        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.True(await OptedOutAsync("ana@acme.example"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Maybe")]
    public async Task WithoutItsBodyChangesNothing(string? value)
    {
        await DeclareForAnaAsync();
        var (_, url) = await TheNoticeAsync();
        using var provider = Provider();

        var refused = await provider.PostAsync(url, value is null ? new FormUrlEncodedContent([]) : Body(value));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.False(await OptedOutAsync("ana@acme.example"));
    }

    [Fact]
    public async Task WithAnAlteredTokenChangesNothing()
    {
        await DeclareForAnaAsync();
        var (_, url) = await TheNoticeAsync();
        using var provider = Provider();

        var refused = await provider.PostAsync(url[..^4] + "AAAA", Body("One-Click"));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.False(await OptedOutAsync("ana@acme.example"));
    }
}
