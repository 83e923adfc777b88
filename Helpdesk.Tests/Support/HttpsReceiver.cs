using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Helpdesk.Tests.Support;

/// <summary>
/// A real HTTPS server on loopback (Kestrel, a self-signed certificate made for 127.0.0.1) that records what it is sent
/// and answers as the test says: the far end of a webhook. <see cref="CertificatePath"/> is the certificate in PEM, for
/// the app to trust.
/// </summary>
public sealed class HttpsReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HttpsReceiver(WebApplication app, string certificatePath)
    {
        _app = app;
        CertificatePath = certificatePath;
    }

    /// <summary>What arrived, in order.</summary>
    public ConcurrentQueue<Received> Requests { get; } = new();

    /// <summary>How to answer a request (after it is recorded): its status code. 200 unless set.</summary>
    public Func<Received, Task<int>> Answer { get; set; } = _ => Task.FromResult(200);

    public string CertificatePath { get; }

    public string Url { get; private set; } = string.Empty;

    /// <summary>The requests answered with a 2xx: what the receiver took.</summary>
    public List<Received> Accepted => [.. Requests.Where(r => r.Status is >= 200 and < 300)];

    public static async Task<HttpsReceiver> StartAsync()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        using var made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        var certificate = X509CertificateLoader.LoadPkcs12(made.Export(X509ContentType.Pfx), null);
        var path = Path.Combine(Path.GetTempPath(), $"receiver-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(path, certificate.ExportCertificatePem());

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.UseHttps(certificate)));
        var app = builder.Build();
        var receiver = new HttpsReceiver(app, path);
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var received = new Received(
                context.Request.Path, await reader.ReadToEndAsync(), context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase));
            receiver.Requests.Enqueue(received);
            received.Status = await receiver.Answer(received);
            context.Response.StatusCode = received.Status;
            await context.Response.WriteAsync(received.Status == 200 ? "thanks" : "not now");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.Url = address.TrimEnd('/') + "/hooks/helpdesk";
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        File.Delete(CertificatePath);
    }

    public sealed class Received(string path, string body, IReadOnlyDictionary<string, string> headers)
    {
        public string Path { get; } = path;

        public string Body { get; } = body;

        public IReadOnlyDictionary<string, string> Headers { get; } = headers;

        public int Status { get; set; }
    }
}
