namespace Dunning.Lab.Experiments;

/// <summary>An arm of an experiment (e.g. "current", "candidate", "stripe_only") and its share, in parts of the arms' total weight.</summary>
public sealed record Arm(string Name, int Weight);
