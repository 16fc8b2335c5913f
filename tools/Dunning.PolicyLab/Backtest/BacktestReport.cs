namespace Dunning.PolicyLab.Backtest;

/// <summary>
/// What <c>lab.sh backtest --json</c> prints and <c>--publish</c> sends to the dashboard: the failures backtested (the history, the
/// <c>--from</c>/<c>--to</c> window), what the outcome model learned from, the bootstrap's seed and each policy's report. It holds no
/// time of its own: the same run prints the same report, so the dashboard stores it once however often it is published.
/// </summary>
/// <param name="Failures">The history's failures inside the window, the ones backtested.</param>
/// <param name="Model">The learned model file given with <c>--model</c>; none when it was trained on <paramref name="TrainedOn"/>.</param>
public sealed record BacktestReport(
    string History,
    DateTimeOffset? From,
    DateTimeOffset? To,
    int Failures,
    string TrainedOn,
    int TrainingFailures,
    string? Model,
    int Seed,
    IReadOnlyList<PolicyReport> Policies);
