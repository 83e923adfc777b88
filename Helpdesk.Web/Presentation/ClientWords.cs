using System.Text.Json;

namespace Helpdesk.Web.Presentation;

/// <summary>
/// The words the pages' scripts say (site.js, live.js), by their English, in the request's language: the layout puts them
/// on the body as JSON (data-words) and the scripts look each sentence up there, falling back to the English.
/// </summary>
public static class ClientWords
{
    // Letters as they are (the page is UTF-8); the attribute's own encoding is Razor's.
    private static readonly JsonSerializerOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All) };

    // The same for every Portuguese page: made once, on the first Portuguese request (the resource is compiled in).
    private static readonly Lazy<string> Portuguese = new(Build);

    public static string Json() => Hosting.ReaderCultureProvider.Language == Core.Domain.Languages.English ? "{}" : Portuguese.Value;

    private static string Build()
    {
        var words = new Dictionary<string, string>(StringComparer.Ordinal);
        void T(string english) => words[english] = Words.T(english);

        // site.js: the ticket page's buttons, the draft's question, the queue's selection.
        T("Solve ticket");
        T("Update ticket");
        T("Add note and solve");
        T("Add internal note");
        T("Send and solve");
        T("Send reply");
        T("Add note and set Pending");
        T("Send and set Pending");
        T("Solve");
        T("Set Pending");
        T("Your reply and field changes on this page are not saved yet. They stay here as a draft and come back after this. Go on?");
        T("Tick tickets to change several at once.");
        T("{0} selected.");

        // live.js: who is here, what changed.
        T("{0} is typing a reply…");
        T("{0} are typing a reply…");
        T("{0} is viewing this ticket.");
        T("{0} are viewing this ticket.");
        T(" and ");
        T("Someone");
        T("changed it");
        T("{0} {1} after you opened this ticket.");
        T("replied");
        T("added an internal note");
        T("wrote");
        T("opened it");
        T("set the status to {0}");
        T("changed the {0}");
        T("The list was brought up to date.");
        foreach (var status in Enum.GetValues<Core.Domain.TicketStatus>())
        {
            words[Core.Domain.TicketStatusExtensions.Label(status)] = Words.T(Core.Domain.TicketStatusExtensions.Label(status));
        }

        foreach (var field in (string[])["Assignee", "Group", "Priority", "Category", "Tags", "Subject", "Disruption", "Cc", "Satisfaction", "Escalation", "Automation", "Merged", "Merged into"])
        {
            words[field] = Words.T(field);
        }

        return JsonSerializer.Serialize(words, Options);
    }
}
