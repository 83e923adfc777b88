using Helpdesk.Core.Ports;
using Helpdesk.Core.Mail;

namespace Helpdesk.Infrastructure.Mail;

/// <summary>
/// Without SMTP, mail lands as .eml files in a folder, one per Message-ID: writing the same message again
/// replaces the file, so a retried send never makes a second copy.
/// </summary>
public sealed class PickupFolderSender(string folder) : IMailSender, IMailSession
{
    public string Folder { get; } = folder;

    public IMailSession OpenSession() => this;

    public async Task<IReadOnlyList<RefusedRecipient>> SendAsync(string from, IReadOnlyList<string> recipients, string messageId, ReadOnlyMemory<byte> message, CancellationToken ct = default)
    {
        Directory.CreateDirectory(Folder);
        var name = string.Concat(messageId.Trim('<', '>').Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '@' ? c : '_'));
        var path = Path.Combine(Folder, name + ".eml");
        var temp = path + ".tmp";
        await File.WriteAllBytesAsync(temp, message.ToArray(), ct);
        File.Move(temp, path, overwrite: true);
        return [];
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
