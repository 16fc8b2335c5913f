using Dunning.Sandbox.Generator;

namespace Dunning.Sandbox.Tests;

/// <summary>The generator's payday mix and its walk in steps shorter than a day (issue 19's validation drives both).</summary>
public sealed class GeneratorStepTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    [Fact]
    public void The_payday_mix_fails_with_its_own_cards_at_their_weights()
    {
        var random = new Random(3);
        var cards = Enumerable.Range(0, 4000).Select(i => CardMix.Pick(random, 1, $"c{i}", CardMix.Payday)[..^$"__c{i}".Length]).ToList();

        foreach (var (token, weight) in CardMix.PaydayFailing)
            Assert.InRange(cards.Count(c => c == token) / 4000.0, weight / 100.0 - 0.03, weight / 100.0 + 0.03);
        Assert.Equal(CardMix.PaydayFailing.Length, cards.Distinct().Count());
    }

    [Fact]
    public async Task A_walk_in_steps_of_six_hours_takes_four_whole_hour_steps_a_day_each_seen_by_the_hook_before_the_next()
    {
        var options = new GeneratorOptions
        {
            Customers = 2, FailureRate = 1, Mix = CardMix.Payday, Seed = 5, Speed = 0, Days = 31, DunningDays = 2, StepHours = 6,
        };
        var api = new SandboxApiClient(sandbox.Http, sandbox.Http.BaseAddress!.ToString(), "sk_test_generator_steps");
        var steps = new List<long>();
        var clocks = new HashSet<string>();
        await new TrafficGenerator(api, options, _ => { }, async (clock, time, _) =>
        {
            var frozen = (await new Stripe.TestHelpers.TestClockService(sandbox.Stripe).GetAsync(clock)).FrozenTime;
            Assert.Equal(time, new DateTimeOffset(frozen, TimeSpan.Zero).ToUnixTimeSeconds()); // the step was taken before the hook heard of it
            clocks.Add(clock);
            steps.Add(time);
        }).RunAsync(CancellationToken.None);

        Assert.Single(clocks);
        Assert.Equal((31 + 2) * 4, steps.Count);
        Assert.All(steps, t => Assert.Equal(0, t % 3_600));
        Assert.All(steps.Zip(steps.Skip(1)), pair => Assert.Equal(6 * 3_600, pair.Second - pair.First));
    }

    [Theory]
    [InlineData("{\"mix\":\"weekly\"}", "mix 'weekly' is not a card mix")]
    [InlineData("{\"stepHours\":0}", "stepHours must be 1 to 24")]
    public async Task A_generator_start_with_an_unknown_mix_or_step_is_refused_with_the_reason(string body, string reason)
    {
        var answer = await sandbox.Http.PostAsync("/sandbox/generator/start", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Contains(reason, await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
