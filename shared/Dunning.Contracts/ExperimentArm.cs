namespace Dunning.Contracts;

/// <summary>
/// The experiment arm a case was assigned to when it opened (issue 19), carried on the case's outcome so the ledger can report per
/// arm. <paramref name="Control"/>: the arm the others are compared with.
/// </summary>
public sealed record ExperimentArm(Guid ExperimentId, string Arm, bool Control);
