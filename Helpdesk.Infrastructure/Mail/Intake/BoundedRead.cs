namespace Helpdesk.Infrastructure.Mail.Intake;

/// <summary>Reads a message from a stream without ever holding more than the limit in memory.</summary>
public static class BoundedRead
{
    /// <summary>What is kept of a message over the limit: its beginning, which holds the header block.</summary>
    public const int KeptWhenTooLarge = 256 * 1024;

    /// <summary>
    /// The whole stream when it is at most <paramref name="limit"/> bytes; otherwise its first
    /// <see cref="KeptWhenTooLarge"/> bytes, the rest read and counted but not kept (a mail server piping the message
    /// in sees it all taken). <c>Size</c> is the stream's full length either way.
    /// </summary>
    public static async Task<(byte[] Data, long Size)> ReadAsync(Stream input, long limit, CancellationToken ct = default)
    {
        using var kept = new MemoryStream();
        var buffer = new byte[81920];
        var size = 0L;
        int read;
        while ((read = await input.ReadAsync(buffer, ct)) > 0)
        {
            size += read;
            if (size <= limit)
            {
                kept.Write(buffer, 0, read);
            }
            else if (kept.Length > KeptWhenTooLarge)
            {
                kept.SetLength(KeptWhenTooLarge); // just went over: keep only the beginning from now on
            }
            else if (kept.Length < KeptWhenTooLarge)
            {
                kept.Write(buffer, 0, (int)Math.Min(read, KeptWhenTooLarge - kept.Length));
            }
        }

        return (kept.ToArray(), size);
    }
}
