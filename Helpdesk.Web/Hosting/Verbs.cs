using Microsoft.EntityFrameworkCore.Infrastructure;
using FluentValidation;
using Helpdesk.Core.Validation;
using Helpdesk.Infrastructure.Data;
using Helpdesk.Infrastructure.Identity;
using Microsoft.EntityFrameworkCore;

namespace Helpdesk.Web.Hosting;

/// <summary>Command-line verbs of the web app's executable: <c>dotnet run --project Helpdesk.Web -- VERB …</c>.</summary>
public sealed class Verbs(TextWriter Out, TextWriter Error, Stream? Input = null)
{
    private static readonly string[] Names = ["migrate", "create-admin", "seed-demo", "schema-script", "mail", "help", "--help"];

    /// <summary>Exit code for "try again later" (sysexits EX_TEMPFAIL): a mail server keeps the message and retries.</summary>
    public const int TemporaryFailure = 75;

    public static bool IsVerb(string arg) => Names.Contains(arg, StringComparer.Ordinal);

    public static Task<int> RunAsync(WebApplication app, string verb, string[] args, TextWriter? output = null, TextWriter? error = null, Stream? input = null) =>
        new Verbs(output ?? Console.Out, error ?? Console.Error, input).RunCoreAsync(app, verb, args);

    private async Task<int> RunCoreAsync(WebApplication app, string verb, string[] args)
    {
        try
        {
            var options = ParseOptions(verb == "mail" && args.Length > 0 && args[0] == "ingest" ? args[1..] : args);
            await using var scope = app.Services.CreateAsyncScope();
            var services = scope.ServiceProvider;
            return verb switch
            {
                "migrate" => await MigrateAsync(services),
                "create-admin" => await CreateAdminAsync(services, options),
                "seed-demo" => await SeedDemoAsync(services),
                "schema-script" => SchemaScript(services),
                "mail" when args.Length > 0 && args[0] == "ingest" => await IngestAsync(services, options),
                _ => Help(),
            };
        }
        catch (ArgumentException ex)
        {
            await Error.WriteLineAsync($"error: {ex.Message}");
            Help();
            return 2;
        }
    }

    /// <summary>
    /// <c>mail ingest [--mailbox NAME] &lt; message.eml</c>: one raw message from standard input through the same
    /// pipeline as the mailbox poll (for a mail server that pipes mail to a program). Exit 0 once it is stored
    /// (a ticket, a reply, ignored or quarantined: never lost), 75 when it could not even be stored.
    /// </summary>
    private async Task<int> IngestAsync(IServiceProvider services, Dictionary<string, string> options)
    {
        var mailbox = options.GetValueOrDefault("mailbox") ?? "pipe";
        var defaults = services.GetRequiredService<IReadOnlyList<Helpdesk.Infrastructure.Mail.Intake.MailboxOptions>>()
            .FirstOrDefault(m => m.Name == mailbox)?.Defaults ?? new Helpdesk.Core.Mail.MailboxDefaults();
        // Never more than the size limit in memory: a larger message keeps its beginning and is quarantined unread.
        var limit = services.GetRequiredService<Helpdesk.Infrastructure.Mail.Intake.IntakeLimits>().MaxMessageBytes;
        await using var stdin = Input ?? Console.OpenStandardInput();
        var (message, size) = await Helpdesk.Infrastructure.Mail.Intake.BoundedRead.ReadAsync(stdin, limit);
        if (size == 0)
        {
            await Error.WriteLineAsync("error: no message on standard input");
            return 2;
        }

        try
        {
            await DatabaseMigrator.MigrateAsync(services.GetRequiredService<HelpdeskDbContext>());
            var row = await services.GetRequiredService<Helpdesk.Infrastructure.Mail.Intake.InboundMailProcessor>()
                .ReceiveAsync(mailbox, null, null, message, defaults, fullSize: size);
            Out.WriteLine($"{row.State}: {row.Outcome}");
            return 0;
        }
        catch (Exception ex) when (ex is DbUpdateException or IOException or System.Data.Common.DbException or InvalidOperationException)
        {
            await Error.WriteLineAsync($"error: not stored, try again later: {ex.Message}");
            return TemporaryFailure;
        }
    }

