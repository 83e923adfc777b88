using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Helpdesk.Infrastructure.Mail.Imap;

public enum ImapSecurity
{
    None,
    StartTls,
    ImplicitTls,
}

public enum ImapAuth
{
    /// <summary>LOGIN, or AUTHENTICATE PLAIN when the server refuses LOGIN (LOGINDISABLED).</summary>
    Login,
    Plain,

    /// <summary>SASL XOAUTH2 with a bearer token from configuration.</summary>
    XOAuth2,
}

/// <summary>How to reach one mailbox. The password and token are secrets: never logged, never shown.</summary>
public sealed record ImapSettings(
    string Host, int Port, ImapSecurity Security, ImapAuth Auth, string UserName, string? Password, string? AccessToken,
    bool ValidateCertificate = true)
{
    public override string ToString() => $"{UserName}@{Host}:{Port} ({Security})";
}

public sealed record ImapFolder(string Name, long UidValidity, long UidNext, int Exists);

public sealed record ImapSummary(long Uid, long Size, IReadOnlyList<string> Flags);

public sealed class ImapException(string message) : Exception(message);

/// <summary>
/// A small IMAP4rev1 client (RFC 3501) for reading a mailbox by UID: TLS (implicit or STARTTLS, RFC 2595)
/// with certificate validation unless turned off, LOGIN / AUTHENTICATE PLAIN (SASL-IR, RFC 4959) / XOAUTH2,
/// SELECT with UIDVALIDITY and UIDNEXT, UID FETCH of sizes and of whole messages (BODY.PEEK[], literals),
/// UID STORE of flags, and UID MOVE (RFC 6851) with a COPY + \Deleted + UID EXPUNGE fallback (RFC 4315).
/// </summary>
public sealed partial class ImapClient : IAsyncDisposable
{
    private readonly TcpClient _tcp = new();
    private Stream _stream = Stream.Null;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _bufferStart;
    private int _bufferEnd;
    private int _tag;

    public HashSet<string> Capabilities { get; private set; } = new(StringComparer.OrdinalIgnoreCase);

    public static TimeSpan Timeout { get; } = TimeSpan.FromSeconds(60);

    /// <summary>The longest response line read (literals apart); a server that sends more is cut off.</summary>
    public const int MaxLineBytes = 1024 * 1024;

    /// <summary>The most untagged response lines one command may bring; more and the server is cut off.</summary>
    public const int MaxResponseLines = 100_000;

    /// <summary>
    /// The largest literal read (a fetched message); set it to the message size limit plus room for the header. A
    /// larger literal announced by the server ends the connection before a byte of it is read.
    /// </summary>
    public long MaxLiteralBytes { get; init; } = 64L * 1024 * 1024;

    public async Task ConnectAsync(ImapSettings settings, CancellationToken ct)
    {
        await _tcp.ConnectAsync(settings.Host, settings.Port, ct);
        _stream = _tcp.GetStream();
        if (settings.Security == ImapSecurity.ImplicitTls)
        {
            _stream = await TlsAsync(_stream, settings, ct);
        }

        var greeting = await ReadLineAsync(ct);
        if (!greeting.StartsWith("* OK", StringComparison.OrdinalIgnoreCase) && !greeting.StartsWith("* PREAUTH", StringComparison.OrdinalIgnoreCase))
        {
            throw new ImapException($"Unexpected greeting: {Shorten(greeting)}");
        }

        await CapabilityAsync(ct);
        if (settings.Security == ImapSecurity.StartTls)
        {
            if (!Capabilities.Contains("STARTTLS"))
            {
                throw new ImapException("The server does not offer STARTTLS.");
            }

            await CommandAsync("STARTTLS", ct);
            _bufferStart = _bufferEnd = 0;
            _stream = await TlsAsync(_stream, settings, ct);
            await CapabilityAsync(ct);
        }

        await AuthenticateAsync(settings, ct);
        await CapabilityAsync(ct);
    }

    public async Task<ImapFolder> SelectAsync(string folder, CancellationToken ct)
    {
        var response = await CommandAsync($"SELECT {Quote(folder)}", ct);
        long validity = 0, next = 0;
        var exists = 0;
        foreach (var line in response.Lines)
        {
            if (UidValidityPattern().Match(line) is { Success: true } v)
            {
                validity = long.Parse(v.Groups[1].Value, CultureInfo.InvariantCulture);
            }
            else if (UidNextPattern().Match(line) is { Success: true } n)
            {
                next = long.Parse(n.Groups[1].Value, CultureInfo.InvariantCulture);
            }
            else if (ExistsPattern().Match(line) is { Success: true } e)
            {
                exists = int.Parse(e.Groups[1].Value, CultureInfo.InvariantCulture);
            }
        }

        return new ImapFolder(folder, validity, next, exists);
    }

