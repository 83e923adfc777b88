using Helpdesk.Core.Domain;
using Helpdesk.Core.Macros;
using Helpdesk.Core.Mail;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Services;
using Helpdesk.Core.Sla;
using Helpdesk.Core.Validation;
using NodaTime;

namespace Helpdesk.Core.Automations;

/// <summary>What one run of the automations did.</summary>
public sealed record AutomationOutcome(int Applied, int NotYet, int ElsewhereOrChanged, IReadOnlyList<string> Failures);

/// <summary>
/// Runs the active automations (decision 020): for each, the tickets whose event is old enough by the clock are read on
/// an index (at most <see cref="Batch"/> a run, oldest first); those whose business hours are not yet enough are left
/// for a later run; each of the others gets the actions in its own unit of work, with its run recorded under a key that
/// refuses a second copy, so it happens once per ticket and event even with several nodes running at once. The work of
/// rendering happens before the commit, never inside a transaction.
/// </summary>
public sealed class AutomationService(
    IAutomationStore automations, IHelpdeskStore store, ISlaStore sla, TicketSaver saver, MailComposer mail, MacroService placeholders, TimeProvider time,
    DefaultLanguage? languages = null)
{
    public const int Batch = 500;

    public async Task<AutomationOutcome> RunAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var all = (await automations.AllAsync(ct)).Where(a => a.IsActive).ToList();
        if (all.Count == 0)
        {
            return new AutomationOutcome(0, 0, 0, []);
        }

        var setup = await sla.SetupAsync(ct);
        int applied = 0, notYet = 0, skipped = 0;
        var failures = new List<string>();
        foreach (var automation in all)
        {
            // Business hours are never more than the clock's: the clock's cutoff finds every ticket that can be due.
            var candidates = await automations.CandidatesAsync(automation, now.AddHours(-automation.Hours), Batch, ct);
            var calendar = automation.CalendarId is int id && setup.Calendars.TryGetValue(id, out var c) ? c : null;
            foreach (var (number, eventAt) in candidates)
            {
                if (!Due(automation, calendar, eventAt, now))
                {
                    notYet++;
                    continue;
                }

                try
                {
                    if (await ApplyAsync(automation, number, eventAt, now, ct))
                    {
                        applied++;
                    }
                    else
                    {
                        skipped++;
                    }
                }
                catch (DomainException ex)
                {
                    // A template that no longer renders, a status the ticket cannot take: reported, the others go on.
                    failures.Add($"{automation.Name} on #{number}: {ex.Message}");
                }
                finally
                {
                    store.Forget();
                }
            }
        }

        return new AutomationOutcome(applied, notYet, skipped, failures);
    }

    /// <summary>Enough hours since the event: by the clock (the query's cutoff saw to it), or in the calendar's business hours.</summary>
    internal static bool Due(Automation automation, BusinessCalendar? calendar, DateTimeOffset eventAt, DateTimeOffset now) =>
        calendar is null || calendar.Between(Instant.FromDateTimeOffset(eventAt), Instant.FromDateTimeOffset(now)) >= Duration.FromHours(automation.Hours);

    /// <summary>True when applied; false when the ticket changed since it was found or another node ran it first.</summary>
    private async Task<bool> ApplyAsync(Automation automation, int number, DateTimeOffset eventAt, DateTimeOffset now, CancellationToken ct)
    {
        var ticket = await store.FindTicketAsync(number, ct);
        if (ticket is null || !automation.Matches(ticket) || automation.EventOf(ticket) != eventAt)
        {
            return false;
        }

        var by = new Actor(ActorKind.System, null, $"Automation: {automation.Name}");
        var values = placeholders.Values(ticket, mail.TeamName);
        // The requester's language picks the words, when the admin wrote them in it.
        var portuguese = automation.EmailBodyPt is not null && (languages ?? DefaultLanguage.English).For(ticket.Requester) == Languages.Portuguese;
        var subject = (portuguese ? automation.EmailSubjectPt : automation.EmailSubject) is { } s ? Placeholders.Render(s, values) : $"{ticket.Subject}";
        var body = (portuguese ? automation.EmailBodyPt : automation.EmailBody) is { } b ? Placeholders.Render(b, values) : null;
        var note = automation.Note is { } n ? Placeholders.Render(n, values) : null;

        if (note is not null)
        {
            ticket.AddSystemNote(by.Name, note, now);
        }

        if (automation.SetPriority is { } priority)
        {
            ticket.ChangePriority(priority, by, now);
        }

        if (automation.AddTags is { } tags)
        {
            ticket.SetTags([.. ticket.TagNames, tags], by, now);
        }

        if (automation.SetStatus is { } status && status != ticket.Status)
        {
            if (status == TicketStatus.Closed && ticket.Status != TicketStatus.Solved)
            {
                ticket.ChangeStatus(TicketStatus.Solved, by, now);
            }

            ticket.ChangeStatus(status, by, now);
        }

        if (body is not null)
        {
            mail.QueueAutomationEmail(ticket, subject, body);
        }

        ticket.RecordAutomation(by, now, automation.Name, body is null ? null : ticket.Requester.Email);
        automations.Add(new AutomationRun(automation.Id, number, eventAt, now));
        try
        {
            await saver.SaveAsync(now, $"automation {automation.Name}", ct);
            return true;
        }
        catch (ConcurrencyConflictException)
        {
            return false;
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            // Rolled back: if another node recorded this run first (its key refused ours), that is the one that counts.
            store.Forget();
            if (await automations.RanAsync(automation.Id, number, eventAt, ct))
            {
                return false;
            }

            throw;
        }
    }
}

