using System.Net;
using System.Text.RegularExpressions;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Services;
using Helpdesk.Core.Validation;
using Helpdesk.Tests.Support;
using Helpdesk.Web.Links;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Tests.Web;

/// <summary>The satisfaction survey from the customer's side: the email on solve, and its signed link without a login.</summary>
public sealed partial class SatisfactionWebTests : IAsyncLifetime
{
    private readonly HelpdeskFactory _app = new();
    private string _agent = string.Empty;

    public async Task InitializeAsync()
    {
        _agent = await _app.CreateUserAsync("avery@helpdesk.example", "Avery Agent", Roles.Agent);
        await _app.AddStandardPolicyAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<int> OpenAsync(string email = "rita@acme.example")
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<TicketService>()
            .OpenAsync(new NewTicketInput { RequesterEmail = email, RequesterName = "Rita Requester", Subject = "Printer jams", Description = "Every page" }, _agent)).Number;
    }

    private async Task SetStatusAsync(int number, TicketStatus status, string? reply = null)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var ticket = (await scope.ServiceProvider.GetRequiredService<IHelpdeskStore>().FindTicketAsync(number))!;
        await scope.ServiceProvider.GetRequiredService<TicketService>().UpdateAsync(number, new TicketUpdateInput
        {
            Version = ticket.Version, Body = reply, Visibility = MessageVisibility.Public, Status = status, Priority = ticket.Priority,
        }, _agent);
    }

    private async Task<List<OutboxMessage>> SurveysAsync(int number)
    {
        await using var db = _app.NewContext();
        return await db.Outbox.Where(m => m.Kind == OutboxKind.Survey && m.TicketNumber == number).ToListAsync();
    }

    private async Task<Ticket> TicketAsync(int number)
    {
        await using var db = _app.NewContext();
        return await db.Tickets.Include(t => t.AuditTrail).SingleAsync(t => t.Number == number);
    }

    /// <summary>A ticket opened and solved, and the good link of its one survey.</summary>
    private async Task<(int Number, string Link)> SolvedWithSurveyAsync()
    {
        var number = await OpenAsync();
        await SetStatusAsync(number, TicketStatus.Solved, "Fixed.");
        return (number, Link(Assert.Single(await SurveysAsync(number)), "good"));
    }

    /// <summary>The path and query of the good or bad link in the survey email.</summary>
    private static string Link(OutboxMessage survey, string rating)
    {
        var match = Regex.Match(survey.Body, $@"(http\S+/satisfaction\?t=\S+&r={rating})\s");
        Assert.True(match.Success, $"no {rating} link in: {survey.Body}");
        return new Uri(match.Groups[1].Value).PathAndQuery;
    }

    private static string Token(string link) => Uri.UnescapeDataString(TokenPattern().Match(link).Groups[1].Value);

    /// <summary>An answer posted like the page's form, with an antiforgery token from a page that has one.</summary>
    private static Task<HttpResponseMessage> AnswerAsync(WebSession session, string formPage, string token, string rating, string comment = "") =>
        session.PostFormAsync(formPage, "/satisfaction", [new("Input.T", token), new("Input.Rating", rating), new("Input.Comment", comment)]);

    [Fact]
    public async Task SolvingEmailsOneSurveyToTheRequesterThreadedAfterTheReplyThatSolvedIt()
    {
        var number = await OpenAsync();
        Assert.Empty(await SurveysAsync(number));
        _app.Clock.Advance(TimeSpan.FromMinutes(30));

        await SetStatusAsync(number, TicketStatus.Solved, "Cleaned the rollers.");

        var survey = Assert.Single(await SurveysAsync(number));
        Assert.Equal("rita@acme.example", survey.To);
        Assert.Equal($"[#{number}] How did we do? Printer jams", survey.Subject);
        Assert.Equal($"<ticket-{number}@helpdesk.localhost>", survey.InReplyTo);
        Assert.True(survey.Automatic);
        Assert.Equal(_app.Clock.GetUtcNow(), (await TicketAsync(number)).SurveySentAt);
        await using var db = _app.NewContext();
        Assert.Equal(OutboxKind.Reply, (await db.Outbox.Where(m => m.TicketNumber == number).OrderBy(m => m.Id).FirstAsync()).Kind);
    }

    [Fact]
    public async Task OpeningTheLinkShowsTheChosenRatingAndRecordsNothing()
    {
        var (number, good) = await SolvedWithSurveyAsync();

        // As a mail scanner would.
        var page = await _app.Session().GetPageAsync(good);

        Assert.Contains("Printer jams", page);
        Assert.Matches("<input[^>]*id=\"rating-good\"[^>]*checked=\"checked\"|<input[^>]*checked=\"checked\"[^>]*id=\"rating-good\"", page);
        Assert.Null((await TicketAsync(number)).Satisfaction);
    }

    [Fact]
    public async Task TheButtonRecordsTheAnswerWithoutALoginAndAuditsItUnderTheCustomersName()
    {
        var (number, good) = await SolvedWithSurveyAsync();
        _app.Clock.Advance(TimeSpan.FromHours(2));

        // The customer changed their mind on the page and left a comment.
        var answered = await AnswerAsync(_app.Session(), good, Token(good), "Bad", "It jammed again an hour later.");

        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Contains($"You rated ticket #{number}", await answered.Content.ReadAsStringAsync());
        var ticket = await TicketAsync(number);
        Assert.Equal((SatisfactionRating.Bad, "It jammed again an hour later.", _app.Clock.GetUtcNow()), (ticket.Satisfaction, ticket.SatisfactionComment, ticket.SatisfactionAt));
        var audit = Assert.Single(ticket.AuditTrail, a => a.Field == "Satisfaction");
        Assert.Equal(("Rita Requester", "Bad: It jammed again an hour later."), (audit.ActorName, audit.NewValue));
    }

    [Fact]
    public async Task OnceAnsweredBothLinksAreRefusedToAnyoneAndChangeNothing()
    {
        var number = await OpenAsync();
        await SetStatusAsync(number, TicketStatus.Solved, "Fixed.");
        var survey = Assert.Single(await SurveysAsync(number));
        var (good, bad) = (Link(survey, "good"), Link(survey, "bad"));
        await AnswerAsync(_app.Session(), good, Token(good), "Bad", "It jammed again.");

        foreach (var link in new[] { good, bad })
        {
            var again = await _app.Session().GetAsync(link);
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
            Assert.Contains("has been rated already", await again.Content.ReadAsStringAsync());
        }

        Assert.Equal(HttpStatusCode.Conflict, (await AnswerAsync(_app.Session(), "/login", Token(good), "Good", "Changed my mind")).StatusCode);
        var ticket = await TicketAsync(number);
        Assert.Equal((SatisfactionRating.Bad, "It jammed again."), (ticket.Satisfaction, ticket.SatisfactionComment));
    }

    [Theory]
    [InlineData("flipped")]
    [InlineData("opt-out")]
    [InlineData("empty")]
    [InlineData("number")]
    public async Task ATamperedOrForeignTokenIsNotValid(string kind)
    {
        var (number, good) = await SolvedWithSurveyAsync();
        var token = Token(good);
        var forged = kind switch
        {
            "flipped" => string.Concat(token.AsSpan(0, 20), token[20] == 'A' ? "B" : "A", token.AsSpan(21)),
            // Signed by the app, for another purpose, naming the same number.
            "opt-out" => Token(_app.Services.GetRequiredService<NoticeLinks>().OptOut(number)),
            "empty" => "",
            _ => number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

        var opened = await _app.Session().GetAsync($"/satisfaction?t={Uri.EscapeDataString(forged)}&r=good");
        var posted = await AnswerAsync(_app.Session(), "/login", forged, "Good");

        Assert.Equal(HttpStatusCode.BadRequest, opened.StatusCode);
        Assert.Contains("This link is not valid", await opened.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        Assert.Null((await TicketAsync(number)).Satisfaction);
    }

    [Fact]
    public async Task AnAnswerWithoutTheAntiforgeryTokenIsRefused()
    {
        var (number, good) = await SolvedWithSurveyAsync();

        var bare = await _app.Session().Client.PostAsync("/satisfaction", new FormUrlEncodedContent([new("Input.T", Token(good)), new("Input.Rating", "Good")]));

        Assert.Equal(HttpStatusCode.BadRequest, bare.StatusCode);
        Assert.Null((await TicketAsync(number)).Satisfaction);
    }

    [Fact]
    public async Task TheAgentSeesTheRatingAndTheCommentOnTheTicket()
    {
        var (number, good) = await SolvedWithSurveyAsync();
        await AnswerAsync(_app.Session(), good, Token(good), "Bad", "It jammed again an hour later.");

        var agent = _app.Session();
        await agent.LoginAsync("avery@helpdesk.example");
        var ticketPage = await agent.GetPageAsync($"/tickets/{number}");

        Assert.Contains("id=\"satisfaction-rating\">Bad</span>", ticketPage);
        Assert.Contains("It jammed again an hour later.", ticketPage);
    }

    [Fact]
    public async Task ASecondSolveSendsNoSecondSurveyAndTheLinkClosesAfterItsDays()
    {
        var number = await OpenAsync();
        await SetStatusAsync(number, TicketStatus.Solved, "Fixed.");
        await SetStatusAsync(number, TicketStatus.Open, "Reopening: one more thing.");
        await SetStatusAsync(number, TicketStatus.Solved);
        await SetStatusAsync(number, TicketStatus.Closed);
        var survey = Assert.Single(await SurveysAsync(number));

        // A closed ticket can still be rated while the link lasts (30 days by default); not after.
        var link = Link(survey, "good");
        _app.Clock.Advance(TimeSpan.FromDays(30) - TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await _app.Session().GetAsync(link)).StatusCode);
        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        var expired = await _app.Session().GetAsync(link);
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Contains("has closed", await expired.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Gone, (await AnswerAsync(_app.Session(), "/login", Token(link), "Good")).StatusCode);
        Assert.Null((await TicketAsync(number)).Satisfaction);
    }

    [Fact]
    public async Task AnAnswerWithoutARatingOrWithAnOverlongCommentIsAFieldErrorAndRecordsNothing()
    {
        var (number, link) = await SolvedWithSurveyAsync();
        var customer = _app.Session();

        var none = await AnswerAsync(customer, link, Token(link), "", "No rating chosen");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, none.StatusCode);
        var page = await none.Content.ReadAsStringAsync();
        Assert.Contains("Choose good or bad.", page);
        Assert.Contains("No rating chosen", page); // the comment is kept

        var tooLong = await AnswerAsync(customer, link, Token(link), "Good", new string('x', Limits.SatisfactionCommentLength + 1));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLong.StatusCode);
        Assert.Contains("Keep the comment under 2,000 characters.", await tooLong.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await AnswerAsync(customer, link, Token(link), "7")).StatusCode);
        Assert.Null((await TicketAsync(number)).Satisfaction);
    }

    [Fact]
    public async Task TwoAnswersAtOnceRecordExactlyOne()
    {
        var (number, link) = await SolvedWithSurveyAsync();
        var (one, two) = (_app.Session(), _app.Session());
        var responses = await Task.WhenAll(AnswerAsync(one, "/login", Token(link), "Good"), AnswerAsync(two, "/login", Token(link), "Bad"));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
        var winner = responses[0].StatusCode == HttpStatusCode.OK ? SatisfactionRating.Good : SatisfactionRating.Bad;
        var ticket = await TicketAsync(number);
        Assert.Equal(winner, ticket.Satisfaction);
        Assert.Single(ticket.AuditTrail, a => a.Field == "Satisfaction");
    }

    [Fact]
    public async Task AnAnswerLoadedBeforeAnotherWasSavedIsRefusedByTheDatabase()
    {
        var number = await OpenAsync();
        await SetStatusAsync(number, TicketStatus.Solved, "Fixed.");

        // The late one read the ticket while it was still unanswered, then the first answer was committed.
        await using var late = _app.Services.CreateAsyncScope();
        var store = late.ServiceProvider.GetRequiredService<IHelpdeskStore>();
        var stale = (await store.FindTicketAsync(number))!;
        await using (var first = _app.Services.CreateAsyncScope())
        {
            await first.ServiceProvider.GetRequiredService<SatisfactionService>().RateAsync(number, SatisfactionRating.Good, null);
        }

        var seen = stale.Version;
        stale.Rate(SatisfactionRating.Bad, "Late", _app.Clock.GetUtcNow());
        store.ExpectVersion(stale, seen);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => late.ServiceProvider.GetRequiredService<TicketSaver>().SaveAsync(_app.Clock.GetUtcNow(), "late answer"));

        // Looked at again, it is answered, and the service refuses a second answer outright.
        await using var again = _app.Services.CreateAsyncScope();
        var refused = await Assert.ThrowsAsync<SurveyClosedException>(() =>
            again.ServiceProvider.GetRequiredService<SatisfactionService>().RateAsync(number, SatisfactionRating.Bad, "Late"));
        Assert.Equal((SurveyState.Answered, SatisfactionRating.Good), (refused.Survey.State, refused.Survey.Rating));
        Assert.Equal(SatisfactionRating.Good, (await TicketAsync(number)).Satisfaction);
    }

    [Fact]
    public async Task WithSurveysTurnedOffSolvingSendsNone()
    {
        await using var app = new HelpdeskFactory(TestDatabase.Sqlite(), ownsDatabase: true, new Dictionary<string, string> { ["Satisfaction:Enabled"] = "false" });
        var agent = await app.CreateUserAsync("avery@helpdesk.example", "Avery Agent", Roles.Agent);
        await using var scope = app.Services.CreateAsyncScope();
        var tickets = scope.ServiceProvider.GetRequiredService<TicketService>();
        var ticket = await tickets.OpenAsync(new NewTicketInput { RequesterEmail = "rita@acme.example", Subject = "Printer jams", Description = "Every page" }, agent);
        await tickets.UpdateAsync(ticket.Number, new TicketUpdateInput { Version = ticket.Version, Body = "Fixed.", Status = TicketStatus.Solved, Priority = ticket.Priority }, agent);

        await using var db = app.NewContext();
        Assert.False(await db.Outbox.AnyAsync(m => m.Kind == OutboxKind.Survey));
        Assert.Null((await db.Tickets.SingleAsync()).SurveySentAt);
    }

    [GeneratedRegex(@"[?&]t=([^&]+)")]
    private static partial Regex TokenPattern();
}
