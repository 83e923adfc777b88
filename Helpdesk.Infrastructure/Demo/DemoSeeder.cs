using System.Security.Cryptography;
using System.Text.Json;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Sla;
using Helpdesk.Core.Validation;
using Helpdesk.Infrastructure.Data;
using Helpdesk.Infrastructure.Identity;
using Microsoft.EntityFrameworkCore;

namespace Helpdesk.Infrastructure.Demo;

/// <summary>
/// A realistic demo data set for a first look: staff, organizations, customers and a few hundred tickets
/// with conversations and audit trails, made through the domain methods so every rule holds.
/// Passwords are random per database and kept in the data folder (never in the repository).
/// </summary>
public sealed class DemoSeeder(HelpdeskDbContext db, AccountService accounts, DatabaseSettings settings, TimeProvider time)
{
    public const int TicketCount = 300;

    private static readonly (string Name, string Domain)[] OrganizationSeeds =
    [
        ("Acme Logistics", "acme-logistics.example"), ("Birchwood Dental", "birchwood.example"),
        ("Cobalt Analytics", "cobalt.example"), ("Delta Hotels Group", "deltahotels.example"),
        ("Evergreen Schools", "evergreen.example"), ("Fjord Shipping", "fjord.example"),
        ("Granite Insurance", "granite.example"), ("Harbor City Council", "harborcity.example"),
    ];

