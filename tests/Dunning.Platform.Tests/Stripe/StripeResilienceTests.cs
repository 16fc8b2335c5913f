using System.Diagnostics;
using Dunning.Platform.Stripe;
using Stripe;

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

    [Theory]
    [InlineData(404, "invalid_request_error", true)] // resource_missing: no such invoice
    [InlineData(400, "invalid_request_error", true)]
    [InlineData(400, "idempotency_error", true)]
    [InlineData(402, "card_error", false)] // a decline: the dunning flow, not a failed job
    [InlineData(400, "card_error", false)]
    [InlineData(401, "invalid_request_error", false)] // a wrong key is the service's setting
    [InlineData(429, "invalid_request_error", false)]
    [InlineData(500, "api_error", false)]
    public void Only_a_400_or_404_that_is_not_a_card_error_is_a_permanent_refusal(int status, string type, bool permanent) =>
        Assert.Equal(permanent, StripeResilience.IsPermanentRefusal(
            new StripeException((System.Net.HttpStatusCode)status, new StripeError { Type = type }, "refused")));

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
