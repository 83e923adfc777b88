using Helpdesk.Core.Domain;

namespace Helpdesk.Infrastructure.Storage;

/// <summary>Keeps attachment bytes as files under the data folder, by a key the database records.</summary>
public sealed class AttachmentStore(string root, TimeProvider time)
{
    public string Root { get; } = root;

    /// <summary>Writes the stream to a new file and describes it for a message.</summary>
    public async Task<AttachmentFile> SaveAsync(string fileName, string contentType, Stream content, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var key = $"{now:yyyy}/{now:MM}/{Guid.NewGuid():N}";
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        long size;
        await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
        {
            await content.CopyToAsync(file, ct);
            size = file.Length;
        }

        return new AttachmentFile(SafeName(fileName), string.IsNullOrWhiteSpace(contentType) ? "application/octet-stream" : contentType, size, key);
    }

    public Stream Open(string key) => new FileStream(PathOf(key), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);

    private string PathOf(string key)
    {
        var full = Path.GetFullPath(Path.Combine(Root, key));
        if (!full.StartsWith(Path.GetFullPath(Root), StringComparison.Ordinal))
        {
            throw new InvalidOperationException("Attachment key escapes the store.");
        }

        return full;
    }

    private static string SafeName(string fileName)
    {
        var name = Path.GetFileName(FileNames.Visible(fileName).Replace('\\', '/'));
        foreach (var c in Path.GetInvalidFileNameChars())
        {
            name = name.Replace(c, '_');
        }

        name = name.Trim();
        if (name.Length == 0)
        {
            name = "attachment";
        }

        return name.Length <= Limits.FileNameLength ? name : name[^Limits.FileNameLength..];
    }
}
