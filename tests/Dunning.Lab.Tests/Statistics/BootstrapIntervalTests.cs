using System.Diagnostics;
using Dunning.Lab.Statistics;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;
using Xunit.Abstractions;

namespace Dunning.Lab.Tests.Statistics;

public sealed class BootstrapIntervalTests(ITestOutputHelper output)
{
    private const double RecoveryRate = 0.35;
    private const double LogMean = 8.0, LogSpread = 0.8; // invoice amounts in cents: median $30, a long tail of large invoices

    /// <summary>
    /// 200 simulated histories of 300 failures, each recovered with probability 0.35 for a log-normal amount: the recovered
    /// count, amount and rate intervals each cover their truth (300·0.35, 300·0.35·E[amount], 0.35) in 95 % ± 3 of them.
    /// </summary>
    [Fact]
    public void Covers_the_true_recovered_count_amount_and_rate_at_its_nominal_rate_over_200_simulated_histories()
    {
        const int histories = 200, failures = 300;
        var meanAmount = Math.Exp(LogMean + LogSpread * LogSpread / 2);
        var random = new Xoshiro256StarStar(13);
        var (count, amount, rate) = (0, 0, 0);
        var clock = Stopwatch.StartNew();

        for (var h = 0; h < histories; h++)
        {
            var recovered = new double[failures];
            var recoveredAmount = new double[failures];
            for (var i = 0; i < failures; i++)
            {
                recovered[i] = random.NextDouble() < RecoveryRate ? 1 : 0;
                recoveredAmount[i] = recovered[i] * Math.Round(LogNormal.Sample(random, LogMean, LogSpread));
            }
            var intervals = RecoveryIntervals.Of(recovered, recoveredAmount, seed: h, resamples: 1000);
            count += intervals.Recovered.Contains(failures * RecoveryRate) ? 1 : 0;
            amount += intervals.RecoveredAmountMinor.Contains(failures * RecoveryRate * meanAmount) ? 1 : 0;
            rate += intervals.Rate.Contains(RecoveryRate) ? 1 : 0;
        }
        output.WriteLine($"covered: count {count / (double)histories:P1}, amount {amount / (double)histories:P1}, " +
            $"rate {rate / (double)histories:P1} ({clock.ElapsedMilliseconds} ms)");

        Coverage.AssertNominal(count / (double)histories, "recovered count");
        Coverage.AssertNominal(amount / (double)histories, "recovered amount");
        Coverage.AssertNominal(rate / (double)histories, "recovery rate");
    }

    [Fact]
    public void The_same_seed_gives_the_same_interval_and_another_seed_another()
    {
        var random = new Xoshiro256StarStar(7);
        var values = Enumerable.Range(0, 200).Select(_ => random.NextDouble() < 0.4 ? 4900.0 : 0).ToList();

        var first = BootstrapInterval.OfSum(values, seed: 1);

        Assert.Equal(first, BootstrapInterval.OfSum(values, seed: 1));
        Assert.NotEqual(first, BootstrapInterval.OfSum(values, seed: 2));
        Assert.Equal(values.Sum(), first.Estimate);
        Assert.True(first.Lower < first.Estimate && first.Estimate < first.Upper, $"{first}");
    }

    [Fact]
    public void No_failures_recover_nothing_with_certainty()
    {
        var none = RecoveryIntervals.Of([], [], seed: 1);

        Assert.Equal((0, new Interval(0, 0, 0), new Interval(0, 0, 0)), (none.Failures, none.Recovered, none.Rate));
    }
}
