using Dunning.RetryScheduler.Tests.Support;

namespace Dunning.RetryScheduler.Tests.Domain;

/// <summary>The start-up's check of <c>RetryPolicy:LearnedModel</c>: a model ML.NET loads, or the service does not start.</summary>
public sealed class LearnedTimingModelTests
{
    [Fact]
    public void A_model_the_lab_saved_loads_and_a_missing_file_or_any_other_file_does_not()
    {
        var notAModel = Path.GetTempFileName();
        File.WriteAllText(notAModel, "not a model");

        Assert.True(LearnedTimingModel.Loads(BestHourModel.Path(9)));
        Assert.False(LearnedTimingModel.Loads(notAModel));
        Assert.False(LearnedTimingModel.Loads(Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.zip")));
    }
}
