using System.Text;
using Helpdesk.Infrastructure.Mail.Imap;
using Helpdesk.Infrastructure.Mail.Intake;
using Helpdesk.Tests.Support;

namespace Helpdesk.Tests.Integration.Imap;

/// <summary>
/// The mailbox reader against a server that lies or says odd things: a scripted server on loopback answers the
/// session like a real one and then, on the fetch, sends a literal far over the limit, a line without end, or a
/// response carrying two literals.
/// </summary>
public sealed class HostileImapServerTests
{
    /// <summary>A message limit of 64 KB: a fetch may read about 1.1 MB, any other response about 1 MB.</summary>
    private static readonly IntakeLimits Limits = new(64 * 1024, 64 * 1024);

    private static async Task<MailKitMailboxReader> OpenAsync(ScriptedImapServer server)
    {
        var reader = new MailKitMailboxReader(new MailboxOptions { Host = "127.0.0.1", Port = server.Port, Security = ImapSecurity.None, UserName = "support", Password = "secret" }, Limits);
        await reader.OpenAsync();
        return reader;
    }

    private static bool IsUidFetch(ScriptedImapServer.Session s) => s.Line.Contains(" UID FETCH ", StringComparison.OrdinalIgnoreCase);

    [Fact]
    public async Task AResponseOverItsBudgetEndsTheSessionOnceTheBudgetIsRead()
    {
        var sent = 0L;
        await using var server = new ScriptedImapServer(async s =>
        {
            if (!IsUidFetch(s))
            {
                return false;
            }

            // A 2 GB literal, fed as fast as the client reads: the client must stop long before its end.
            await s.SayAsync("* 1 FETCH (UID 1 BODY[] {2147483647}\r\n");
            var chunk = new byte[64 * 1024];
            for (var i = 0; i < 64; i++)
            {
                await s.Stream.WriteAsync(chunk, s.Token);
                sent += chunk.Length;
            }

            return true;
        });

        await using var reader = await OpenAsync(server);
        var error = await Assert.ThrowsAnyAsync<Exception>(() => reader.FetchAsync(1, headerOnly: false));
        Assert.Contains("sent more than this response may hold", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALineWithoutEndIsCutOffAtTheBudget()
    {
        await using var server = new ScriptedImapServer(async s =>
        {
            if (!IsUidFetch(s))
            {
                return false;
            }

            await s.SayAsync("* 1 FETCH (UID 1 RFC822.SIZE 10 FLAGS (");
            var chunk = Encoding.ASCII.GetBytes(new string('x', 64 * 1024));
            for (var sent = 0L; sent < 3L * MailKitMailboxReader.ResponseBudget; sent += chunk.Length)
            {
                await s.Stream.WriteAsync(chunk, s.Token);
            }

            await s.SayAsync("))\r\n");
            return true;
        });

        await using var reader = await OpenAsync(server);
        var error = await Assert.ThrowsAnyAsync<Exception>(() => reader.ListAsync(1, null, 10));
        Assert.Contains("sent more than this response may hold", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFetchResponseCarryingTwoLiteralsGivesTheMessagesOwnBytes()
    {
        var message = "From: ana@acme.example\r\nSubject: The real one\r\n\r\nBody with {3}\r\nabc in it\r\n";
        await using var server = new ScriptedImapServer(async s =>
        {
            if (!IsUidFetch(s))
            {
                return false;
            }

            const string decoy = "Subject: decoy\r\n\r\n";
            await s.SayAsync($"* 1 FETCH (UID 1 BODY[HEADER.FIELDS (SUBJECT)] {{{decoy.Length}}}\r\n{decoy} BODY[] {{{message.Length}}}\r\n{message})\r\n{s.Tag} OK done\r\n");
            return true;
        });

        await using var reader = await OpenAsync(server);
        Assert.Equal(message, Encoding.ASCII.GetString((await reader.FetchAsync(1, headerOnly: false))!));
    }
}
