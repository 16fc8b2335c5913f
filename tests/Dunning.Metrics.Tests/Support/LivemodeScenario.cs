using Dunning.Contracts;

namespace Dunning.Metrics.Tests.Support;

/// <summary>
/// Live and test-mode cases side by side in May 2026, on a service whose dashboard starts in test mode (as the sandbox
/// demo's does). A test-mode loss arrives before its failure, so its row is live until the failure says otherwise.
/// Live usd: in_live (10.00, recovered after 24 h). Test usd: in_test_lost (30.00, lost), in_test_recovered (50.00,
/// recovered after 10 h). Test gbp: in_test_gbp (7.00, open, its card brand markup). Subscriptions: sub_live (live), sub_test_gone (test,
/// cancelled for failed payment on 20 May), sub_test_new (test, started 10 May).
/// </summary>
public sealed class LivemodeScenario : IAsyncLifetime
{
    public const string May = "from=2026-05-01&to=2026-05-31";

    /// <summary>Webhook text is anyone's: the dashboard must show it as text, never run it as markup.</summary>
    public const string CardBrandWithMarkup = "<img src=x onerror=document.title='xss'>";

    public MetricsService Service { get; } = new() { DashboardDefaultMode = "test" };

    private static readonly RevenueLost TestLoss =
        Scenario.Lost("in_test_lost", 3000, "usd", "2026-05-04T00:00:00", "2026-05-10T00:00:00", LossReason.RetriesExhausted);

    private static readonly IReadOnlyList<IDunningMessage> Rest =
    [
        Scenario.Failed("in_live", 1000, "usd", "2026-05-02T00:00:00", "insufficient_funds", "visa"),
        Scenario.Recovered("in_live", 1000, "usd", "2026-05-02T00:00:00", "2026-05-03T00:00:00", RecoveryMethod.Retry, 1),
        Scenario.Failed("in_test_lost", 3000, "usd", "2026-05-04T00:00:00", "do_not_honor", "mastercard", livemode: false),
        Scenario.Failed("in_test_recovered", 5000, "usd", "2026-05-05T00:00:00", "do_not_honor", "visa", livemode: false),
        Scenario.Recovered("in_test_recovered", 5000, "usd", "2026-05-05T00:00:00", "2026-05-05T10:00:00", RecoveryMethod.CardUpdated, 2),
        Scenario.Failed("in_test_gbp", 700, "gbp", "2026-05-06T00:00:00", "expired_card", CardBrandWithMarkup, livemode: false),
        Scenario.Started("sub_live", "2026-04-01T00:00:00"),
        Scenario.Started("sub_test_gone", "2026-04-01T00:00:00", livemode: false),
        Scenario.Canceled("sub_test_gone", "2026-05-20T00:00:00", "payment_failed", livemode: false),
        Scenario.Started("sub_test_new", "2026-05-10T00:00:00", livemode: false),
    ];

    public async Task InitializeAsync()
    {
        await Service.InitializeAsync();
        await Service.PublishAsync(TestLoss);
        await Service.HandledAsync(1);
        foreach (var message in Rest)
            await Service.PublishAsync((dynamic)message);
        await Service.HandledAsync(1 + Rest.Count);
    }

    public Task DisposeAsync() => Service.DisposeAsync();
}
