using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Helpdesk.Core.Mail;

namespace Helpdesk.Infrastructure.Mail;

public sealed record SmtpSettings(string Host, int Port, SmtpSecurity Security, string? UserName, string? Password, bool ValidateCertificate = true);

public enum SmtpSecurity
{
    None,
    StartTls,
    ImplicitTls,
}

/// <summary>A small SMTP client (RFC 5321): EHLO, STARTTLS (RFC 3207) or implicit TLS, AUTH PLAIN, one message per connection.</summary>
public sealed class SmtpSender(SmtpSettings settings) : IMailSender
{
    public async Task SendAsync(string from, IReadOnlyList<string> recipients, string messageId, ReadOnlyMemory<byte> message, CancellationToken ct = default)
    {
        using var client = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        await client.ConnectAsync(settings.Host, settings.Port, timeout.Token);
        Stream stream = client.GetStream();
        if (settings.Security == SmtpSecurity.ImplicitTls)
        {
            stream = await TlsAsync(stream, timeout.Token);
        }

        var session = new Session(stream);
        await session.ExpectAsync(220, timeout.Token);
        var capabilities = await session.CommandAsync($"EHLO {Environment.MachineName}", 250, timeout.Token);
        if (settings.Security == SmtpSecurity.StartTls)
        {
            if (!capabilities.Contains("STARTTLS", StringComparison.OrdinalIgnoreCase))
            {
                throw new IOException("The SMTP server does not offer STARTTLS.");
            }

            await session.CommandAsync("STARTTLS", 220, timeout.Token);
            session = new Session(await TlsAsync(stream, timeout.Token));
            await session.CommandAsync($"EHLO {Environment.MachineName}", 250, timeout.Token);
        }

        if (!string.IsNullOrEmpty(settings.UserName))
        {
            var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{settings.UserName}\0{settings.Password}"));
            await session.CommandAsync($"AUTH PLAIN {token}", 235, timeout.Token);
        }

        await session.CommandAsync($"MAIL FROM:<{from}>", 250, timeout.Token);
        foreach (var recipient in recipients)
        {
            await session.CommandAsync($"RCPT TO:<{recipient}>", 250, timeout.Token);
        }

        await session.CommandAsync("DATA", 354, timeout.Token);
        await session.WriteDataAsync(message, timeout.Token);
        await session.ExpectAsync(250, timeout.Token);
        try
        {
            await session.CommandAsync("QUIT", 221, timeout.Token);
        }
        catch (IOException)
        {
            // Delivered already; a server that drops the line on QUIT changes nothing.
        }
    }

    private async Task<Stream> TlsAsync(Stream inner, CancellationToken ct)
    {
        var tls = new SslStream(inner, leaveInnerStreamOpen: false, (_, _, _, errors) => !settings.ValidateCertificate || errors == SslPolicyErrors.None);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = settings.Host }, ct);
        return tls;
    }

    private sealed class Session(Stream stream)
    {
        private readonly StreamReader _reader = new(stream, Encoding.ASCII, false, 1024, leaveOpen: true);

        public async Task<string> CommandAsync(string command, int expected, CancellationToken ct)
        {
            var bytes = Encoding.ASCII.GetBytes(command + "\r\n");
            await stream.WriteAsync(bytes, ct);
            await stream.FlushAsync(ct);
            return await ExpectAsync(expected, ct);
        }

        public async Task<string> ExpectAsync(int expected, CancellationToken ct)
        {
            var reply = new StringBuilder();
            while (true)
            {
                var line = await _reader.ReadLineAsync(ct) ?? throw new IOException("The SMTP server closed the connection.");
                reply.AppendLine(line);
                if (line.Length < 4 || line[3] != '-')
                {
                    if (!line.StartsWith(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))
                    {
                        throw new IOException($"SMTP: expected {expected}, got: {reply.ToString().Trim()}");
                    }

                    return reply.ToString();
                }
            }
        }

        /// <summary>The message with CRLF line ends, leading dots doubled, and the final ".".</summary>
        public async Task WriteDataAsync(ReadOnlyMemory<byte> message, CancellationToken ct)
        {
            var output = new MemoryStream(message.Length + 64);
            var atLineStart = true;
            var span = message.Span;
            for (var i = 0; i < span.Length; i++)
            {
                var b = span[i];
                if (atLineStart && b == (byte)'.')
                {
                    output.WriteByte((byte)'.');
                }

                if (b == (byte)'\n' && (i == 0 || span[i - 1] != (byte)'\r'))
                {
                    output.WriteByte((byte)'\r');
                }

                output.WriteByte(b);
                atLineStart = b == (byte)'\n';
            }

            if (!atLineStart)
            {
                output.Write("\r\n"u8);
            }

            output.Write(".\r\n"u8);
            await stream.WriteAsync(output.GetBuffer().AsMemory(0, (int)output.Length), ct);
            await stream.FlushAsync(ct);
        }
    }
}
