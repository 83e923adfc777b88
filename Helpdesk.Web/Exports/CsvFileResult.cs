using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Helpdesk.Web.Exports;

/// <summary>A CSV download written to the response as its rows are read: memory stays flat however many rows there are.</summary>
public sealed class CsvFileResult<T>(CsvTable<T> table, IAsyncEnumerable<T> rows, string fileName) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers[HeaderNames.ContentDisposition] = new ContentDispositionHeaderValue("attachment") { FileNameStar = fileName, FileName = fileName }.ToString();
        await table.WriteAsync(response.Body, rows, context.HttpContext.RequestAborted);
    }
}
