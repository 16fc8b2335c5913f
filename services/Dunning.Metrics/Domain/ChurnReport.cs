namespace Dunning.Metrics.Domain;

/// <summary>
/// One period: S (active at start), E (active at end), N (started in the period), involuntary cancellations.
/// <see cref="ChurnRate"/> is the seed articles' net (S − E) ÷ S, negative when more start than leave;
/// <see cref="GrossChurnRate"/> counts only the subscriptions lost: cancellations in the period (S + N − E) ÷ S.
/// </summary>
public sealed record ChurnPeriod(DateOnly From, DateOnly To, long S, long E, long N, long InvoluntaryCanceled)
{
    public decimal? InvoluntaryChurnRate => Rate.Of(InvoluntaryCanceled, S);
    public decimal? ChurnRate => Rate.Of(S - E, S);
    public long Canceled => S + N - E;
    public decimal? GrossChurnRate => Rate.Of(Canceled, S);
    public decimal? RetentionRate => S == 0 ? null : Rate.Of((E - N) * 100m, S);
}

/// <summary>Subscriber churn per period, of the subscriptions of one mode (live or test).</summary>
public sealed record ChurnReport(DateOnly From, DateOnly To, string Mode, string Period, IReadOnlyList<ChurnPeriod> Rows);
