using Dunning.Contracts;

namespace Dunning.Metrics.Tests.Support;

/// <summary>
/// The scripted month (March 2026) with hand-computed figures in <see cref="ScenarioTests"/>:
/// USD cases closed by every recovery method and every loss reason, EUR cases beside them, one case
/// open before and one after the month, and subscriptions started/cancelled across February and March.
/// </summary>
public static class Scenario
{
    private static DateTimeOffset At(string utc) => DateTimeOffset.Parse(utc + "Z", System.Globalization.CultureInfo.InvariantCulture);

    public static PaymentFailed Failed(string invoice, long amount, string currency, string at, string decline, string brand, bool livemode = true) =>
        new($"evt_failed_{invoice}_{at}", invoice, "cus_" + invoice, "sub_" + invoice, null, amount, currency, 1,
            new DeclineDetails("card_declined", decline, null, null, null, brand, null, null), null, null, At(at), Livemode: livemode);

    public static PaymentRecovered Recovered(string invoice, long amount, string currency, string failedAt, string at, RecoveryMethod method, int attempt) =>
        new($"case_{invoice}:recovered", Guid.NewGuid(), invoice, "cus_" + invoice, "sub_" + invoice, amount, currency, method, attempt, At(failedAt), At(at));

    public static RevenueLost Lost(string invoice, long amount, string currency, string failedAt, string at, LossReason reason) =>
        new($"case_{invoice}:lost", Guid.NewGuid(), invoice, "cus_" + invoice, "sub_" + invoice, amount, currency, reason, At(failedAt), At(at));

    public static SubscriptionStarted Started(string subscription, string at, bool livemode = true) =>
        new($"evt_start_{subscription}", subscription, "cus_" + subscription, "active", At(at), livemode);

    public static SubscriptionCanceled Canceled(string subscription, string at, string reason, bool livemode = true) =>
        new($"evt_cancel_{subscription}", subscription, "cus_" + subscription, reason, At(at), livemode);

    /// <summary>Messages that open something: failures and subscription starts.</summary>
    public static IReadOnlyList<IDunningMessage> Opens { get; } =
    [
        Failed("in_u1", 10000, "usd", "2026-03-02T10:00:00", "insufficient_funds", "visa"),
        Failed("in_u1", 10000, "usd", "2026-03-02T12:00:00", "do_not_honor", "visa"), // a later failure of the same invoice
        Failed("in_u2", 2000, "usd", "2026-03-05T00:00:00", "do_not_honor", "mastercard"),
        Failed("in_u3", 3000, "usd", "2026-03-10T00:00:00", "insufficient_funds", "visa"),
        Failed("in_u4", 4000, "usd", "2026-03-12T00:00:00", "expired_card", "amex"),
        Failed("in_u5", 5000, "usd", "2026-03-13T00:00:00", "generic_decline", "visa"),
        Failed("in_u6", 6000, "usd", "2026-03-14T00:00:00", "generic_decline", "visa"),
        Failed("in_u7", 7000, "usd", "2026-03-15T00:00:00", "generic_decline", "visa"),
        Failed("in_u8", 8000, "usd", "2026-03-16T00:00:00", "generic_decline", "visa"),
        Failed("in_u9", 9000, "usd", "2026-03-17T00:00:00", "generic_decline", "visa"),
        Failed("in_u10", 1500, "usd", "2026-03-25T00:00:00", "insufficient_funds", "visa"),
        Failed("in_u11", 1100, "usd", "2026-02-20T00:00:00", "insufficient_funds", "visa"),
        Failed("in_u12", 1200, "usd", "2026-04-02T00:00:00", "insufficient_funds", "visa"),
        Failed("in_e1", 5000, "eur", "2026-03-03T10:00:00", "insufficient_funds", "visa"),
        Failed("in_e2", 7000, "eur", "2026-03-04T00:00:00", "insufficient_funds", "visa"),
        Started("sub_1", "2026-01-10T00:00:00"),
        Started("sub_2", "2026-01-15T00:00:00"),
        Started("sub_3", "2026-01-20T00:00:00"),
        Started("sub_4", "2026-02-15T00:00:00"),
        Started("sub_5", "2026-03-10T00:00:00"),
        Started("sub_6", "2026-02-28T23:59:59"),
    ];

    /// <summary>Messages that close something: recoveries, losses and cancellations.</summary>
    public static IReadOnlyList<IDunningMessage> Closes { get; } =
    [
        Recovered("in_u1", 10000, "usd", "2026-03-02T10:00:00", "2026-03-03T10:00:00", RecoveryMethod.Retry, 2),
        Recovered("in_u2", 2000, "usd", "2026-03-05T00:00:00", "2026-03-07T00:00:00", RecoveryMethod.CardUpdated, 1),
        Recovered("in_u3", 3000, "usd", "2026-03-10T00:00:00", "2026-03-11T12:00:00", RecoveryMethod.CustomerPaid, 3),
        Recovered("in_u4", 4000, "usd", "2026-03-12T00:00:00", "2026-03-16T00:00:00", RecoveryMethod.OutOfBand, 1),
        Lost("in_u5", 5000, "usd", "2026-03-13T00:00:00", "2026-03-20T00:00:00", LossReason.RetriesExhausted),
        Lost("in_u6", 6000, "usd", "2026-03-14T00:00:00", "2026-03-21T00:00:00", LossReason.HardDecline),
        Lost("in_u7", 7000, "usd", "2026-03-15T00:00:00", "2026-03-22T00:00:00", LossReason.SubscriptionCanceled),
        Lost("in_u8", 8000, "usd", "2026-03-16T00:00:00", "2026-03-23T00:00:00", LossReason.InvoiceVoided),
        Lost("in_u9", 9000, "usd", "2026-03-17T00:00:00", "2026-03-24T00:00:00", LossReason.MarkedUncollectible),
        Recovered("in_e1", 5000, "eur", "2026-03-03T10:00:00", "2026-03-04T06:00:00", RecoveryMethod.Retry, 1),
        Lost("in_e2", 7000, "eur", "2026-03-04T00:00:00", "2026-03-30T00:00:00", LossReason.RetriesExhausted),
        Canceled("sub_2", "2026-02-10T00:00:00", "payment_failed"),
        Canceled("sub_3", "2026-03-05T00:00:00", "cancellation_requested"),
        Canceled("sub_4", "2026-03-20T00:00:00", "payment_failed"),
    ];

    public static int DistinctMessages => Opens.Count + Closes.Count;
}
