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
    public async Task<IDunningMessage> CompleteAsync(NpgsqlTransaction transaction, IDunningMessage message, StripeEvent stripeEvent, CancellationToken cancellationToken)
    {
        if (message is not PaymentFailed failed || failed.Decline != DeclineDetails.None)
            return message;
        var keys = DeclineDetailsReader.PaymentIntentIds(stripeEvent.Object).Prepend(failed.InvoiceId);
        return await declines.FindAsync(transaction, keys, cancellationToken) is { } remembered
            ? failed with { Decline = remembered }
            : failed;
    }
}
