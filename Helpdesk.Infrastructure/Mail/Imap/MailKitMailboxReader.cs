using System.Net;
using System.Net.Sockets;
using Helpdesk.Core.Ports;
using Helpdesk.Infrastructure.Mail.Intake;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;

namespace Helpdesk.Infrastructure.Mail.Imap;

public enum ImapSecurity
{
    None,
    StartTls,
    ImplicitTls,
}

public enum ImapAuth
{
    /// <summary>The best mechanism both sides offer for a user name and password (SCRAM, PLAIN, LOGIN, …).</summary>
    Login,

    /// <summary>SASL PLAIN only.</summary>
    Plain,

    /// <summary>SASL XOAUTH2 with a bearer token from configuration (Google, Microsoft).</summary>
    XOAuth2,
}

/// <summary>Opens a reader for one configured mailbox (MailKit's IMAP client in the app; tests may give another).</summary>
public delegate IMailboxReader OpenMailbox(MailboxOptions mailbox);

/// <summary>The mail server refused or broke the session; the message names what, never the password or token.</summary>
public sealed class ImapException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Reads one mailbox through MailKit's <see cref="ImapClient"/>: TLS (implicit or STARTTLS) checked against the system's
/// trust store unless turned off, sign-in through MailKit's SASL mechanisms (XOAUTH2 for a token), the folder by its
/// name (MailKit writes it in modified UTF-7), UIDVALIDITY and UIDNEXT, sizes by UID, each message's raw bytes, flags,
/// MOVE (or COPY and expunge where the server lacks it), and IDLE.
/// </summary>
/// <remarks>A server is trusted with nothing: every response is read through a budget of bytes, set before each
/// command (the message's limit for a fetch), so that a server announcing a huge literal or sending a line without end
/// ends the session instead of filling memory.</remarks>
public sealed class MailKitMailboxReader(MailboxOptions mailbox, IntakeLimits limits) : IMailboxReader
{
    /// <summary>How long one command may wait for the server.</summary>
    public static TimeSpan Timeout { get; } = TimeSpan.FromSeconds(60);

    /// <summary>What any response but a message's may hold.</summary>
    public const long ResponseBudget = 1024 * 1024;

    private readonly ImapClient _client = new() { Timeout = (int)Timeout.TotalMilliseconds };
    private BudgetStream? _stream;
    private IMailFolder? _folder;
    private IMailFolder? _moveTo;

    /// <summary>How many messages the folder held when it was last listed: one that came after is read at once.</summary>
    private int _listedCount = -1;

    public bool CanWaitForMail => _client.Capabilities.HasFlag(ImapCapabilities.Idle);

    public async Task<MailboxFolder> OpenAsync(CancellationToken ct = default)
    {
        var tcp = new TcpClient();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(Timeout);
            await tcp.ConnectAsync(mailbox.Host, mailbox.Port, timeout.Token);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }

        _stream = new BudgetStream(tcp, ResponseBudget);
        if (!mailbox.ValidateCertificate)
        {
            _client.ServerCertificateValidationCallback = (_, _, _, _) => true;
        }

        await _client.ConnectAsync(_stream, mailbox.Host, mailbox.Port, mailbox.Security switch
        {
            ImapSecurity.ImplicitTls => SecureSocketOptions.SslOnConnect,
            ImapSecurity.StartTls => SecureSocketOptions.StartTls,
            _ => SecureSocketOptions.None,
        }, ct);
        try
        {
            switch (mailbox.Auth)
            {
                case ImapAuth.XOAuth2:
                    await _client.AuthenticateAsync(new SaslMechanismOAuth2(mailbox.UserName, mailbox.AccessToken ?? string.Empty), ct);
                    break;
                case ImapAuth.Plain:
                    await _client.AuthenticateAsync(new SaslMechanismPlain(new NetworkCredential(mailbox.UserName, mailbox.Password)), ct);
                    break;
                default:
                    await _client.AuthenticateAsync(new NetworkCredential(mailbox.UserName, mailbox.Password), ct);
                    break;
            }
        }
        catch (AuthenticationException ex)
        {
            throw new ImapException($"Sign-in ({mailbox.Auth}) as {mailbox.UserName} was refused by {mailbox.Host}: {ex.Message}", ex);
        }

        _folder = string.Equals(mailbox.Folder, "INBOX", StringComparison.OrdinalIgnoreCase)
            ? _client.Inbox
            : await _client.GetFolderAsync(mailbox.Folder, ct);
        await _folder.OpenAsync(FolderAccess.ReadWrite, ct);
        if (mailbox.AfterImport == AfterImport.Move)
        {
            _moveTo = await FolderAsync(mailbox.MoveTo, ct);
        }

