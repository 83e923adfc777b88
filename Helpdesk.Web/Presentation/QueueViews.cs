namespace Helpdesk.Web.Presentation;

/// <summary>The queue's named views: their addresses, which the queue remembers as a user's landing view.</summary>
public static class QueueViews
{
    public const string Mine = "/tickets?assignee=me";
    public const string AllUnsolved = "/tickets?assignee=anyone";
    public const string Breached = "/tickets?sla=breached";
    public const string AtRisk = "/tickets?sla=at-risk";
    public const string Unassigned = "/tickets?assignee=unassigned";
    public const string New = "/tickets?status=new";
    public const string Pending = "/tickets?status=pending";
    public const string OnHold = "/tickets?status=onhold";
    public const string Solved = "/tickets?status=solved";

    public static IReadOnlySet<string> Hrefs { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        Mine, AllUnsolved, Breached, AtRisk, Unassigned, New, Pending, OnHold, Solved,
    };
}
