using Dunning.RetryScheduler.Tests.Support;
using Dunning.Testing;

namespace Dunning.RetryScheduler.Tests.Flow;

/// <summary>Several instances on one database, and Stripe misbehaving: every attempt is made once, none is lost.</summary>
public sealed class ConcurrencyAndFaultTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private TestDatabase _database = null!;
    private TestVirtualHost _vhost = null!;
    private StripeStub _stripe = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _vhost = await TestVirtualHost.CreateAsync();
        _stripe = await StripeStub.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _stripe.DisposeAsync();
        await _vhost.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Two_scheduler_instances_make_exactly_one_pay_call_per_case_and_attempt()
    {
        _stripe.Answer = (_, key, _) => key.EndsWith(":1", StringComparison.Ordinal) ? StubResponse.Declined("do_not_honor") : StubResponse.Paid;
        await using var first = await SchedulerHost.StartAsync(_database, _vhost, _stripe);
        await using var second = await SchedulerHost.StartAsync(_database, _vhost, _stripe);
        const int cases = 200;

        await Task.WhenAll(Enumerable.Range(0, cases).Select(i => (i % 2 == 0 ? first : second).PublishAsync(Messages.Failed($"in_pair_{i}"))));

        await Eventually.HoldsAsync(async () => await _database.CountAsync("SELECT count(*) FROM scheduler.cases WHERE outcome = 'Retry'") == cases,
            Timeout, $"all {cases} cases are recovered on their second retry");
        var keys = _stripe.PayCalls.Select(c => c.Key).ToList();
        Assert.Equal(2 * cases, keys.Count);
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.All(_stripe.PayCalls.GroupBy(c => c.Invoice), calls => Assert.Equal(2, calls.Count()));
    }

    [Fact]
    public async Task Stripe_failures_and_timeouts_push_attempts_back_without_losing_or_doubling_them_and_the_circuit_recovers()
    {
        const int cases = 20;
        const int faulty = 12;
        var faults = new[] { new StubResponse(500), new StubResponse(429), new StubResponse(200, Delay: TimeSpan.FromSeconds(2)) };
        _stripe.Answer = (_, _, n) => n < faulty ? faults[n % faults.Length] : StubResponse.Paid;
        await using var host = await SchedulerHost.StartAsync(_database, _vhost, _stripe, new Dictionary<string, string?>
        {
            ["Stripe:MaxRetries"] = "1",
            ["Stripe:RequestTimeout"] = "00:00:00.500",
            ["Stripe:BreakerMinimumThroughput"] = "4",
            ["Stripe:BreakerWindow"] = "00:00:05",
            ["Stripe:BreakerBreakDuration"] = "00:00:01",
            ["RetryPolicy:StripeOutageDeferral"] = "00:00:00.300",
        });

        await Task.WhenAll(Enumerable.Range(0, cases).Select(i => host.PublishAsync(Messages.Failed($"in_fault_{i}"))));

        await Eventually.HoldsAsync(async () => await _database.CountAsync("SELECT count(*) FROM scheduler.cases WHERE outcome = 'Retry'") == cases,
            Timeout, $"all {cases} cases are recovered once Stripe answers again");
        Assert.True(_stripe.PayCalls.Count > cases, "Stripe's faults were exercised");
        // Not lost: every case recovered on its first attempt number (deferrals did not burn it). Not doubled: one charge per case.
        Assert.All(_stripe.Charged.Where(c => c.Status == 200).GroupBy(c => c.Invoice), charges => Assert.Single(charges.Select(c => c.Key).Distinct()));
        Assert.Equal(cases, await _database.CountAsync("SELECT count(*) FROM scheduler.cases WHERE pay_calls = 1 AND attempts = 1"));
        Assert.True(await _database.CountAsync("SELECT count(*) FROM scheduler.case_events WHERE kind = 'deferred' AND detail LIKE '%circuit open%'") > 0,
            "the circuit breaker opened");
    }
}
