namespace Dunning.Lab.History;

/// <summary>
/// What a policy knows when it plans one retry, in the terms of issue 19: the preceding decline (its class and codes),
/// the card, the amount, the attempt's number, the time since the first failure and the customer's local calendar and clock.
/// </summary>
public sealed record AttemptFeatures(
    DeclineCategory Category,
    string? DeclineCode,
    string? NetworkAdviceCode,
    string? CardBrand,
    long AmountMinor,
    string Currency,
    int AttemptNumber,
    TimeSpan SinceFirstFailure,
    int LocalDayOfMonth,
    DayOfWeek LocalDayOfWeek,
    int LocalHour)
{
    /// <summary>The features of <paramref name="invoice"/>'s attempt at <paramref name="index"/> (1 or more: a retry).</summary>
    public static AttemptFeatures Of(FailedInvoice invoice, int index)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(index, 1);
        var attempt = invoice.Attempts[index];
        return Of(invoice, invoice.Attempts[index - 1], attempt.Number, attempt.At);
    }

    /// <summary>
    /// The features of a retry of <paramref name="invoice"/> numbered <paramref name="number"/> at <paramref name="at"/>, after the
    /// declined attempt <paramref name="previous"/>: one that was made, or one a backtested policy would make.
    /// </summary>
    public static AttemptFeatures Of(FailedInvoice invoice, PaymentAttempt previous, int number, DateTimeOffset at) =>
        RetryState.After(invoice, previous, number).At(at);

    /// <summary>The customer's zone; UTC when unknown or not a zone this machine knows.</summary>
    internal static TimeZoneInfo Zone(string? id) =>
        id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
}
