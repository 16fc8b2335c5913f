using Dunning.Lab.Experiments;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;
using Xunit.Abstractions;

namespace Dunning.Lab.Tests.Experiments;

public sealed class ArmAssignmentTests(ITestOutputHelper output)
{
    private static readonly Arm[] ThreeEqual = [new("current", 1), new("candidate", 1), new("stripe_only", 1)];
    private static readonly Arm[] HalfCurrent = [new("current", 2), new("candidate", 1), new("stripe_only", 1)];

    /// <summary>
    /// "Stable across restarts and instances" means: the arm depends on nothing but the case id, the experiment id and the arms,
    /// so a restarted service, a second instance, or a machine with another .NET build computes the same arm as the first did.
    /// A test process is such a restart, so these values were computed once, outside .NET, and written here:
    /// <c>printf 'dunning-arm|18:policy-lab-2027-01|36:&lt;case id&gt;' | sha256sum</c> (first 16 hex digits), then the bucket
    /// modulo the total weight. Anything that made the assignment depend on the process (string.GetHashCode, a random seed,
    /// the order of calls) or changed the hash would move a case to another arm mid-experiment, and fails here.
    /// </summary>
    [Theory]
    [InlineData("0b3c1e0e-5d7a-4c1e-9f3a-2b6d8e4f1a7c", 0x42f0deaabcd2a3b7UL, "stripe_only", "current")]
    [InlineData("6f1d2a9e-3c4b-4e8f-a1d2-7b9c0e5f3a61", 0xbfef24dd733dc9ebUL, "current", "current")]
    [InlineData("c2a7e4d1-8b6f-4a3c-9e2d-1f0b7c6a5e48", 0xe2598a16d375a378UL, "current", "candidate")]
    [InlineData("9d4e7a2b-1c8f-4b6e-a3d5-0e2f9c7b1a34", 0xd53e20fa03a79332UL, "current", "stripe_only")]
    [InlineData("3e8b1f6c-7a2d-4c9e-b5f0-8d1a4e6c2b97", 0x0ea9ddd5c8c58adaUL, "stripe_only", "current")]
    public void A_case_lands_in_the_arm_computed_once_outside_this_process(string caseId, ulong bucket, string equalArms, string timingV2)
    {
        Assert.Equal(bucket, ArmAssignment.Bucket(caseId, "policy-lab-2027-01"));
        Assert.Equal(equalArms, ArmAssignment.Assign(Guid.Parse(caseId), "policy-lab-2027-01", ThreeEqual).Name);
        Assert.Equal(timingV2, ArmAssignment.Assign(caseId, "timing-v2", HalfCurrent).Name);
    }

    /// <summary>100,000 cases split 2 : 1 : 1 within half a point (3 standard errors of a share near ½ over 100,000 cases).</summary>
    [Fact]
    public void Over_100000_cases_each_arm_gets_its_weights_share()
    {
        var counts = CaseIds(100_000, seed: 1).GroupBy(id => ArmAssignment.Assign(id, "policy-lab-2027-01", HalfCurrent).Name)
            .ToDictionary(g => g.Key, g => g.Count());
        var expected = new Dictionary<string, double> { ["current"] = 0.5, ["candidate"] = 0.25, ["stripe_only"] = 0.25 };
        var chiSquare = expected.Sum(e => Math.Pow(counts[e.Key] - e.Value * 100_000, 2) / (e.Value * 100_000));
        output.WriteLine($"{string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}"))}; goodness of fit p = {1 - ChiSquared.CDF(2, chiSquare):F3}");

        foreach (var (arm, share) in expected)
            Assert.InRange(counts[arm] / 100_000.0, share - 0.005, share + 0.005);
    }

    /// <summary>
    /// A case's arm in one experiment says nothing of its arm in another: over 100,000 cases the 2×2 table of two 50/50
    /// experiments has a correlation (phi) within 0.01 of 0 (3 standard errors). The same measure reads 1 for one experiment
    /// against itself, so it does see correlation when there is some.
    /// </summary>
    [Fact]
    public void Assignments_in_two_experiments_are_independent()
    {
        Arm[] halves = [new("a", 1), new("b", 1)];
        var ids = CaseIds(100_000, seed: 2);

        var across = Phi(ids, id => (ArmAssignment.Assign(id, "timing-v2", halves).Name, ArmAssignment.Assign(id, "policy-lab-2027-01", halves).Name));
        var itself = Phi(ids, id => (ArmAssignment.Assign(id, "timing-v2", halves).Name, ArmAssignment.Assign(id, "timing-v2", halves).Name));
        var chiSquare = across * across * ids.Count;
        output.WriteLine($"phi across experiments {across:F4} (independence p = {1 - ChiSquared.CDF(1, chiSquare):F3}); with itself {itself:F4}");

        Assert.InRange(across, -0.01, 0.01);
        Assert.Equal(1, itself, 9);
    }

    [Fact]
    public void Arms_without_a_positive_weight_are_refused()
    {
        Assert.Throws<ArgumentException>(() => ArmAssignment.Assign(Guid.NewGuid(), "x", []));
        Assert.Throws<ArgumentException>(() => ArmAssignment.Assign(Guid.NewGuid(), "x", [new("a", 1), new("b", 0)]));
    }

    private static List<Guid> CaseIds(int count, int seed)
    {
        var random = new Xoshiro256StarStar(seed);
        var bytes = new byte[16];
        return Enumerable.Range(0, count).Select(_ => { random.NextBytes(bytes); return new Guid(bytes); }).ToList();
    }

    /// <summary>The phi coefficient of a 2×2 table: whether the first answer is "a" against whether the second is.</summary>
    private static double Phi(List<Guid> ids, Func<Guid, (string First, string Second)> arms)
    {
        var table = new double[2, 2];
        foreach (var (first, second) in ids.Select(arms))
            table[first == "a" ? 0 : 1, second == "a" ? 0 : 1]++;
        var (aa, ab, ba, bb) = (table[0, 0], table[0, 1], table[1, 0], table[1, 1]);
        return (aa * bb - ab * ba) / Math.Sqrt((aa + ab) * (ba + bb) * (aa + ba) * (ab + bb));
    }
}
