using System.Net;
using System.Text.RegularExpressions;
using Helpdesk.Core.Mail;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Helpdesk.Tests.Integration.Processes;

/// <summary>
/// Two web nodes behind one load balancer on one PostgreSQL database, each with its own data folder and one shared
/// folder for attachments: whatever one node signs (the sign-in cookie, a form's antiforgery token, a survey link) the
/// other opens, and a file uploaded to one downloads from the other.
/// </summary>
public sealed partial class ScaleOutTests
{
    [SkippableFact]
    public async Task WhatOneNodeSignsOrStoresTheOtherOpens()
    {
        await using var database = await (await TestDatabase.PostgresAsync()).MigrateAsync();
        var root = Path.Combine(Path.GetTempPath(), "helpdesk-scale-out", Guid.NewGuid().ToString("N"));
        Dictionary<string, string> Node(string name) => new()
        {
            ["Jobs:Enabled"] = "false",
            ["Storage:DataPath"] = Path.Combine(root, name),
            ["Storage:SharedPath"] = Path.Combine(root, "shared"),
        };

        var created = await AppProcess.RunVerbAsync(database, Node("a"), [], "create-admin", "--email", "avery@helpdesk.example", "--password", "Sturdy-password-7");
        Assert.True(created.ExitCode == 0, created.Output);
        await using var nodeA = await AppProcess.StartAsync(database, Node("a"));
        await using var nodeB = await AppProcess.StartAsync(database, Node("b"));

        // One browser: cookies are per host, not per port, so both nodes see the same cookies, as behind a load balancer.
        var cookies = new CookieContainer();
        HttpClient Client(AppProcess node) => new(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = node.Url };
        using var clientA = Client(nodeA);
        using var clientB = Client(nodeB);
        var a = new WebSession(clientA);
        var b = new WebSession(clientB);

        // Signed in on A; B reads the sign-in cookie A issued.
        await a.LoginAsync("avery@helpdesk.example", "Sturdy-password-7");
        var queue = await b.GetAsync("/tickets?assignee=anyone&status=unsolved");
        Assert.True(queue.StatusCode == HttpStatusCode.OK, $"B answered {queue.StatusCode} {queue.Headers.Location}\nA:\n{nodeA.Output}\nB:\n{nodeB.Output}");

        // A's form, with A's antiforgery token, posted to B with a file.
        var page = await a.GetPageAsync("/tickets/new");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(WebUtility.HtmlDecode(Token().Match(page).Groups[1].Value)), "__RequestVerificationToken" },
            { new StringContent("ana@acme.example"), "Input.RequesterEmail" },
            { new StringContent("Ana Almeida"), "Input.RequesterName" },
            { new StringContent("Scanner shows an error"), "Input.Subject" },
            { new StringContent("The log is attached."), "Input.Description" },
            { new StringContent("Normal"), "Input.Priority" },
            { new StringContent("Phone"), "Input.Channel" },
            { new ByteArrayContent("E42 at line 7"u8.ToArray()), "files", "scanner.log" },
        };
        var posted = await clientB.PostAsync("/tickets/new", form);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var number = int.Parse(Number().Match(posted.Headers.Location!.OriginalString).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        // Uploaded to B, downloaded from A.
        var link = Attachment().Match(await a.GetPageAsync($"/tickets/{number}"));
        Assert.True(link.Success, "the ticket page links its attachment");
        var download = await a.GetAsync(WebUtility.HtmlDecode(link.Groups[1].Value));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("E42 at line 7", await download.Content.ReadAsStringAsync());

        // Solved on A, which signs the survey links of the email it queues; B opens them.
        int version;
        await using (var db = database.NewContext())
        {
            version = await db.Tickets.Where(t => t.Number == number).Select(t => t.Version).SingleAsync();
        }

        var solved = await a.PostFormAsync($"/tickets/{number}", $"/tickets/{number}",
        [
            new("Input.Version", version.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("Input.Body", "Cleaned the sensor."),
            new("Input.Visibility", "Public"), new("Input.Status", "Solved"), new("Input.Priority", "Normal"), new("Input.AssigneeId", string.Empty), new("Input.Tags", string.Empty),
        ]);
        Assert.Equal(HttpStatusCode.Redirect, solved.StatusCode);
        string body;
        await using (var db = database.NewContext())
        {
            body = await db.Outbox.Where(m => m.TicketNumber == number && m.Kind == OutboxKind.Survey).Select(m => m.Body).SingleAsync();
        }

        var survey = Survey().Match(body);
        Assert.True(survey.Success, $"no survey link in: {body}");
        var opened = await new HttpClient { BaseAddress = nodeB.Url }.GetAsync(new Uri(survey.Groups[1].Value).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.Contains("Scanner shows an error", await opened.Content.ReadAsStringAsync());

        // The key ring is in the database, not in either node's folder.
        await using (var db = database.NewContext())
        {
            Assert.NotEmpty(await db.DataProtectionKeys.ToListAsync());
        }

        Assert.False(Directory.Exists(Path.Combine(root, "a", "keys")) || Directory.Exists(Path.Combine(root, "b", "keys")));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex(@"/tickets/(\d+)")]
    private static partial Regex Number();

    [GeneratedRegex("href=\"(/tickets/\\d+/attachments/\\d+)\"")]
    private static partial Regex Attachment();

    [GeneratedRegex(@"(http\S+/satisfaction\?t=\S+&r=good)\s")]
    private static partial Regex Survey();
}
