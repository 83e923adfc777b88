using System.Text.Json;
using FluentValidation;
using Helpdesk.Core.Validation;
using Helpdesk.Infrastructure;
using Helpdesk.Infrastructure.Data;
using Helpdesk.Infrastructure.Jobs;
using Helpdesk.Web.Hosting;
using Helpdesk.Web.Links;
using Helpdesk.Web.Presentation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Authorization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Hangfire;

namespace Helpdesk.Web;

/// <summary>Composition root: services, the request pipeline, and the command-line verbs.</summary>
public static class HelpdeskApp
{
    public const string StaffPolicy = "Staff";

    public const string AdminPolicy = "Admin";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length > 0 && args[0] == "sla")
        {
            return await SlaCommand.RunAsync(args[1..], Console.Out, Console.Error);
        }

        if (args.Length > 0 && Verbs.IsVerb(args[0]))
        {
            var verbBuilder = CreateBuilder([]);
            await using var verbApp = verbBuilder.Build();
            return await Verbs.RunAsync(verbApp, args[0], args[1..]);
        }

        var builder = CreateBuilder(args);
        var app = builder.Build();
        Configure(app);
        await PrepareDatabaseAsync(app);
        await app.RunAsync();
        return 0;
    }

    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);

        // The documented appsettings.json sits at the repository root and is copied beside the binaries;
        // it goes first so that the content root's files, environment variables and arguments override it.
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource
        {
            FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(AppContext.BaseDirectory),
            Path = "appsettings.json",
            Optional = true,
            ReloadOnChange = false,
        });

        builder.Services.AddHelpdeskInfrastructure(builder.Environment.ContentRootPath);
        builder.Services.AddHelpdeskJobs(builder.Configuration);

        builder.Services
            .AddIdentity<IdentityUser, IdentityRole>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = builder.Configuration.GetValue("Security:MaxFailedLogins", 5);
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(builder.Configuration.GetValue("Security:LockoutMinutes", 15));
                o.Lockout.AllowedForNewUsers = true;
            })
            .AddEntityFrameworkStores<HelpdeskDbContext>()
            .AddClaimsPrincipalFactory<Hosting.StaffClaims>()
            .AddDefaultTokenProviders();
        builder.Services.AddPortalAuthentication();
        Api.ApiLimits.AddHelpdeskApi(builder.Services, builder.Configuration);
        builder.Services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/login";
            o.LogoutPath = "/logout";
            o.AccessDeniedPath = "/access-denied";
            o.Cookie.Name = "helpdesk.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest; // Secure over HTTPS, the proxy's too (forwarded headers)
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(12);

            // Identity's own check (every 30 minutes, re-reading roles) and, on every request, the stamp alone.
            var identityCheck = o.Events.OnValidatePrincipal;
            o.Events.OnValidatePrincipal = async context =>
            {
                await WebSecurity.ValidateStampAsync(context);
                if (context.Principal is not null)
                {
                    await identityCheck(context);
                }
            };

            // A customer signed in to the portal who reaches a staff page is sent to their own pages, not to staff sign-in.
            var toLogin = o.Events.OnRedirectToLogin;
            o.Events.OnRedirectToLogin = async context =>
            {
                if (context.Request.Path.StartsWithSegments("/hubs"))
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized; // a script, not a person: no sign-in page
                    return;
                }

                if (await PortalAuthentication.CustomerAsync(context.HttpContext) is not null)
                {
                    context.Response.Redirect("/portal");
                    return;
                }

                await toLogin(context);
            };

            // A signed-in user without the role gets a 403 page, not a redirect loop back to login.
            o.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(StaffPolicy, p => p.RequireRole(Roles.All.ToArray()))
            .AddPolicy(AdminPolicy, p => p.RequireRole(Roles.Admin));

        // Live pages (decision 020): who else is on a ticket, and ticket changes as they happen, on every node.
        builder.Services.AddSignalR(o => o.MaximumReceiveMessageSize = 4 * 1024);
        builder.Services.AddSingleton(new Helpdesk.Infrastructure.Live.LiveOptions(
            TimeSpan.FromMilliseconds(Math.Clamp(builder.Configuration.GetValue("Live:PollMilliseconds", 1000), 100, 60_000))));
        builder.Services.AddSingleton<Live.Presence>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Live.Presence>());

        builder.Services.AddLocalization(o => o.ResourcesPath = "Resources");
        builder.Services.AddControllersWithViews(o =>
        {
            o.Filters.Add(new AuthorizeFilter(StaffPolicy));
            o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
            o.Filters.Add<DomainExceptionFilter>();
            o.Filters.Add<Hosting.LocalizedModelState>();

            // FluentValidation owns validation messages; MVC's implicit [Required] would add a second, generic one.
            o.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;
        }).AddViewLocalization();

        // Names and subjects in any script are written as they are, not as numeric character references.
        builder.Services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "helpdesk.csrf";
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        builder.Services.Configure<Microsoft.AspNetCore.Mvc.CookieTempDataProviderOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        builder.Services.AddHelpdeskSecurity(builder.Configuration);

        foreach (var result in AssemblyScanner.FindValidatorsInAssembly(typeof(NewTicketInputValidator).Assembly))
        {
            builder.Services.AddTransient(result.InterfaceType, result.ValidatorType);
        }

        builder.Services.AddScoped<Helpdesk.Infrastructure.Identity.AccountService>();
        builder.Services.AddSingleton<TimeDisplay>();
        builder.Services.AddSingleton<SetupWarnings>();

        // Keys for signed links and cookies live in the database: they survive restarts and every node reads the same ring.
        builder.Services.AddDataProtection().SetApplicationName("Helpdesk");
        builder.Services.AddOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>()
            .Configure<IServiceProvider, Helpdesk.Infrastructure.Data.DatabaseSettings, ILoggerFactory>((o, services, settings, logs) =>
                o.XmlRepository = new Helpdesk.Infrastructure.Data.DatabaseKeyRing(services, Path.Combine(settings.DataPath, "keys"), logs));
        builder.Services.AddSingleton<NoticeLinks>();
        builder.Services.AddSingleton<Helpdesk.Core.Ports.INoticeLinks>(sp => sp.GetRequiredService<NoticeLinks>());
        builder.Services.AddSingleton<SatisfactionLinks>();
        builder.Services.AddSingleton<Helpdesk.Core.Ports.ISatisfactionLinks>(sp => sp.GetRequiredService<SatisfactionLinks>());
        builder.Services.AddSingleton<SlaPresenter>();
        builder.Services.AddScoped<Helpdesk.Infrastructure.Demo.DemoSeeder>();
        var health = builder.Services.AddHealthChecks().AddDbContextCheck<HelpdeskDbContext>("database");
        if (builder.Configuration.GetValue("Jobs:Enabled", true))
        {
            health.AddCheck<JobServerHealthCheck>("jobs");
        }
        return builder;
    }

    public static void Configure(WebApplication app)
    {
        // First: the client's address and scheme as the TLS proxy saw them, for everything after (HSTS, cookies, limits).
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error/500");
            app.UseHsts();
        }

        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.Use(async (context, next) =>
        {
            context.Response.Headers.XContentTypeOptions = "nosniff";
            context.Response.Headers.XFrameOptions = "DENY";
            context.Response.Headers["Referrer-Policy"] = "same-origin";
            // The API's reference page (Scalar) runs its own inline start-up and styles; it shows no data of ours.
            context.Response.Headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/api/docs")
                ? "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; font-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'self'"
                : "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'";
            await next();
        });
        app.UseStaticFiles();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        var running = System.Globalization.CultureInfo.CurrentCulture;
        app.UseRequestLocalization(o =>
        {
            o.DefaultRequestCulture = new Microsoft.AspNetCore.Localization.RequestCulture(running);
            o.SupportedCultures = o.SupportedUICultures = [running, Hosting.ReaderCultureProvider.Portuguese];
            o.RequestCultureProviders = [new Hosting.ReaderCultureProvider()];
        });
        app.UseAuthorization();

        app.MapHealthChecks("/healthz", new HealthCheckOptions { ResponseWriter = WriteHealthAsync }).AllowAnonymous();
        app.MapControllers();
        app.MapHub<Live.LiveHub>("/hubs/live");
        Api.ApiLimits.MapHelpdeskApiDocs(app);
        if (app.Services.GetService<JobStorage>() is not null)
        {
            // Hangfire's own dashboard, for admins; it sends the app's antiforgery token with each of its actions.
            app.MapHangfireDashboardWithAuthorizationPolicy(AdminPolicy, "/admin/hangfire", new DashboardOptions
            {
                AppPath = "/admin/jobs",
                DashboardTitle = "Helpdesk jobs",
                DisplayStorageConnectionString = false,
            });
        }
    }

    /// <summary>Migrates at start-up and, in Development, fills an empty database with demo data.</summary>
    public static async Task PrepareDatabaseAsync(WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HelpdeskDbContext>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Helpdesk.Startup");
        var settings = scope.ServiceProvider.GetRequiredService<DatabaseSettings>();
        var applied = await DatabaseMigrator.MigrateAsync(db);
        logger.LogInformation("Database {Database} ready; {Count} migration(s) applied", settings.Describe(), applied.Count);

        // The roles every deployment has (Agent, Supervisor, Admin), demo data or not.
        await scope.ServiceProvider.GetRequiredService<Helpdesk.Infrastructure.Identity.AccountService>().EnsureRolesAsync();
        if (app.Environment.IsDevelopment() && app.Configuration.GetValue("Demo:SeedOnStart", true))
        {
            var seeder = scope.ServiceProvider.GetRequiredService<Helpdesk.Infrastructure.Demo.DemoSeeder>();
            var logins = await seeder.SeedIfEmptyAsync();
            foreach (var login in logins)
            {
                logger.LogWarning("Demo login: {Email} / {Password} ({Roles})", login.Email, login.Password, login.Roles);
            }
        }
    }

    private static Task WriteHealthAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString(), description = e.Value.Description, durationMs = e.Value.Duration.TotalMilliseconds }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonOptions));
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}
