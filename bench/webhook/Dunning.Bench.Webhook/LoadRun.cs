using System.Text;
using Dunning.Testing;

namespace Dunning.Bench.Webhook;

/// <summary>Posts signed <c>invoice.payment_failed</c> events (Stripe's real shape, with decline details) to a webhook endpoint.</summary>
public static class LoadRun
{
    public static async Task<int> RunAsync(Uri baseUrl, string secret, int seconds, int concurrency, int? rate)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = baseUrl };
        var runId = Guid.NewGuid().ToString("N")[..8];
        return await Measurement.RunAsync(baseUrl.Port.ToString(), seconds, concurrency, rate, async n =>
        {
            var body = Payload.PaymentFailed($"evt_{runId}_{n}", $"in_{runId}_{n}");
            using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe")
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            request.Headers.TryAddWithoutValidation("Stripe-Signature", StripeSignature.Header(body, secret));
            using var response = await http.SendAsync(request);
            return response.IsSuccessStatusCode;
        });
    }
}
