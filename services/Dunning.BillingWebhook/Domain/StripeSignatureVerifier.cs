using Dunning.Platform.Stripe;
using Microsoft.Extensions.Options;
using Stripe;

namespace Dunning.BillingWebhook.Domain;

/// <summary>Checks <c>Stripe-Signature</c> against every configured secret with Stripe.net's <see cref="EventUtility"/>.</summary>
public sealed class StripeSignatureVerifier(IOptions<StripeOptions> options)
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
        return "Stripe-Signature does not match any configured secret, or its timestamp is outside the tolerance.";
    }
}
