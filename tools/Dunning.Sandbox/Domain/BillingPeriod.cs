namespace Dunning.Sandbox.Domain;

/// <summary>Calendar arithmetic for recurring prices (day, week, month, year × interval_count).</summary>
public static class BillingPeriod
{
    public static long End(long start, string interval, long count)
    {
        var from = DateTimeOffset.FromUnixTimeSeconds(start);
        var n = (int)count;
        var end = interval switch
        {
            "day" => from.AddDays(n),
            "week" => from.AddDays(7 * n),
            "year" => from.AddYears(n),
            _ => from.AddMonths(n),
        };
        return end.ToUnixTimeSeconds();
    }
}
