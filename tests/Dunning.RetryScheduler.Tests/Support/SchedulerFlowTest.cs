using Dunning.Testing;

namespace Dunning.RetryScheduler.Tests.Support;

/// <summary>
/// One scheduler host per test on a fresh database and RabbitMQ virtual host, Stripe stubbed, with the policy
/// settings the test class gives (seconds instead of days).
/// </summary>
public abstract class SchedulerFlowTest(IReadOnlyDictionary<string, string?> settings) : IAsyncLifetime
{
    protected static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    protected TestDatabase Database { get; private set; } = null!;
    protected TestVirtualHost VirtualHost { get; private set; } = null!;
    protected StripeStub Stripe { get; private set; } = null!;
    protected SchedulerHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        VirtualHost = await TestVirtualHost.CreateAsync();
        Stripe = await StripeStub.StartAsync();
        Host = await SchedulerHost.StartAsync(Database, VirtualHost, Stripe, new Dictionary<string, string?>(settings));
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Stripe.DisposeAsync();
        await VirtualHost.DisposeAsync();
        await Database.DisposeAsync();
    }
}
