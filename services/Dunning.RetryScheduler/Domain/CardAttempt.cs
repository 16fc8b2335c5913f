namespace Dunning.RetryScheduler.Domain;

/// <summary>An invoice's amount, which Mastercard's per-amount limit keys on.</summary>
public sealed record AttemptAmount(long Minor, string Currency);

/// <summary>
/// One attempt on a card, as the network rules see it (<see cref="NetworkRules"/>): when, who initiated it, for what amount (null:
/// unknown, it counts with every amount) and the network's advice code when it was declined.
/// </summary>
public sealed record CardAttempt(DateTimeOffset At, AttemptSource Source = AttemptSource.Stripe, AttemptAmount? Amount = null,
    string? NetworkAdviceCode = null)
{
    /// <summary>
    /// The customer was in session: their own attempt. Every other attempt is merchant-initiated: our pay calls go out off-session
    /// (<c>off_session</c> defaults to true on <c>POST /v1/invoices/{id}/pay</c>), and so do Stripe's renewal charge and retries.
    /// </summary>
    public bool IsCustomerInitiated => Source == AttemptSource.Customer;

    /// <summary>Both attempts are of one amount, or either amount is unknown (then it may be).</summary>
    public bool SharesAmountWith(CardAttempt other) => Amount is null || other.Amount is null || Amount == other.Amount;
}
