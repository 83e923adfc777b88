using FluentValidation;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Sla;

namespace Helpdesk.Core.Validation;

/// <summary>A calendar in its JSON form, as pasted, uploaded or edited by an admin.</summary>
public sealed class CalendarInput
{
    public string Json { get; set; } = string.Empty;
}

public sealed class CalendarInputValidator : AbstractValidator<CalendarInput>
{
    public CalendarInputValidator()
    {
        RuleFor(x => x.Json)
            .NotEmpty().WithMessage("Paste or write the calendar's JSON.")
            .Custom((json, context) =>
            {
                if (string.IsNullOrWhiteSpace(json))
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

    public int ReminderLimit { get; set; } = 3;

    /// <summary>The rows to show: every warning level that parses and the breach, each with what was posted or stored.</summary>
    public List<LevelActionInput> LevelRows()
    {
        var levels = WarnList().Where(p => p is > 0 and < 100).Distinct().Order().Append(SlaEscalation.BreachLevel);
        return [.. levels.Select(l => Levels.FirstOrDefault(r => r.Level == l) ?? new LevelActionInput { Level = l })];
    }

    /// <summary>Indexed [metric * 4 + priority]: 12 cells of the targets table.</summary>
    public List<int?> Targets { get; set; } = [.. new int?[12]];

    public static int Cell(SlaMetric metric, TicketPriority priority) => ((int)metric * 4) + (int)priority;

    public IEnumerable<(SlaMetric Metric, TicketPriority Priority, int Minutes)> TargetList() =>
        from metric in Enum.GetValues<SlaMetric>()
        from priority in Enum.GetValues<TicketPriority>()
        let minutes = Cell(metric, priority) < Targets.Count ? Targets[Cell(metric, priority)] : null
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
            .Must((input, _) => input.WarnList().All(p => p is > 0 and < 100))
            .WithMessage("List warning levels as percentages of the target between 1 and 99, e.g. 75, 90.");
        RuleForEach(x => x.PauseStatuses)
            .Must(s => s is TicketStatus.Open or TicketStatus.Pending or TicketStatus.OnHold)
            .WithMessage("Only Open, Pending and On hold can pause clocks.");
        RuleForEach(x => x.Targets)
            .Must(t => t is null or (> 0 and <= 525_600))
            .WithMessage("Targets are whole business minutes from 1 to 525,600 (a year), or empty for none.");
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
            .Must(t => t.Any(v => v is not null))
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
