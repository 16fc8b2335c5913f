namespace Dunning.RetryScheduler.Domain;

/// <summary>What a decline means for the schedule.</summary>
public enum DeclineActionKind
{
    /// <summary>Soft decline: retry with the normal backoff.</summary>
    Retry,

    /// <summary>Retry no sooner than <see cref="DeclineAction.Wait"/> after the decline (a network's explicit advice).</summary>
    RetryAfter,

    /// <summary>Do not retry this card again; only a new payment method reopens the schedule.</summary>
    StopUntilNewCard,
}

/// <param name="Wait">For <see cref="DeclineActionKind.RetryAfter"/>: the least time since the decline.</param>
/// <param name="AtStartOfDay">Prefer the start of the customer's day (e.g. insufficient funds).</param>
public sealed record DeclineAction(DeclineActionKind Kind, TimeSpan? Wait = null, bool AtStartOfDay = false)
{
    public static DeclineAction Retry { get; } = new(DeclineActionKind.Retry);
    public static DeclineAction RetryAtStartOfDay { get; } = new(DeclineActionKind.Retry, AtStartOfDay: true);
    public static DeclineAction StopUntilNewCard { get; } = new(DeclineActionKind.StopUntilNewCard);
    public static DeclineAction RetryAfter(TimeSpan wait) => new(DeclineActionKind.RetryAfter, wait);

    public bool IsHard => Kind == DeclineActionKind.StopUntilNewCard;
}
