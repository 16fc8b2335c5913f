using System.Text;
using System.Text.Json.Nodes;
using Dunning.Testing;

namespace Dunning.BillingWebhook.Tests.Support;

/// <summary>Posts signed (or deliberately mis-signed) events to a running webhook service.</summary>
public sealed class WebhookClient(Uri baseAddress, string secret) : IDisposable
{
    public HttpClient Http { get; } = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public Task<HttpResponseMessage> PostAsync(JsonObject envelope) => PostAsync(envelope.ToJsonString());

    public Task<HttpResponseMessage> PostAsync(string body, string? signature = null, DateTimeOffset? signedAt = null) =>
        Http.SendAsync(Request(body, signature ?? StripeSignature.Header(body, secret, signedAt)));

    public static HttpRequestMessage Request(string body, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (signature is not null) request.Headers.TryAddWithoutValidation("Stripe-Signature", signature);
        return request;
    }

    public void Dispose() => Http.Dispose();
}
