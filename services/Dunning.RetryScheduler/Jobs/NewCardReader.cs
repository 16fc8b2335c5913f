using Dunning.Platform.Stripe;
using Stripe;

namespace Dunning.RetryScheduler.Jobs;

/// <summary>A card's brand and fingerprint.</summary>
public sealed record CardDetails(string? Brand, string? Fingerprint);

/// <summary>
/// Reads a new card's brand and fingerprint from Stripe when its event named only its id (<c>customer.updated</c> carries
/// <c>invoice_settings.default_payment_method</c> unexpanded), so the card's own network budget counts the retry.
/// Null while Stripe cannot answer; empty details when Stripe has no such card (the pay call will say so).
/// </summary>
public sealed class NewCardReader(StripeCalls stripe)
{
    public async Task<CardDetails?> ReadAsync(string paymentMethodId, CancellationToken cancellationToken)
    {
        try
        {
            var method = await stripe.RunAsync((client, ct) => new PaymentMethodService(client).GetAsync(paymentMethodId, null, null, ct), cancellationToken);
            return new CardDetails(method.Card?.Brand, method.Card?.Fingerprint);
        }
        catch (Exception ex) when (StripeResilience.IsUnavailable(ex))
        {
            return null;
        }
        catch (StripeException)
        {
            return new CardDetails(null, null);
        }
    }
}
