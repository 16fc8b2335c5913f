using Dunning.Contracts;
using Dunning.Lab.History;

namespace Dunning.PolicyLab.Backtest;

/// <summary>
/// The decline a backtest plans from: an invoice's first, as recorded, carrying the card's brand (Visa's Category 1 rows read it).
/// Every planned retry is assumed to decline the same way until one succeeds, as the scheduler itself assumes when it looks ahead.
/// </summary>
public static class FirstDecline
{
    public static DeclineDetails Of(FailedInvoice invoice)
    {
        var first = invoice.Attempts[0];
        var decline = first.Decline ?? StandIn(first.Category!.Value);
        return decline with { CardBrand = decline.CardBrand ?? invoice.CardBrand };
    }

    /// <summary>
    /// Without codes, the category's most common code: the scheduler's table then plans insufficient funds at the start of the
    /// customer's day and any other soft decline with the normal backoff (an advised wait of unknown length included).
    /// A hard decline plans nothing whatever its codes (<see cref="AttemptPlanner"/>).
    /// </summary>
    private static DeclineDetails StandIn(DeclineCategory category) => DeclineDetails.None with
    {
        DeclineCode = category == DeclineCategory.InsufficientFunds ? "insufficient_funds" : "generic_decline",
    };

    /// <summary>The card the invoice was charged to, by fingerprint, when the history knows it.</summary>
    public static string? CardFingerprint(FailedInvoice invoice) =>
        invoice.Attempts.Select(a => a.Decline?.CardFingerprint).FirstOrDefault(f => f is not null);
}
