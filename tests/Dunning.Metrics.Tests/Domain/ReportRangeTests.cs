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
}
