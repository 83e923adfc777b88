using System.Net;
using System.Net.Sockets;
using System.Text;
using Helpdesk.Infrastructure.Mail.Imap;

namespace Helpdesk.Tests.Unit.Mail;

/// <summary>
/// The XOAUTH2 exchange (Google/Microsoft's SASL mechanism) against a scripted server: the test Dovecot has
/// no OAuth2 token service, so a listener on loopback plays the server's side of the protocol here.
/// </summary>
public sealed class ImapXOAuth2Tests
{
    private static async Task<List<string>> ServeAsync(TcpListener listener, string validToken)
    {
        var seen = new List<string>();
        using var client = await listener.AcceptTcpClientAsync();
        await using var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("* OK scripted IMAP ready");
        var authenticated = false;
        while (await reader.ReadLineAsync() is { } line)
        {
            seen.Add(line);
            var tag = line.Split(' ')[0];
            if (line.EndsWith(" CAPABILITY", StringComparison.Ordinal))
            {
                await writer.WriteLineAsync(authenticated ? "* CAPABILITY IMAP4rev1 MOVE UIDPLUS" : "* CAPABILITY IMAP4rev1 SASL-IR AUTH=XOAUTH2");
                await writer.WriteLineAsync($"{tag} OK done");
            }
            else if (line.Contains(" AUTHENTICATE XOAUTH2 ", StringComparison.Ordinal))
            {
                var payload = Encoding.UTF8.GetString(Convert.FromBase64String(line.Split(' ')[3]));
                seen.Add(payload);
                if (payload == $"user=ana@acme.example\u0001auth=Bearer {validToken}\u0001\u0001")
                {
                    authenticated = true;
                    await writer.WriteLineAsync($"{tag} OK authenticated");
                }
                else
                {
                    // The error challenge, then NO once the client answers it with an empty line.
                    await writer.WriteLineAsync("+ " + Convert.ToBase64String("{\"status\":\"401\"}"u8.ToArray()));
                    seen.Add(await reader.ReadLineAsync() ?? "(closed)");
                    await writer.WriteLineAsync($"{tag} NO [AUTHENTICATIONFAILED] invalid credentials");
                }
            }
            else if (line.EndsWith(" LOGOUT", StringComparison.Ordinal))
            {
                await writer.WriteLineAsync("* BYE");
                await writer.WriteLineAsync($"{tag} OK bye");
                break;
            }
        }

        return seen;
    }

    private static ImapSettings Settings(int port, string token) =>
        new("127.0.0.1", port, ImapSecurity.None, ImapAuth.XOAuth2, "ana@acme.example", null, token, ValidateCertificate: true);

    [Fact]
    public async Task TheTokenIsSentInTheXOAuth2FormatWithTheInitialResponse()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var server = ServeAsync(listener, "good-token");

        await using (var client = new ImapClient())
        {
            await client.ConnectAsync(Settings(port, "good-token"), CancellationToken.None);
            Assert.Contains("MOVE", client.Capabilities);
            await client.LogoutAsync(CancellationToken.None);
        }

        var seen = await server;
        listener.Stop();
        Assert.Contains("user=ana@acme.example\u0001auth=Bearer good-token\u0001\u0001", seen);
    }

    [Fact]
    public async Task ARejectedTokenAnswersTheErrorChallengeAndFailsWithoutShowingTheToken()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var server = ServeAsync(listener, "good-token");

        await using var client = new ImapClient();
        var error = await Assert.ThrowsAsync<ImapException>(() => client.ConnectAsync(Settings(port, "expired-token"), CancellationToken.None));
        Assert.Contains("AUTHENTICATE XOAUTH2 failed", error.Message);
        Assert.DoesNotContain("expired-token", error.Message);
        await client.DisposeAsync();
        var seen = await server;
        listener.Stop();
        Assert.Contains(string.Empty, seen);
    }
}
