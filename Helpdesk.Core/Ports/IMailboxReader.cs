namespace Helpdesk.Core.Ports;

/// <summary>A mailbox folder's identity for UIDs: its UIDVALIDITY and the next UID it will give (0 when not told).</summary>
public sealed record MailboxFolder(long UidValidity, long UidNext);

/// <summary>A message waiting in a mailbox: its UID and the size the server gives for it.</summary>
public sealed record MailboxItem(long Uid, long Size);

/// <summary>
/// One configured mailbox, opened for reading by UID (IMAP): the intake's view of the mail server. Messages are read as
/// raw bytes; what happens to them once taken in (flagged seen, or moved) is the mailbox's setting.
/// </summary>
public interface IMailboxReader : IAsyncDisposable
{
    /// <summary>Connects, signs in and opens the folder.</summary>
    Task<MailboxFolder> OpenAsync(CancellationToken ct = default);

    /// <summary>Up to <paramref name="max"/> messages from <paramref name="fromUid"/> to <paramref name="toUid"/> (or
    /// the end), in UID order.</summary>
    Task<IReadOnlyList<MailboxItem>> ListAsync(long fromUid, long? toUid, int max, CancellationToken ct = default);

    /// <summary>The message's raw bytes, or only its header block; null when it is gone.</summary>
    Task<byte[]?> FetchAsync(long uid, bool headerOnly, CancellationToken ct = default);

    /// <summary>Tells the server the messages were taken in: flags them seen, or moves them, as set up.</summary>
    Task SettleAsync(IReadOnlyCollection<long> uids, CancellationToken ct = default);

    /// <summary>Whether the server can tell of new mail as it arrives (IMAP IDLE, RFC 2177).</summary>
    bool CanWaitForMail { get; }

    /// <summary>Waits until the server tells of new mail (true) or <paramref name="max"/> passes (false).</summary>
    Task<bool> WaitForMailAsync(TimeSpan max, CancellationToken ct = default);

    /// <summary>Signs out politely.</summary>
    Task CloseAsync(CancellationToken ct = default);
}
