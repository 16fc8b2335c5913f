using Dunning.Contracts;

namespace Dunning.RetryScheduler.Experiments;

/// <summary>The experiment arm a case was assigned to when it opened; the case plans with the arm's policy for its whole life.</summary>
public sealed record CaseArm(Guid ExperimentId, string Arm, bool Control, PolicyOverrides Policy)
{
    /// <summary>As the case's outcome messages carry it to the ledger.</summary>
    public ExperimentArm ToMessage() => new(ExperimentId, Arm, Control);
}
