using Dunning.Sandbox.Generator;

namespace Dunning.Sandbox.Tests;

public sealed class GeneratorTests
{
    [Fact]
    public void Same_seed_picks_the_same_cards()
    {
        static List<string> Cards(int seed)
        {
            var random = new Random(seed);
            return Enumerable.Range(0, 50).Select(i => CardMix.Pick(random, 0.3, $"c{i}")).ToList();
        }

        Assert.Equal(Cards(42), Cards(42));
        Assert.NotEqual(Cards(42), Cards(7));
    }

    [Fact]
    public void Failure_rate_sets_the_share_of_failing_cards()
    {
        var random = new Random(1);
        var cards = Enumerable.Range(0, 2000).Select(i => CardMix.Pick(random, 0.3, $"c{i}")).ToList();
        var failing = cards.Count(c =>
            !c.StartsWith("pm_card_visa__", StringComparison.Ordinal) && !c.StartsWith("pm_card_mastercard__", StringComparison.Ordinal));

        Assert.InRange(failing / 2000.0, 0.26, 0.34);
    }

    [Fact]
    public void Command_line_flags_are_parsed()
    {
        var options = GenerateCommand.Parse(
            ["--customers", "20", "--failure-rate", "0.5", "--seed", "7", "--speed", "0", "--sandbox-url", "http://127.0.0.1:1"]);

        Assert.Equal(new GeneratorOptions { Customers = 20, FailureRate = 0.5, Seed = 7, Speed = 0, SandboxUrl = "http://127.0.0.1:1" }, options);
    }
}
