using FluentValidation;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Sla;

namespace Helpdesk.Core.Validation;

/// <summary>
/// A calendar as an admin edits it: with the form (<see cref="Mode"/> "form": name, zone, a week of open hours,
/// holidays and a pasted holiday list) or as JSON (pasted, uploaded, or edited as text; the default, so that a post of
/// <see cref="Json"/> alone still works).
/// </summary>
public sealed class CalendarInput
{
    public const string FormMode = "form";

    public string Json { get; set; } = string.Empty;

    public string Mode { get; set; } = "json";

    public string? Name { get; set; }

    public string? TimeZone { get; set; }

    /// <summary>Monday … Sunday: open hours as written ("09:00–12:00, 13:00–17:00"), empty for closed.</summary>
    public List<string?> Week { get; set; } = [.. new string?[7]];

    public List<HolidayInput> Holidays { get; set; } = [];

    /// <summary>Holidays to add: one per line ("2027-01-01 New Year's Day"), or an iCalendar (.ics) file's text.</summary>
    public string? Import { get; set; }

    public bool IsForm => Mode == FormMode;
}

/// <summary>A holiday row of the calendar form; a row without a date is ignored (that is how one is removed).</summary>
public sealed class HolidayInput
{
    public string? Date { get; set; }

    public string? Name { get; set; }

    /// <summary>Open hours that day, as for a weekday; empty for closed all day.</summary>
    public string? Open { get; set; }
}

public sealed class CalendarInputValidator : AbstractValidator<CalendarInput>
{
    public CalendarInputValidator()
    {
        When(x => x.IsForm, () =>
        {
            RuleFor(x => x).Custom((input, context) =>
            {
                var (json, errors) = CalendarForm.Build(input);
                foreach (var (field, message) in errors)
                {
                    context.AddFailure(field, message);
                }

                if (errors.Count == 0)
                {
                    foreach (var error in CalendarDefinition.Parse(json).Errors)
                    {
                        context.AddFailure(nameof(CalendarInput.Week), CalendarForm.Explain(error));
                    }
                }
            });
        });
        RuleFor(x => x.Json)
            .NotEmpty().When(x => !x.IsForm).WithMessage("Paste or write the calendar's JSON.")
            .MaximumLength(Limits.CalendarJsonLength).WithMessage(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"A calendar's JSON has at most {Limits.CalendarJsonLength:N0} characters."))
            .Custom((json, context) =>
            {
                if (string.IsNullOrWhiteSpace(json) || json.Length > Limits.CalendarJsonLength || context.InstanceToValidate.IsForm)
                {
                    return;
                }

                foreach (var error in CalendarDefinition.Parse(json).Errors)
                {
                    context.AddFailure(nameof(CalendarInput.Json), error);
                }
            });
    }
}

/// <summary>A policy as the admin form posts it; targets are business minutes, empty for "no target".</summary>
public sealed class PolicyInput
{
    public string Name { get; set; } = string.Empty;

    public int CalendarId { get; set; }

    public bool IsActive { get; set; } = true;

    public List<TicketPriority> Priorities { get; set; } = [];

    public List<TicketChannel> Channels { get; set; } = [];

    public List<int> OrganizationIds { get; set; } = [];

    public List<int> CategoryIds { get; set; } = [];

    public List<TicketStatus> PauseStatuses { get; set; } = [TicketStatus.Pending, TicketStatus.OnHold];

    public string WarnPercents { get; set; } = "75, 90";

    public bool PauseDuringDisruptions { get; set; }

    /// <summary>One row per warning level and one for the breach (<see cref="SlaEscalation.BreachLevel"/>).</summary>
    public List<LevelActionInput> Levels { get; set; } = [];

    /// <summary>Remind the supervisors every this many business minutes after a breach; empty for never.</summary>
    public int? ReminderEveryMinutes { get; set; }

    public int ReminderLimit { get; set; } = DefaultReminderLimit;

    /// <summary>How many reminders a policy that starts reminding sends, unless the admin says otherwise.</summary>
    public const int DefaultReminderLimit = 3;

    /// <summary>The rows to show: every warning level that parses and the breach, each with what was posted or stored.</summary>
    public List<LevelActionInput> LevelRows()
    {
        var levels = WarnList().Where(p => p is > 0 and < 100).Distinct().Order().Append(SlaEscalation.BreachLevel);
        return [.. levels.Select(l => Levels.FirstOrDefault(r => r.Level == l) ?? new LevelActionInput { Level = l })];
    }

    /// <summary>
    /// Indexed [metric * 4 + priority]: 12 cells of the targets table, as written: business hours and minutes
    /// ("4 h", "1 h 30 min", "1:30", "45 min"; a bare number is minutes), empty for none.
    /// </summary>
    public List<string?> Targets { get; set; } = [.. new string?[CellCount]];

    /// <summary>The targets table's cells: one per metric and priority.</summary>
    public static readonly int CellCount = Enum.GetValues<SlaMetric>().Length * Enum.GetValues<TicketPriority>().Length;

