using Dunning.Sandbox.Endpoints;

namespace Dunning.Sandbox.Extensions;

public static class SandboxEndpointExtensions
{
    /// <summary>Every route the sandbox answers: Stripe's under /v1, its own under /sandbox, and /health.</summary>
    public static void MapSandboxEndpoints(this WebApplication app)
    {
        var v1 = app.MapGroup("/v1");
        v1.MapCustomers();
        v1.MapPaymentMethods();
        v1.MapPrices();
        v1.MapSubscriptions();
        v1.MapInvoices();
        v1.MapPayments();
        v1.MapBillingPortal();
        v1.MapEvents();
        v1.MapWebhookEndpoints();
        v1.MapTestClocks();

        var sandbox = app.MapGroup("/sandbox");
        sandbox.MapRecord();
        sandbox.MapDemoApp();
        sandbox.MapFaults();
        sandbox.MapWebhookHold();
        sandbox.MapGenerator();
        sandbox.MapHostedPages();
        sandbox.MapCardUpdater();

        app.MapGet("/health", () => Results.Ok(new { status = "ok" }));
    }
}
