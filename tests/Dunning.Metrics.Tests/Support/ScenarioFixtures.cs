using Dunning.Contracts;

namespace Dunning.Metrics.Tests.Support;

/// <summary>A metrics service that has consumed the whole <see cref="Scenario"/> in some order.</summary>
public abstract class ScenarioFixture(TimeSpan foldInterval) : IAsyncLifetime
{
    public MetricsService Service { get; } = new() { FoldInterval = foldInterval };

    public async Task InitializeAsync()
    {
        await Service.InitializeAsync();
        await PublishScenarioAsync();
    }

    protected abstract Task PublishScenarioAsync();

    protected async Task PublishAllAsync(IEnumerable<IDunningMessage> messages)
    {
        foreach (var message in messages)
            await Service.PublishAsync((dynamic)message);
    }

    public Task DisposeAsync() => Service.DisposeAsync();
}

/// <summary>
/// Each message once, failures and starts before their closes; the service never folds on its own, so the reports read
/// the consumers' ledger changes until a test folds them.
/// </summary>
public sealed class InOrderScenario() : ScenarioFixture(TimeSpan.FromDays(1))
{
    protected override async Task PublishScenarioAsync()
    {
        await PublishAllAsync(Scenario.Opens);
        await Service.HandledAsync(Scenario.Opens.Count);
        await PublishAllAsync(Scenario.Closes);
        await Service.HandledAsync(Scenario.DistinctMessages);
    }
}

/// <summary>
/// Every close handled before its failure, later failures before earlier ones, everything redelivered,
/// and a contradicting second close of an already recovered case; the service folds its ledger changes every 200 ms.
/// </summary>
public sealed class ReorderedRedeliveredScenario() : ScenarioFixture(TimeSpan.FromMilliseconds(200))
{
    public static readonly RevenueLost LateContradictingClose =
        Scenario.Lost("in_u1", 10000, "usd", "2026-03-02T10:00:00", "2026-03-28T00:00:00", LossReason.RetriesExhausted);

    protected override async Task PublishScenarioAsync()
    {
        await PublishAllAsync(Scenario.Closes.Reverse());
        await Service.HandledAsync(Scenario.Closes.Count);
        await PublishAllAsync(Scenario.Opens.Reverse());
        await Service.HandledAsync(Scenario.DistinctMessages);
        await PublishAllAsync(Scenario.Opens.Concat(Scenario.Closes).Append(LateContradictingClose));
        await Service.HandledAsync(Scenario.DistinctMessages + 1);
        await Service.PublishAsync(Scenario.Closes[0]); // a redelivery handled last: drained once the inbox holds nothing new
        await Service.PublishAsync(LateContradictingClose);
    }
}
