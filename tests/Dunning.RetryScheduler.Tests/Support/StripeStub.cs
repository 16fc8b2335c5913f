using System.Collections.Concurrent;
using Dunning.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dunning.RetryScheduler.Tests.Support;

/// <summary>
/// An in-test Kestrel server answering the few Stripe paths the scheduler calls, with Stripe's JSON shapes
/// (the sandbox's record/fault endpoints were not ready). It records every pay call's idempotency key and,
/// like Stripe, answers a repeated key with the first answer. <see cref="Answer"/> decides each new call.
/// </summary>
public sealed class StripeStub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, StubResponse> _byKey = new();

    private StripeStub(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Every pay call as it arrived: (invoice id, idempotency key, status code answered).</summary>
    public ConcurrentQueue<(string Invoice, string Key, int Status)> PayCalls { get; } = new();

    public ConcurrentQueue<string> OtherCalls { get; } = new();

    /// <summary>Decides the answer to a pay call not seen before: (invoice id, idempotency key, how many calls so far) → response.</summary>
    public Func<string, string, int, StubResponse> Answer { get; set; } = (_, _, _) => StubResponse.Paid;

    /// <summary>Pay calls Stripe accepted (2xx or a card decline), i.e. calls that reached the card network.</summary>
    public IEnumerable<(string Invoice, string Key, int Status)> Charged => PayCalls.Where(c => c.Status is 200 or 402);

    public static async Task<StripeStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var stub = new StripeStub(app);
        app.MapPost("/v1/invoices/{id}/pay", (string id, HttpRequest request) => stub.PayAsync(id, request));
        app.MapPost("/v1/invoices/{id}/mark_uncollectible", (string id) => stub.Other($"mark_uncollectible {id}", Invoice(id, "uncollectible")));
        app.MapDelete("/v1/subscriptions/{id}", (string id) => stub.Other($"cancel {id}", Subscription(id)));
        await app.StartAsync();
        stub.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return stub;
    }

    private async Task<IResult> PayAsync(string invoiceId, HttpRequest request)
    {
        var key = request.Headers["Idempotency-Key"].ToString();
        var response = _byKey.TryGetValue(key, out var first) ? first : Answer(invoiceId, key, PayCalls.Count);
        if (response.Delay > TimeSpan.Zero) await Task.Delay(response.Delay);
        if (response.Status is 200 or 402) _byKey.TryAdd(key, response with { Delay = default }); // Stripe replays a completed request's answer at once
        PayCalls.Enqueue((invoiceId, key, response.Status));
        return response.Status switch
        {
            200 => Results.Json(Invoice(invoiceId, "paid")),
            402 => Results.Json(new { error = new { type = "card_error", code = "card_declined", decline_code = response.DeclineCode, message = "Your card was declined." } }, statusCode: 402),
            429 => Results.Json(new { error = new { type = "invalid_request_error", code = "rate_limit", message = "Too many requests" } }, statusCode: 429),
            _ => Results.Json(new { error = new { type = "api_error", message = "Stripe is failing" } }, statusCode: response.Status),
        };
    }

    private IResult Other(string call, object body)
    {
        OtherCalls.Enqueue(call);
        return Results.Json(body);
    }

    private static object Invoice(string id, string status)
    {
        var invoice = StripeFixtures.Resource("invoice");
        invoice["id"] = id;
        invoice["status"] = status;
        return invoice;
    }

    private static object Subscription(string id)
    {
        var subscription = StripeFixtures.Resource("subscription");
        subscription["id"] = id;
        subscription["status"] = "canceled";
        return subscription;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

public sealed record StubResponse(int Status, string? DeclineCode = null, TimeSpan Delay = default)
{
    public static StubResponse Paid { get; } = new(200);
    public static StubResponse Declined(string code) => new(402, code);
}
