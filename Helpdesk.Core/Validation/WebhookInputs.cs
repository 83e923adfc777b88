using FluentValidation;
using Helpdesk.Core.Webhooks;

namespace Helpdesk.Core.Validation;

/// <summary>A webhook as its form edits it.</summary>
public sealed class WebhookInput
{
    public string Name { get; set; } = string.Empty;

    public string Url { get; set; } = string.Empty;

    /// <summary>The events it wants, by name (ticket.created, …).</summary>
    public List<string> Events { get; set; } = [];

    public bool IsActive { get; set; } = true;

    public WebhookEvents Flags => Events.Aggregate(WebhookEvents.None, (all, name) => all | WebhookEventNames.All.FirstOrDefault(e => e.Name == name).Event);

    public static WebhookInput From(Webhook webhook) => new()
    {
        Name = webhook.Name, Url = webhook.Url, IsActive = webhook.IsActive,
        Events = [.. WebhookEventNames.All.Where(e => webhook.Events.HasFlag(e.Event)).Select(e => e.Name)],
    };
}

public sealed class WebhookInputValidator : AbstractValidator<WebhookInput>
{
    public WebhookInputValidator()
    {
        RuleFor(x => x.Name).NotEmpty().WithMessage("Say what receives it.").MaximumLength(Webhook.NameLength);
        RuleFor(x => x.Url).NotEmpty().WithMessage("Give the receiver's address.").MaximumLength(Webhook.UrlLength)
            .Must(url => Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && !string.IsNullOrEmpty(uri.Host))
            .WithMessage("Use an https:// address: deliveries carry customer data.");
        RuleFor(x => x.Events).Must(e => e.Count > 0).WithMessage("Choose at least one event.")
            .Must(e => e.All(name => WebhookEventNames.All.Any(x => x.Name == name))).WithMessage("Choose events from the list.");
    }
}
