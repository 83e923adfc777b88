using System.Security.Authentication;
using System.Text;
using Helpdesk.Infrastructure.Mail.Imap;
using Helpdesk.Tests.Support;

namespace Helpdesk.Tests.Integration.Imap;

/// <summary>The IMAP client against the real Dovecot server of the test script.</summary>
public sealed class ImapClientTests
{
    private static async Task<ImapClient> ConnectAsync(ImapSettings settings)
    {
        var client = new ImapClient();
        await client.ConnectAsync(settings, CancellationToken.None);
        return client;
    }

    [SkippableFact]
    public async Task ReadsNewMessagesByUidByteForByteFlagsAndMovesThem()
    {
        var server = Dovecot.Require();
        var first = "From: ana@acme.example\r\nSubject: One\r\n\r\nFirst body\r\n";
        var second = Encoding.UTF8.GetBytes("From: bo@acme.example\r\nSubject: =?utf-8?q?Zw=C3=B6lf?=\r\n\r\n{5}\r\nnot a literal\r\n.\r\n");
        await server.SaveAsync(first);
        await server.SaveAsync(second);

        await using var client = await ConnectAsync(server.Settings());
        var folder = await client.SelectAsync("INBOX", CancellationToken.None);
        Assert.True(folder.UidValidity > 0);
        Assert.Equal(2, folder.Exists);
        Assert.Equal(3, folder.UidNext);

        var summaries = await client.SummariesAsync(1, 10, CancellationToken.None);
        Assert.Equal([1L, 2L], summaries.Select(s => s.Uid));
        Assert.Equal(second.Length, summaries[1].Size);
        Assert.Equal(Encoding.UTF8.GetBytes(first), await client.FetchAsync(1, CancellationToken.None));
        Assert.Equal(second, await client.FetchAsync(2, CancellationToken.None));

        // Reading does not mark anything seen; flags and moves are explicit.
        Assert.DoesNotContain("\\Seen", (await client.SummariesAsync(1, 10, CancellationToken.None))[0].Flags);
        await client.AddFlagsAsync(1, "\\Seen", CancellationToken.None);
        Assert.Contains("\\Seen", (await client.SummariesAsync(1, 10, CancellationToken.None))[0].Flags);
        await client.CreateFolderAsync("Processed", CancellationToken.None);
        await client.MoveAsync(2, "Processed", CancellationToken.None);
        Assert.Equal([1L], (await client.SummariesAsync(1, 10, CancellationToken.None)).Select(s => s.Uid));

        // "3:*" names the last message even though its UID is lower: nothing new.
        Assert.Empty(await client.SummariesAsync(3, 10, CancellationToken.None));
        Assert.Null(await client.FetchAsync(2, CancellationToken.None));
        await client.LogoutAsync(CancellationToken.None);
    }

    [SkippableFact]
    public async Task TlsWithASelfSignedCertificateIsAcceptedOnlyWhenValidationIsTurnedOff()
    {
        var server = Dovecot.Require();
        await server.SaveAsync("Subject: tls\r\n\r\nx\r\n");

        await Assert.ThrowsAsync<AuthenticationException>(async () => await ConnectAsync(server.Settings(ImapSecurity.ImplicitTls, validate: true)));
        await Assert.ThrowsAsync<AuthenticationException>(async () => await ConnectAsync(server.Settings(ImapSecurity.StartTls, validate: true)));

        await using (var implicitTls = await ConnectAsync(server.Settings(ImapSecurity.ImplicitTls, validate: false)))
        {
            Assert.Equal(1, (await implicitTls.SelectAsync("INBOX", CancellationToken.None)).Exists);
        }

        await using var startTls = await ConnectAsync(server.Settings(ImapSecurity.StartTls, validate: false, auth: ImapAuth.Plain));
        Assert.Equal(1, (await startTls.SelectAsync("INBOX", CancellationToken.None)).Exists);
    }

    [SkippableFact]
    public async Task AWrongPasswordIsAClearErrorThatDoesNotRepeatThePassword()
    {
        var server = Dovecot.Require();
        var settings = server.Settings() with { Password = "wrong-secret-123" };
        var error = await Assert.ThrowsAsync<ImapException>(async () => await ConnectAsync(settings));
        Assert.StartsWith("LOGIN failed", error.Message);
        Assert.DoesNotContain("wrong-secret-123", error.Message);
        Assert.DoesNotContain("wrong-secret-123", settings.ToString());
    }
}
