using System.Net;
using Helpdesk.Core.Mail;
using Microsoft.EntityFrameworkCore;

namespace Helpdesk.Tests.Web.Portal;

/// <summary>Signing in to the portal with a one-time link sent by email.</summary>
public sealed class SigningIn : PortalPages
{
    [Fact]
    public async Task AKnownAddressGetsOneAutomaticEmailWithALink()
    {
        await OpenForAsync("ana@acme.example", "Printer jams");

        var asked = await AskForLinkAsync(App.Session(), "ana@acme.example");

        Assert.Contains("a sign-in link is on its way", await asked.Content.ReadAsStringAsync());
        Assert.Single(await LinksToAsync("ana@acme.example"));
        await using var db = App.NewContext();
        var mail = await db.Outbox.SingleAsync(m => m.Kind == OutboxKind.PortalLink);
        Assert.True(mail.Automatic);
        Assert.Contains("It works once, within 15 minutes.", mail.Body);
    }

    [Fact]
    public async Task AnUnknownAddressGetsTheSameAnswerAndNoEmail()
    {
        await OpenForAsync("ana@acme.example", "Printer jams");

        var known = await (await AskForLinkAsync(App.Session(), "ana@acme.example")).Content.ReadAsStringAsync();
        var unknown = await (await AskForLinkAsync(App.Session(), "eve@elsewhere.example")).Content.ReadAsStringAsync();

        Assert.Equal(known.Replace("ana@acme.example", "X"), unknown.Replace("eve@elsewhere.example", "X"));
        await using var db = App.NewContext();
        Assert.Equal(0, await db.Outbox.CountAsync(m => m.Kind == OutboxKind.PortalLink && m.To == "eve@elsewhere.example"));
    }

    [Fact]
    public async Task AnInvalidAddressIsAFieldError()
    {
        var invalid = await AskForLinkAsync(App.Session(), "not an address");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        Assert.Contains("Enter a valid email address", await invalid.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpeningTheLinkDoesNotUseIt()
    {
        await OpenForAsync("ana@acme.example", "Printer jams");
        await AskForLinkAsync(App.Session(), "ana@acme.example");
        var link = (await LinksToAsync("ana@acme.example")).Single();

        var opened = await App.Session().GetPageAsync(link); // as a mail scanner would
        var used = await UseLinkAsync(App.Session(), link);

        Assert.Contains("Sign in to the help center", opened);
        Assert.Equal(HttpStatusCode.Redirect, used.StatusCode);
    }

    [Fact]
    public async Task TheLinkSignsInAndShowsTheCustomersRequests()
    {
        await OpenForAsync("ana@acme.example", "Printer jams");

        var ana = await SignedInAsync("ana@acme.example");

        Assert.Contains("Printer jams", await ana.GetPageAsync("/portal"));
    }

    [Fact]
    public async Task ALinkWorksOnce()
    {
        await OpenForAsync("ana@acme.example", "Printer jams");
        await SignedInAsync("ana@acme.example");
        var link = (await LinksToAsync("ana@acme.example")).Single();

        var again = await UseLinkAsync(App.Session(), link);

        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        Assert.Contains("It has been used already, or its 15 minutes are over.", await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ALinkExpiresAfterFifteenMinutes()
    {
        await OpenForAsync("ana@acme.example", "Printer jams");
        await AskForLinkAsync(App.Session(), "ana@acme.example");
        var link = (await LinksToAsync("ana@acme.example")).Single();

        App.Clock.Advance(TimeSpan.FromMinutes(15));

        Assert.Equal(HttpStatusCode.Gone, (await UseLinkAsync(App.Session(), link)).StatusCode);
    }

    [Fact]
    public async Task AnAlteredLinkIsRefused()
    {
        await OpenForAsync("ana@acme.example", "Printer jams");
        await AskForLinkAsync(App.Session(), "ana@acme.example");
        var link = (await LinksToAsync("ana@acme.example")).Single();
        var altered = link[..^3] + (link[^3] == 'A' ? "BBB" : "AAA");

        Assert.Equal(HttpStatusCode.Gone, (await UseLinkAsync(App.Session(), altered)).StatusCode);
    }

    [Fact]
    public async Task AnAddressGetsAtMostFiveLinksAnHourAndIsToldTheSame()
    {
        await OpenForAsync("ana@acme.example", "Printer jams");
        for (var i = 0; i < 6; i++)
        {
            Assert.Contains("a sign-in link is on its way", await (await AskForLinkAsync(App.Session(), "ana@acme.example")).Content.ReadAsStringAsync());
        }

        Assert.Equal(5, (await LinksToAsync("ana@acme.example")).Count);
        App.Clock.Advance(TimeSpan.FromHours(1));
        await AskForLinkAsync(App.Session(), "ana@acme.example");
        Assert.Equal(6, (await LinksToAsync("ana@acme.example")).Count);
    }

    [Fact]
    public async Task WithoutSigningInThePortalAsksForAnAddress()
    {
        var response = await App.Session().GetAsync("/portal/tickets/1");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/portal/sign-in?returnUrl=%2Fportal%2Ftickets%2F1", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task ASignedInCustomerWhoReachesAStaffPageIsSentToThePortal()
    {
        await OpenForAsync("ana@acme.example", "Printer jams");
        var ana = await SignedInAsync("ana@acme.example");

        var staff = await ana.GetAsync("/tickets");

        Assert.Equal(HttpStatusCode.Redirect, staff.StatusCode);
        Assert.Equal("/portal", staff.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task TheStaffSignInPagePointsCustomersToThePortal()
    {
        Assert.Contains("<a href=\"/portal\">Follow your requests on the help center</a>", await App.Session().GetPageAsync("/login"));
    }
}
