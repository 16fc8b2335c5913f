using Dunning.Platform.Stripe;
using Microsoft.Extensions.Options;
using Stripe;

namespace Dunning.BillingWebhook.Domain;

/// <summary>Checks <c>Stripe-Signature</c> against every configured secret with Stripe.net's <see cref="EventUtility"/>.</summary>
public sealed class StripeSignatureVerifier(IOptions<StripeOptions> options, TimeProvider clock)
{
    /// <summary>Null when genuine; otherwise the reason it is not.</summary>
    public string? Verify(string body, string? signatureHeader)
    {
        if (string.IsNullOrWhiteSpace(signatureHeader))
            return "Missing Stripe-Signature header.";
        var settings = options.Value;
        if (settings.WebhookSecrets.Count == 0)
            return "No webhook secret is configured (Stripe__WebhookSecrets__0).";
        foreach (var secret in settings.WebhookSecrets)
        {
            try
            {
                EventUtility.ValidateSignature(body, signatureHeader, secret, settings.SignatureToleranceSeconds);
                return null;
            }
            catch (StripeException)
            {
                // try the next secret (rotation)
            }
        }
        return Timestamp(signatureHeader) is { } t && Math.Abs(clock.GetUtcNow().ToUnixTimeSeconds() - t) > settings.SignatureToleranceSeconds
            ? $"Stripe-Signature timestamp {t} is outside the tolerance of {settings.SignatureToleranceSeconds} s (a replayed or delayed request)."
            : "Stripe-Signature does not match any configured secret (check Stripe__WebhookSecrets__N and that the body is unmodified).";
    }

    private static long? Timestamp(string header) =>
        header.Split(',').Select(part => part.Trim()).FirstOrDefault(part => part.StartsWith("t=", StringComparison.Ordinal)) is { } t
            && long.TryParse(t.AsSpan(2), out var seconds) ? seconds : null;
}
