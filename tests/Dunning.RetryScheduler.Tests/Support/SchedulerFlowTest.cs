using Dunning.Testing;
using Stripe;

namespace Dunning.RetryScheduler.Tests.Support;

/// <summary>
/// One scheduler host per test on a fresh database and RabbitMQ virtual host, paying through the class's Stripe sandbox,
/// with the policy settings the test class gives (seconds instead of days). Tests sign customers up in the sandbox and
/// publish the contract messages for what happened there (the sandbox's webhooks are off).
/// </summary>
public abstract class SchedulerFlowTest(SandboxFixture sandbox, IReadOnlyDictionary<string, string?> settings) : IAsyncLifetime, IClassFixture<SandboxFixture>
{
    protected static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    protected TestDatabase Database { get; private set; } = null!;
    protected TestVirtualHost VirtualHost { get; private set; } = null!;
    protected SandboxProcess Sandbox => sandbox.Sandbox;
    protected IStripeClient Stripe => sandbox.Sandbox.Stripe;
    protected SchedulerHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        VirtualHost = await TestVirtualHost.CreateAsync();
        Host = await SchedulerHost.StartAsync(Database, VirtualHost, Sandbox, new Dictionary<string, string?>(settings));
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await VirtualHost.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>A new customer whose first invoice failed on <paramref name="card"/>, and the <c>PaymentFailed</c> for it.</summary>
    protected async Task<(SandboxSubscriber Subscriber, Contracts.PaymentFailed Failed)> FailedSignUpAsync(string card)
    {
        var subscriber = await SandboxSubscriber.SignUpAsync(Stripe, card);
        return (subscriber, await Messages.FailedAsync(Stripe, subscriber.InvoiceId));
    }

    /// <summary>The sandbox's pay calls on the invoice as "idempotency-key outcome".</summary>
    protected async Task<List<string>> PayCallsAsync(string invoiceId) =>
        (await Sandbox.PayCallsAsync(invoiceId)).Select(c => $"{c.IdempotencyKey} {c.Outcome}").ToList();
}
