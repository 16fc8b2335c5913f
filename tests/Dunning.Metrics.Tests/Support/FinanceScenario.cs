using Dunning.Contracts;

namespace Dunning.Metrics.Tests.Support;

/// <summary>
/// June 2026, live usd unless marked, every figure of <c>FinanceScenarioTests</c> computed by hand from this list:
/// <list type="table">
/// <item>in_f1 100.00, failed 1 Jun, pay call 1 declined, pay call 2 paid: recovered (Retry, attempt 2) on 4 Jun, after 72 h.</item>
/// <item>in_f2 20.00, failed 2 Jun, no pay call: recovered (CustomerPaid, attempt 0) on 3 Jun, after 24 h.</item>
/// <item>in_f3 30.00, failed 3 Jun, pay call 1 paid: recovered (Retry, attempt 1) on 5 Jun, after 48 h.</item>
/// <item>in_f4 40.00, failed 5 Jun, pay calls 1–3 declined: lost (RetriesExhausted) on 20 Jun.</item>
/// <item>in_f5 50.00, failed 10 Jun, pay call 1 declined: open.</item>
/// <item>in_f6 60.00, failed 12 Jun, no pay call yet: open.</item>
/// <item>in_f7 70.00, failed 28 May (before the range), pay call 1 paid: recovered (Retry, attempt 1) on 2 Jun, after 120 h.</item>
/// <item>in_ft1 900.00, test mode, failed 3 Jun: lost (HardDecline) on 10 Jun; never in a live figure.</item>
/// </list>
/// Subscriptions (a growing business): sub_a, sub_b started 1 Apr; sub_c, sub_d, sub_e start 5, 10, 15 Jun; sub_b cancelled for
/// failed payment on 20 Jun; test mode: sub_t started 1 Apr, cancelled 3 Jun.
/// Expiring-card reminders (no currency; the mode is their subscription's): rem_a (sub_a) sent 3 Jun, card replaced at the renewal
/// on 25 Jun, that message redelivered as itself and under another event id; rem_c (sub_c) sent 8 Jun, not replaced; rem_d (sub_d)
/// sent 12 Jun, replaced 28 Jun, the replacement handled first; rem_may (sub_e) sent 25 May, replaced at 00:00 on 1 Jun; rem_july
/// (sub_b) sent 30 Jun 23:59:59, replaced 2 Jul; rem_unknown (sub_x, never started here: live) sent 10 Jun; test mode: rem_t (sub_t)
/// sent 1 Jun, replaced 2 Jun.
/// </summary>
public sealed class FinanceScenario : IAsyncLifetime
{
    public const string June = "from=2026-06-01&to=2026-06-30";

    public MetricsService Service { get; } = new();

    private static DateTimeOffset At(string utc) => DateTimeOffset.Parse(utc + "Z", System.Globalization.CultureInfo.InvariantCulture);

    private static RetryAttempted Attempt(string invoice, int number, bool paid, string at) =>
        new($"case_{invoice}:attempt:{number}", Guid.Empty, invoice, "cus_" + invoice, number, paid,
            paid ? DeclineDetails.None : new DeclineDetails("card_declined", "generic_decline", null, null, null, "visa", null, null), At(at));

    private static readonly IReadOnlyList<IDunningMessage> Opens =
    [
        Scenario.Failed("in_f1", 10000, "usd", "2026-06-01T00:00:00", "insufficient_funds", "visa"),
        Scenario.Failed("in_f2", 2000, "usd", "2026-06-02T00:00:00", "insufficient_funds", "visa"),
        Scenario.Failed("in_f3", 3000, "usd", "2026-06-03T00:00:00", "do_not_honor", "mastercard"),
        Scenario.Failed("in_f4", 4000, "usd", "2026-06-05T00:00:00", "generic_decline", "visa"),
        Scenario.Failed("in_f5", 5000, "usd", "2026-06-10T00:00:00", "generic_decline", "visa"),
        Scenario.Failed("in_f6", 6000, "usd", "2026-06-12T00:00:00", "expired_card", "amex"),
        Scenario.Failed("in_f7", 7000, "usd", "2026-05-28T00:00:00", "insufficient_funds", "visa"),
        Scenario.Failed("in_ft1", 90000, "usd", "2026-06-03T00:00:00", "lost_card", "visa", livemode: false),
        Scenario.Started("sub_a", "2026-04-01T00:00:00"),
        Scenario.Started("sub_b", "2026-04-01T00:00:00"),
        Scenario.Started("sub_c", "2026-06-05T00:00:00"),
        Scenario.Started("sub_d", "2026-06-10T00:00:00"),
        Scenario.Started("sub_e", "2026-06-15T00:00:00"),
        Scenario.Started("sub_t", "2026-04-01T00:00:00", livemode: false),
    ];

    private static readonly IReadOnlyList<IDunningMessage> Attempts =
    [
        Attempt("in_f1", 1, paid: false, "2026-06-02T00:00:00"),
        Attempt("in_f1", 2, paid: true, "2026-06-04T00:00:00"),
        Attempt("in_f3", 1, paid: true, "2026-06-05T00:00:00"),
        Attempt("in_f4", 1, paid: false, "2026-06-06T00:00:00"),
        Attempt("in_f4", 2, paid: false, "2026-06-09T00:00:00"),
        Attempt("in_f4", 3, paid: false, "2026-06-13T00:00:00"),
        Attempt("in_f5", 1, paid: false, "2026-06-11T00:00:00"),
        Attempt("in_f7", 1, paid: true, "2026-06-02T00:00:00"),
    ];