/// <summary>The admins' side of automations: the list, the form, and what one would do now.</summary>
public sealed class AutomationAdmin(IAutomationStore automations, IHelpdeskStore store, ISlaStore sla, TimeProvider time)
{
    public Task<IReadOnlyList<Automation>> AllAsync(CancellationToken ct = default) => automations.AllAsync(ct);

    public async Task<Automation> FindAsync(int id, CancellationToken ct = default) =>
        await automations.FindAsync(id, ct) ?? throw new NotFoundException("The automation");

    /// <summary>Runs in the last 30 days, per automation.</summary>
    public Task<IReadOnlyDictionary<int, int>> RecentRunsAsync(CancellationToken ct = default) =>
        automations.RunCountsAsync(time.GetUtcNow().AddDays(-30), ct);

    /// <summary>The automation as the form describes it, not saved (for the preview of what it would act on).</summary>
    public async Task<Automation> DraftAsync(AutomationInput input, int? id, CancellationToken ct = default)
    {
        var draft = id is int existing ? await FindAsync(existing, ct) : new Automation(input.Name, time.GetUtcNow());
        await DefineAsync(draft, input, ct);
        return draft;
    }

    /// <summary>
    /// The tickets the automation would act on at its next run, at most <see cref="AutomationService.Batch"/> (it acts on
    /// more in later runs), so that an admin sees a mass change before it happens.
    /// </summary>
    public async Task<IReadOnlyList<int>> DueNowAsync(Automation automation, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var setup = await sla.SetupAsync(ct);
        var calendar = automation.CalendarId is int id && setup.Calendars.TryGetValue(id, out var c) ? c : null;
        return [.. (await automations.CandidatesAsync(automation, now.AddHours(-automation.Hours), AutomationService.Batch, ct))
            .Where(x => AutomationService.Due(automation, calendar, x.EventAt, now))
            .Select(x => x.Number)];
    }

    public async Task<Automation> SaveAsync(AutomationInput input, int? id, CancellationToken ct = default)
    {
        var automation = await DraftAsync(input, id, ct);
        if (id is null)
        {
            automations.Add(automation);
        }

        await automations.SaveChangesAsync(ct);
        return automation;
    }

    public async Task DeleteAsync(int id, CancellationToken ct = default)
    {
        automations.Remove(await FindAsync(id, ct));
        await automations.SaveChangesAsync(ct);
    }

    private async Task DefineAsync(Automation automation, AutomationInput input, CancellationToken ct)
    {
        if (input.GroupId is int group && await store.FindGroupAsync(group, ct) is null)
        {
            throw new NotFoundException("The group");
        }

        if (input.CalendarId is int calendar && !(await sla.SetupAsync(ct)).Calendars.ContainsKey(calendar))
        {
            throw new NotFoundException("The calendar");
        }

        var now = time.GetUtcNow();
        automation.Rename(input.Name, now);
        automation.Define(input.Active, input.Position, input.Status, input.Since, input.Hours, input.CalendarId, input.Priority, input.GroupId,
            input.WithTag, input.WithoutTag, input.SetStatus, input.SetPriority, input.AddTags, input.EmailSubject, input.EmailBody, input.Note, now,
            input.EmailSubjectPt, input.EmailBodyPt);
    }
}
