using System.Text.Json;
using Dunning.RetryScheduler.Experiments;

namespace Dunning.RetryScheduler.Tests.Experiments;

/// <summary>An arm's policy is the configured policy with the arm's settings changed, and nothing else.</summary>
public sealed class PolicyOverridesTests
{
    [Fact]
    public void The_arms_settings_change_a_copy_of_the_configured_policy_and_leave_every_other_setting_as_configured()
    {
        var configured = new RetryPolicyOptions { MaxAttempts = 5, Jitter = 0, BackupCards = true };
        var overrides = Read("""
            {"MaxAttempts": 3, "FirstRetryAfter": "06:00:00", "BackoffFactor": 1.5, "RetryOwner": "stripe", "FinalAction": "MarkUncollectible"}
            """, configured);

        var applied = overrides.ApplyTo(configured);

        Assert.NotSame(configured, applied);
        Assert.Equal((3, TimeSpan.FromHours(6), 1.5, RetryOwner.Stripe, FinalAction.MarkUncollectible),
            (applied.MaxAttempts, applied.FirstRetryAfter, applied.BackoffFactor, applied.RetryOwner, applied.FinalAction));
        Assert.Equal((0d, true, configured.Window, configured.MinSpacing), (applied.Jitter, applied.BackupCards, applied.Window, applied.MinSpacing));
        Assert.Same(configured.Visa, applied.Visa); // the network rules count across every case on a card: never an arm's
        Assert.Equal((5, RetryOwner.Dunning, TimeSpan.FromDays(1)), (configured.MaxAttempts, configured.RetryOwner, configured.FirstRetryAfter));
    }

    [Fact]
    public void An_arm_without_settings_plans_with_the_configured_policy_itself()
    {
        var configured = new RetryPolicyOptions();

        Assert.Same(configured, PolicyOverrides.None.ApplyTo(configured));
        Assert.Same(configured, Read("{}", configured).ApplyTo(configured));
    }

    [Fact]
    public void Stored_settings_read_back_as_they_were_checked()
    {
        var overrides = Read("""{"retry_owner": "STRIPE", "Window": "7.00:00:00", "PreferStartOfDay": false}""", new RetryPolicyOptions());

        var stored = PolicyOverrides.Stored(overrides.ToJson());

        Assert.Equal(new Dictionary<string, string> { ["RetryOwner"] = "Stripe", ["Window"] = "7.00:00:00", ["PreferStartOfDay"] = "false" }, stored.Values);
        Assert.Equal((RetryOwner.Stripe, TimeSpan.FromDays(7), false), Policy(stored.ApplyTo(new RetryPolicyOptions())));
    }

    [Fact]
    public void The_policy_is_shown_as_the_settings_it_changes() =>
        Assert.Equal("""{"RetryOwner":"Stripe"}""",
            JsonSerializer.Serialize(Read("""{"RetryOwner": "Stripe"}""", new RetryPolicyOptions()), JsonSerializerOptions.Web));

    [Fact]
    public void Each_case_in_an_arm_plans_with_one_policy_until_the_configuration_changes()
    {
        var arm = new CaseArm(Guid.NewGuid(), "b", false, Read("""{"MaxAttempts": 2}""", new RetryPolicyOptions()));
        var monitor = new Monitor(new RetryPolicyOptions { MaxAttempts = 9 });
        var policies = new ArmPolicies(monitor);

        var first = policies.For(arm);
        Assert.Same(first, policies.For(arm with { Control = false }));
        Assert.Same(monitor.CurrentValue, policies.For(null));
        monitor.CurrentValue = new RetryPolicyOptions { MaxAttempts = 9, Jitter = 0 };
        var afterReload = policies.For(arm);

        Assert.NotSame(first, afterReload);
        Assert.Equal((2, 0d), (afterReload.MaxAttempts, afterReload.Jitter));
    }

    [Fact]
    public void An_arm_may_time_its_retries_with_the_learned_model_only_when_the_scheduler_has_one()
    {
        var json = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>("""{"Timing": "Learned"}""");

        var (refused, problem) = PolicyOverrides.Read(json, new RetryPolicyOptions());
        var withModel = Read("""{"Timing": "Learned"}""", new RetryPolicyOptions { LearnedModel = "/models/learned.zip" });

        Assert.Null(refused);
        Assert.Contains("RetryPolicy:LearnedModel", problem, StringComparison.Ordinal);
        Assert.Equal(RetryTiming.Learned, withModel.ApplyTo(new RetryPolicyOptions { LearnedModel = "/models/learned.zip" }).Timing);
    }

    private static (RetryOwner, TimeSpan, bool) Policy(RetryPolicyOptions p) => (p.RetryOwner, p.Window, p.PreferStartOfDay);

    private static PolicyOverrides Read(string json, RetryPolicyOptions configured)
    {
        var (overrides, problem) = PolicyOverrides.Read(JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json), configured);
        Assert.Null(problem);
        return overrides!;
    }

    private sealed class Monitor(RetryPolicyOptions value) : Microsoft.Extensions.Options.IOptionsMonitor<RetryPolicyOptions>
    {
        public RetryPolicyOptions CurrentValue { get; set; } = value;

        public RetryPolicyOptions Get(string? name) => CurrentValue;

        public IDisposable? OnChange(Action<RetryPolicyOptions, string?> listener) => null;
    }
}
