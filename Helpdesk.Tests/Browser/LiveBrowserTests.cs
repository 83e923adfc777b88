using Helpdesk.Core.Domain;
using Helpdesk.Core.Services;
using Helpdesk.Core.Validation;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Helpdesk.Tests.Browser;

/// <summary>
/// Two agents on one ticket, in two Chromium contexts: B sees A viewing and then typing; A's reply appears on B's page
/// without a reload, with the warning that the page fell behind; B's send is held once, then refused by the server with
/// B's draft kept. The queue of a third page follows the change.
/// </summary>
[Collection(nameof(BrowserCollection))]
public sealed class LiveBrowserTests : BrowserTestBase
{
    private static async Task<IPage> SignInAsync(IBrowser browser, string baseUrl, string email, string path, int width = 1366)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = 900 } });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync(baseUrl + path);
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(HelpdeskFactory.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**" + path);
        return page;
    }

    [SkippableFact]
    public async Task APortugueseAgentReadsTheLivePartsOfThePageInPortuguese()
    {
        var baseUrl = StartServer();
        var avery = await App.CreateUserAsync("avery@helpdesk.example", "Avery Agent", Roles.Agent);
        var ines = await App.CreateUserAsync("ines@helpdesk.example", "Inês Agente", Roles.Agent);
        await App.AddStandardPolicyAsync();
        int number;
        await using (var scope = App.Services.CreateAsyncScope())
        {
            number = (await scope.ServiceProvider.GetRequiredService<TicketService>().OpenAsync(
                new NewTicketInput { RequesterEmail = "ana@acme.example", Subject = "VPN em baixo", Description = "Não liga.", NotifyRequester = false }, avery)).Number;
        }

        await using (var db = App.NewContext())
        {
            (await db.Agents.SingleAsync(x => x.Id == ines)).ChooseLanguage(Languages.Portuguese);
            await db.SaveChangesAsync();
        }

        Assertions.SetDefaultExpectTimeout(30_000);
        var browser = await LaunchBrowserAsync();
        var pt = await SignInAsync(browser, baseUrl, "ines@helpdesk.example", $"/tickets/{number}");
        var en = await SignInAsync(browser, baseUrl, "avery@helpdesk.example", $"/tickets/{number}");
        await Assertions.Expect(pt.Locator("#live-presence")).ToHaveTextAsync("Avery Agent está a ver este ticket.");
        await Assertions.Expect(en.Locator("#live-presence")).ToHaveTextAsync("Inês Agente is viewing this ticket.");

        // The buttons say what they will do in her words; the other agent's reply is told in them too.
        await pt.Locator("#Input_Body").FillAsync("Rascunho da Inês");
        await Assertions.Expect(pt.Locator("#submit-update")).ToHaveTextAsync("Enviar resposta");
        await Assertions.Expect(pt.Locator("#send-solve")).ToHaveTextAsync("Enviar e resolver");
        await en.Locator("#Input_Body").FillAsync("Restart the VPN client.");
        await en.Locator("#submit-update").ClickAsync();
        await en.WaitForURLAsync($"**/tickets/{number}");
        await Assertions.Expect(pt.Locator("#stale-warning")).ToContainTextAsync("Avery Agent respondeu, pôs o estado em Aberto e alterou o campo responsável depois de abrir este ticket.");
        await Assertions.Expect(pt.Locator("#ticket-status")).ToHaveTextAsync("Aberto");
        await AssertNoSeriousViolationsAsync(pt, "the ticket page in Portuguese");
        await Screenshot(pt, "ticket-pt");
        var phone = await SignInAsync(browser, baseUrl, "ines@helpdesk.example", "/tickets?assignee=anyone", 390);
        await Assertions.Expect(phone.Locator("#queue-heading")).ToContainTextAsync("Tickets");
        await Screenshot(phone, "queue-pt-phone");
    }

    [SkippableFact]
    public async Task AgentBSeesAgentAViewingAndTypingAndAsReplyArrivesWithAWarningBeforeBSends()
    {
        var baseUrl = StartServer();
        var avery = await App.CreateUserAsync("avery@helpdesk.example", "Avery Agent", Roles.Agent);
        await App.CreateUserAsync("blair@helpdesk.example", "Blair Agent", Roles.Agent);
        await App.AddStandardPolicyAsync();
        int number;
        await using (var scope = App.Services.CreateAsyncScope())
        {
            number = (await scope.ServiceProvider.GetRequiredService<TicketService>().OpenAsync(
                new NewTicketInput { RequesterEmail = "ana@acme.example", Subject = "VPN down", Description = "Cannot connect.", NotifyRequester = false }, avery)).Number;
        }

        Assertions.SetDefaultExpectTimeout(30_000);
        var browser = await LaunchBrowserAsync();
        var b = await SignInAsync(browser, baseUrl, "blair@helpdesk.example", $"/tickets/{number}");
        var queue = await SignInAsync(browser, baseUrl, "blair@helpdesk.example", "/tickets?assignee=anyone", 390);
        await Assertions.Expect(b.Locator("#live-presence")).ToBeHiddenAsync();

        var a = await SignInAsync(browser, baseUrl, "avery@helpdesk.example", $"/tickets/{number}");
        await Assertions.Expect(b.Locator("#live-presence")).ToHaveTextAsync("Avery Agent is viewing this ticket.");
        await Assertions.Expect(a.Locator("#live-presence")).ToHaveTextAsync("Blair Agent is viewing this ticket.");

        // B starts a reply of their own, then A types: B sees it.
        await b.Locator("#Input_Body").FillAsync("Blair's draft answer");
        await a.Locator("#Input_Body").PressSequentiallyAsync("We are on it");
        await Assertions.Expect(b.Locator("#live-presence")).ToHaveTextAsync("Avery Agent is typing a reply…");
        await AssertNoSeriousViolationsAsync(b, "the ticket page with someone typing");
        await Screenshot(b, "ticket-live-typing");

        // A sends: the reply shows on B's page without a reload, and B is warned.
        await a.Locator("#Input_Body").FillAsync("We are on it: restart the VPN client.");
        await a.Locator("#submit-update").ClickAsync();
        await a.WaitForURLAsync($"**/tickets/{number}");
        await Assertions.Expect(b.Locator("#conversation-list")).ToContainTextAsync("We are on it: restart the VPN client.");
        await Assertions.Expect(b.Locator("#stale-warning")).ToBeVisibleAsync();
        await Assertions.Expect(b.Locator("#stale-warning")).ToContainTextAsync("Avery Agent replied");
        Assert.Equal("Blair's draft answer", await b.Locator("#Input_Body").InputValueAsync());
        await Assertions.Expect(b.Locator("#ticket-status")).ToHaveTextAsync("Open");
        await Screenshot(b, "ticket-live-stale");

        // B's first press is held with the warning; the second reaches the server, which refuses the stale send and keeps the draft.
        await b.Locator("#submit-update").ClickAsync();
        await Assertions.Expect(b.Locator("[data-stale-confirm]")).ToBeVisibleAsync();
        Assert.EndsWith($"/tickets/{number}", b.Url, StringComparison.Ordinal);
        await b.Locator("#submit-update").ClickAsync();
        await Assertions.Expect(b.Locator("#conflict")).ToBeVisibleAsync();
        Assert.Equal("Blair's draft answer", await b.Locator("#Input_Body").InputValueAsync());
        await using (var db = App.NewContext())
        {
            Assert.Equal(0, await db.Messages.CountAsync(m => m.Body == "Blair's draft answer"));
        }

        // The queue on a phone brought the new status without a reload.
        await Assertions.Expect(queue.Locator("#queue tbody")).ToContainTextAsync("Open");
        Assert.True(await queue.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            "the queue scrolls sideways at 390 px: " + await queue.EvaluateAsync<string>(WidestElements));

        // A leaves: B's page stops showing them.
        await a.Context.CloseAsync();
        await Assertions.Expect(b.Locator("#live-presence")).ToBeHiddenAsync();
    }
}
