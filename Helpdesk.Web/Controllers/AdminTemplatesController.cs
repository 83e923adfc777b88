using Helpdesk.Web.Presentation;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Macros;
using Helpdesk.Core.Mail;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Validation;
using Helpdesk.Infrastructure.Data;
using Helpdesk.Web.Models;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Helpdesk.Web.Controllers;

/// <summary>The automatic emails' words (issue 20; decision 020): edit in Liquid with a preview on a sample ticket, reset to the default.</summary>
[Route("admin/templates")]
[Authorize(Roles = Roles.Admin)]
public sealed class AdminTemplatesController(IEmailTemplateStore store, EmailTemplateSync sync, TimeProvider time) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) =>
        View(new TemplateListViewModel { Custom = (await store.AllAsync(ct)).ToDictionary(t => (t.Kind, t.Language)) });

    [HttpGet("{kind}")]
    public async Task<IActionResult> Edit(EmailTemplateKind kind, string? language, CancellationToken ct)
    {
        language ??= Languages.English;
        if (!Enum.IsDefined(kind) || !EmailTemplateCatalog.For(kind).Languages.Contains(language))
        {
            return NotFound();
        }

        var saved = await store.FindAsync(kind, language, ct);
        var (subject, body) = EmailTemplateCatalog.For(kind).Default(language);
        return View(Form(kind, language, saved?.Subject ?? subject, saved?.Body ?? body, saved));
    }

    /// <summary>"Preview" shows the email on a sample ticket and saves nothing; "Save" saves when it renders and has what it needs.</summary>
    [HttpPost("{kind}")]
    public async Task<IActionResult> Edit(EmailTemplateKind kind, string? language, string? subject, string? body, string? step, CancellationToken ct)
    {
        language ??= Languages.English;
        if (!Enum.IsDefined(kind) || !EmailTemplateCatalog.For(kind).Languages.Contains(language))
        {
            return NotFound();
        }

        var saved = await store.FindAsync(kind, language, ct);
        var problems = EmailTemplateCatalog.Problems(kind, subject, body).ToList();
        if (string.IsNullOrWhiteSpace(subject))
        {
            problems.Insert(0, "Write a subject.");
        }

        if (string.IsNullOrWhiteSpace(body))
        {
            problems.Insert(0, "Write the text.");
        }

        if ((subject?.Length ?? 0) > EmailTemplate.SubjectLength || (body?.Length ?? 0) > EmailTemplate.BodyLength)
        {
            problems.Add($"At most {EmailTemplate.SubjectLength} characters of subject and {EmailTemplate.BodyLength} of text.");
        }

        var model = Form(kind, language, subject ?? string.Empty, body ?? string.Empty, saved) with { Problems = problems };
        if (problems.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(model);
        }

        if (step != "save")
        {
            return View(model with { Preview = Preview(kind, subject!, body!) });
        }

        if (saved is null)
        {
            store.Add(new EmailTemplate(kind, language, subject!, body!, User.Identity?.Name ?? "admin", time.GetUtcNow()));
        }
        else
        {
            saved.Change(subject!, body!, User.Identity?.Name ?? "admin", time.GetUtcNow());
        }

        await store.SaveChangesAsync(ct);
        await sync.ReloadAsync(ct);
        TempData["Notice"] = Words.T("The {0} ({1}) now uses your words.", Words.T(EmailTemplateCatalog.For(kind).Label).ToLowerInvariant(), Words.T(Name(language)));
        return Redirect("/admin/templates");
    }

    /// <summary>Back to the default words (it asks first).</summary>
    [HttpPost("{kind}/reset")]
    public async Task<IActionResult> Reset(EmailTemplateKind kind, string? language, CancellationToken ct)
    {
        language ??= Languages.English;
        if (await store.FindAsync(kind, language, ct) is { } saved)
        {
            store.Remove(saved);
            await store.SaveChangesAsync(ct);
            await sync.ReloadAsync(ct);
        }

        TempData["Notice"] = Words.T("The {0} ({1}) is back to the default words.", Words.T(EmailTemplateCatalog.For(kind).Label).ToLowerInvariant(), Words.T(Name(language)));
        return Redirect("/admin/templates");
    }

    private static string Name(string language) => Languages.Supported.First(l => l.Tag == language).Name;

    private static TemplateFormViewModel Form(EmailTemplateKind kind, string language, string subject, string body, EmailTemplate? saved) => new()
    {
        Definition = EmailTemplateCatalog.For(kind),
        Language = language,
        Subject = subject,
        Body = body,
        Saved = saved,
    };

    private static (string Subject, string Body) Preview(EmailTemplateKind kind, string subject, string body)
    {
        var definition = EmailTemplateCatalog.For(kind);
        var (renderedSubject, renderedBody) = (Placeholders.Render(subject, definition.Sample), Placeholders.Render(body, definition.Sample)); // sample values are English
        if (definition.Fields.ContainsKey("ticket"))
        {
            // As it goes out: the ticket's token in the subject and its reference at the end are added when missing.
            var number = int.Parse(definition.Sample["ticket"]["number"], System.Globalization.CultureInfo.InvariantCulture);
            renderedSubject = MailComposer.Tokened(number, renderedSubject);
            renderedBody = MailComposer.WithMarker(number, renderedBody);
        }

        return (renderedSubject, renderedBody);
    }
}
