namespace Dunning.Metrics.Domain;

/// <summary>
/// Cuts a range into day/week (Monday)/month periods, clipped to the range, and computes for each
/// S (active at the start), E (active at the end), N (started in it) and involuntary cancellations from daily movements.
/// </summary>
public static class ChurnCalculator
{
    public static IReadOnlySet<string> PeriodNames { get; } = new HashSet<string> { "day", "week", "month" };

    /// <param name="days">Daily movements before the end of the range, in any order.</param>
    public static IReadOnlyList<ChurnPeriod> Periods(DateOnly from, DateOnly to, string period, IEnumerable<SubscriptionDay> days)
    {
        var ordered = days.OrderBy(d => d.Day).ToList();
        var periods = new List<ChurnPeriod>();
        var index = 0;
        long active = 0;
        for (var start = from; start <= to;)
        {
            var end = Min(NextBoundary(start, period), to.AddDays(1));
            for (; index < ordered.Count && ordered[index].Day < start; index++)
                active += ordered[index].Started - ordered[index].Canceled;
            long s = active, n = 0, involuntary = 0;
            for (; index < ordered.Count && ordered[index].Day < end; index++)
            {
                active += ordered[index].Started - ordered[index].Canceled;
                n += ordered[index].Started;
                involuntary += ordered[index].Involuntary;
            }
            periods.Add(new ChurnPeriod(start, end.AddDays(-1), s, active, n, involuntary));
            start = end;
        }
        return periods;
    }

    private static DateOnly NextBoundary(DateOnly day, string period) => period switch
    {
        "day" => day.AddDays(1),
        "week" => day.AddDays(7 - ((int)day.DayOfWeek + 6) % 7),
        "month" => new DateOnly(day.Year, day.Month, 1).AddMonths(1),
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, "day, week or month"),
    };

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
