using Dunning.Contracts;
using Dunning.Lab.History;

namespace Dunning.Lab.Tests.History;

public sealed class FailedInvoiceTests
{
    private static readonly DateTimeOffset FirstFailure = new(2026, 3, 31, 23, 30, 0, TimeSpan.Zero);

    private static readonly DeclineDetails NotEnoughMoney = DeclineDetails.None with
    {
        DeclineCode = "insufficient_funds", NetworkAdviceCode = "24", CardBrand = "mastercard",
    };

    [Fact]
    public void A_retry_is_described_by_the_decline_before_it_and_the_customers_local_calendar_and_clock()
    {
        var invoice = Invoice("America/New_York",
            PaymentAttempt.Declined(1, FirstFailure, DeclineCategory.InsufficientFunds, NotEnoughMoney),
            PaymentAttempt.Declined(2, FirstFailure.AddHours(26), DeclineCategory.Soft),
            PaymentAttempt.Paid(3, FirstFailure.AddDays(4)));

        var retries = invoice.Retries().ToList();

        Assert.Equal(2, retries.Count);
        var (first, firstSucceeded) = retries[0];
        Assert.False(firstSucceeded);
        Assert.Equal(DeclineCategory.InsufficientFunds, first.Category);
        Assert.Equal("insufficient_funds", first.DeclineCode);
        Assert.Equal("24", first.NetworkAdviceCode);
        Assert.Equal(2, first.AttemptNumber);
        Assert.Equal(TimeSpan.FromHours(26), first.SinceFirstFailure);
        // 2026-04-02 01:30 UTC is 21:30 on Wednesday 1 April in New York, on daylight time (UTC−4) since 8 March.
        Assert.Equal((1, DayOfWeek.Wednesday, 21), (first.LocalDayOfMonth, first.LocalDayOfWeek, first.LocalHour));

        var (second, secondSucceeded) = retries[1];
        Assert.True(secondSucceeded);
        Assert.Equal(DeclineCategory.Soft, second.Category);
        Assert.Null(second.DeclineCode);
        Assert.Equal(TimeSpan.FromDays(4), invoice.TimeToRecover);
    }

    [Fact]
    public void Without_a_known_time_zone_the_local_features_are_UTC()
    {
        var invoice = Invoice("Not/AZone",
            PaymentAttempt.Declined(1, FirstFailure, DeclineCategory.Soft),
            PaymentAttempt.Declined(2, FirstFailure.AddHours(1), DeclineCategory.Soft));

        var (features, _) = Assert.Single(invoice.Retries());

        Assert.Equal((1, DayOfWeek.Wednesday, 0), (features.LocalDayOfMonth, features.LocalDayOfWeek, features.LocalHour));
    }

    [Fact]
    public void A_history_that_cannot_have_happened_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Invoice(null, PaymentAttempt.Paid(1, FirstFailure)));
        Assert.Throws<ArgumentException>(() => Invoice(null,
            PaymentAttempt.Declined(1, FirstFailure, DeclineCategory.Soft),
            PaymentAttempt.Paid(2, FirstFailure.AddDays(1)),
            PaymentAttempt.Declined(3, FirstFailure.AddDays(2), DeclineCategory.Soft)));
        Assert.Throws<ArgumentException>(() => Invoice(null,
            PaymentAttempt.Declined(1, FirstFailure, DeclineCategory.Soft),
            PaymentAttempt.Declined(2, FirstFailure.AddDays(-1), DeclineCategory.Soft)));
        Assert.Throws<ArgumentException>(() => new PaymentAttempt(1, FirstFailure, Succeeded: false));
    }

    private static FailedInvoice Invoice(string? timeZone, params PaymentAttempt[] attempts)
    {
        var paid = attempts.LastOrDefault(a => a.Succeeded);
        var outcome = paid is null ? RecoveryOutcome.NotRecovered : RecoveryOutcome.Paid(4900, paid.At);
        return new FailedInvoice("in_1", "cus_1", 4900, "usd", "mastercard", timeZone, attempts, outcome);
    }
}
