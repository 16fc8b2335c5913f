namespace Dunning.Lab.Learning;

/// <summary>How far ahead and how finely <see cref="LearnedTiming"/> looks, and what waiting costs.</summary>
public sealed record LearnedTimingOptions
{
    /// <summary>
    /// Candidates go no further than this after the earliest allowed time: three days reach the next payday morning from most
    /// places in a month's payday cycle without leaving the rest of the policy's window unused.
    /// </summary>
    public TimeSpan Horizon { get; init; } = TimeSpan.FromHours(72);

    /// <summary>Candidates are the earliest allowed time, then every whole step (of UTC time) after it: hourly by default.</summary>
    public TimeSpan Step { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The value of recovering sooner: the share of a recovery's worth lost per day of waiting (0: wait for the best slot
    /// whatever it costs). A slot's value is its probability × (1 − this)^days after the earliest time, so with 0.05 a
    /// slot two days later is taken only if it is at least 11 % likelier to succeed.
    /// </summary>
    public double DelayCostPerDay { get; init; } = 0.05;

    public static LearnedTimingOptions Default { get; } = new();
}