    private async Task<int> MigrateAsync(IServiceProvider services)
    {
        var db = services.GetRequiredService<HelpdeskDbContext>();
        var applied = await DatabaseMigrator.MigrateAsync(db);
        await services.GetRequiredService<AccountService>().EnsureRolesAsync();
        var where = services.GetRequiredService<DatabaseSettings>().Describe();
        Out.WriteLine(applied.Count == 0
            ? $"{where}: up to date."
            : $"{where}: applied {string.Join(", ", applied)}.");
        return 0;
    }

    private async Task<int> CreateAdminAsync(IServiceProvider services, Dictionary<string, string> options)
    {
        var email = Required(options, "email");
        var password = Required(options, "password");
        var name = options.GetValueOrDefault("name") ?? email.Split('@')[0];
        await DatabaseMigrator.MigrateAsync(services.GetRequiredService<HelpdeskDbContext>());

        var input = new NewUserInput { Email = email, Password = password, DisplayName = name, Roles = [.. Roles.All] };
        var validation = await services.GetRequiredService<IValidator<NewUserInput>>().ValidateAsync(input);
        if (!validation.IsValid)
        {
            foreach (var error in validation.Errors)
            {
                await Error.WriteLineAsync($"error: {error.PropertyName}: {error.ErrorMessage}");
            }

            return 1;
        }

        var result = await services.GetRequiredService<AccountService>().CreateAsync(input);
        if (!result.Succeeded)
        {
            foreach (var (field, message) in result.Errors)
            {
                await Error.WriteLineAsync($"error: {field}: {message}");
            }

            return 1;
        }

        Out.WriteLine($"Created admin {email.Trim().ToLowerInvariant()} with roles {string.Join(", ", Roles.All)}.");
        return 0;
    }

    private async Task<int> SeedDemoAsync(IServiceProvider services)
    {
        await DatabaseMigrator.MigrateAsync(services.GetRequiredService<HelpdeskDbContext>());
        await services.GetRequiredService<AccountService>().EnsureRolesAsync();
        var seeder = services.GetRequiredService<Helpdesk.Infrastructure.Demo.DemoSeeder>();
        var logins = await seeder.SeedIfEmptyAsync();
        if (logins.Count == 0)
        {
            Out.WriteLine("The database already holds tickets or staff; nothing seeded.");
            return 0;
        }

        foreach (var login in logins)
        {
            Out.WriteLine($"Demo login: {login.Email} / {login.Password} ({login.Roles})");
        }

        return 0;
    }

    private int SchemaScript(IServiceProvider services)
    {
        // What `dotnet ef migrations script --idempotent` prints: every migration, each applied only where it is missing.
        var migrator = services.GetRequiredService<HelpdeskDbContext>().GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>();
        Out.WriteLine(migrator.GenerateScript(options: Microsoft.EntityFrameworkCore.Migrations.MigrationsSqlGenerationOptions.Idempotent));
        return 0;
    }

    private int Help()
    {
        Out.WriteLine("""
            Usage: Helpdesk.Web [VERB [options]]   (no verb: run the web app)
              migrate                                   apply database migrations and exit
              create-admin --email E --password P [--name N]
                                                        create a login with the Admin, Supervisor and Agent roles
              seed-demo                                 fill an empty database with demo data and print the logins
              schema-script                             print the database's migrations as one idempotent SQL script
                                                        (for a DBA who applies them by hand)
              mail ingest [--mailbox NAME] < message.eml
                                                        take one raw message from standard input into tickets (for a
                                                        mail server's pipe); exit 75 when it could not be stored
            """ + SlaCommand.Usage);
        return 0;
    }

    private static string Required(Dictionary<string, string> options, string name) =>
        options.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value)
            ? value
            : throw new ArgumentException($"--{name} is required.");

    private static Dictionary<string, string> ParseOptions(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Unexpected argument '{args[i]}'.");
            }

            var key = args[i][2..];
            var eq = key.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                options[key[..eq]] = key[(eq + 1)..];
            }
            else if (i + 1 < args.Length)
            {
                options[key] = args[++i];
            }
            else
            {
                throw new ArgumentException($"--{key} needs a value.");
            }
        }

        return options;
    }
}
