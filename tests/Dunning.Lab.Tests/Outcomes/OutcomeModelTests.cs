using Dunning.Lab.History;
using Dunning.Lab.Outcomes;
using Xunit.Abstractions;

namespace Dunning.Lab.Tests.Outcomes;

public sealed class OutcomeModelTests(ITestOutputHelper output)
{
    /// <summary>200,000 synthetic failures, about 570,000 retries over some 3,000 full cells: a few hundred well populated, many sparse.</summary>
    private static readonly Lazy<List<CellEstimate>> Estimates = new(() =>
    {
        var model = OutcomeModel.Fit(SyntheticHistory.Generate(200_000, seed: 19));
        return model.ObservedCells.Select(model.Estimate).ToList();
    });

    /// <summary>
    /// The stated tolerance: every cell with at least 400 retries within 0.08 of its true probability (3.2 standard errors of
    /// a 400-retry rate at p = 0.5, the prior's pull adding at most 20/420 of the distance to the parent), and within 0.015
    /// on average.
    /// </summary>
    [Fact]
    public void Well_populated_cells_recover_the_true_probabilities_of_a_synthetic_history()
    {
        var cells = Estimates.Value.Where(e => e.Attempts >= 400).ToList();
        var errors = cells.Select(e => Math.Abs(e.Probability - SyntheticHistory.TrueProbability(e.Cell))).ToList();
        output.WriteLine($"{cells.Count} cells with ≥ 400 retries: largest error {errors.Max():F4}, mean {errors.Average():F4}");

        Assert.True(cells.Count >= 300, $"only {cells.Count} well-populated cells: the check would say little");
        Assert.True(errors.Max() <= 0.08, $"largest error {errors.Max():F4}");
        Assert.True(errors.Average() <= 0.015, $"mean error {errors.Average():F4}");
    }

    [Fact]
    public void Sparse_cells_borrow_from_coarser_cells_instead_of_reading_zero_or_one()
    {
        var sparse = Estimates.Value.Where(e => e.Attempts < 30).ToList();
        var smoothed = sparse.Average(e => Math.Abs(e.Probability - SyntheticHistory.TrueProbability(e.Cell)));
        var raw = sparse.Average(e => Math.Abs(e.ObservedRate!.Value - SyntheticHistory.TrueProbability(e.Cell)));
        var rawExtremes = sparse.Count(e => e.ObservedRate is 0 or 1);
        output.WriteLine($"{sparse.Count} cells with < 30 retries: mean error {smoothed:F4} smoothed, {raw:F4} raw; {rawExtremes} raw rates of 0 or 1");

        Assert.True(rawExtremes > 100, "the synthetic history should have sparse cells whose raw rate is 0 or 1");
        // Strictly between the raw rate and the parent: pulled toward the parent, never 0 or 1.
        Assert.All(sparse, e => Assert.InRange(e.Probability,
            Math.Min(e.ObservedRate!.Value, e.ParentProbability) + 1e-9, Math.Max(e.ObservedRate!.Value, e.ParentProbability) - 1e-9));
        Assert.True(smoothed <= raw / 2, $"smoothing should at least halve the sparse cells' error: {smoothed:F4} vs {raw:F4}");
    }

    [Fact]
    public void A_cell_is_its_successes_plus_m_times_its_parent_over_its_retries_plus_m_and_an_empty_cell_is_its_parent()
    {
        var common = Features(1900);
        var large = Features(29900);
        var retries = Enumerable.Range(0, 100).Select(i => (common, i < 30))
            .Concat([(large, true), (large, true)]);

        var model = OutcomeModel.Fit(retries);
        var sparse = model.Estimate(large);
        var parent = model.Estimate(sparse.Cell.Parent!.Value);
        var empty = model.Estimate(Features(9900));

        Assert.Equal((2, 2), (sparse.Attempts, sparse.Successes));
        Assert.Equal((102, 32), (parent.Attempts, parent.Successes));
        Assert.Equal(parent.Probability, sparse.ParentProbability);
        Assert.Equal((2 + model.PriorStrength * parent.Probability) / (2 + model.PriorStrength), sparse.Probability, 12);
        Assert.InRange(sparse.Probability, parent.Probability, 0.45); // 2 of 2 reads "somewhat above the parent", not 1
        Assert.Equal((0, parent.Probability), (empty.Attempts, empty.Probability));
    }

    private static AttemptFeatures Features(long amountMinor) => new(
        DeclineCategory.Soft, "generic_decline", null, "visa", amountMinor, "usd", 2, TimeSpan.FromDays(2), 15, DayOfWeek.Monday, 9);
}