    private static readonly string[] FirstNames =
        ["Ana", "Ben", "Chloé", "Dmitri", "Elif", "Farah", "Gustavo", "Hana", "Ivan", "Julia", "Kofi", "Lena", "Mateo", "Nora", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tomás", "Uma", "Viktor", "Wen", "Yusuf", "Zoe"];

    private static readonly string[] LastNames =
        ["Almeida", "Brandt", "Costa", "Dubois", "Eriksen", "Fischer", "García", "Haddad", "Ito", "Jensen", "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov", "Rossi", "Schmidt", "Tanaka", "Varga"];

    private static readonly (string Subject, string Body, string Category)[] Requests =
    [
        ("Cannot log in after password reset", "Hi, I reset my password this morning but the login page keeps saying the password is wrong. Can you help?", "Account"),
        ("Invoice shows the wrong VAT number", "Our latest invoice lists an old VAT number. Please correct it and send a new copy.", "Billing"),
        ("Export to CSV times out", "When I export last month's orders to CSV the page spins and then fails after a minute.", "Bug"),
        ("How do I add a second administrator?", "We want a colleague to manage users too. Where do I set that up?", "How-to"),
        ("Dashboard not loading since this morning", "The dashboard shows a blank page for everyone in our office since about 08:30.", "Outage"),
        ("Charged twice for the annual plan", "Our card was charged twice on the renewal date. Please refund the duplicate payment.", "Billing"),
        ("Email notifications stopped arriving", "None of us get notification emails anymore. Spam folders are empty too.", "Bug"),
        ("Request to close our account", "We are moving to another provider and would like to close our account at the end of the month.", "Account"),
        ("API returns 500 on the orders endpoint", "Calls to the orders endpoint fail with status 500 for about a third of requests.", "Bug"),
        ("Change the billing contact", "Please send invoices to our new accounts payable address from now on.", "Billing"),
        ("Mobile app crashes on start", "The app closes immediately after the splash screen on two of our phones.", "Bug"),
        ("Where can I download last year's invoices?", "Our auditor needs all invoices for last year. Is there a bulk download?", "How-to"),
        ("Two-factor codes not accepted", "The codes from my authenticator app are rejected every time.", "Account"),
        ("Slow search results", "Searching customers takes 20 seconds or more since the last update.", "Bug"),
        ("Upgrade to the business plan", "We would like to upgrade and need a quote for 40 seats.", "Billing"),
        ("Reports show yesterday's data only", "The reports page is not showing today's numbers, only yesterday's.", "Bug"),
    ];

    private static readonly string[] AgentReplies =
    [
        "Thanks for reaching out. I'm looking into this now and will update you shortly.",
        "Could you send a screenshot of the error and the time it happened? That will help us trace it.",
        "We found the cause and deployed a fix. Could you check whether it works for you now?",
        "I've corrected this on our side; you should see the change within a few minutes.",
        "I've passed this to our second-line team, who will get back to you today.",
    ];

    private static readonly string[] CustomerReplies =
    [
        "Thanks, here is the screenshot you asked for.",
        "It still happens, unfortunately. Same error as before.",
        "That fixed it, thank you!",
        "Any news on this? It is blocking our team.",
    ];

    private static readonly string[] Notes =
    [
        "Reproduced on staging. Looks related to last week's release.",
        "Customer is on the legacy plan; check the contract before refunding.",
        "Escalating to second line; logs attached to the internal tracker.",
    ];

    private string LoginsFile => Path.Combine(settings.DataPath, "demo-logins.json");

    /// <summary>The demo logins made for this database earlier, if any.</summary>
    public IReadOnlyList<DemoLogin> SavedLogins() =>
        File.Exists(LoginsFile) ? JsonSerializer.Deserialize<List<DemoLogin>>(File.ReadAllText(LoginsFile)) ?? [] : [];

    /// <summary>Seeds only an empty database; returns the logins to print (the saved ones if already seeded).</summary>
    public async Task<IReadOnlyList<DemoLogin>> SeedIfEmptyAsync(CancellationToken ct = default)
    {
        if (await db.Tickets.AnyAsync(ct) || await db.Agents.AnyAsync(ct))
        {
            return SavedLogins();
        }

        var random = new Random(20261122);
        var now = time.GetUtcNow();
        var logins = new List<DemoLogin>();

        var groups = new[] { new Group("First line"), new Group("Billing"), new Group("Second line") };
        db.Groups.AddRange(groups);
        var categories = new[] { "Account", "Billing", "Bug", "How-to", "Outage" }.ToDictionary(n => n, n => new Category(n));
        db.Categories.AddRange(categories.Values);
        await db.SaveChangesAsync(ct);

        var staff = new (string Email, string Name, string[] Roles, int Group)[]
        {
            ("admin@demo.helpdesk.test", "Alex Admin", [Roles.Admin, Roles.Supervisor, Roles.Agent], 0),
            ("supervisor@demo.helpdesk.test", "Sam Supervisor", [Roles.Supervisor, Roles.Agent], 0),
            ("agent@demo.helpdesk.test", "Avery Agent", [Roles.Agent], 0),
            ("billing@demo.helpdesk.test", "Blair Billing", [Roles.Agent], 1),
            ("expert@demo.helpdesk.test", "Eli Expert", [Roles.Agent], 2),
        };
        foreach (var person in staff)
        {
            var password = NewPassword();
            var result = await accounts.CreateAsync(new NewUserInput
            {
                Email = person.Email,
                DisplayName = person.Name,
                Password = password,
                Roles = [.. person.Roles],
                GroupId = groups[person.Group].Id,
            }, ct);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Value)));
            }

            logins.Add(new DemoLogin(person.Email, password, string.Join(", ", person.Roles)));
        }

        var (policies, calendars) = await SeedSlaAsync(now, ct);
        var agents = await db.Agents.OrderBy(a => a.Email).ToListAsync(ct);
        var organizations = OrganizationSeeds.Select(o => new Organization(o.Name, o.Domain, null, now.AddDays(-120))).ToList();
        db.Organizations.AddRange(organizations);
        await db.SaveChangesAsync(ct);

        var customers = new List<Customer>();
        for (var i = 0; i < 60; i++)
        {
            var first = FirstNames[i % FirstNames.Length];
            var last = LastNames[(i * 7) % LastNames.Length];
            var organization = i % 6 == 5 ? null : organizations[i % organizations.Count];
            var domain = organization?.Domains.First().Domain ?? "mail.example";
            var email = new EmailAddress($"{first}.{last}{i}@{domain}".ToLowerInvariant().Normalize(System.Text.NormalizationForm.FormD)
                .Where(c => c < 128).Aggregate(string.Empty, (s, c) => s + c));
            customers.Add(new Customer(email, $"{first} {last}", organization, now.AddDays(-100)));
        }

        db.Customers.AddRange(customers);
        await db.SaveChangesAsync(ct);

        for (var i = 0; i < TicketCount; i++)
        {
            db.Tickets.Add(MakeTicket(random, now, customers, agents, groups, categories, policies, calendars));
            if (i % 50 == 49)
            {
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
                agents = await db.Agents.OrderBy(a => a.Email).ToListAsync(ct);
                customers = await db.Customers.Include(c => c.Organization).ToListAsync(ct);
                groups = await db.Groups.OrderBy(g => g.Id).ToArrayAsync(ct);
                categories = await db.Categories.ToDictionaryAsync(c => c.Name, ct);
            }
        }

        await db.SaveChangesAsync(ct);
        Directory.CreateDirectory(settings.DataPath);
        await File.WriteAllTextAsync(LoginsFile, JsonSerializer.Serialize(logins), ct);
        return logins;
    }

    /// <summary>Two calendars and two policies: urgent tickets around the clock, everything else in office hours.</summary>
    private async Task<(List<SlaPolicy> Policies, Dictionary<int, BusinessCalendar> Calendars)> SeedSlaAsync(DateTimeOffset now, CancellationToken ct)
    {
        var office = CalendarDefinition.Parse("""
            {"name":"Office hours","timeZone":"Europe/Lisbon",
             "week":{"monday":[["08:00","18:00"]],"tuesday":[["08:00","18:00"]],"wednesday":[["08:00","18:00"]],
                     "thursday":[["08:00","18:00"]],"friday":[["08:00","18:00"]],"saturday":[],"sunday":[]},
             "holidays":[{"date":"2026-12-25"},{"date":"2026-12-24","open":[["08:00","13:00"]]},{"date":"2027-01-01"}]}
            """).Calendar!;
        var officeCalendar = new SlaCalendar(office, now);
        var always = new SlaCalendar(CalendarDefinition.TwentyFourSeven("Around the clock", "Europe/Lisbon"), now);
        db.SlaCalendars.AddRange(officeCalendar, always);
        await db.SaveChangesAsync(ct);

        var urgent = new SlaPolicy("Urgent around the clock", always.Id, 1);
        urgent.Update(urgent.Name, always.Id, true, [TicketPriority.Urgent], [], [], [], [TicketStatus.Pending, TicketStatus.OnHold], [75, 90],
            [(SlaMetric.FirstResponse, TicketPriority.Urgent, 60), (SlaMetric.NextResponse, TicketPriority.Urgent, 120), (SlaMetric.Resolution, TicketPriority.Urgent, 8 * 60)], now);
        var standard = new SlaPolicy("Standard", officeCalendar.Id, 2);
        var targets = new List<(SlaMetric, TicketPriority, int)>();
        foreach (var (priority, first, resolve) in new[] { (TicketPriority.Low, 16 * 60, 80 * 60), (TicketPriority.Normal, 8 * 60, 40 * 60), (TicketPriority.High, 4 * 60, 16 * 60), (TicketPriority.Urgent, 60, 8 * 60) })
        {
            targets.Add((SlaMetric.FirstResponse, priority, first));
            targets.Add((SlaMetric.NextResponse, priority, first));
            targets.Add((SlaMetric.Resolution, priority, resolve));
        }

        standard.Update(standard.Name, officeCalendar.Id, true, [], [], [], [], [TicketStatus.Pending, TicketStatus.OnHold], [75, 90], targets, now);
        db.SlaPolicies.AddRange(urgent, standard);
        await db.SaveChangesAsync(ct);
        return ([urgent, standard], new Dictionary<int, BusinessCalendar> { [officeCalendar.Id] = officeCalendar.Compiled, [always.Id] = always.Compiled });
    }

    private static Ticket MakeTicket(
        Random random, DateTimeOffset now, List<Customer> customers, List<Agent> agents, Group[] groups, Dictionary<string, Category> categories,
        List<SlaPolicy> policies, Dictionary<int, BusinessCalendar> calendars)
    {
        var ticket = MakeTicketSteps(random, now, customers, agents, groups, categories, (t, at, cause) =>
            SlaEngine.Apply(t, SlaEngine.PolicyFor(t, policies), id => calendars[id], at, cause));
        SlaEngine.Apply(ticket, SlaEngine.PolicyFor(ticket, policies), id => calendars[id], now, "demo data loaded");
        return ticket;
    }

    private static Ticket MakeTicketSteps(
        Random random, DateTimeOffset now, List<Customer> customers, List<Agent> agents, Group[] groups, Dictionary<string, Category> categories,
        Action<Ticket, DateTimeOffset, string> sla)
    {
        var request = Requests[random.Next(Requests.Length)];
        var customer = customers[random.Next(customers.Count)];
        // Where the ticket got to: weights for New, Open, Pending, On hold, Solved, Closed. Work in progress is recent.
        var target = (TicketStatus)Weighted(random, [12, 30, 14, 5, 24, 15]);
        var at = now.AddMinutes(-random.Next(10, (target is TicketStatus.New or TicketStatus.Open ? 4 : 21) * 24 * 60));
        var priority = (TicketPriority)Weighted(random, [15, 55, 22, 8]);
        var channel = random.Next(4) == 0 ? TicketChannel.Phone : TicketChannel.Email;
        var system = Actor.System;
        var ticket = Ticket.Open(request.Subject, customer, request.Body, channel, priority, system, at);
        ticket.ChangeCategory(categories[request.Category], system, at);
        ticket.ChangeGroup(request.Category == "Billing" ? groups[1] : request.Category == "Bug" && random.Next(2) == 0 ? groups[2] : groups[0], system, at);
        sla(ticket, at, "ticket created");

        if (target == TicketStatus.New)
        {
            if (random.Next(3) == 0)
            {
                ticket.Assign(agents[random.Next(agents.Count)], system, at.AddMinutes(2));
            }

            return ticket;
        }

        var agent = agents[random.Next(agents.Count)];
        var step = Math.Max(1, (int)(now - at).TotalMinutes / 8);
        at = at.AddMinutes(random.Next(1, step));
        ticket.Assign(agent, Actor.ForAgent(agent), at);
        ticket.AddAgentReply(agent, AgentReplies[random.Next(AgentReplies.Length)], at);
        sla(ticket, at, "public reply");
        var rounds = random.Next(0, 3);
        for (var r = 0; r < rounds; r++)
        {
            at = at.AddMinutes(random.Next(1, step));
            ticket.AddCustomerMessage(customer, CustomerReplies[random.Next(CustomerReplies.Length)], at);
            sla(ticket, at, "customer message");
            if (random.Next(3) == 0)
            {
                at = at.AddMinutes(random.Next(1, 30));
                ticket.AddInternalNote(agent, Notes[random.Next(Notes.Length)], at);
            }

            at = at.AddMinutes(random.Next(1, step));
            ticket.AddAgentReply(agent, AgentReplies[random.Next(AgentReplies.Length)], at);
            sla(ticket, at, "public reply");
        }

        if (random.Next(5) == 0)
        {
            ticket.SetTags([random.Next(2) == 0 ? "vip" : "follow-up"], Actor.ForAgent(agent), at);
        }

        at = at.AddMinutes(random.Next(1, step));
        switch (target)
        {
            case TicketStatus.Pending or TicketStatus.OnHold or TicketStatus.Solved:
                ticket.ChangeStatus(target, Actor.ForAgent(agent), at);
                sla(ticket, at, $"status → {target.Label()}");
                break;
            case TicketStatus.Closed:
                ticket.ChangeStatus(TicketStatus.Solved, Actor.ForAgent(agent), at);
                sla(ticket, at, "status → Solved");
                ticket.ChangeStatus(TicketStatus.Closed, system, at.AddMinutes(random.Next(1, step)));
                break;
        }

        // Two of three solved tickets' surveys are answered, mostly good (the demo sends no mail: it is history).
        if (ticket.SolvedAt is { } solved && ticket.OfferSurvey(solved) && random.Next(3) != 0)
        {
            var bad = random.Next(5) == 0;
            ticket.Rate(bad ? SatisfactionRating.Bad : SatisfactionRating.Good, random.Next(3) == 0 ? (bad ? "It took too long." : "Quick and friendly, thanks!") : null,
                solved.AddMinutes(random.Next(5, 240)));
        }

        return ticket;
    }

    private static int Weighted(Random random, int[] weights)
    {
        var roll = random.Next(weights.Sum());
        for (var i = 0; i < weights.Length; i++)
        {
            roll -= weights[i];
            if (roll < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }

    private static string NewPassword() =>
        "Demo-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant() + "X9";
}

public sealed record DemoLogin(string Email, string Password, string Roles);