    /// <summary>Business minutes from a written target, or null when it is empty; -1 when it cannot be read.</summary>
    public static int? ParseTarget(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var t = text.Trim().ToLowerInvariant();
        if (t.Length > 40)
        {
            return -1;
        }

        var colon = t.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0)
        {
            return int.TryParse(t[..colon], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var h)
                && int.TryParse(t[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var m) && m < 60
                ? (h * 60) + m : -1;
        }

        // Numbers each followed by a unit (h, hour(s), min, minute(s), m); a lone number is minutes.
        long total = 0;
        var i = 0;
        var any = false;
        while (i < t.Length)
        {
            while (i < t.Length && t[i] == ' ')
            {
                i++;
            }

            var start = i;
            while (i < t.Length && char.IsAsciiDigit(t[i]))
            {
                i++;
            }

            if (i == start || i - start > 6)
            {
                return -1;
            }

            var number = long.Parse(t[start..i], System.Globalization.CultureInfo.InvariantCulture);
            while (i < t.Length && t[i] == ' ')
            {
                i++;
            }

            var unitStart = i;
            while (i < t.Length && char.IsAsciiLetter(t[i]))
            {
                i++;
            }

            var unit = t[unitStart..i];
            long factor = unit switch
            {
                "h" or "hr" or "hrs" or "hour" or "hours" => 60,
                "" or "m" or "min" or "mins" or "minute" or "minutes" => 1,
                _ => -1,
            };
            if (factor < 0)
            {
                return -1;
            }

            total += number * factor;
            any = true;
        }

        return any && total <= int.MaxValue ? (int)total : -1;
    }

    public static int Cell(SlaMetric metric, TicketPriority priority) => ((int)metric * Enum.GetValues<TicketPriority>().Length) + (int)priority;

    /// <summary>A binder drops the empty cells at the end of the table: they come back empty, so every cell has its place.</summary>
    public void PadTargets()
    {
        while (Targets.Count < CellCount)
        {
            Targets.Add(null);
        }
    }

    /// <summary>The form as it shows a saved policy.</summary>
    public static PolicyInput From(SlaPolicy policy)
    {
        var input = new PolicyInput
        {
            Name = policy.Name,
            CalendarId = policy.CalendarId,
            IsActive = policy.IsActive,
            Priorities = [.. policy.Priorities],
            Channels = [.. policy.Channels],
            OrganizationIds = [.. policy.OrganizationIds],
            CategoryIds = [.. policy.CategoryIds],
            PauseStatuses = [.. policy.PauseStatuses],
            PauseDuringDisruptions = policy.PausesDuringDisruptions,
            WarnPercents = string.Join(", ", policy.WarnPercents),
            Levels = [.. policy.LevelActions.Select(a => new LevelActionInput
            {
                Level = a.Level, Alert = a.AlertSupervisors, RaisePriority = a.RaisePriority, GroupId = a.GroupId, AgentId = a.AgentId, Tag = a.Tag,
            })],
            ReminderEveryMinutes = policy.ReminderEveryMinutes,
            ReminderLimit = policy.ReminderEveryMinutes is null ? DefaultReminderLimit : policy.ReminderLimit,
        };
        foreach (var target in policy.Targets)
        {
            input.Targets[Cell(target.Metric, target.Priority)] = SlaEngine.Format(target.Minutes);
        }

        return input;
    }

    public IEnumerable<(SlaMetric Metric, TicketPriority Priority, int Minutes)> TargetList() =>
        from metric in Enum.GetValues<SlaMetric>()
        from priority in Enum.GetValues<TicketPriority>()
        let minutes = Cell(metric, priority) < Targets.Count ? ParseTarget(Targets[Cell(metric, priority)]) : null
        where minutes is not null
        select (metric, priority, minutes!.Value);

    public IEnumerable<int> WarnList() =>
        WarnPercents.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries)
            .Select(p => int.TryParse(p.TrimEnd('%'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : -1);
}

public sealed class PolicyInputValidator : AbstractValidator<PolicyInput>
{
    public PolicyInputValidator()
    {
        RuleFor(x => x.Name).NotEmpty().WithMessage("Name the policy.").MaximumLength(Limits.NameLength);
        RuleFor(x => x.CalendarId).GreaterThan(0).WithMessage("Choose the calendar its clocks run on.");
        RuleFor(x => x.WarnPercents)
            .MaximumLength(Limits.WarnPercentsLength)
            .Must((input, _) => input.WarnList().All(p => p is > 0 and < 100))
            .WithMessage("List warning levels as percentages of the target between 1 and 99, e.g. 75, 90.");
        RuleForEach(x => x.PauseStatuses)
            .Must(s => s is TicketStatus.Open or TicketStatus.Pending or TicketStatus.OnHold)
            .WithMessage("Only Open, Pending and On hold can pause clocks.");
        RuleForEach(x => x.Targets)
            .Must(t => PolicyInput.ParseTarget(t) is null or (> 0 and <= 525_600))
            .WithMessage("Write a target as business hours and minutes, such as 4 h, 1 h 30 min or 45 min, up to a year; empty for none.");
        RuleForEach(x => x.Levels).ChildRules(level =>
        {
            level.RuleFor(l => l.Tag).MaximumLength(Limits.TagLength)
                .Must(t => t is null || !t.Trim().Contains(' ', StringComparison.Ordinal)).WithMessage("One tag, without spaces.");
        });
        RuleFor(x => x.ReminderEveryMinutes)
            .InclusiveBetween(1, 525_600).When(x => x.ReminderEveryMinutes is not null)
            .WithMessage("Remind every 1 to 525,600 business minutes, or leave it empty for no reminders.");
        RuleFor(x => x.ReminderLimit)
            .InclusiveBetween(1, SlaEscalation.MaxReminders).When(x => x.ReminderEveryMinutes is not null)
            .WithMessage($"Send between 1 and {SlaEscalation.MaxReminders} reminders.");
        RuleFor(x => x.Targets)
            .Must(t => t.Any(v => !string.IsNullOrWhiteSpace(v)))
            .WithMessage("Set at least one target.");
    }
}

/// <summary>What a policy does at one level, as the admin form posts it.</summary>
public sealed class LevelActionInput
{
    public int Level { get; set; }

    public bool Alert { get; set; } = true;

    public TicketPriority? RaisePriority { get; set; }

    public int? GroupId { get; set; }

    public string? AgentId { get; set; }

    public string? Tag { get; set; }
}
