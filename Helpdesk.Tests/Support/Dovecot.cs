using System.Diagnostics;
using Helpdesk.Infrastructure.Mail.Imap;
using Helpdesk.Infrastructure.Mail.Intake;

namespace Helpdesk.Tests.Support;

/// <summary>
/// The Dovecot IMAP server the test script starts (any user name, password "secret", a Maildir each): a fresh
/// mailbox per test, filled by Dovecot's own delivery tool (<c>doveadm save</c>), byte for byte.
/// </summary>
public sealed class Dovecot
{
    private Dovecot(string host, int port, int tlsPort, string config)
    {
        Host = host;
        Port = port;
        TlsPort = tlsPort;
        Config = config;
        User = $"u{Guid.NewGuid():N}@test.example";
    }

    public string Host { get; }

    public int Port { get; }

    public int TlsPort { get; }

    public string Config { get; }

    public string User { get; }

    public const string Password = "secret";

    /// <summary>A fresh mailbox on the test server (skips locally, fails under CI=true, when there is none).</summary>
    public static Dovecot Require()
    {
        var imap = Environment.GetEnvironmentVariable("HELPDESK_TEST_IMAP");
        var imaps = Environment.GetEnvironmentVariable("HELPDESK_TEST_IMAPS");
        var config = Environment.GetEnvironmentVariable("HELPDESK_TEST_DOVECOT_CONF");
        ServiceRequirement.Require(imap is not null && imaps is not null && config is not null && File.Exists(config),
            "Dovecot IMAP (HELPDESK_TEST_IMAP, HELPDESK_TEST_IMAPS, HELPDESK_TEST_DOVECOT_CONF)");
        return new Dovecot(imap!.Split(':')[0], int.Parse(imap.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(imaps!.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture), config!);
    }

    /// <summary>The app's mailbox settings for this test mailbox.</summary>
    public MailboxOptions Mailbox(ImapSecurity security = ImapSecurity.None, bool validate = false, ImapAuth auth = ImapAuth.Login, string folder = "INBOX", AfterImport afterImport = AfterImport.Seen) => new()
    {
        Name = "support",
        Host = Host,
        Port = security == ImapSecurity.ImplicitTls ? TlsPort : Port,
        Security = security,
        Auth = auth,
        UserName = User,
        Password = Password,
        ValidateCertificate = validate,
        Folder = folder,
        AfterImport = afterImport,
    };

    /// <summary>A MailKit client signed in to this mailbox, for a test to look at the server's side (flags, folders).</summary>
    public async Task<MailKit.Net.Imap.ImapClient> InspectAsync()
    {
        var client = new MailKit.Net.Imap.ImapClient();
        await client.ConnectAsync(Host, Port, MailKit.Security.SecureSocketOptions.None);
        await client.AuthenticateAsync(User, Password);
        return client;
    }

    /// <summary>Configuration of the app's mailbox "support" on this test mailbox (plain IMAP), plus any extra settings.</summary>
    public Dictionary<string, string> MailboxSettings(int batchSize, params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string>
        {
            ["Mailboxes:0:Name"] = "support",
            ["Mailboxes:0:Address"] = "support@helpdesk.localhost",
            ["Mailboxes:0:Host"] = Host,
            ["Mailboxes:0:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Mailboxes:0:Security"] = "None",
            ["Mailboxes:0:UserName"] = User,
            ["Mailboxes:0:Password"] = Password,
            ["Mailboxes:0:BatchSize"] = batchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>Delivers a raw message into a folder of this mailbox with doveadm.</summary>
    public async Task SaveAsync(byte[] message, string folder = "INBOX")
    {
        var info = new ProcessStartInfo("doveadm") { RedirectStandardInput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-c", Config, "save", "-u", User, "-m", folder })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        await process.StandardInput.BaseStream.WriteAsync(message);
        process.StandardInput.Close();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"doveadm save failed: {error}");
    }

    /// <summary>Runs a doveadm command for this mailbox's user (e.g. "mailbox", "create", "Support").</summary>
    public async Task DoveadmAsync(params string[] args)
    {
        var info = new ProcessStartInfo("doveadm") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-c", Config }.Concat(args.Take(2)).Concat(["-u", User]).Concat(args.Skip(2)))
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"doveadm {string.Join(' ', args)} failed: {error}");
    }

    /// <summary>Ends every IMAP session of this mailbox's user at the server (doveadm kick), as a dropped connection would.</summary>
    public async Task KickAsync()
    {
        var info = new ProcessStartInfo("doveadm") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "-c", Config, "kick", User })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"doveadm kick failed: {error}");
    }

    public Task SaveAsync(string message, string folder = "INBOX") =>
        SaveAsync(System.Text.Encoding.UTF8.GetBytes(message.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal)), folder);
}
