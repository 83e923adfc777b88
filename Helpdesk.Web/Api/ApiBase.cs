using System.Globalization;
using FluentValidation.Results;
using Microsoft.AspNetCore.Mvc;

namespace Helpdesk.Web.Api;

/// <summary>What every API controller shares (decision 021): problem details, ETags from versions, cursors, field names.</summary>
public abstract class ApiBase : ControllerBase
{
    protected static string ETag(int version) => $"\"{version}\"";

    /// <summary>The version an If-Match header names (strong or weak), or null when there is none or it is not ours.</summary>
    protected int? IfMatch()
    {
        var value = Request.Headers.IfMatch.ToString().Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }

        return value.Length > 2 && value[0] == '"' && value[^1] == '"' && int.TryParse(value[1..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
    }

    protected bool HasIfMatch => Request.Headers.IfMatch.Count > 0;

    protected ObjectResult NotFoundProblem(string what) => Problem(statusCode: 404, title: "Not found", detail: $"There is no {what}.");

    protected ObjectResult Stale(string what, int version) =>
        Problem(statusCode: 412, title: "Changed since you read it", detail: $"{what} is at version {version} now; read it again and decide.");

    /// <summary>A 400 with the field errors (RFC 9457 "errors"), names as the JSON has them.</summary>
    protected ActionResult Invalid(IDictionary<string, string[]> errors, string title = "The request is not valid") =>
        ValidationProblem(new ValidationProblemDetails(errors) { Status = 400, Title = title });

    protected static Dictionary<string, string[]> Errors(ValidationResult result) =>
        result.Errors.GroupBy(e => JsonName(e.PropertyName)).ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray());

    protected static string JsonName(string property) => property.Length == 0 ? property : char.ToLowerInvariant(property[0]) + property[1..];

    /// <summary>A cursor as the page before gave it (a positive number), or an error to return.</summary>
    protected bool TryCursor(string? cursor, out int? value, out ActionResult? error)
    {
        value = null;
        error = null;
        if (cursor is null)
        {
            return true;
        }

        if (!int.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var c) || c < 1)
        {
            error = Problem(statusCode: 400, title: "Invalid cursor", detail: "Pass the \"next\" of the page before, as it came.");
            return false;
        }

        value = c;
        return true;
    }

    protected bool TryLimit(int limit, out ActionResult? error)
    {
        error = limit is < 1 or > MaxLimit ? Problem(statusCode: 400, title: "Invalid limit", detail: $"Ask for 1 to {MaxLimit} at a time.") : null;
        return error is null;
    }

    protected const int MaxLimit = Core.Ports.QueueQuery.MaxPageSize;

    protected static string Word<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();

    /// <summary>An enum value by its name in any case; numbers are not names.</summary>
    protected static T? Parse<T>(string value)
        where T : struct, Enum =>
        !int.TryParse(value, out _) && Enum.TryParse<T>(value, ignoreCase: true, out var v) && Enum.IsDefined(v) ? v : null;

    /// <summary>A name as the API words it: "MetLate" is "met-late".</summary>
    protected static string Kebab(string name) => string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : string.Empty) + char.ToLowerInvariant(c) : c.ToString()));

    /// <summary>An enum value by its API word ("met-late", "first-response") or name, in any case.</summary>
    protected static T? ParseWord<T>(string? value)
        where T : struct, Enum => value is null ? null : Parse<T>(value.Replace("-", string.Empty, StringComparison.Ordinal));

    protected static string Text(int number) => number.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A page of a list and the cursor of the next one (null at the end).</summary>
public sealed record ApiPage<T>(IReadOnlyList<T> Items, string? Next);
