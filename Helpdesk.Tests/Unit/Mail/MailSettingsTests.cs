using Helpdesk.Infrastructure.Mail;
using Helpdesk.Infrastructure.Mail.Imap;
using Helpdesk.Infrastructure.Mail.Intake;
using Helpdesk.Tests.Support;
using Microsoft.Extensions.Options;

namespace Helpdesk.Tests.Unit.Mail;

/// <summary>Mail settings are checked when the app starts, and each error names the setting and what it accepts.</summary>
public sealed class MailSettingsTests
{
    [Fact]
    public void EachWrongSettingIsNamedWithWhatItAccepts()
    {
        var smtp = new SmtpOptionsValidator().Validate(null, new SmtpOptions { Host = "mail.example", Port = 0, UserName = "helpdesk", TimeoutSeconds = 1 });
        Assert.Equal(
            ["Smtp:Port is 0; use 1 to 65535 (587 for STARTTLS, 465 for ImplicitTls).", "Smtp:Password is empty while Smtp:UserName is set; give both or neither.", "Smtp:TimeoutSeconds is 1; use 5 to 600."],
            smtp.Failures);
        Assert.True(new SmtpOptionsValidator().Validate(null, new SmtpOptions()).Succeeded); // no host: the pickup folder

        var key = Path.GetTempFileName();
        File.WriteAllText(key, "not a key");
        var dkim = new DkimOptionsValidator().Validate(null, new DkimOptions { Domain = "help.example", PrivateKeyPath = key });
        Assert.Contains(dkim.Failures!, f => f.StartsWith("Mail:Dkim:Selector is empty", StringComparison.Ordinal));
        var unreadable = new DkimOptionsValidator().Validate(null, new DkimOptions { Domain = "help.example", Selector = "s1", PrivateKeyPath = key });
        Assert.StartsWith($"Mail:Dkim:PrivateKeyPath ({key}) cannot be read as an RSA private key in PEM", Assert.Single(unreadable.Failures!));
        File.Delete(key);

        var mailboxes = new MailboxListValidator().Validate(null, new MailboxList
        {
            Mailboxes =
            [
                new MailboxOptions { Name = "support", Host = "imap.example", UserName = "support@example.com", Password = "s3cret-value", Port = 70000 },
                new MailboxOptions { Name = "Support", Host = "imap.example", UserName = "billing@example.com", Auth = ImapAuth.XOAuth2, AfterImport = AfterImport.Move, MoveTo = " ", IdleMinutes = 45 },
            ],
        });
        Assert.Equal(
            [
                "Mailboxes:0:Port is 70000; use 1 to 65535 (993 for ImplicitTls, 143 for StartTls).",
                "Mailboxes:1:AccessToken is empty while Mailboxes:1:Auth is XOAuth2; give the token (from an environment variable or a secret store).",
                "Mailboxes:1:MoveTo is empty while Mailboxes:1:AfterImport is Move; name the folder to move taken-in mail to.",
                "Mailboxes:1:IdleMinutes is 45; use 1 to 29 (servers may drop an IDLE after 30 minutes).",
                "Mailboxes:1:Name \"Support\" is used by another mailbox; each needs its own name (it keys where reading left off).",
            ],
            mailboxes.Failures);
        Assert.DoesNotContain(mailboxes.Failures!, f => f.Contains("s3cret-value", StringComparison.Ordinal));

        var mail = new MailOptionsValidator().Validate(null, new MailOptions { FromAddress = "support", FromName = "Help\ndesk", BaseUrl = "help.example" });
        Assert.Equal(
            [
                "Mail:FromAddress \"support\" is not an email address; give the address customers see and answer to.",
                "Mail:FromName must be a name of 1 to 100 characters without line breaks.",
                "Mail:BaseUrl \"help.example\" is not the app's public address; give one like https://help.example.com.",
            ],
            mail.Failures);
        Assert.True(new MailOptionsValidator().Validate(null, new MailOptions()).Succeeded);

        var intake = new IntakeSettingsValidator().Validate(null, new IntakeSettings { MaxMessageMegabytes = 0, MaxAttempts = 0, UnknownSender = (Helpdesk.Core.Mail.UnknownSenderPolicy)9 });
        Assert.Equal(
            ["Intake:MaxMessageMegabytes is 0; use 0.001 to 1024.", "Intake:MaxAttempts is 0; use 1 to 100.", "Intake:UnknownSender is 9; use NewTicket or AddAsFollower."],
            intake.Failures);
        Assert.Equal(25 * 1_048_576L, new IntakeSettings().Limits.MaxMessageBytes);
    }

    [Fact]
    public async Task TheAppDoesNotStartWithAWrongMailSettingAndSaysWhich()
    {
        await using var app = new HelpdeskFactory(TestDatabase.Sqlite(), ownsDatabase: true, new Dictionary<string, string>
        {
            ["Mailboxes:0:Host"] = "imap.example",
            ["Mailboxes:0:UserName"] = "support@example.com",
        });

        var error = Assert.ThrowsAny<Exception>(() => app.Services);
        Assert.Contains("Mailboxes:0:Password is empty", error.ToString(), StringComparison.Ordinal);
    }
}
