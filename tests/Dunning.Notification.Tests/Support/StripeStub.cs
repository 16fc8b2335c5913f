using Dunning.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Dunning.Notification.Tests.Support;

/// <summary>
/// The two Stripe paths the service calls, answered with Stripe-shaped JSON (the sandbox was not ready when these tests
/// were written). A customer id <c>cus_nl_…</c> prefers <c>nl-NL</c>, <c>cus_ro_…</c> <c>ro-RO</c>, anything else has none.
/// </summary>
public sealed class StripeStub : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StripeStub(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public static async Task<StripeStub> StartAsync()
    {
        var baseUrl = $"http://127.0.0.1:{ServiceProcess.FreePort()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(baseUrl);
        var app = builder.Build();
        app.MapGet("/v1/customers/{id}", (string id) => Results.Json(new
        {
            id,
            @object = "customer",
            email = $"{id}@example.com",
            preferred_locales = id.StartsWith("cus_nl_") ? new[] { "nl-NL" } : id.StartsWith("cus_ro_") ? ["ro-RO", "en-US"] : [],
        }));
        app.MapPost("/v1/billing_portal/sessions", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            var customer = form["customer"].ToString();
            return Results.Json(new { id = "bps_" + customer, @object = "billing_portal.session", customer, url = $"https://billing.stripe.test/p/session/{customer}" });
        });
        await app.StartAsync();
        return new StripeStub(app, baseUrl);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
