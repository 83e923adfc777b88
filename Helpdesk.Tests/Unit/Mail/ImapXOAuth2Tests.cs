using System.Net;
using System.Net.Sockets;
using System.Text;
using Helpdesk.Infrastructure.Mail.Imap;
using Helpdesk.Infrastructure.Mail.Intake;

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
            else if (line.Contains(" LIST ", StringComparison.Ordinal))
            {
                await writer.WriteLineAsync("* LIST (\\HasNoChildren) \"/\" INBOX");
                await writer.WriteLineAsync($"{tag} OK done");
            }
            else if (line.Contains(" SELECT ", StringComparison.Ordinal))
            {
                await writer.WriteLineAsync("* 0 EXISTS");
                await writer.WriteLineAsync("* OK [UIDVALIDITY 7] ok");
                await writer.WriteLineAsync($"{tag} OK [READ-WRITE] done");
            }
            else
            {
                await writer.WriteLineAsync($"{tag} OK done");
            }
        }

        return seen;
    }

    private static MailboxOptions Mailbox(int port, string token) =>
        new() { Host = "127.0.0.1", Port = port, Security = ImapSecurity.None, Auth = ImapAuth.XOAuth2, UserName = "ana@acme.example", AccessToken = token };

    private static readonly IntakeLimits Limits = new(1_048_576, 1_048_576);

    [Fact]
    public async Task TheTokenIsSentInTheXOAuth2FormatWithTheInitialResponse()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var server = ServeAsync(listener, "good-token");

        await using (var reader = new MailKitMailboxReader(Mailbox(port, "good-token"), Limits))
        {
            await reader.OpenAsync();
            await reader.CloseAsync();
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

        var reader = new MailKitMailboxReader(Mailbox(port, "expired-token"), Limits);
        var error = await Assert.ThrowsAsync<ImapException>(() => reader.OpenAsync());
        Assert.Contains("Sign-in (XOAuth2) as ana@acme.example was refused", error.Message);
        Assert.DoesNotContain("expired-token", error.Message);
        await reader.DisposeAsync();
        var seen = await server;
        listener.Stop();
        Assert.Contains(string.Empty, seen);
    }
}
