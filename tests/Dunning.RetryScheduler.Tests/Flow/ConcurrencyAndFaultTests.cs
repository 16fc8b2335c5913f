using Dunning.Contracts;
using Dunning.RetryScheduler.Tests.Support;
using Dunning.Testing;

namespace Dunning.RetryScheduler.Tests.Flow;

/// <summary>Several instances on one database, and Stripe misbehaving: every attempt is made once, none is lost.</summary>
public sealed class ConcurrencyAndFaultTests(SandboxFixture sandbox) : IAsyncLifetime, IClassFixture<SandboxFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private TestDatabase _database = null!;
    private TestVirtualHost _vhost = null!;

    private SandboxProcess Sandbox => sandbox.Sandbox;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _vhost = await TestVirtualHost.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        await Sandbox.FaultAsync("none");
        await _vhost.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Two_scheduler_instances_make_exactly_one_pay_call_per_case_and_attempt()
    {
        const int cases = 200;
        var failures = await FailedInvoicesAsync(cases, "pm_sandbox_recoverAfter2"); // declines the first charge and our first retry
        await using var first = await SchedulerHost.StartAsync(_database, _vhost, Sandbox);
        await using var second = await SchedulerHost.StartAsync(_database, _vhost, Sandbox);

        await Task.WhenAll(failures.Select((failed, i) => (i % 2 == 0 ? first : second).PublishAsync(failed)));

        await Eventually.HoldsAsync(async () => await _database.CountAsync("SELECT count(*) FROM scheduler.cases WHERE outcome = 'Retry'") == cases,
            Timeout, $"all {cases} cases are recovered on their second retry");
        var calls = await PayCallsAsync(failures);
        Assert.Equal(2 * cases, calls.Count);
        Assert.Equal(calls.Count, calls.Select(c => c.IdempotencyKey).Distinct().Count());
        var caseIds = await CaseIdsAsync();
        Assert.All(calls.GroupBy(c => c.Invoice), invoice => Assert.Equal(
            [$"dunning:{caseIds[invoice.Key]}:1 declined", $"dunning:{caseIds[invoice.Key]}:2 succeeded"],
            invoice.Select(c => $"{c.IdempotencyKey} {c.Outcome}")));
    }

    [Fact]
    public async Task Stripe_failures_and_timeouts_push_attempts_back_without_losing_or_doubling_them_and_the_circuit_recovers()
    {
        const int cases = 20;
        var failures = await FailedInvoicesAsync(cases, "pm_sandbox_recoverAfter1");

        // Stripe fails (500), then rate-limits (429), then is too slow (beyond the 0.5 s timeout, before charging), then charges
        // but answers too late; each fault lasts
        // until the scheduler has met it. The first instance's breaker never opens, so its deferrals name what Stripe answered.
        await Sandbox.FaultAsync("status500");
        await using var first = await StartFaultTolerantHostAsync(breakerMinimumThroughput: 100_000);
        await Task.WhenAll(failures.Select(first.PublishAsync));
        await DeferredAsync("%sandbox fault mode status500%", "a 500 defers the attempt");
        await Sandbox.FaultAsync("status429");
        await DeferredAsync("%Too many requests%", "a 429 defers the attempt");
        await Sandbox.FaultAsync("slow", delayMs: 2_000);
        await DeferredAsync("%TimeoutRejectedException%", "a timeout defers the attempt");
        // Stripe charges but its answer comes after the timeout: the deferred attempt goes again with the same key and must get
        // Stripe's stored answer, not a second charge (asserted at the end: one executed call per case).
        await Sandbox.FaultAsync("lateAnswer", delayMs: 2_000);
        await Eventually.HoldsAsync(async () => (await PayCallsAsync(failures)).Count > 0, Timeout, "a pay call charged while its answer came too late");

        // A second instance joins with a breaker: Stripe failing again opens it; once Stripe answers again it closes.
        await Sandbox.FaultAsync("status500");
        await using var second = await StartFaultTolerantHostAsync(breakerMinimumThroughput: 4);
        await DeferredAsync("%circuit open%", "the second instance's circuit breaker opens");
        await Sandbox.FaultAsync("none");

        await Eventually.HoldsAsync(async () => await _database.CountAsync("SELECT count(*) FROM scheduler.cases WHERE outcome = 'Retry'") == cases,
            Timeout, $"all {cases} cases are recovered once Stripe answers again");
        // Not lost: every case recovered on its first attempt number (deferrals did not burn it). Not doubled: one charge per case.
        Assert.Equal(cases, await _database.CountAsync("SELECT count(*) FROM scheduler.cases WHERE pay_calls = 1 AND attempts = 1"));
        var caseIds = await CaseIdsAsync();
        var calls = await PayCallsAsync(failures);
        Assert.Equal(cases, calls.Count);
        // Stripe saves a 5xx under its idempotency key and replays it for 24 h, so a call answered 500 goes again under a renewed
        // key (after the invoice was read: still open); a call that timed out keeps its key and gets Stripe's stored answer.
        Assert.All(calls, c => Assert.Matches($"^dunning:{caseIds[c.Invoice]}:1(:r[0-9]+)? succeeded$", $"{c.IdempotencyKey} {c.Outcome}"));
        Assert.Contains(calls, c => c.IdempotencyKey!.EndsWith(":r1", StringComparison.Ordinal));
    }

    private Task<SchedulerHost> StartFaultTolerantHostAsync(int breakerMinimumThroughput) => SchedulerHost.StartAsync(_database, _vhost, Sandbox,
            new Dictionary<string, string?>
    {
        ["Stripe:MaxRetries"] = "1",
        ["Stripe:RequestTimeout"] = "00:00:00.500",
        ["Stripe:BreakerMinimumThroughput"] = breakerMinimumThroughput.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Stripe:BreakerWindow"] = "00:00:05",
        ["Stripe:BreakerBreakDuration"] = "00:00:01",
        ["RetryPolicy:StripeOutageDeferral"] = "00:00:00.300",
    });

    /// <summary>Signs up <paramref name="count"/> customers whose first invoice failed on their own <paramref name="card"/>, and
    /// their <c>PaymentFailed</c>.</summary>
    private async Task<List<PaymentFailed>> FailedInvoicesAsync(int count, string card)
    {
        var failures = new PaymentFailed[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var subscriber = await SandboxSubscriber.SignUpAsync(Sandbox.Stripe, card);
            failures[i] = await Messages.FailedAsync(Sandbox.Stripe, subscriber.InvoiceId);
        });
        return [.. failures];
    }

    private async Task<List<SandboxPayCall>> PayCallsAsync(IEnumerable<PaymentFailed> failures)
    {
        var invoices = failures.Select(f => f.InvoiceId).ToHashSet();
        return [.. (await Sandbox.PayCallsAsync()).Where(c => invoices.Contains(c.Invoice))];
    }

    private async Task<Dictionary<string, Guid>> CaseIdsAsync()
    {
        var ids = new Dictionary<string, Guid>();
        await using var reader = await _database.DataSource.CreateCommand("SELECT invoice_id, id FROM scheduler.cases").ExecuteReaderAsync();
        while (await reader.ReadAsync()) ids[reader.GetString(0)] = reader.GetGuid(1);
        return ids;
    }

    private async Task DeferredAsync(string detail, string what)
    {
        try
        {
            await Eventually.HoldsAsync(async () =>
                await _database.CountAsync($"SELECT count(*) FROM scheduler.case_events WHERE kind = 'deferred' AND detail LIKE '{detail}'") > 0, Timeout,
                    what);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; the case events so far:\n{await CaseEventsAsync()}", e);
        }
    }

    /// <summary>The case events counted by kind and detail (times and pay call numbers left out).</summary>
    private async Task<string> CaseEventsAsync()
    {
        var lines = new List<string>();
        await using var reader = await _database.DataSource.CreateCommand("""
            SELECT count(*) || ' × ' || what FROM (
                SELECT kind || ' ' || regexp_replace(coalesce(detail, ''), 'pay call [0-9]+|retried at .*', '', 'g') AS what FROM scheduler.case_events) e
            GROUP BY what
            """).ExecuteReaderAsync();
        while (await reader.ReadAsync()) lines.Add(reader.GetString(0));
        return string.Join('\n', lines);
    }
}
