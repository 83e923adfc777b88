using System.Net;
using System.Net.Sockets;
using System.Text;
using Helpdesk.Infrastructure.Mail.Imap;

namespace Helpdesk.Tests.Integration.Imap;

/// <summary>
/// The IMAP client against a server that lies: a scripted TCP server on loopback that answers the session like a
/// real one and then, on the fetch, announces a 2 GB literal or sends a line without end.
/// </summary>
public sealed class HostileImapServerTests
{
    /// <summary>Answers CAPABILITY, LOGIN and SELECT; answers UID FETCH with <paramref name="fetch"/>'s bytes.</summary>
    private sealed class ScriptedServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly Task _run;
        private readonly CancellationTokenSource _stop = new();

        public ScriptedServer(Func<string, Stream, CancellationToken, Task> fetch)
        {
            _listener.Start();
            _run = Task.Run(async () =>
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var stream = client.GetStream();
                var reader = new StreamReader(stream, Encoding.ASCII);
                async Task SayAsync(string text) => await stream.WriteAsync(Encoding.ASCII.GetBytes(text), _stop.Token);
                await SayAsync("* OK scripted server ready\r\n");
                while (await reader.ReadLineAsync(_stop.Token) is { } line)
                {
                    var tag = line.Split(' ')[0];
                    var command = line.Split(' ').ElementAtOrDefault(1)?.ToUpperInvariant();
                    try
                    {
                        switch (command)
                        {
                            case "CAPABILITY":
                                await SayAsync($"* CAPABILITY IMAP4rev1\r\n{tag} OK done\r\n");
                                break;
                            case "SELECT":
                                await SayAsync($"* 1 EXISTS\r\n* OK [UIDVALIDITY 7] ok\r\n* OK [UIDNEXT 2] ok\r\n{tag} OK [READ-WRITE] done\r\n");
                                break;
                            case "UID":
                                await fetch(tag, stream, _stop.Token);
                                break;
                            default:
                                await SayAsync($"{tag} OK done\r\n");
                                break;
                        }
                    }
                    catch (IOException)
                    {
                        return; // the client hung up, as it should
                    }
                }
            });
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            try
            {
                await _run;
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
            {
            }

            _stop.Dispose();
        }
    }

    private static async Task<ImapClient> ConnectAsync(ScriptedServer server, long maxLiteral)
    {
        var client = new ImapClient { MaxLiteralBytes = maxLiteral };
        await client.ConnectAsync(new ImapSettings("127.0.0.1", server.Port, ImapSecurity.None, ImapAuth.Login, "support", "secret", null), CancellationToken.None);
        await client.SelectAsync("INBOX", CancellationToken.None);
        return client;
    }

    [Fact]
    public async Task ALiteralAnnouncedOverTheLimitEndsTheSessionBeforeAByteOfItIsRead()
    {
        await using var server = new ScriptedServer(async (tag, stream, ct) =>
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes("* 1 FETCH (UID 1 BODY[] {2147483647}\r\n"), ct);

            // Then a trickle, as a server feeding a huge literal would: the client must not wait for it.
            var chunk = new byte[1024];
            for (var i = 0; i < 64; i++)
            {
                await stream.WriteAsync(chunk, ct);
            }
        });

        await using var client = await ConnectAsync(server, maxLiteral: 1024 * 1024);
        var error = await Assert.ThrowsAsync<ImapException>(() => client.FetchAsync(1, CancellationToken.None));
        Assert.Contains("announced a literal of 2147483647 bytes; the limit is 1048576", error.Message, StringComparison.Ordinal);

        // A number past any long is refused the same way, not overflowed.
        await using var second = new ScriptedServer((tag, stream, ct) => stream.WriteAsync(Encoding.ASCII.GetBytes("* 1 FETCH (UID 1 BODY[] {99999999999999999999999}\r\n"), ct).AsTask());
        await using var other = await ConnectAsync(second, maxLiteral: 1024 * 1024);
        await Assert.ThrowsAsync<ImapException>(() => other.FetchAsync(1, CancellationToken.None));
    }

    [Fact]
    public async Task ALineWithoutEndIsCutOffAtTheLineLimit()
    {
        await using var server = new ScriptedServer(async (tag, stream, ct) =>
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes("* 1 FETCH (UID 1 FLAGS ("), ct);
            var chunk = Encoding.ASCII.GetBytes(new string('x', 64 * 1024));
            for (var sent = 0L; sent < 3L * ImapClient.MaxLineBytes; sent += chunk.Length)
            {
                await stream.WriteAsync(chunk, ct);
            }

            await stream.WriteAsync("\r\n"u8.ToArray(), ct);
        });

        await using var client = await ConnectAsync(server, maxLiteral: 1024 * 1024);
        var error = await Assert.ThrowsAsync<ImapException>(() => client.SummariesAsync(1, 10, CancellationToken.None));
        Assert.Contains($"a line over {ImapClient.MaxLineBytes} bytes", error.Message, StringComparison.Ordinal);
    }
}
