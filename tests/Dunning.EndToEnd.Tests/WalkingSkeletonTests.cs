using System.Text;
using System.Text.Json.Nodes;
using Dunning.Testing;

namespace Dunning.EndToEnd.Tests;

/// <summary>
/// A signed Stripe <c>invoice.payment_failed</c> travels webhook → outbox → RabbitMQ → metrics, which stores it:
/// both services run as real processes against the real PostgreSQL and RabbitMQ.
/// </summary>
public sealed class WalkingSkeletonTests : IAsyncLifetime
{
    private const string Secret = "whsec_walking_skeleton";
    private TestDatabase _database = null!;
    private TestVirtualHost _vhost = null!;
    private ServiceProcess _webhook = null!;
    private ServiceProcess _metrics = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _vhost = await TestVirtualHost.CreateAsync();
        var settings = new Dictionary<string, string>
        {
            ["RabbitMq__Host"] = TestEnvironment.RabbitHost,
            ["RabbitMq__VirtualHost"] = _vhost.Name,
            ["Stripe__WebhookSecrets__0"] = Secret,
            // No Stripe behind this test: the decline-details lookup gives up after a second and publishes without them.
            ["Stripe__ApiBase"] = $"http://127.0.0.1:{ServiceProcess.FreePort()}",
            ["DeclineLookup__Patience"] = "00:00:01",
        };
        _metrics = await ServiceProcess.StartAsync("services/Dunning.Metrics", _database.WithRolesOf("metrics", settings));
        _webhook = await ServiceProcess.StartAsync("services/Dunning.BillingWebhook", _database.WithRolesOf("webhook", settings));
    }

    public async Task DisposeAsync()
    {
        await _webhook.DisposeAsync();
        await _metrics.DisposeAsync();
        await _vhost.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_signed_payment_failed_webhook_reaches_the_metrics_ledger()
    {
        var invoiceId = "in_" + Guid.NewGuid().ToString("N")[..14];
        var body = PaymentFailedEvent(invoiceId).ToJsonString();
        using var client = new HttpClient { BaseAddress = _webhook.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Stripe-Signature", StripeSignature.Header(body, Secret));

        var response = await client.SendAsync(request);

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        await Eventually.HoldsAsync(async () => await LedgerRowsAsync(invoiceId) == 1, TimeSpan.FromSeconds(30),
            () => $"metrics.ledger has the row for {invoiceId}\nwebhook log:\n{_webhook.Output}\nmetrics log:\n{_metrics.Output}");
        Assert.Equal(4200, await _database.CountAsync($"SELECT amount_minor FROM metrics.ledger WHERE invoice_id = '{invoiceId}'"));
    }

    private Task<long> LedgerRowsAsync(string invoiceId) =>
        _database.CountAsync($"SELECT count(*) FROM metrics.ledger WHERE invoice_id = '{invoiceId}'");

    private static JsonObject PaymentFailedEvent(string invoiceId)
    {
        var invoice = StripeFixtures.Resource("invoice");
        invoice["id"] = invoiceId;
        invoice["status"] = "open";
        invoice["amount_due"] = 4200;
        invoice["amount_remaining"] = 4200;
        invoice["attempt_count"] = 1;
        invoice["currency"] = "eur";
        invoice["customer"] = "cus_walking";
        return StripeFixtures.Event("evt_" + Guid.NewGuid().ToString("N")[..14], "invoice.payment_failed", invoice, DateTimeOffset.UtcNow);
    }
}
