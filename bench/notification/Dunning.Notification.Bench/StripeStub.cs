using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Dunning.Notification.Bench;

/// <summary>The one Stripe path the bench's emails need (customer lookup for the locale); answers at once, like a nearby Stripe.</summary>
public static class StripeStub
{
    public static async Task<WebApplication> StartAsync(string baseUrl)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(baseUrl);
        var app = builder.Build();
        app.MapGet("/v1/customers/{id}", (string id) => Results.Json(new { id, @object = "customer", preferred_locales = new[] { "nl-NL" } }));
        await app.StartAsync();
        return app;
    }
}
