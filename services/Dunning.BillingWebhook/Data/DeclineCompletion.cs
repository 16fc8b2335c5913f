using Dunning.BillingWebhook.Domain;
using Dunning.BillingWebhook.Domain.Mapping;
using Dunning.Contracts;
using Npgsql;

namespace Dunning.BillingWebhook.Data;

/// <summary>
/// Fills a <see cref="PaymentFailed"/> whose event carried no decline details from a remembered
/// <c>charge.failed</c> / <c>payment_intent.payment_failed</c> of the same invoice or payment intent.
/// </summary>
public sealed class DeclineCompletion(DeclineMemory declines)
{
    public async Task<IDunningMessage> CompleteAsync(NpgsqlTransaction transaction, IDunningMessage message, StripeEvent stripeEvent, CancellationToken cancellationToken) =>
        LookupKeys(message, stripeEvent) is { } keys ? Complete(message, await declines.FindAsync(transaction, keys, cancellationToken)) : message;

    /// <summary>Where a failure that came without decline details finds them (its invoice, then its payment intents); null for any other message.</summary>
    public static string[]? LookupKeys(IDunningMessage message, StripeEvent stripeEvent) =>
        message is PaymentFailed failed && failed.Decline == DeclineDetails.None
            ? [failed.InvoiceId, .. DeclineDetailsReader.PaymentIntentIds(stripeEvent.Object)]
            : null;

    /// <summary>The failure with the <paramref name="remembered"/> details, if any were found.</summary>
    public static IDunningMessage Complete(IDunningMessage message, DeclineDetails? remembered) =>
        message is PaymentFailed failed && remembered is not null ? failed with { Decline = remembered } : message;
}
