namespace Dunning.Lab.Outcomes;

/// <summary>A cell's smoothed success probability, with the evidence behind it.</summary>
/// <param name="Attempts">Retries observed in exactly this cell (0: the estimate is its parent's).</param>
/// <param name="ParentProbability">The estimate of the coarser cell this one is shrunk toward (for the root: the prior's mean, ½).</param>
public sealed record CellEstimate(OutcomeCell Cell, double Probability, int Attempts, int Successes, double ParentProbability)
{
    /// <summary>The unsmoothed rate; null when the cell is empty.</summary>
    public double? ObservedRate => Attempts == 0 ? null : (double)Successes / Attempts;
}
