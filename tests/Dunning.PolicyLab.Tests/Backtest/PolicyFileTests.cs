using Dunning.PolicyLab.Backtest;
using Dunning.RetryScheduler;
using Dunning.Testing;

namespace Dunning.PolicyLab.Tests.Backtest;

public sealed class PolicyFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("policy-lab-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_file_with_only_a_name_is_the_schedulers_default_policy()
    {
        var policy = PolicyFile.Load(Write("plain.json", """{ "name": "today" }"""));

        Assert.Equal("today", policy.Name);
        var defaults = new RetryPolicyOptions();
        Assert.Equal((defaults.MaxAttempts, defaults.Window, defaults.FirstRetryAfter, defaults.Visa.MaxAttempts, defaults.Mastercard.ShortMaxAttempts,
            defaults.Fees.MastercardExcessiveAttempt), (policy.Options.MaxAttempts, policy.Options.Window, policy.Options.FirstRetryAfter,
            policy.Options.Visa.MaxAttempts, policy.Options.Mastercard.ShortMaxAttempts, policy.Options.Fees.MastercardExcessiveAttempt));
    }

    [Fact]
    public void Keys_override_the_defaults_nested_ones_too_and_a_nameless_file_is_named_after_itself()
    {
        var policy = PolicyFile.Load(Write("bold.json", """
            { "MaxAttempts": 12, "Window": "21.00:00:00", "PreferStartOfDay": false,
              "Visa": { "MaxAttempts": 20 }, "Fees": { "Currency": "EUR", "MastercardExcessiveAttempt": 0.45 } }
            """));

        Assert.Equal("bold", policy.Name);
        Assert.Equal(12, policy.Options.MaxAttempts);
        Assert.Equal(TimeSpan.FromDays(21), policy.Options.Window);
        Assert.False(policy.Options.PreferStartOfDay);
        Assert.Equal(20, policy.Options.Visa.MaxAttempts);
        Assert.Equal(15, policy.Options.Visa.CustomerInitiatedMaxAttempts); // untouched keys of a nested section keep their defaults
        Assert.Equal(("EUR", 0.45m), (policy.Options.Fees.Currency, policy.Options.Fees.MastercardExcessiveAttempt));
    }

    [Theory]
    [InlineData("""{ "MaxAttemps": 4 }""", "MaxAttemps")]
    [InlineData("""{ "MaxAttempts": "many" }""", "MaxAttempts")]
    [InlineData("""{ "Window": "two weeks" }""", "Window")]
    [InlineData("""{ "Visa": { "MaxAttempts": 0 } }""", "Visa:MaxAttempts")]
    [InlineData("""{ "Fees": { "VisaExcessiveReattempt": -1 } }""", "Fees:VisaExcessiveReattempt")]
    [InlineData("""{ "RetryOwner": "Stripe" }""", "RetryOwner")]
    [InlineData("""{ "Timing": "Learnt" }""", "Timing")]
    [InlineData("""{ "Timing": "1" }""", "Timing")]
    [InlineData("""{ "MaxAttempts": 4, """, "not a JSON object")]
    public void A_bad_key_or_value_is_refused_naming_the_file_and_the_key(string json, string named)
    {
        var path = Write("bad.json", json);

        var refused = Assert.Throws<PolicyFileException>(() => PolicyFile.Load(path));

        Assert.Contains(path, refused.Message);
        Assert.Contains(named, refused.Message);
    }

    [Fact]
    public void Timing_is_the_schedules_unless_the_file_says_learned_in_any_case()
    {
        Assert.Equal(RetryTiming.Schedule, PolicyFile.Load(Write("plain.json", """{ "name": "today" }""")).Timing);
        Assert.Equal(RetryTiming.Schedule, PolicyFile.Load(Write("said.json", """{ "Timing": "Schedule" }""")).Timing);
        var learned = PolicyFile.Load(Write("learned.json", """{ "timing": "learned", "MaxAttempts": 5 }"""));
        Assert.Equal((RetryTiming.Learned, 5), (learned.Timing, learned.Options.MaxAttempts));
    }

    [Fact]
    public void The_example_policies_all_load()
    {
        var examples = Directory.GetFiles(Path.Combine(TestEnvironment.RepositoryRoot, "bench", "lab", "policies"), "*.json");

        Assert.Contains(examples, path => path.EndsWith("default.json", StringComparison.Ordinal));
        Assert.All(examples, path => Assert.Equal(Path.GetFileNameWithoutExtension(path), PolicyFile.Load(path).Name));
    }

    private string Write(string name, string json)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, json);
        return path;
    }
}
