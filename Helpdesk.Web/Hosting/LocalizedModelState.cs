using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Localization;

namespace Helpdesk.Web.Hosting;

/// <summary>
/// Field and form errors in the reader's language (decision 020): before a page is rendered, every message in ModelState
/// is looked up in the resource by its English text (the validators' and the controllers'). A message already in the
/// reader's language, or one with data in it that a controller put in words itself, is found under no key and stays.
/// </summary>
public sealed class LocalizedModelState(IStringLocalizer<SharedResource> t) : IAsyncResultFilter
{
    public Task OnResultExecutionAsync(ResultExecutingContext context, ResultExecutionDelegate next)
    {
        if (Hosting.ReaderCultureProvider.Language != Core.Domain.Languages.English)
        {
            foreach (var (key, entry) in context.ModelState)
            {
                if (entry.Errors.Count == 0)
                {
                    continue;
                }

                var messages = entry.Errors.Select(e => string.IsNullOrEmpty(e.ErrorMessage) ? e.ErrorMessage : t[e.ErrorMessage].Value).ToList();
                entry.Errors.Clear();
                foreach (var message in messages)
                {
                    entry.Errors.Add(message);
                }
            }
        }

        return next();
    }
}
