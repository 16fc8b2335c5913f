using System.Text.Json.Serialization;
using Dunning.Lab.Experiments;

namespace Dunning.RetryScheduler.Experiments;

/// <summary>Running: new cases are assigned to arms. Frozen: no new case is, assigned ones keep their arm. Stopped: over, for good.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ExperimentStatus>))]
public enum ExperimentStatus
{
    Running,
    Frozen,
    Stopped,
}

/// <summary>An arm: its share of new cases (<see cref="Weight"/> parts of the arms' total) and its retry policy.</summary>
/// <param name="Control">The arm the others are compared with (normally the configured policy, no overrides).</param>
/// <param name="Cases">How many cases it holds, where the API shows an experiment; null elsewhere.</param>
public sealed record ExperimentArmDefinition(string Name, int Weight, bool Control, PolicyOverrides Policy, ArmCases? Cases = null);

/// <summary>An arm's cases: every case assigned to it, and those still open (the per-arm report counts closed cases only).</summary>
public sealed record ArmCases(int All, int Open);

/// <summary>
/// A randomized experiment on live cases (issue 19), a row of <c>scheduler.experiments</c> and its arms. The arms never change
/// once it started: the assignment depends on their order and weights.
/// </summary>
public sealed record Experiment(Guid Id, string Name, ExperimentStatus Status, IReadOnlyList<ExperimentArmDefinition> Arms, DateTimeOffset StartedAt,
    DateTimeOffset? FrozenAt, DateTimeOffset? StoppedAt)
{
    /// <summary>
    /// The arm of the case of <paramref name="invoiceId"/>: <see cref="ArmAssignment"/> of the invoice id (not the case id, which is
    /// minted anew each time the unit of work that opens the case runs), so any instance, before or after a restart, and anyone
    /// holding the ledger, computes the same arm.
    /// </summary>
    public CaseArm AssignArm(string invoiceId)
    {
        var arm = ArmAssignment.Assign(invoiceId, Id.ToString("D"), [.. Arms.Select(a => new Arm(a.Name, a.Weight))]);
        var definition = Arms.Single(a => a.Name == arm.Name);
        return new CaseArm(Id, definition.Name, definition.Control, definition.Policy);
    }
}