    /// <summary>
    /// UIDs (with sizes and flags) from <paramref name="fromUid"/> to <paramref name="toUid"/> (or on), ascending,
    /// at most <paramref name="max"/>. A bounded range keeps a large mailbox from answering all at once.
    /// </summary>
    public async Task<IReadOnlyList<ImapSummary>> SummariesAsync(long fromUid, int max, CancellationToken ct, long? toUid = null)
    {
        var range = toUid is long to ? $"{Math.Max(1, fromUid)}:{Math.Max(to, fromUid)}" : $"{Math.Max(1, fromUid)}:*";
        var response = await CommandAsync($"UID FETCH {range} (UID RFC822.SIZE FLAGS)", ct);
        var summaries = new List<ImapSummary>();
        foreach (var line in response.Lines)
        {
            if (!FetchPattern().IsMatch(line) || UidPattern().Match(line) is not { Success: true } uid)
            {
                continue;
            }

            var value = long.Parse(uid.Groups[1].Value, CultureInfo.InvariantCulture);

            // "n:*" always answers with the last message, even when its UID is below n (RFC 3501 §6.4.8).
            if (value < fromUid)
            {
                continue;
            }

            var size = SizePattern().Match(line) is { Success: true } s ? long.Parse(s.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
            var flags = FlagsPattern().Match(line) is { Success: true } f
                ? f.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                : [];
            summaries.Add(new ImapSummary(value, size, flags));
        }

        return [.. summaries.OrderBy(s => s.Uid).Take(max)];
    }

    /// <summary>The whole message, byte for byte, without setting \Seen.</summary>
    public Task<byte[]?> FetchAsync(long uid, CancellationToken ct) => FetchSectionAsync(uid, "BODY.PEEK[]", ct);

    /// <summary>Only the message's header block (for a message too large to fetch whole), without setting \Seen.</summary>
    public Task<byte[]?> FetchHeaderAsync(long uid, CancellationToken ct) => FetchSectionAsync(uid, "BODY.PEEK[HEADER]", ct);

    private async Task<byte[]?> FetchSectionAsync(long uid, string section, CancellationToken ct)
    {
        var response = await CommandAsync($"UID FETCH {uid} (UID {section})", ct);
        for (var i = 0; i < response.Lines.Count; i++)
        {
            if (FetchPattern().IsMatch(response.Lines[i]) && UidPattern().Match(response.Lines[i]) is { Success: true } u
                && long.Parse(u.Groups[1].Value, CultureInfo.InvariantCulture) == uid)
            {
                return response.Literals[i] ?? [];
            }
        }

        return null; // gone (expunged by someone else)
    }

    public Task AddFlagsAsync(long uid, string flags, CancellationToken ct) => AddFlagsAsync([uid], flags, ct);

    /// <summary>Adds flags to several messages in one command.</summary>
    public Task AddFlagsAsync(IReadOnlyCollection<long> uids, string flags, CancellationToken ct) =>
        uids.Count == 0 ? Task.CompletedTask : CommandAsync($"UID STORE {UidSet(uids)} +FLAGS.SILENT ({flags})", ct);

    public Task MoveAsync(long uid, string folder, CancellationToken ct) => MoveAsync([uid], folder, ct);

    /// <summary>Moves several messages in one command (or COPY, \Deleted and UID EXPUNGE where MOVE is missing).</summary>
    public async Task MoveAsync(IReadOnlyCollection<long> uids, string folder, CancellationToken ct)
    {
        if (uids.Count == 0)
        {
            return;
        }

        var set = UidSet(uids);
        if (Capabilities.Contains("MOVE"))
        {
            await CommandAsync($"UID MOVE {set} {Quote(folder)}", ct);
            return;
        }

        await CommandAsync($"UID COPY {set} {Quote(folder)}", ct);
        await AddFlagsAsync(uids, "\\Deleted", ct);
        await CommandAsync(Capabilities.Contains("UIDPLUS") ? $"UID EXPUNGE {set}" : "EXPUNGE", ct);
    }

    /// <summary>A UID set with runs written as ranges: "1:3,7,9:10".</summary>
    public static string UidSet(IEnumerable<long> uids)
    {
        var sorted = uids.Distinct().Order().ToList();
        var parts = new List<string>();
        for (var i = 0; i < sorted.Count; i++)
        {
            var start = sorted[i];
            while (i + 1 < sorted.Count && sorted[i + 1] == sorted[i] + 1)
            {
                i++;
            }

            parts.Add(start == sorted[i] ? start.ToString(CultureInfo.InvariantCulture) : $"{start}:{sorted[i]}");
        }

        return string.Join(',', parts);
    }

    public async Task CreateFolderAsync(string folder, CancellationToken ct)
    {
        try
        {
            await CommandAsync($"CREATE {Quote(folder)}", ct);
        }
        catch (ImapException ex) when (ex.Message.Contains("ALREADYEXISTS", StringComparison.OrdinalIgnoreCase) || ex.Message.Contains("exists", StringComparison.OrdinalIgnoreCase))
        {
        }
    }

    public async Task LogoutAsync(CancellationToken ct)
    {
        try
        {
            await CommandAsync("LOGOUT", ct);
        }
        catch (Exception ex) when (ex is IOException or ImapException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }

    private async Task AuthenticateAsync(ImapSettings settings, CancellationToken ct)
    {
        switch (settings.Auth)
        {
            case ImapAuth.XOAuth2:
                var token = settings.AccessToken ?? throw new ImapException("XOAUTH2 needs an access token.");
                await SaslAsync("XOAUTH2", Encoding.UTF8.GetBytes($"user={settings.UserName}\u0001auth=Bearer {token}\u0001\u0001"), ct);
                break;
            case ImapAuth.Plain:
            case ImapAuth.Login when Capabilities.Contains("LOGINDISABLED"):
                await SaslAsync("PLAIN", Encoding.UTF8.GetBytes($"\0{settings.UserName}\0{settings.Password}"), ct);
                break;
            default:
                await CommandAsync($"LOGIN {Quote(settings.UserName)} {Quote(settings.Password ?? string.Empty)}", ct, redact: "LOGIN");
                break;
        }
    }

    private async Task SaslAsync(string mechanism, byte[] initial, CancellationToken ct)
    {
        var encoded = Convert.ToBase64String(initial);
        var tag = NextTag();
        if (Capabilities.Contains("SASL-IR"))
        {
            await WriteAsync($"{tag} AUTHENTICATE {mechanism} {encoded}\r\n", ct);
        }
        else
        {
            await WriteAsync($"{tag} AUTHENTICATE {mechanism}\r\n", ct);
            var challenge = await ReadLineAsync(ct);
            if (!challenge.StartsWith('+'))
            {
                throw new ImapException($"AUTHENTICATE {mechanism} refused: {Shorten(challenge)}");
            }

            await WriteAsync(encoded + "\r\n", ct);
        }

        while (true)
        {
            var line = await ReadLineAsync(ct);
            if (line.StartsWith('+'))
            {
                await WriteAsync("\r\n", ct); // an error challenge (XOAUTH2): answer empty to get the tagged NO
                continue;
            }

            if (line.StartsWith(tag + " ", StringComparison.Ordinal))
            {
                if (!line[(tag.Length + 1)..].StartsWith("OK", StringComparison.OrdinalIgnoreCase))
                {
                    throw new ImapException($"AUTHENTICATE {mechanism} failed: {Shorten(line[(tag.Length + 1)..])}");
                }

                CapabilitiesFrom(line);
                return;
            }
        }
    }

    private async Task CapabilityAsync(CancellationToken ct)
    {
        var response = await CommandAsync("CAPABILITY", ct);
        foreach (var line in response.Lines)
        {
            CapabilitiesFrom(line);
        }
    }

    private void CapabilitiesFrom(string line)
    {
        var at = line.IndexOf("CAPABILITY ", StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return;
        }

        var text = line[(at + "CAPABILITY ".Length)..];
        var end = text.IndexOf(']', StringComparison.Ordinal);
        Capabilities = new HashSet<string>((end >= 0 ? text[..end] : text).Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.OrdinalIgnoreCase);
    }

    private sealed record Response(List<string> Lines, List<byte[]?> Literals, string Status);

    /// <summary>Sends a command and reads its untagged lines (each with its literal, if any) up to the tagged status.</summary>
    private async Task<Response> CommandAsync(string command, CancellationToken ct, string? redact = null)
    {
        var tag = NextTag();
        await WriteAsync($"{tag} {command}\r\n", ct);
        var lines = new List<string>();
        var literals = new List<byte[]?>();
        while (true)
        {
            var (line, literal) = await ReadResponseLineAsync(ct);
            if (line.StartsWith(tag + " ", StringComparison.Ordinal))
            {
                var status = line[(tag.Length + 1)..];
                if (!status.StartsWith("OK", StringComparison.OrdinalIgnoreCase))
                {
                    throw new ImapException($"{redact ?? command.Split(' ')[0]} failed: {Shorten(status)}");
                }

                return new Response(lines, literals, status);
            }

            if (lines.Count >= MaxResponseLines)
            {
                throw new ImapException($"{redact ?? command.Split(' ')[0]}: the server sent more than {MaxResponseLines} response lines.");
            }

            lines.Add(line);
            literals.Add(literal);
        }
    }

    /// <summary>One response line; a literal inside it (<c>{n}</c>) is read whole and returned apart.</summary>
    private async Task<(string Line, byte[]? Literal)> ReadResponseLineAsync(CancellationToken ct)
    {
        var text = new StringBuilder();
        byte[]? literal = null;
        while (true)
        {
            var line = await ReadLineAsync(ct);
            var match = LiteralPattern().Match(line);
            if (!match.Success)
            {
                text.Append(line);
                return (text.ToString(), literal);
            }

            text.Append(line[..match.Index]).Append("{literal}");
            if (text.Length > MaxLineBytes)
            {
                throw new ImapException($"The server sent a response over {MaxLineBytes} bytes.");
            }

            // The announced size is checked before a byte is read: a server cannot make us allocate 2 GB.
            if (!long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length > MaxLiteralBytes)
            {
                throw new ImapException($"The server announced a literal of {Shorten(match.Groups[1].Value)} bytes; the limit is {MaxLiteralBytes}.");
            }

            var bytes = await ReadExactAsync((int)length, ct);
            literal ??= bytes;
        }
    }

    private async Task<string> ReadLineAsync(CancellationToken ct)
    {
        var line = new List<byte>();
        while (true)
        {
            if (_bufferStart == _bufferEnd)
            {
                await FillAsync(ct);
            }

            var span = _buffer.AsSpan(_bufferStart, _bufferEnd - _bufferStart);
            var newline = span.IndexOf((byte)'\n');
            if (line.Count + (newline < 0 ? span.Length : newline) > MaxLineBytes)
            {
                throw new ImapException($"The server sent a line over {MaxLineBytes} bytes.");
            }

            if (newline < 0)
            {
                line.AddRange(span.ToArray());
                _bufferStart = _bufferEnd;
                continue;
            }

            line.AddRange(span[..newline].ToArray());
            _bufferStart += newline + 1;
            if (line.Count > 0 && line[^1] == '\r')
            {
                line.RemoveAt(line.Count - 1);
            }

            return Encoding.UTF8.GetString(line.ToArray());
        }
    }

    private async Task<byte[]> ReadExactAsync(int length, CancellationToken ct)
    {
        var result = new byte[length];
        var filled = 0;
        while (filled < length)
        {
            if (_bufferStart == _bufferEnd)
            {
                await FillAsync(ct);
            }

            var take = Math.Min(length - filled, _bufferEnd - _bufferStart);
            Array.Copy(_buffer, _bufferStart, result, filled, take);
            _bufferStart += take;
            filled += take;
        }

        return result;
    }

    private async Task FillAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        var read = await _stream.ReadAsync(_buffer, timeout.Token);
        if (read == 0)
        {
            throw new IOException("The IMAP server closed the connection.");
        }

        _bufferStart = 0;
        _bufferEnd = read;
    }

    private async Task WriteAsync(string text, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(text), timeout.Token);
        await _stream.FlushAsync(timeout.Token);
    }

    private static async Task<Stream> TlsAsync(Stream inner, ImapSettings settings, CancellationToken ct)
    {
        var tls = new SslStream(inner, leaveInnerStreamOpen: false,
            settings.ValidateCertificate ? null : (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = settings.Host }, ct);
        return tls;
    }

    private string NextTag() => $"H{++_tag:D4}";

    /// <summary>A quoted string (RFC 3501 §4.3) with its backslashes and quotes escaped.</summary>
    private static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";

    [GeneratedRegex(@"\{(\d+)\+?\}$", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex LiteralPattern();

    [GeneratedRegex(@"\[UIDVALIDITY (\d+)\]", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex UidValidityPattern();

    [GeneratedRegex(@"\[UIDNEXT (\d+)\]", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex UidNextPattern();

    [GeneratedRegex(@"^\* (\d+) EXISTS", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ExistsPattern();

    [GeneratedRegex(@"^\* \d+ FETCH \(", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex FetchPattern();

    [GeneratedRegex(@"[ (]UID (\d+)", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex UidPattern();

    [GeneratedRegex(@"RFC822\.SIZE (\d+)", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex SizePattern();

    [GeneratedRegex(@"FLAGS \(([^)]*)\)", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex FlagsPattern();
}
