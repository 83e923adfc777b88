using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Helpdesk.Tests.Support;

/// <summary>
/// A scripted IMAP server on loopback for what a real one will not do (lie, or speak a mechanism the test Dovecot lacks):
/// it answers a session as a server would (capabilities, sign-in, LIST, SELECT) and hands every other command to the
/// test's <c>answer</c>, which writes the response and returns true, or returns false for a plain "OK".
/// </summary>
public sealed class ScriptedImapServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Task _run;
    private readonly CancellationTokenSource _stop = new();

    public ScriptedImapServer(Func<Session, Task<bool>> answer, string capabilities = "IMAP4rev1")
    {
        _listener.Start();
        _run = Task.Run(async () =>
        {
            using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            var stream = client.GetStream();
            var reader = new StreamReader(stream, Encoding.ASCII);
            var session = new Session(stream, reader, _stop.Token);
            await session.SayAsync("* OK scripted server ready\r\n");
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                session.Tag = line.Split(' ')[0];
                session.Line = line;
                var command = line.Split(' ').ElementAtOrDefault(1)?.ToUpperInvariant();
                try
                {
                    if (await answer(session))
                    {
                        continue;
                    }

                    switch (command)
                    {
                        case "CAPABILITY":
                            await session.SayAsync($"* CAPABILITY {capabilities}\r\n{session.Tag} OK done\r\n");
                            break;
                        case "LIST":
                            await session.SayAsync($"* LIST (\\HasNoChildren) \"/\" INBOX\r\n{session.Tag} OK done\r\n");
                            break;
                        case "SELECT" or "EXAMINE":
                            await session.SayAsync($"* FLAGS (\\Seen)\r\n* 1 EXISTS\r\n* 0 RECENT\r\n* OK [UIDVALIDITY 7] ok\r\n* OK [UIDNEXT 2] ok\r\n{session.Tag} OK [READ-WRITE] done\r\n");
                            break;
                        case "LOGOUT":
                            await session.SayAsync($"* BYE\r\n{session.Tag} OK bye\r\n");
                            return;
                        default:
                            await session.SayAsync($"{session.Tag} OK done\r\n");
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
    }

    public sealed class Session(NetworkStream stream, StreamReader reader, CancellationToken ct)
    {
        public string Tag { get; set; } = string.Empty;

        public string Line { get; set; } = string.Empty;

        public NetworkStream Stream => stream;

        public CancellationToken Token => ct;

        public async Task SayAsync(string text) => await stream.WriteAsync(Encoding.ASCII.GetBytes(text), ct);

        public async Task<string?> ReadLineAsync() => await reader.ReadLineAsync(ct);
    }
}
