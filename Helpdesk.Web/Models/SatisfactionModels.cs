using Helpdesk.Core.Services;
using Helpdesk.Core.Validation;

namespace Helpdesk.Web.Models;

/// <summary>The customer's survey page: the ticket it is about, and the answer being given.</summary>
public sealed class SatisfactionViewModel
{
    public required Helpdesk.Core.Services.SurveyView Survey { get; init; }

    public required Helpdesk.Core.Validation.SatisfactionInput Input { get; init; }
}
