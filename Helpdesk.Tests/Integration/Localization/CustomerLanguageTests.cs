using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Helpdesk.Core.Services;
using Helpdesk.Core.Validation;
using Helpdesk.Tests.Integration.Imap.Intake;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Tests.Integration.Localization;

/// <summary>
/// A customer who writes in Portuguese (their mail says so) is answered in Portuguese through the real IMAP intake: the
/// acknowledgement with the promised reply in Portuguese and their zone, and the survey; an English writer still gets
/// English; a language set on the customer wins over the mail.
/// </summary>
public sealed class CustomerLanguageTests
{
    [SkippableFact]
    public async Task APortugueseCustomersEmailsAreInPortugueseAndAnEnglishOnesInEnglish()
    {
        await using var intake = IntakeApp.Start();
        var app = intake.App;
        await app.AddStandardPolicyAsync();
        var agent = await app.CreateUserAsync("avery@helpdesk.example", "Avery", Roles.Agent);

        await intake.DeliverAsync(
            IntakeApp.Mail("Joana Silva <joana@cliente.pt>", "Impressora encravada", "Não imprime.", "p1", "Content-Language: pt-PT\r\n"),
            IntakeApp.Mail("Ana Lima <ana@acme.example>", "Printer jammed", "It makes a noise.", "e1", "Content-Language: en-GB\r\n"),
            IntakeApp.Mail("Rui Costa <rui@cliente.pt>", "Fatura", "Onde está a fatura?", "p2", "Accept-Language: pt-BR,pt;q=0.9\r\n"));

        await using (var db = app.NewContext())
        {
            Assert.Equal(["pt-PT", "en", "pt-PT"], await db.Customers.OrderBy(c => c.Id).Select(c => c.Language).ToListAsync());
            var joana = await db.Outbox.SingleAsync(m => m.Kind == OutboxKind.Acknowledgement && m.To == "joana@cliente.pt");
            Assert.StartsWith("Olá Joana Silva,\n\nrecebemos o seu pedido e abrimos o ticket #1: \"Impressora encravada\".", joana.Body, StringComparison.Ordinal);
            Assert.Contains("Terá a nossa resposta até segunda-feira, 2 de março, ", joana.Body, StringComparison.Ordinal);
            Assert.Equal("[#1] Impressora encravada", joana.Subject);
            var ana = await db.Outbox.SingleAsync(m => m.Kind == OutboxKind.Acknowledgement && m.To == "ana@acme.example");
            Assert.StartsWith("Hello Ana Lima,\n\nwe have received your request", ana.Body, StringComparison.Ordinal);
            Assert.Contains("You will hear from us by Monday 2 March, ", ana.Body, StringComparison.Ordinal);
        }

        // Solved: the survey in Portuguese too.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var version = (await scope.ServiceProvider.GetRequiredService<Core.Ports.IHelpdeskStore>().FindTicketAsync(1))!.Version;
            await scope.ServiceProvider.GetRequiredService<TicketService>().UpdateAsync(1,
                new TicketUpdateInput { Version = version, Body = "Já está.", Status = TicketStatus.Solved, Priority = TicketPriority.Normal }, agent);
        }

        await using (var db = app.NewContext())
        {
            var survey = await db.Outbox.SingleAsync(m => m.Kind == OutboxKind.Survey);
            Assert.Equal("[#1] Como correu? Impressora encravada", survey.Subject);
            Assert.Contains("foi resolvido. Como avalia a ajuda que recebeu?", survey.Body, StringComparison.Ordinal);
        }

        // A language set on the customer wins over what a later mail says.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<Core.Ports.IHelpdeskStore>();
            var rui = (await store.FindCustomerByEmailAsync(new EmailAddress("rui@cliente.pt")))!;
            rui.SetLanguage("en");
            await store.SaveChangesAsync();
        }

        await intake.DeliverAsync(IntakeApp.Mail("Rui Costa <rui@cliente.pt>", "Outra fatura", "E esta?", "p3", "Content-Language: pt-PT\r\n"));
        await using (var db = app.NewContext())
        {
            var last = await db.Outbox.Where(m => m.Kind == OutboxKind.Acknowledgement && m.To == "rui@cliente.pt").OrderByDescending(m => m.Id).FirstAsync();
            Assert.StartsWith("Hello Rui Costa,", last.Body, StringComparison.Ordinal);
        }
    }
}
