using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Helpdesk.Core.Webhooks;
using Helpdesk.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Helpdesk.Infrastructure.Webhooks;

/// <summary>How webhooks are sent (<c>Webhooks:</c> in configuration).</summary>
public sealed class WebhookOptions
{
    /// <summary>How long a receiver has to answer.</summary>
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>A PEM certificate to trust besides the system's roots (a receiver with a private CA or a self-signed certificate).</summary>
    public string? TrustedCertificatePath { get; set; }

    /// <summary>How long a delivery a dispatcher took is its own: past any one send with the timeout, so no other node sends it meanwhile.</summary>
    public TimeSpan Lease => TimeSpan.FromSeconds((TimeoutSeconds * 2) + 30);
}

/// <summary>
/// Sends due deliveries (decision 021): each is claimed in the database before it is POSTed (two nodes never both send
/// one), signed, and its outcome committed before the next, so a crash repeats at most the one in flight. A 2xx answer
/// delivers it; anything else (an error status, no answer, a timeout) is tried again with backoff, then dead-lettered.
/// </summary>
public sealed class WebhookDispatcher(HelpdeskDbContext db, WebhookHttp http, WebhookOptions options, TimeProvider time)
{
    public const string SignatureHeader = "Helpdesk-Signature";
    public const string EventHeader = "Helpdesk-Event";
    public const string DeliveryHeader = "Helpdesk-Delivery";

    public async Task<int> DispatchAsync(int max, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var due = await db.WebhookDeliveries.Include(d => d.Webhook)
            .Where(d => d.State == WebhookDeliveryState.Pending && d.NextAttemptAt <= now && (d.ClaimedUntil == null || d.ClaimedUntil <= now) && d.Webhook.IsActive)
            .OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Id).Take(max).ToListAsync(ct);
        var delivered = 0;
        foreach (var delivery in due)
        {
            if (!await ClaimAsync(delivery, ct))
            {
                continue;
            }

            var (status, response, error) = await PostAsync(delivery, ct);
            var at = time.GetUtcNow();
            if (error is null)
            {
                delivery.MarkDelivered(status!.Value, response, at);
                delivered++;
            }
            else
            {
                delivery.MarkFailed(status, response, error, at, Random.Shared.NextDouble());
            }

            await db.SaveChangesAsync(ct);
        }

        return delivered;
    }

    /// <summary>The body as sent: the event's envelope and data, the ticket's number put into <c>data.ticket</c>.</summary>
    public static string Body(WebhookDelivery delivery)
    {
        var data = JsonNode.Parse(delivery.Data) as JsonObject ?? [];
        if (delivery.TicketNumber is int number && data["ticket"] is JsonObject ticket)
        {
            var numbered = new JsonObject { ["number"] = number };
            foreach (var (key, value) in ticket.ToList())
            {
                ticket.Remove(key);
                numbered[key] = value;
            }

            data["ticket"] = numbered;
        }

        var envelope = new JsonObject
        {
            ["id"] = delivery.EventId.ToString(),
            ["event"] = delivery.Event,
            ["occurredAt"] = delivery.OccurredAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            ["data"] = data,
        };
        return envelope.ToJsonString();
    }

    /// <summary>"t=unix seconds,v1=hex HMAC-SHA256 of "{t}.{body}" with the webhook's secret".</summary>
    public static string Signature(string secret, long timestamp, string body)
    {
        var signed = string.Create(CultureInfo.InvariantCulture, $"{timestamp}.{body}");
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(signed));
        return string.Create(CultureInfo.InvariantCulture, $"t={timestamp},v1={Convert.ToHexStringLower(mac)}");
    }

    private async Task<bool> ClaimAsync(WebhookDelivery delivery, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var until = now + options.Lease;
        var taken = await db.WebhookDeliveries
            .Where(d => d.Id == delivery.Id && d.State == WebhookDeliveryState.Pending && d.NextAttemptAt <= now && (d.ClaimedUntil == null || d.ClaimedUntil <= now))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.ClaimedUntil, until), ct);
        if (taken != 1)
        {
            return false;
        }

        delivery.Claim(until);
        db.Entry(delivery).Property(d => d.ClaimedUntil).OriginalValue = until; // already written
        return true;
    }

    private async Task<(int? Status, string? Response, string? Error)> PostAsync(WebhookDelivery delivery, CancellationToken ct)
    {
        var body = Body(delivery);
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Webhook.Url)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation(SignatureHeader, Signature(delivery.Webhook.Secret, time.GetUtcNow().ToUnixTimeSeconds(), body));
        request.Headers.TryAddWithoutValidation(EventHeader, delivery.Event);
        request.Headers.TryAddWithoutValidation(DeliveryHeader, delivery.Id.ToString(CultureInfo.InvariantCulture));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Helpdesk-Webhooks", "1"));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.TimeoutSeconds));
        try
        {
            using var response = await http.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var text = await ReadStartAsync(response, timeout.Token);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode ? (status, text, null) : (status, text, $"The receiver answered {status} {response.ReasonPhrase}.");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return (null, null, $"No answer within {options.TimeoutSeconds} s.");
        }
        catch (HttpRequestException ex)
        {
            return (null, null, ex.InnerException is { } inner ? $"{ex.Message} ({inner.Message})" : ex.Message);
        }
    }

    /// <summary>The start of the answer's body, read no further than the admin page shows.</summary>
    private static async Task<string> ReadStartAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[WebhookDelivery.ResponseLength];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), ct)) > 0)
        {
            read += n;
        }

        return Encoding.UTF8.GetString(buffer, 0, read);
    }
}

/// <summary>
/// The one HTTP client webhooks are sent with: no redirects followed (a receiver's 3xx is a failure to fix, not a
/// place to send signed data), TLS checked against the system's roots and, when configured, one more trusted certificate.
/// </summary>
public sealed class WebhookHttp : IDisposable
{
    public WebhookHttp(WebhookOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectTimeout = TimeSpan.FromSeconds(options.TimeoutSeconds),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        if (options.TrustedCertificatePath is { Length: > 0 } path)
        {
            var trusted = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(path));
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            {
                if (errors == System.Net.Security.SslPolicyErrors.None)
                {
                    return true;
                }

                if (certificate is null || errors.HasFlag(System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch))
                {
                    return false;
                }

                // Only the chain failed: build it again with the configured certificate as a root.
                using var custom = new System.Security.Cryptography.X509Certificates.X509Chain();
                custom.ChainPolicy.TrustMode = System.Security.Cryptography.X509Certificates.X509ChainTrustMode.CustomRootTrust;
                custom.ChainPolicy.CustomTrustStore.Add(trusted);
                custom.ChainPolicy.RevocationMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck;
                return custom.Build(new System.Security.Cryptography.X509Certificates.X509Certificate2(certificate));
            };
        }

        Client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public HttpClient Client { get; }

    public void Dispose() => Client.Dispose();
}
