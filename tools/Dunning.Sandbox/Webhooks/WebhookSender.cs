using System.Text;
using Dunning.Sandbox.Domain;
using Microsoft.Extensions.Options;

namespace Dunning.Sandbox.Webhooks;

/// <summary>Posts one signed delivery and records the endpoint's answer.</summary>
public sealed class WebhookSender(IHttpClientFactory httpClients, SandboxRecord record, TimeProvider time, IOptions<SandboxOptions> options)
{
    public const string HttpClientName = "webhooks";

    public async Task<bool> SendAsync(WebhookDelivery delivery, CancellationToken ct)
    {
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Target.Url)
        {
            Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Stripe-Signature", WebhookSigner.Header(delivery.Payload, delivery.Target.Secret, timestamp));
        request.Headers.UserAgent.ParseAdd("Stripe/1.0 (+https://stripe.com/docs/webhooks)");

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.Webhooks.TimeoutSeconds));
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
            var ok = response.IsSuccessStatusCode;
            record.AddDelivery(delivery, (int)response.StatusCode, ok ? null : response.ReasonPhrase);
            return ok;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            record.AddDelivery(delivery, null, e is OperationCanceledException ? "timeout" : e.Message);
            return false;
        }
    }
}
