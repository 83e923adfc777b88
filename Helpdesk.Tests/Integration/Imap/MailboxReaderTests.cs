using System.Text;
using Helpdesk.Core.Ports;
using Helpdesk.Infrastructure.Mail.Imap;
using Helpdesk.Infrastructure.Mail.Intake;
using Helpdesk.Tests.Support;
using MailKit;
using MailKit.Security;

namespace Helpdesk.Tests.Integration.Imap;

/// <summary>The mailbox reader (MailKit's IMAP client) against the real Dovecot server of the test script.</summary>
public sealed class MailboxReaderTests
{
    private static readonly IntakeLimits Limits = new(25 * 1_048_576L, 10 * 1_048_576L);

    private static async Task<(IMailboxReader Reader, MailboxFolder Folder)> OpenAsync(MailboxOptions mailbox)
    {
        var reader = new MailKitMailboxReader(mailbox, Limits);
        try
        {
            return (reader, await reader.OpenAsync());
        }
        catch
        {
            await reader.DisposeAsync();
            throw;
        }
    }

    [SkippableFact]
    public async Task ReadsNewMessagesByUidByteForByteAndSettlesThemBySeenFlagOrMove()
    {
        var server = Dovecot.Require();
        var first = "From: ana@acme.example\r\nSubject: One\r\n\r\nFirst body\r\n";
        var second = Encoding.UTF8.GetBytes("From: bo@acme.example\r\nSubject: =?utf-8?q?Zw=C3=B6lf?=\r\n\r\n{5}\r\nnot a literal\r\n.\r\n");
        await server.SaveAsync(first);
        await server.SaveAsync(second);

        var (reader, folder) = await OpenAsync(server.Mailbox());
        await using (reader)
        {
            Assert.True(folder.UidValidity > 0);
            Assert.Equal(3, folder.UidNext);
            Assert.True(reader.CanWaitForMail);

            var items = await reader.ListAsync(1, null, 10);
            Assert.Equal([1L, 2L], items.Select(s => s.Uid));
            Assert.Equal(second.Length, items[1].Size);
            Assert.Equal(Encoding.UTF8.GetBytes(first), await reader.FetchAsync(1, headerOnly: false));
            Assert.Equal(second, await reader.FetchAsync(2, headerOnly: false));
            Assert.Equal("From: ana@acme.example\r\nSubject: One\r\n\r\n", Encoding.UTF8.GetString((await reader.FetchAsync(1, headerOnly: true))!));
            Assert.Equal([2L], (await reader.ListAsync(2, 2, 10)).Select(s => s.Uid));

            // Reading does not mark anything seen; settling does.
            using (var inspect = await server.InspectAsync())
            {
                await inspect.Inbox.OpenAsync(FolderAccess.ReadOnly);
                Assert.All(await inspect.Inbox.FetchAsync(0, -1, MessageSummaryItems.Flags), s => Assert.False(s.Flags!.Value.HasFlag(MessageFlags.Seen)));
            }

            await reader.SettleAsync([1, 2]);
            using (var inspect = await server.InspectAsync())
            {
                await inspect.Inbox.OpenAsync(FolderAccess.ReadOnly);
                Assert.All(await inspect.Inbox.FetchAsync(0, -1, MessageSummaryItems.Flags), s => Assert.True(s.Flags!.Value.HasFlag(MessageFlags.Seen)));
            }

            // "3:*" names the last message even though its UID is lower: nothing new.
            Assert.Empty(await reader.ListAsync(3, null, 10));
            await reader.CloseAsync();
        }

        // Moving: the folder is made when missing, and the messages leave the inbox.
        var (mover, _) = await OpenAsync(server.Mailbox(afterImport: AfterImport.Move));
        await using (mover)
        {
            await mover.SettleAsync([1]);
            Assert.Equal([2L], (await mover.ListAsync(1, null, 10)).Select(s => s.Uid));
            Assert.Null(await mover.FetchAsync(1, headerOnly: false));
        }

        using var check = await server.InspectAsync();
        var processed = await check.GetFolderAsync("Processed");
        await processed.OpenAsync(FolderAccess.ReadOnly);
        Assert.Equal(1, processed.Count);
    }

    [SkippableFact]
    public async Task AFolderNamedInLettersBeyondAsciiIsFoundAndReadThroughModifiedUtf7()
    {
        var server = Dovecot.Require();
        const string name = "Réclamations Büro 日本";
        await server.DoveadmAsync("mailbox", "create", name);
        await server.SaveAsync("From: ana@acme.example\r\nSubject: Accents\r\n\r\nBody\r\n", name);

        var (reader, folder) = await OpenAsync(server.Mailbox(folder: name));
        await using (reader)
        {
            Assert.Equal(2, folder.UidNext);
            Assert.Contains("Subject: Accents", Encoding.UTF8.GetString((await reader.FetchAsync(1, headerOnly: false))!));
        }
    }

    [SkippableFact]
    public async Task TlsWithASelfSignedCertificateIsAcceptedOnlyWhenValidationIsTurnedOff()
    {
        var server = Dovecot.Require();
        await server.SaveAsync("Subject: tls\r\n\r\nx\r\n");

        await Assert.ThrowsAsync<SslHandshakeException>(() => OpenAsync(server.Mailbox(ImapSecurity.ImplicitTls, validate: true)));
        await Assert.ThrowsAsync<SslHandshakeException>(() => OpenAsync(server.Mailbox(ImapSecurity.StartTls, validate: true)));

        var (implicitTls, _) = await OpenAsync(server.Mailbox(ImapSecurity.ImplicitTls, validate: false));
        await using (implicitTls)
        {
            Assert.Single(await implicitTls.ListAsync(1, null, 10));
        }

        var (startTls, _) = await OpenAsync(server.Mailbox(ImapSecurity.StartTls, validate: false, auth: ImapAuth.Plain));
        await using (startTls)
        {
            Assert.Single(await startTls.ListAsync(1, null, 10));
        }
    }

    [SkippableFact]
    public async Task AWrongPasswordIsAClearErrorThatDoesNotRepeatThePassword()
    {
        var server = Dovecot.Require();
        var mailbox = server.Mailbox();
        mailbox.Password = "wrong-secret-123";
        var error = await Assert.ThrowsAsync<ImapException>(() => OpenAsync(mailbox));
        Assert.StartsWith($"Sign-in (Login) as {server.User} was refused", error.Message);
        Assert.DoesNotContain("wrong-secret-123", error.Message);
        Assert.DoesNotContain("wrong-secret-123", mailbox.ToString());
    }
}
