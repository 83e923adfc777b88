using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Helpdesk.Tests.Support;

/// <summary>Personal API tokens made as their owner makes them (the settings page), and calls made with them.</summary>
public static partial class ApiCalls
{
    /// <summary>Creates a token on the settings page signed in as <paramref name="email"/>, and returns the secret the page shows once.</summary>
    public static async Task<string> TokenAsync(this HelpdeskFactory app, string email, string scope, string name = "integration", int days = 90)
    {
        var session = app.Session();
        await session.LoginAsync(email);
        var created = await session.PostFormAsync("/account/settings", "/account/tokens", [new("Token.Name", name), new("Token.Scope", scope), new("Token.Days", days.ToString(CultureInfo.InvariantCulture))]);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        return Secret().Match(await created.Content.ReadAsStringAsync()).Groups[1].Value;
    }

    /// <summary>A client without cookies, sending the token (none when null).</summary>
    public static HttpClient ApiClient(this HelpdeskFactory app, string? token)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public static async Task<HttpResponseMessage> SendAsync(this HttpClient client, HttpMethod method, string url, object? body, string? ifMatch = null, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is HttpContent content)
        {
            request.Content = content;
        }
        else if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        return await client.SendAsync(request);
    }

    [GeneratedRegex("id=\"token-secret\">([^<]+)<")]
    private static partial Regex Secret();
}
