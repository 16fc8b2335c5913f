using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Dunning.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Dunning.BillingWebhook.Tests.Support;

/// <summary>
/// A tiny in-test Stripe API answering the one path the webhook calls, <c>GET /v1/invoice_payments?invoice=</c>,
/// with fixture-shaped JSON (payment → payment intent → failed latest charge). Unknown invoices get an empty list.
/// </summary>
public sealed class StripeStub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, JsonObject> _failedCharges = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _held = new();
    private readonly ConcurrentDictionary<string, bool> _failing = new();

    private StripeStub(WebApplication app, Uri baseAddress) { _app = app; BaseAddress = baseAddress; }

    public Uri BaseAddress { get; }

    public ConcurrentQueue<string> Requests { get; } = new();

    public static async Task<StripeStub> StartAsync()
    {
        var baseAddress = new Uri($"http://127.0.0.1:{ServiceProcess.FreePort()}");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(baseAddress.ToString());
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var stub = new StripeStub(app, baseAddress);
        app.MapGet("/v1/invoice_payments", (HttpRequest request) => stub.InvoicePaymentsAsync(request.Query["invoice"].ToString()));
        await app.StartAsync();
        return stub;
    }

    /// <summary>Stripe will report this failed charge for the invoice's payment.</summary>
    public void DeclineInvoice(string invoiceId, JsonObject failedCharge) => _failedCharges[invoiceId] = failedCharge;

    /// <summary>Stripe answers every question about the invoice with a 503 (an outage).</summary>
    public void FailInvoice(string invoiceId) => _failing[invoiceId] = true;

    /// <summary>Stripe's answers about the invoice wait until the returned gate is opened (a slow Stripe).</summary>
    public TaskCompletionSource Hold(string invoiceId) =>
        _held.GetOrAdd(invoiceId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private async Task<IResult> InvoicePaymentsAsync(string invoiceId)
    {
        Requests.Enqueue(invoiceId);
        if (_held.TryGetValue(invoiceId, out var gate))
            await gate.Task;
        if (_failing.ContainsKey(invoiceId))
            return Results.Json(new { error = new { type = "api_error", message = "Stripe is down (test)" } }, statusCode: 503);
        var data = new JsonArray();
        if (_failedCharges.TryGetValue(invoiceId, out var charge))
        {
            var intent = StripeFixtures.Resource("payment_intent");
            intent["latest_charge"] = charge.DeepClone();
            var payment = StripeFixtures.Resource("invoice_payment");
            payment["invoice"] = invoiceId;
            payment["payment"] = new JsonObject { ["type"] = "payment_intent", ["payment_intent"] = intent };
            data.Add(payment);
        }
        var list = new JsonObject { ["object"] = "list", ["data"] = data, ["has_more"] = false, ["url"] = "/v1/invoice_payments" };
        return Results.Content(list.ToJsonString(), "application/json");
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