    private static readonly IReadOnlyList<IDunningMessage> Closes =
    [
        Scenario.Recovered("in_f1", 10000, "usd", "2026-06-01T00:00:00", "2026-06-04T00:00:00", RecoveryMethod.Retry, 2),
        Scenario.Recovered("in_f2", 2000, "usd", "2026-06-02T00:00:00", "2026-06-03T00:00:00", RecoveryMethod.CustomerPaid, 0),
        Scenario.Recovered("in_f3", 3000, "usd", "2026-06-03T00:00:00", "2026-06-05T00:00:00", RecoveryMethod.Retry, 1),
        Scenario.Lost("in_f4", 4000, "usd", "2026-06-05T00:00:00", "2026-06-20T00:00:00", LossReason.RetriesExhausted),
        Scenario.Recovered("in_f7", 7000, "usd", "2026-05-28T00:00:00", "2026-06-02T00:00:00", RecoveryMethod.Retry, 1),
        Scenario.Lost("in_ft1", 90000, "usd", "2026-06-03T00:00:00", "2026-06-10T00:00:00", LossReason.HardDecline),
        Scenario.Canceled("sub_b", "2026-06-20T00:00:00", "payment_failed"),
        Scenario.Canceled("sub_t", "2026-06-03T00:00:00", "cancellation_requested", livemode: false),
    ];

    private static ExpiringCardReminded Reminded(string reminder, string subscription, string sentAt, string renewsAt) =>
        new($"rem_{reminder}:sent", reminder, "cus_" + subscription, subscription, At(renewsAt), At(sentAt));

    private static ExpiringCardReplaced Replaced(string reminder, string subscription, string checkedAt, string eventId = "checked") =>
        new($"rem_{reminder}:{eventId}", reminder, "cus_" + subscription, subscription, At(checkedAt));

    private static readonly ExpiringCardReplaced ReplacedBeforeItsReminder = Replaced("rem_d", "sub_d", "2026-06-28T00:00:00");

    private static readonly IReadOnlyList<IDunningMessage> ExpiringCards =
    [
        Reminded("rem_a", "sub_a", "2026-06-03T09:00:00", "2026-06-25T00:00:00"),
        Replaced("rem_a", "sub_a", "2026-06-25T00:00:00"),
        Reminded("rem_c", "sub_c", "2026-06-08T09:00:00", "2026-06-15T00:00:00"),
        Reminded("rem_d", "sub_d", "2026-06-12T09:00:00", "2026-06-28T00:00:00"),
        Reminded("rem_may", "sub_e", "2026-05-25T09:00:00", "2026-06-01T00:00:00"),
        Replaced("rem_may", "sub_e", "2026-06-01T00:00:00"),
        Reminded("rem_july", "sub_b", "2026-06-30T23:59:59", "2026-07-02T00:00:00"),
        Replaced("rem_july", "sub_b", "2026-07-02T00:00:00"),
        Reminded("rem_unknown", "sub_x", "2026-06-10T09:00:00", "2026-06-20T00:00:00"),
        Reminded("rem_t", "sub_t", "2026-06-01T09:00:00", "2026-06-02T00:00:00"),
        Replaced("rem_t", "sub_t", "2026-06-02T00:00:00"),
    ];

    /// <summary>rem_a's replacement again: the same message (the inbox drops it), then under another event id (the row absorbs it).</summary>
    private static readonly IReadOnlyList<IDunningMessage> ExpiringCardRedeliveries =
        [ExpiringCards[1], Replaced("rem_a", "sub_a", "2026-06-25T00:00:00", eventId: "checked-again")];

    public async Task InitializeAsync()
    {
        await Service.InitializeAsync();
        // Attempts count on rows that exist: the failures go first, as the scheduler only retries a case it opened.
        await PublishAsync(Opens);
        await Service.HandledAsync(Opens.Count);
        await PublishAsync(Attempts);
        await Service.HandledAsync(Opens.Count + Attempts.Count);
        await PublishAsync(Closes);
        await Service.HandledAsync(Opens.Count + Attempts.Count + Closes.Count);
        await Service.PublishAsync(ReplacedBeforeItsReminder);
        await Service.HandledAsync(Opens.Count + Attempts.Count + Closes.Count + 1);
        await PublishAsync(ExpiringCards.Concat(ExpiringCardRedeliveries));
        await Service.HandledAsync(Opens.Count + Attempts.Count + Closes.Count + 1 + ExpiringCards.Count + 1);
    }

    private async Task PublishAsync(IEnumerable<IDunningMessage> messages)
    {
        foreach (var message in messages)
            await Service.PublishAsync((dynamic)message);
    }

    public Task DisposeAsync() => Service.DisposeAsync();
}

/// <summary>The test classes that share one <see cref="FinanceScenario"/> service (starting it is the slow part).</summary>
[CollectionDefinition(Name)]
public sealed class FinanceScenarioCollection : ICollectionFixture<FinanceScenario>
{
    public const string Name = "finance scenario";
}
