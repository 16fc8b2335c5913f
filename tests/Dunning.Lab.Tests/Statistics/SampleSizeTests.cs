using Dunning.Lab.Statistics;

namespace Dunning.Lab.Tests.Statistics;

public sealed class SampleSizeTests
{
    /// <summary>R's documented examples of power.prop.test (stats package): n = 76.7 for power 0.90, power 0.740 for n = 50.</summary>
    [Fact]
    public void Matches_the_textbook_examples_of_Rs_power_prop_test()
    {
        Assert.Equal(76.7, SampleSize.PerArmExact(0.50, 0.75, power: 0.90), 1);
        Assert.Equal(77, SampleSize.PerArm(0.50, 0.75, power: 0.90));
        Assert.Equal(0.740, SampleSize.Power(50, 0.50, 0.75), 3);
    }

    [Fact]
    public void Cases_still_needed_count_from_the_smaller_arm_and_the_observed_or_minimum_difference()
    {
        // Control 10 %, candidate 15 % so far: 686 per arm detect that (Fleiss's formula); 300 and 320 are in.
        Assert.Equal(686, SampleSize.PerArm(0.10, 0.15));
        Assert.Equal(386, SampleSize.StillNeededPerArm(30, 300, 48, 320));
        // Asked for a smaller difference than observed: more cases.
        Assert.Equal(SampleSize.PerArm(0.10, 0.12) - 300, SampleSize.StillNeededPerArm(30, 300, 48, 320, minimumDifference: 0.02));
        // Enough already.
        Assert.Equal(0, SampleSize.StillNeededPerArm(100, 1000, 150, 1000));
        // No difference, or nothing to go on: no finite size.
        Assert.Null(SampleSize.StillNeededPerArm(30, 300, 30, 300));
        Assert.Null(SampleSize.StillNeededPerArm(0, 300, 30, 300));
        Assert.Null(SampleSize.StillNeededPerArm(0, 0, 30, 300));
    }
}
