using Dunning.Lab.History;

namespace Dunning.Lab.Outcomes;

/// <summary>
/// P(a retry succeeds | decline category, attempt number, elapsed time, local day of month and hour, card brand, amount),
/// counted per <see cref="OutcomeCell"/> and smoothed toward coarser cells so that a sparse cell says what its neighbours
/// say rather than 0 or 1: estimate = (successes + m·p_parent) / (attempts + m), applied from the root down, each cell's
/// parent already smoothed (hierarchical Beta-prior shrinkage; Gelman et al., Bayesian Data Analysis, ch. 5).
/// </summary>
public sealed class OutcomeModel
{
    /// <summary>
    /// m, the prior's weight in pseudo-retries. A cell's own rate outweighs its parent's once it holds more than m retries;
    /// with 20, a cell of 5 retries moves only a fifth of the way from its parent, one of 200 retries is 91 % its own data.
    /// 20 is small against the thousands of failures a business imports, and large enough that 2 successes out of 2 read as
    /// "slightly above the parent", not "certain".
    /// </summary>
    public const double DefaultPriorStrength = 20;

    private readonly Dictionary<OutcomeCell, (int Attempts, int Successes)> _counts;

    private OutcomeModel(Dictionary<OutcomeCell, (int, int)> counts, double priorStrength)
    {
        _counts = counts;
        PriorStrength = priorStrength;
    }

    public double PriorStrength { get; }

    /// <summary>The full cells (depth 7) that hold at least one retry.</summary>
    public IEnumerable<OutcomeCell> ObservedCells => _counts.Keys.Where(cell => cell.Depth == OutcomeCell.Dimensions);

    public static OutcomeModel Fit(IEnumerable<FailedInvoice> history, double priorStrength = DefaultPriorStrength) =>
        Fit(history.SelectMany(invoice => invoice.Retries()), priorStrength);

    public static OutcomeModel Fit(IEnumerable<(AttemptFeatures Features, bool Succeeded)> retries, double priorStrength = DefaultPriorStrength)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(priorStrength);
        var full = new Dictionary<OutcomeCell, (int Attempts, int Successes)>();
        foreach (var (features, succeeded) in retries)
        {
            var cell = OutcomeCell.Of(features);
            var (attempts, successes) = full.GetValueOrDefault(cell);
            full[cell] = (attempts + 1, successes + (succeeded ? 1 : 0));
        }
        // Then every coarser cell from the full ones: one look-up per retry, not one per retry and level.
        var counts = new Dictionary<OutcomeCell, (int, int)>(full);
        foreach (var (cell, (attempts, successes)) in full)
            for (var depth = 0; depth < OutcomeCell.Dimensions; depth++)
            {
                var key = cell.Coarsen(depth);
                var (sumAttempts, sumSuccesses) = counts.GetValueOrDefault(key);
                counts[key] = (sumAttempts + attempts, sumSuccesses + successes);
            }
        return new OutcomeModel(counts, priorStrength);
    }

    public CellEstimate Estimate(AttemptFeatures features) => Estimate(OutcomeCell.Of(features));

    /// <summary>The smoothed estimate of any cell, full or coarser. The root is shrunk toward ½ (a uniform Beta(1, 1) prior).</summary>
    public CellEstimate Estimate(OutcomeCell cell)
    {
        var parent = cell.Parent is { } coarser ? Estimate(coarser).Probability : 0.5;
        var m = cell.Depth == 0 ? 2 : PriorStrength;
        var (attempts, successes) = _counts.GetValueOrDefault(cell);
        return new CellEstimate(cell, (successes + m * parent) / (attempts + m), attempts, successes, parent);
    }
}
