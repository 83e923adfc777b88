namespace Helpdesk.Infrastructure.Mail;

/// <summary>How far the poll job has read a mailbox: the folder's UIDVALIDITY and the last UID done.</summary>
public sealed class MailboxState
{
    private MailboxState()
    {
    }

    public MailboxState(string mailbox) => Mailbox = mailbox;

    public string Mailbox { get; private set; } = string.Empty;

    public long UidValidity { get; private set; }

    public long LastUid { get; private set; }

    public DateTimeOffset? LastPollAt { get; private set; }

    public string? LastError { get; private set; }

    public int Imported { get; private set; }

    /// <summary>A new UIDVALIDITY means the UIDs were renumbered: read from the start (idempotence skips repeats).</summary>
    public void Validity(long uidValidity)
    {
        if (uidValidity != UidValidity)
        {
            UidValidity = uidValidity;
            LastUid = 0;
        }
    }

    public void Done(long uid, int imported = 1)
    {
        LastUid = Math.Max(LastUid, uid);
        Imported += imported;
    }

    public void Polled(DateTimeOffset at, string? error)
    {
        LastPollAt = at;
        LastError = error is null ? null : error.Length > 1000 ? error[..1000] : error;
    }
}
