using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Dunning.Notification.Tests.Support;

/// <summary>
/// The business's endpoint as a business would write it from the README: a real Kestrel server on a fixed loopback port (so it
/// can go down and come back), which checks <c>Dunning-Signature</c> with its own secret (HMAC-SHA256 of <c>"{t}.{body}"</c>,
/// timestamp within five minutes) and keeps every delivery it accepted, duplicates included.
/// </summary>
public sealed class BusinessWebhookReceiver : IAsyncDisposable
{
    private WebApplication? _app;

    public BusinessWebhookReceiver(string secret) => Secret = secret;

    public int Port { get; } = Dunning.Testing.ServiceProcess.FreePort();

    public string Url => $"http://127.0.0.1:{Port}/hooks/dunning";

    /// <summary>The secret this receiver checks signatures with.</summary>
    public string Secret { get; }

    /// <summary>Every delivery accepted (2xx), in arrival order: the event's id, type and whole JSON.</summary>
    public ConcurrentQueue<JsonElement> Accepted { get; } = new();

    /// <summary>Deliveries refused for their signature, with why.</summary>
    public ConcurrentQueue<string> Refused { get; } = new();

    /// <summary>When set, a delivery is recorded as arrived (<see cref="Arrived"/>) and then waits for it before it is answered.</summary>
    public TaskCompletionSource? Hold { get; set; }

    /// <summary>Ids of deliveries that arrived, answered or not.</summary>
    public ConcurrentQueue<string> Arrived { get; } = new();

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/hooks/dunning", async (HttpRequest request) =>
        {
            var body = await new StreamReader(request.Body).ReadToEndAsync();
            if (SignatureProblem(body, request.Headers["Dunning-Signature"].ToString(), Secret, DateTimeOffset.UtcNow) is { } problem)
            {
                Refused.Enqueue(problem);
                return Results.BadRequest();
            }
            var e = JsonDocument.Parse(body).RootElement.Clone();
            Arrived.Enqueue(e.GetProperty("id").GetString()!);
            if (Hold is { } hold) await hold.Task;
            Accepted.Enqueue(e);
            return Results.Ok();
        });
        await app.StartAsync();
        _app = app;
    }

    /// <summary>The endpoint goes down: connections are refused until <see cref="StartAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_app is null) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
        _app = null;
    }

    public IReadOnlyList<JsonElement> OfInvoice(string invoiceId) =>
        Accepted.Where(e => e.GetProperty("data").GetProperty("object").GetProperty("invoice").GetString() == invoiceId).ToList();

    /// <summary>Why the signature does not hold for <paramref name="secret"/> at <paramref name="now"/>; null when it does.</summary>
    public static string? SignatureProblem(string body, string header, string secret, DateTimeOffset now)
    {
        var parts = header.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToList();
        var timestamp = parts.FirstOrDefault(p => p[0] == "t")?[1];
        if (timestamp is null || !long.TryParse(timestamp, CultureInfo.InvariantCulture, out var unix))
            return $"no timestamp in '{header}'";
        if (Math.Abs(now.ToUnixTimeSeconds() - unix) > 300)
            return $"timestamp {unix} is more than five minutes away";
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));
        return parts.Any(p => p[0] == "v1" && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(p[1]), Encoding.ASCII.GetBytes(expected)))
            ? null : $"no v1 signature matches the secret in '{header}'";
    }

    public async ValueTask DisposeAsync()
    {
        Hold?.TrySetResult();
        await StopAsync();
    }
}
