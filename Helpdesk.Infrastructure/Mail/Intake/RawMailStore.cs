namespace Helpdesk.Infrastructure.Mail.Intake;

/// <summary>Raw received messages as .eml files under the data folder, named by their SHA-256: writing twice is harmless.</summary>
public sealed class RawMailStore(string root)
{
    public string Root { get; } = root;

    public async Task<string> SaveAsync(byte[] raw, string sha256, DateTimeOffset now, CancellationToken ct = default)
    {
        var key = $"{now:yyyy}/{now:MM}/{sha256}.eml";
        var path = Path.Combine(Root, key);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temp = $"{path}.{Guid.NewGuid():N}.tmp";
            await File.WriteAllBytesAsync(temp, raw, ct);
            File.Move(temp, path, overwrite: true);
        }

        return key;
    }

    public Task<byte[]> ReadAsync(string key, CancellationToken ct = default) => File.ReadAllBytesAsync(Path.Combine(Root, key), ct);
}
