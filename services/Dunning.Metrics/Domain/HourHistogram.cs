namespace Dunning.Metrics.Domain;

/// <summary>Percentiles of a histogram of whole hours, with PostgreSQL's <c>percentile_cont</c> interpolation.</summary>
public static class HourHistogram
{
    /// <param name="buckets">(hours, cases) pairs; cases may be zero.</param>
    public static double? Percentile(IReadOnlyList<(int Hours, long Cases)> buckets, double fraction)
    {
        var ordered = buckets.Where(b => b.Cases > 0).OrderBy(b => b.Hours).ToList();
        var total = ordered.Sum(b => b.Cases);
        if (total == 0) return null;
        var rank = fraction * (total - 1);
        var lower = (long)Math.Floor(rank);
        return ValueAt(ordered, lower) + (rank - lower) * (ValueAt(ordered, Math.Min(lower + 1, total - 1)) - ValueAt(ordered, lower));
    }

    /// <summary>The value at a zero-based position of the sorted values the histogram stands for.</summary>
    private static int ValueAt(List<(int Hours, long Cases)> ordered, long position)
    {
        foreach (var (hours, cases) in ordered)
        {
            if (position < cases) return hours;
            position -= cases;
        }
        return ordered[^1].Hours;
    }
}
