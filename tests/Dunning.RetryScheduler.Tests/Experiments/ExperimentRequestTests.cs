using System.Text.Json;
using Dunning.RetryScheduler.Experiments;

namespace Dunning.RetryScheduler.Tests.Experiments;

/// <summary>Starting an experiment: what a request must hold, and the sentence that says what to change when it does not.</summary>
public sealed class ExperimentRequestTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 21, 0, 0, TimeSpan.Zero);
    private static readonly Guid Id = Guid.Parse("0193a5d4-7c00-7000-8000-000000000019");

    [Fact]
    public void A_valid_request_is_a_running_experiment_with_its_arms_in_order_and_their_settings_by_their_names()
    {
        var (experiment, problem) = Validate("""
            {"name": " faster first retry ", "arms": [
              {"name": "current", "weight": 2, "control": true},
              {"name": "six_hours", "weight": 1, "policy": {"firstRetryAfter": "06:00:00", "max_attempts": 6}},
              {"name": "stripe_only", "weight": 1, "policy": {"retry_owner": "stripe"}}]}
            """);

        Assert.Null(problem);
        Assert.Equal((Id, "faster first retry", ExperimentStatus.Running, Now), (experiment!.Id, experiment.Name, experiment.Status, experiment.StartedAt));
        Assert.Equal(["current", "six_hours", "stripe_only"], experiment.Arms.Select(a => a.Name));
        Assert.Equal([2, 1, 1], experiment.Arms.Select(a => a.Weight));
        Assert.Equal([true, false, false], experiment.Arms.Select(a => a.Control));
        Assert.Empty(experiment.Arms[0].Policy.Values);
        Assert.Equal(new Dictionary<string, string> { ["FirstRetryAfter"] = "06:00:00", ["MaxAttempts"] = "6" }, experiment.Arms[1].Policy.Values);
        Assert.Equal(new Dictionary<string, string> { ["RetryOwner"] = "Stripe" }, experiment.Arms[2].Policy.Values);
    }

    [Theory]
    [InlineData("""{"arms": [{"name": "a", "weight": 1, "control": true}, {"name": "b", "weight": 1}]}""", "'name' is required")]
    [InlineData("""{"name": "x", "arms": [{"name": "a", "weight": 1, "control": true}]}""", "'arms' needs 2 to 10 arms (got 1)")]
    [InlineData("""{"name": "x"}""", "'arms' needs 2 to 10 arms (got 0)")]
    [InlineData("""{"name": "x", "arms": [{"name": "a", "weight": 1, "control": true}, {"name": "b"}]}""", "Arm 'b' has weight 0")]
    [InlineData("""{"name": "x", "arms": [{"name": "a", "weight": 1, "control": true}, {"name": "b", "weight": -3}]}""", "Arm 'b' has weight -3")]
    [InlineData("""{"name": "x", "arms": [{"name": "a", "weight": 1, "control": true}, {"name": " ", "weight": 1}]}""", "Arm 2 needs a 'name'")]
    [InlineData("""{"name": "x", "arms": [{"name": "a", "weight": 1, "control": true}, {"name": "A", "weight": 1}]}""", "Two arms are named 'A'")]
    [InlineData("""{"name": "x", "arms": [{"name": "a", "weight": 1}, {"name": "b", "weight": 1}]}""", "Exactly one arm must have \"control\": true")]
    [InlineData("""{"name": "x", "arms": [{"name": "a", "weight": 1, "control": true}, {"name": "b", "weight": 1, "control": true}]}""",
        "(got 2)")]
    public void An_incomplete_experiment_is_refused_with_what_to_change(string body, string reason)
    {
        var (experiment, problem) = Validate(body);

        Assert.Null(experiment);
        Assert.Contains(reason, problem);
    }

    [Theory]
    [InlineData("""{"Visa": {"MaxAttempts": 20}}""", "'Visa' is not a retry policy setting an arm may change")]
    [InlineData("""{"PayRateShare": 0.5}""", "'PayRateShare' is not a retry policy setting an arm may change")]
    [InlineData("""{"MaxAttempts": "many"}""", "'MaxAttempts' must be a whole number")]
    [InlineData("""{"MaxAttempts": 2.5}""", "'MaxAttempts' must be a whole number")]
    [InlineData("""{"Window": "3 days"}""", "'Window' must be a duration as in appsettings")]
    [InlineData("""{"RetryOwner": "Adyen"}""", "'RetryOwner' must be one of Dunning, Stripe")]
    [InlineData("""{"RetryOwner": "1"}""", "'RetryOwner' must be one of Dunning, Stripe")]
    [InlineData("""{"PreferStartOfDay": {"on": true}}""", "'PreferStartOfDay' must be true or false")]
    [InlineData("""{"MaxAttempts": 2, "max_attempts": 3}""", "'MaxAttempts' is given twice")]
    [InlineData("""{"MaxAttempts": 0}""", "breaks a rule: MaxAttempts must be positive")]
    [InlineData("""{"Window": "-1.00:00:00"}""", "breaks a rule: Window must be positive")]
    public void An_arm_policy_the_scheduler_could_not_run_is_refused_with_the_setting_at_fault(string policy, string reason)
    {
        var (experiment, problem) = Validate($$"""
            {"name": "x", "arms": [{"name": "a", "weight": 1, "control": true}, {"name": "b", "weight": 1, "policy": {{policy}}}]}
            """);

        Assert.Null(experiment);
        Assert.StartsWith("Arm 'b': ", problem);
        Assert.Contains(reason, problem);
    }

    private static (Experiment?, string?) Validate(string body) =>
        JsonSerializer.Deserialize<ExperimentRequest>(body, JsonSerializerOptions.Web)!.Validate(new RetryPolicyOptions(), Id, Now);
}
