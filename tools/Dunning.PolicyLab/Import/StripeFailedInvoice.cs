using Dunning.Contracts;
using Dunning.Lab.History;
using Dunning.Platform.Stripe;
using Dunning.RetryScheduler.Domain;
using Stripe;

namespace Dunning.PolicyLab.Import;

/// <summary>
/// One Stripe invoice and every charge made for it, as a <see cref="FailedInvoice"/>: each charge is an attempt (a decline with its
/// codes, or the payment), and the invoice's status says how it ended. An invoice whose first charge succeeded never failed.
/// </summary>
public static class StripeFailedInvoice
{
    /// <param name="charges">The invoice's charges, oldest first; pending ones (no answer yet) are left out.</param>
    /// <returns>Null when no charge of the invoice was declined before it was paid.</returns>
    public static FailedInvoice? From(Invoice invoice, IReadOnlyList<Charge> charges)
    {
        var attempts = new List<PaymentAttempt>();
        foreach (var charge in charges.Where(c => c.Status is "succeeded" or "failed"))
        {
            var number = attempts.Count + 1;
            var at = Utc(charge.Created);
            if (charge.Status == "succeeded")
            {
                if (number == 1) return null;
                attempts.Add(PaymentAttempt.Paid(number, at));
                break; // the invoice is paid: nothing after it is a retry
            }
            var decline = StripeDeclines.FromCharge(charge) ?? DeclineDetails.Unknown;
            attempts.Add(PaymentAttempt.Declined(number, at, DeclineCategories.Of(decline), decline));
        }
        if (attempts.Count == 0) return null;
        var outcome = invoice.Status == "paid"
            ? RecoveryOutcome.Paid(invoice.AmountPaid, invoice.StatusTransitions?.PaidAt is { } paidAt ? Utc(paidAt) : attempts[^1].At)
            : RecoveryOutcome.NotRecovered;
        // Stripe keeps no time zone on a customer (nor does Dunning learn one from Stripe): local features fall back to UTC.
        return new FailedInvoice(invoice.Id, invoice.CustomerId, invoice.AmountDue, invoice.Currency, attempts[0].Decline?.CardBrand,
            TimeZone: null, attempts, outcome);
    }

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
