namespace Dunning.Contracts;

/// <summary>
/// A subscription will charge its card at <paramref name="RenewsAt"/> (its items' earliest <c>current_period_end</c>), as of a
/// <c>customer.subscription.created</c> or <c>.updated</c> event. Published only for a subscription that renews by charging
/// automatically: not for one set to cancel by then, sent invoices, or one no longer active.
/// </summary>
/// <param name="TestClockId">The Stripe test clock the subscription runs on, if any; <paramref name="OccurredAt"/> is then in its time.</param>
public record SubscriptionRenewalPlanned(
    string SourceEventId,
    string SubscriptionId,
    string CustomerId,
    DateTimeOffset RenewsAt,
    string? TestClockId,
    DateTimeOffset OccurredAt,
    bool Livemode = true) : IDunningMessage;
