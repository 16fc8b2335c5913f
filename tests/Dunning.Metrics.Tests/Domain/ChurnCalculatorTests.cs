using Dunning.Metrics.Domain;

namespace Dunning.Metrics.Tests.Domain;

public sealed class ChurnCalculatorTests
{
    private static readonly SubscriptionDay[] Days =
    [
        new(new DateOnly(2026, 1, 10), 2, 0, 0),
        new(new DateOnly(2026, 2, 3), 1, 1, 1),
        new(new DateOnly(2026, 2, 28), 1, 0, 0),
        new(new DateOnly(2026, 3, 2), 0, 1, 0),
    ];

    [Fact]
    public void Months_start_from_everything_active_before_the_range()
    {
        var periods = ChurnCalculator.Periods(new DateOnly(2026, 2, 1), new DateOnly(2026, 3, 31), "month", Days);

        Assert.Equal([new ChurnPeriod(new(2026, 2, 1), new(2026, 2, 28), 2, 3, 2, 1), new ChurnPeriod(new(2026, 3, 1), new(2026, 3, 31), 3, 2, 0, 0)], periods);
    }

    [Fact]
    public void Weeks_begin_on_monday_and_are_clipped_to_the_range()
    {
        var periods = ChurnCalculator.Periods(new DateOnly(2026, 2, 26), new DateOnly(2026, 3, 3), "week", Days);

        Assert.Equal([(new DateOnly(2026, 2, 26), new DateOnly(2026, 3, 1)), (new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 3))],
            periods.Select(p => (p.From, p.To)));
        Assert.Equal((2L, 3L, 1L), (periods[0].S, periods[0].E, periods[0].N)); // January's two; February 3rd's start and cancel cancel out
    }

    [Fact]
    public void Rates_are_null_without_subscribers_at_the_start()
    {
        var period = Assert.Single(ChurnCalculator.Periods(new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 1), "day", Days));

        Assert.Equal((0L, (decimal?)null, (decimal?)null, (decimal?)null), (period.S, period.ChurnRate, period.RetentionRate, period.InvoluntaryChurnRate));
    }
}
