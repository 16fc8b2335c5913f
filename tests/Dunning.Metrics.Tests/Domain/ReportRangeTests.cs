using Dunning.Metrics.Domain;

namespace Dunning.Metrics.Tests.Domain;

public sealed class ReportRangeTests
{
    [Theory]
    [InlineData("2026-03-01", "2026-03-31", "2026-03-01", "2026-04-01")]
    [InlineData("2026-02-15", "2026-04-10", "2026-03-01", "2026-04-01")]
    [InlineData("2026-03-02", "2026-03-31", "2026-04-01", "2026-04-01")]
    [InlineData("2026-03-02", "2026-03-30", "2026-04-01", "2026-04-01")]
    [InlineData("2025-12-01", "2026-02-28", "2025-12-01", "2026-03-01")]
    public void Whole_months_are_those_fully_inside_the_range(string from, string to, string wholeFrom, string wholeTo)
    {
        var range = ReportRange.TryParse(from, to, "usd", out _)!;

        var (first, afterLast) = range.WholeMonths();

        Assert.Equal((DateOnly.Parse(wholeFrom), DateOnly.Parse(wholeTo)), (first, afterLast));
    }

    [Theory]
    [Trait("Suite", "ForgedInput")]
    [InlineData("2016-01-01", "2026-12-31")]
    [InlineData("2026-01-01", "9999-12-31")]
    public void A_range_over_ten_years_is_refused_with_a_reason(string from, string to)
    {
        Assert.Null(ReportRange.TryParse(from, to, "usd", out var error));
        Assert.Contains("shorter", error);
    }

    [Fact]
    public void Ten_years_of_days_are_accepted() =>
        Assert.NotNull(ReportRange.TryParse("2016-01-01", "2025-12-31", "usd", out _));
}
