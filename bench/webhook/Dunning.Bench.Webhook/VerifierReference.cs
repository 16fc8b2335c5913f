using Stripe;

namespace Dunning.Bench.Webhook;

/// <summary>The other raw reference: bare Kestrel that reads the body and verifies the signature, nothing else.</summary>
public static class VerifierReference
{
    public static async Task<int> RunAsync(int port, string secret)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/webhooks/stripe", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            try { EventUtility.ValidateSignature(body, request.Headers["Stripe-Signature"], secret); return Results.Ok(); }
            catch (StripeException) { return Results.BadRequest(); }
        });
        app.MapGet("/health", () => Results.Ok());
        await app.RunAsync();
        return 0;
    }
}