        return new MailboxFolder(_folder.UidValidity, _folder.UidNext?.Id ?? 0);
    }

    /// <summary>The folder of that name, made first when it does not exist.</summary>
    private async Task<IMailFolder> FolderAsync(string name, CancellationToken ct)
    {
        try
        {
            return await _client.GetFolderAsync(name, ct);
        }
        catch (FolderNotFoundException)
        {
            var root = _client.GetFolder(_client.PersonalNamespaces[0]);
            return await root.CreateAsync(name, isMessageFolder: true, ct) ?? await _client.GetFolderAsync(name, ct);
        }
    }

    public async Task<IReadOnlyList<MailboxItem>> ListAsync(long fromUid, long? toUid, int max, CancellationToken ct = default)
    {
        var folder = Folder;
        var range = new UniqueIdRange(new UniqueId(folder.UidValidity, (uint)Math.Clamp(fromUid, 1, uint.MaxValue)),
            toUid is { } to ? new UniqueId(folder.UidValidity, (uint)Math.Clamp(to, 1, uint.MaxValue)) : UniqueId.MaxValue);
        Budget(ResponseBudget + (max * 1024L));
        var count = folder.Count;
        var summaries = await folder.FetchAsync(range, MessageSummaryItems.UniqueId | MessageSummaryItems.Size, ct);
        _listedCount = count;
        return [.. summaries
            .Where(s => s.UniqueId.Id >= fromUid && (toUid is null || s.UniqueId.Id <= toUid))
            .OrderBy(s => s.UniqueId.Id)
            .Take(max)
            .Select(s => new MailboxItem(s.UniqueId.Id, s.Size ?? 0))];
    }

    public async Task<byte[]?> FetchAsync(long uid, bool headerOnly, CancellationToken ct = default)
    {
        var folder = Folder;

        // A literal may exceed the size the server announced a little (line endings), never by much.
        Budget(headerOnly ? ResponseBudget : (2 * limits.MaxMessageBytes) + ResponseBudget);
        try
        {
            using var stream = await folder.GetStreamAsync(new UniqueId(folder.UidValidity, (uint)uid), headerOnly ? "HEADER" : string.Empty, ct);
            using var bytes = new MemoryStream();
            await stream.CopyToAsync(bytes, ct);
            return bytes.ToArray();
        }
        catch (MessageNotFoundException)
        {
            return null;
        }
    }

    public async Task SettleAsync(IReadOnlyCollection<long> uids, CancellationToken ct = default)
    {
        if (uids.Count == 0)
        {
            return;
        }

        var folder = Folder;
        var ids = uids.Select(u => new UniqueId(folder.UidValidity, (uint)u)).ToList();
        Budget(ResponseBudget + (uids.Count * 1024L));
        if (_moveTo is not null)
        {
            await folder.MoveToAsync(ids, _moveTo, ct);
        }
        else
        {
            await folder.StoreAsync(ids, new StoreFlagsRequest(StoreAction.Add, MessageFlags.Seen) { Silent = true }, ct);
        }
    }

    public async Task<bool> WaitForMailAsync(TimeSpan max, CancellationToken ct = default)
    {
        var folder = Folder;
        if (!CanWaitForMail)
        {
            await Task.Delay(max, ct);
            return false;
        }

        // Mail that arrived after the last listing (the server said so in an answer to another command) is not news
        // to IDLE: read it now rather than wait for the next renewal.
        if (_listedCount >= 0 && folder.Count != _listedCount)
        {
            return true;
        }

        var before = folder.Count;
        using var done = CancellationTokenSource.CreateLinkedTokenSource(ct);
        void Arrived(object? sender, EventArgs e) => done.Cancel();
        folder.CountChanged += Arrived;
        try
        {
            done.CancelAfter(max);
            Budget(long.MaxValue); // an idle session reads untagged updates for as long as it lasts
            await _client.IdleAsync(done.Token, ct);
        }
        finally
        {
            folder.CountChanged -= Arrived;
        }

        ct.ThrowIfCancellationRequested();
        return folder.Count > before;
    }

    public async Task CloseAsync(CancellationToken ct = default)
    {
        if (_client.IsConnected)
        {
            Budget(ResponseBudget);
            await _client.DisconnectAsync(quit: true, ct);
        }
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        _stream?.Dispose();
        return ValueTask.CompletedTask;
    }

    private IMailFolder Folder => _folder ?? throw new InvalidOperationException("The mailbox is not open.");

    private void Budget(long bytes)
    {
        if (_stream is not null)
        {
            _stream.Remaining = bytes;
        }
    }

    /// <summary>The connection's stream, which ends the session once a response has read more than its budget.</summary>
    private sealed class BudgetStream(TcpClient tcp, long budget) : Stream
    {
        private readonly NetworkStream _inner = tcp.GetStream();

        public long Remaining { get; set; } = budget;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override bool CanTimeout => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int ReadTimeout { get => _inner.ReadTimeout; set => _inner.ReadTimeout = value; }

        public override int WriteTimeout { get => _inner.WriteTimeout; set => _inner.WriteTimeout = value; }

        public override int Read(byte[] buffer, int offset, int count) => Count(_inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await _inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int read)
        {
            Remaining -= read;
            if (Remaining < 0)
            {
                tcp.Close();
                throw new IOException("The mail server sent more than this response may hold (a message over the size limit, or a line without end); the session was ended.");
            }

            return read;
        }

        public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => _inner.WriteAsync(buffer, cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _inner.WriteAsync(buffer, offset, count, cancellationToken);

        public override void Flush() => _inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
                tcp.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
