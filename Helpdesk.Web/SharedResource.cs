namespace Helpdesk.Web;

/// <summary>
/// The one resource of the app's words (decision 020): the key is the English text, so a word not yet translated
/// shows in English; <c>Resources/SharedResource.pt-PT.resx</c> holds the Portuguese. Views reach it as <c>T</c>.
/// </summary>
public sealed class SharedResource
{
}
