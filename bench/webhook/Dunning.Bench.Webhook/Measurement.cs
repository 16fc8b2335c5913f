using System.Collections.Concurrent;
using System.Diagnostics;

namespace Dunning.Bench.Webhook;

/// <summary>Runs workers for a fixed time (closed loop) or at a fixed rate (open loop) and reports throughput and latency percentiles.</summary>
public static class Measurement
{
    public static async Task<int> RunAsync(string name, int seconds, int concurrency, int? rate, Func<long, Task<bool>> operation)
    {
        var latencies = new ConcurrentBag<double>();
        long next = -1, failures = 0;
        var clock = Stopwatch.StartNew();
        var duration = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (clock.Elapsed < duration)
            {
                var n = Interlocked.Increment(ref next);
                if (rate is { } perSecond)
                {
                    var due = TimeSpan.FromSeconds((double)n / perSecond);
                    if (due > duration) return;
                    var wait = due - clock.Elapsed;
                    if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait);
                }
                var started = clock.Elapsed;
                var ok = await operation(n);
                if (ok) latencies.Add((clock.Elapsed - started).TotalMilliseconds);
                else Interlocked.Increment(ref failures);
            }
        }));
        var elapsed = clock.Elapsed.TotalSeconds;
        var sorted = latencies.Order().ToArray();
        double P(double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
        var rateText = rate is { } r ? r.ToString() : "max";
        Console.WriteLine($"| {name} | {concurrency} | {rateText} | {sorted.Length / elapsed:0} | {P(0.5):0.0} | {P(0.99):0.0} | {failures} |");
        return failures == 0 ? 0 : 1;
    }
}
