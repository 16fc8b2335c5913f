using System.Text.Json;

namespace Dunning.RetryScheduler.Experiments;

/// <summary>
/// The body of <c>POST /api/experiments</c>. Checked whole before anything is stored, so a bad request changes nothing; each
/// problem is a sentence saying what to send instead.
/// </summary>
public sealed record ExperimentRequest(string? Name, IReadOnlyList<ExperimentRequest.ArmRequest>? Arms)
{
    public const int MaxArms = 10;
    public const int MaxNameLength = 200;
    public const int MaxArmNameLength = 64;
    public const int MaxWeight = 1_000_000;

    public const string Shape = """
        Send JSON like {"name": "first retry after 6 h", "arms": [{"name": "current", "weight": 1, "control": true},
        {"name": "six_hours", "weight": 1, "policy": {"FirstRetryAfter": "06:00:00"}}, {"name": "stripe_only", "weight": 1,
        "policy": {"RetryOwner": "Stripe"}}]}.
        """;

    /// <param name="Policy">Retry policy settings that differ from the configured policy (see <see cref="PolicyOverrides"/>).</param>
    public sealed record ArmRequest(string? Name, int Weight, bool Control, IReadOnlyDictionary<string, JsonElement>? Policy);

    /// <summary>The experiment to start (running from <paramref name="now"/>), or why this request cannot be one.</summary>
    public (Experiment? Experiment, string? Problem) Validate(RetryPolicyOptions configured, Guid id, DateTimeOffset now)
    {
        var name = Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
            return (null, $"'name' is required, at most {MaxNameLength} characters: what the experiment tries, for the people reading its report. {Shape}");
        if (Arms is null || Arms.Count < 2 || Arms.Count > MaxArms)
            return (null, $"'arms' needs 2 to {MaxArms} arms (got {Arms?.Count ?? 0}): a control and what it is compared with. {Shape}");
        var arms = new List<ExperimentArmDefinition>();
        foreach (var (arm, index) in Arms.Select((arm, index) => (arm, index)))
        {
            var armName = arm?.Name?.Trim();
            if (arm is null || string.IsNullOrEmpty(armName) || armName.Length > MaxArmNameLength)
                return (null, $"Arm {index + 1} needs a 'name' of at most {MaxArmNameLength} characters. {Shape}");
            if (arms.Any(a => string.Equals(a.Name, armName, StringComparison.OrdinalIgnoreCase)))
                return (null, $"Two arms are named '{armName}': each arm's name must be unique (letter case aside), the report names them.");
            if (arm.Weight is <= 0 or > MaxWeight)
                return (null, $"Arm '{armName}' has weight {arm.Weight}: a weight is a whole number from 1 to {MaxWeight} (its share of new cases).");
            var (policy, problem) = PolicyOverrides.Read(arm.Policy, configured);
            if (policy is null)
                return (null, $"Arm '{armName}': {problem}");
            arms.Add(new ExperimentArmDefinition(armName, arm.Weight, arm.Control, policy));
        }
        if (arms.Count(a => a.Control) != 1)
            return (null, $"Exactly one arm must have \"control\": true, the one the others are compared with (got {arms.Count(a => a.Control)}).");
        return (new Experiment(id, name, ExperimentStatus.Running, arms, now, FrozenAt: null, StoppedAt: null), null);
    }
}
