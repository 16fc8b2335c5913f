using Dunning.Metrics.Domain;

namespace Dunning.Metrics.Tests.Domain;

public sealed class HourHistogramTests
{
    [Fact]
    public void Percentiles_interpolate_like_percentile_cont()
    {
        (int, long)[] buckets = [(96, 1), (24, 1), (48, 1), (36, 1), (70, 0)];

        Assert.Equal(42d, HourHistogram.Percentile(buckets, 0.5));
        Assert.Equal(81.6d, HourHistogram.Percentile(buckets, 0.9)!.Value, 9);
    }

    [Fact]
    public void Repeated_hours_count_once_per_case()
    {
        (int, long)[] buckets = [(10, 3), (20, 1)];

        Assert.Equal(10d, HourHistogram.Percentile(buckets, 0.5));
        Assert.Equal(17d, HourHistogram.Percentile(buckets, 0.9)!.Value, 9);
    }

    [Fact]
    public void No_recovery_has_no_percentile() => Assert.Null(HourHistogram.Percentile([(5, 0)], 0.5));
}
