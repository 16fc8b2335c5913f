using Dunning.Lab.History;
using Dunning.Lab.Learning;
using Dunning.Lab.Outcomes;
using Xunit.Abstractions;

namespace Dunning.Lab.Tests.Learning;

public sealed class LearnedOutcomeModelTests(ITestOutputHelper output)
{
    /// <summary>
    /// The stated tolerance, on the 30 % of invoices held out: predictions binned by 0.05; every bin of at least 500 retries
    /// within 0.01 + 3 standard errors of its observed rate, and the expected calibration error (the bins' gaps weighted by
    /// their retries) at most 0.015. Then log-loss: the learned model below the outcome model's cells, whose bands (days
    /// 1–3, 06–12 h) blur the 1st, the 15th and 08–10 h.
    /// </summary>
    [Fact]
    public void Held_out_predictions_are_calibrated_and_beat_the_banded_cells_on_log_loss()
    {
        var model = PaydayModel.Model;
        var cells = OutcomeModel.Fit(PaydayModel.Train);
        var heldOut = PaydayModel.HeldOut.SelectMany(invoice => invoice.Retries()).ToList();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var learned = model.Probabilities([.. heldOut.Select(r => r.Features)]);
        output.WriteLine($"{PaydayModel.TrainingReport}; {heldOut.Count} retries held out, predicted in {clock.ElapsedMilliseconds} ms");

        var bins = heldOut.Select((r, i) => (Predicted: learned[i], r.Succeeded))
            .GroupBy(x => (int)(x.Predicted / 0.05))
            .Select(bin => (Count: bin.Count(), Predicted: bin.Average(x => x.Predicted), Observed: bin.Average(x => x.Succeeded ? 1.0 : 0.0)))
            .OrderBy(bin => bin.Predicted)
            .ToList();
        foreach (var bin in bins)
            output.WriteLine($"  predicted {bin.Predicted:F3}  observed {bin.Observed:F3}  ({bin.Count} retries)");
        var expectedCalibrationError = bins.Sum(bin => bin.Count * Math.Abs(bin.Predicted - bin.Observed)) / heldOut.Count;
        output.WriteLine($"expected calibration error {expectedCalibrationError:F4}");

        var learnedLoss = LogLoss(heldOut.Select((r, i) => (learned[i], r.Succeeded)));
        var cellLoss = LogLoss(heldOut.Select(r => (cells.Estimate(r.Features).Probability, r.Succeeded)));
        var truthLoss = LogLoss(heldOut.Select(r => (PaydayHistory.TrueProbability(r.Features), r.Succeeded)));
        output.WriteLine($"held-out log-loss (nats): learned {learnedLoss:F4}, outcome model cells {cellLoss:F4}, the truth {truthLoss:F4}");

        Assert.True(bins.Count(bin => bin.Count >= 500) >= 5, "too few populated bins for the check to say much");
        Assert.All(bins.Where(bin => bin.Count >= 500), bin =>
            Assert.True(Math.Abs(bin.Predicted - bin.Observed) <= 0.01 + 3 * Math.Sqrt(bin.Observed * (1 - bin.Observed) / bin.Count),
                $"bin at {bin.Predicted:F3}: observed {bin.Observed:F3} over {bin.Count} retries"));
        Assert.True(expectedCalibrationError <= 0.015, $"expected calibration error {expectedCalibrationError:F4}");
        Assert.True(learnedLoss < cellLoss, $"learned {learnedLoss:F4} is no better than the cells' {cellLoss:F4}");
    }

    [Fact]
    public void Saved_and_loaded_it_predicts_the_same()
    {
        var features = PaydayModel.HeldOut.Take(2_000).SelectMany(invoice => invoice.Retries()).Select(r => r.Features).ToList();
        var path = Path.Combine(Path.GetTempPath(), $"learned-{Guid.NewGuid():N}.zip");
        try
        {
            PaydayModel.Model.Save(path);
            output.WriteLine($"model zip: {new FileInfo(path).Length / 1024} KiB");
            using var loaded = LearnedOutcomeModel.Load(path);
            Assert.Equal(PaydayModel.Model.Probabilities(features), loaded.Probabilities(features));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_same_history_and_seed_grow_the_same_model()
    {
        var history = PaydayHistory.Generate(3_000, seed: 7);
        var options = new LearnedModelOptions(Trees: 20);
        using var first = LearnedOutcomeModel.Train(history, options);
        using var second = LearnedOutcomeModel.Train(history, options);
        var features = history.SelectMany(invoice => invoice.Retries()).Select(r => r.Features).ToList();
        Assert.Equal(first.Probabilities(features), second.Probabilities(features));
    }

    [Fact]
    public void A_history_without_a_success_or_without_a_failure_is_refused()
    {
        var retries = PaydayModel.Train.SelectMany(invoice => invoice.Retries()).Take(100).ToList();
        Assert.Throws<ArgumentException>(() => LearnedOutcomeModel.Train(retries.Select(r => (r.Features, false))));
        Assert.Throws<ArgumentException>(() => LearnedOutcomeModel.Train(retries.Select(r => (r.Features, true))));
    }

    /// <summary>The chooser scores candidates through <see cref="RetryState.At"/>: it must describe a retry as the history does.</summary>
    [Fact]
    public void A_retry_state_at_the_retry_s_time_has_the_features_the_history_gives_that_retry()
    {
        foreach (var invoice in PaydayModel.HeldOut.Take(500).Append(PaydayModel.HeldOut[0] with { TimeZone = null }))
            for (var i = 1; i < invoice.Attempts.Count; i++)
                Assert.Equal(AttemptFeatures.Of(invoice, i),
                    RetryState.After(invoice, invoice.Attempts[i - 1], invoice.Attempts[i].Number).At(invoice.Attempts[i].At));
    }

    private static double LogLoss(IEnumerable<(double Probability, bool Succeeded)> predictions) =>
        -predictions.Average(x => Math.Log(Math.Clamp(x.Succeeded ? x.Probability : 1 - x.Probability, 1e-15, 1)));
}
