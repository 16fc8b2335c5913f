using System.Diagnostics;
using Dunning.Platform.Stripe;

namespace Dunning.Platform.Tests.Stripe;

public sealed class StripeResilienceTests
{
    [Fact]
    public async Task Calls_go_through_at_a_rate_above_a_thousand_per_second()
    {
        var started = await RunAsync(requestsPerSecond: 5000, calls: 1000); // a sub-millisecond refill period never refilled

        Assert.Equal(1000, started.Count);
    }

    [Fact]
    public async Task No_second_holds_more_calls_than_the_rate_plus_two_small_buckets()
    {
        const int rate = 1500;
        var started = await RunAsync(rate, calls: 2600);

        var busiestSecond = started.Select((at, i) => started.Skip(i).TakeWhile(later => later - at < TimeSpan.FromSeconds(1)).Count()).Max();
        Assert.InRange(busiestSecond, rate / 2, rate + 2 * StripeResilience.Pacing(rate).TokenLimit);
    }

    /// <summary>Runs <paramref name="calls"/> concurrent calls through the pipeline; returns when each one started, in order.</summary>
    private static async Task<List<TimeSpan>> RunAsync(int requestsPerSecond, int calls)
    {
        var pipeline = StripeResilience.Build(new StripeOptions { RequestsPerSecond = requestsPerSecond }, TimeProvider.System);
        var clock = Stopwatch.StartNew();
        var started = new List<TimeSpan>();
        await Task.WhenAll(Enumerable.Range(0, calls).Select(_ => pipeline.ExecuteAsync(_ =>
        {
            lock (started) started.Add(clock.Elapsed);
            return ValueTask.CompletedTask;
        }).AsTask())).WaitAsync(TimeSpan.FromSeconds(60));
        return started.Order().ToList();
    }
}
