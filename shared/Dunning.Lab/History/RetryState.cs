namespace Dunning.Lab.History;

/// <summary>
/// What is known of a failed invoice before its next retry that does not depend on when that retry is made: the last
/// decline, the card, the amount, the retry's number, the first failure and the customer's zone. <see cref="At"/> adds the
/// time-dependent features for one candidate time.
/// </summary>
/// <param name="AttemptNumber">The number the next attempt will have (2 for the first retry).</param>
/// <param name="TimeZone">The customer's IANA zone; null or unknown: UTC, as in <see cref="AttemptFeatures.Of"/>.</param>
public sealed record RetryState(
    DeclineCategory Category,
    string? DeclineCode,
    string? NetworkAdviceCode,
    string? CardBrand,
    long AmountMinor,
    string Currency,
    int AttemptNumber,
    DateTimeOffset FirstFailedAt,
    string? TimeZone)
{
    /// <summary>The state of <paramref name="invoice"/> after <paramref name="lastDecline"/>, before attempt <paramref name="nextNumber"/>.</summary>
    public static RetryState After(FailedInvoice invoice, PaymentAttempt lastDecline, int nextNumber) => new(
        lastDecline.Category ?? throw new ArgumentException("The attempt before a retry is a decline", nameof(lastDecline)),
        lastDecline.Decline?.DeclineCode,
        lastDecline.Decline?.NetworkAdviceCode,
        invoice.CardBrand,
        invoice.AmountMinor,
        invoice.Currency,
        nextNumber,
        invoice.FirstFailedAt,
        invoice.TimeZone);

    /// <summary>The features the next attempt would have if made at <paramref name="at"/>.</summary>
    public AttemptFeatures At(DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, AttemptFeatures.Zone(TimeZone));
        return new AttemptFeatures(Category, DeclineCode, NetworkAdviceCode, CardBrand, AmountMinor, Currency, AttemptNumber,
            at - FirstFailedAt, local.Day, local.DayOfWeek, local.Hour);
    }
}
