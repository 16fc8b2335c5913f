using Dunning.Platform.Stripe;
using Stripe;

namespace Dunning.RetryScheduler.Jobs;

/// <summary>A card attached to the customer, as the backup-card choice sees it.</summary>
public sealed record AttachedCard(string PaymentMethodId, string? Brand, string? Fingerprint, long ExpMonth, long ExpYear);

/// <summary>What the look-up found: a card to try, none, or no answer from Stripe (try again later).</summary>
public abstract record BackupCardLookup
{
    public sealed record Found(string PaymentMethodId, CardDetails Card) : BackupCardLookup;

    public sealed record NoneLeft : BackupCardLookup;

    public sealed record StripeUnavailable : BackupCardLookup;
}

/// <summary>
/// Finds a backup card: the customer's attached cards (<c>GET /v1/customers/{id}/payment_methods?type=card</c>), minus the card
/// the invoice failed on, every card the case was declined on (by fingerprint: twins too), the backups already tried and the cards
/// expired in the case's time.
/// </summary>
public sealed class BackupCardFinder(StripeCalls stripe)
{
    public async Task<BackupCardLookup> FindAsync(string customerId, IReadOnlyCollection<string> notThese,
        IReadOnlyCollection<string> declinedFingerprints, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            var cards = await stripe.RunAsync((client, ct) => new CustomerPaymentMethodService(client)
                .ListAsync(customerId, new CustomerPaymentMethodListOptions { Type = "card", Limit = 100 }, null, ct), cancellationToken);
            var attached = cards.Data.Where(m => m.Card is not null)
                .Select(m => new AttachedCard(m.Id, m.Card.Brand, m.Card.Fingerprint, m.Card.ExpMonth, m.Card.ExpYear));
            return Choose(attached, notThese, declinedFingerprints, now) is { } card
                ? new BackupCardLookup.Found(card.PaymentMethodId, new CardDetails(card.Brand, card.Fingerprint))
                : new BackupCardLookup.NoneLeft();
        }
        catch (Exception ex) when (StripeResilience.IsUnavailable(ex))
        {
            return new BackupCardLookup.StripeUnavailable();
        }
    }

    /// <summary>The first card, in Stripe's order (newest first), that may be tried; null when none may.</summary>
    public static AttachedCard? Choose(IEnumerable<AttachedCard> cards, IReadOnlyCollection<string> notThese,
        IReadOnlyCollection<string> declinedFingerprints, DateTimeOffset now) =>
        cards.FirstOrDefault(card => !notThese.Contains(card.PaymentMethodId)
            && (card.Fingerprint is null || !declinedFingerprints.Contains(card.Fingerprint))
            && (card.ExpYear, card.ExpMonth).CompareTo((now.Year, now.Month)) >= 0); // a card works to the end of its expiry month
}
