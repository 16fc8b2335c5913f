namespace Dunning.Lab.Learning;

/// <summary>The time <see cref="LearnedTiming"/> chose, the model's probability of success then, and its delay-discounted value.</summary>
public sealed record TimingChoice(DateTimeOffset At, double Probability, double Value);
