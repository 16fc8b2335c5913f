namespace Dunning.Metrics.Domain;

/// <summary>One period: S (active at start), E (active at end), N (started in the period), involuntary cancellations.</summary>
public sealed record ChurnPeriod(DateOnly From, DateOnly To, long S, long E, long N, long InvoluntaryCanceled)
{
    public decimal? InvoluntaryChurnRate => Rate.Of(InvoluntaryCanceled, S);
    public decimal? ChurnRate => Rate.Of(S - E, S);
    public decimal? RetentionRate => S == 0 ? null : Rate.Of((E - N) * 100m, S);
}

/// <summary>Subscriber churn per period, of the subscriptions of one mode (live, test or all).</summary>
public sealed record ChurnReport(DateOnly From, DateOnly To, string Mode, string Period, IReadOnlyList<ChurnPeriod> Rows);
