namespace Dunning.Lab.History;

/// <summary>
/// One failed invoice of the history the lab learns from and backtests on: what was charged to which card, every attempt
/// (oldest first, the first one a decline), and how it ended. Stripe's history and Dunning's ledger both import into this.
/// </summary>
/// <param name="CardBrand">Stripe's brand name, lower case (<c>visa</c>, <c>mastercard</c>, <c>amex</c>...); null when unknown.</param>
/// <param name="TimeZone">The customer's IANA time zone; null when unknown (local features then use UTC).</param>
public sealed record FailedInvoice(
    string InvoiceId,
    string CustomerId,
    long AmountMinor,
    string Currency,
    string? CardBrand,
    string? TimeZone,
    IReadOnlyList<PaymentAttempt> Attempts,
    RecoveryOutcome Outcome,
    Guid? CaseId = null)
{
    public IReadOnlyList<PaymentAttempt> Attempts { get; } = Checked(Attempts);

    public DateTimeOffset FirstFailedAt => Attempts[0].At;

    /// <summary>From the first failure to the payment; null when not recovered.</summary>
    public TimeSpan? TimeToRecover => Outcome.RecoveredAt - FirstFailedAt;

    /// <summary>
    /// Every retry (attempt 2 on) with what was known when it was made: the preceding decline, the elapsed time, the
    /// customer's local time.
    /// </summary>
    public IEnumerable<(AttemptFeatures Features, bool Succeeded)> Retries() =>
        Enumerable.Range(1, Attempts.Count - 1).Select(i => (AttemptFeatures.Of(this, i), Attempts[i].Succeeded));

    private static IReadOnlyList<PaymentAttempt> Checked(IReadOnlyList<PaymentAttempt> attempts)
    {
        if (attempts.Count == 0 || attempts[0].Succeeded)
            throw new ArgumentException("A failed invoice starts with a declined attempt", nameof(attempts));
        for (var i = 1; i < attempts.Count; i++)
        {
            if (attempts[i].At < attempts[i - 1].At || attempts[i].Number <= attempts[i - 1].Number)
                throw new ArgumentException("Attempts are in order of time and number", nameof(attempts));
            if (attempts[i - 1].Succeeded)
                throw new ArgumentException("No attempt follows a successful one: the invoice was paid", nameof(attempts));
        }
        return attempts;
    }
}
