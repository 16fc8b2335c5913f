namespace Dunning.RetryScheduler.Domain;

/// <summary>The schedule's answer for a case: the next attempt, or no more attempts.</summary>
public abstract record ScheduleDecision(string Rule, string Reason)
{
    /// <summary>When the card's network budget held the next attempt back: the time it would otherwise have gone (null: not held).</summary>
    public DateTimeOffset? HeldAt { get; init; }
}

/// <param name="AttemptNumber">The number of this scheduled retry (1-based; counts towards the cap).</param>
public sealed record RetryAt(DateTimeOffset At, int AttemptNumber, bool IsFinalAttempt, string Rule, string Reason) : ScheduleDecision(Rule, Reason);

public enum StopReason
{
    /// <summary>The cap or the window is used up: close the case as lost and run the final action.</summary>
    RetriesExhausted,

    /// <summary>A hard decline: only a new payment method reopens the schedule; the case waits until <see cref="StopRetrying.WaitUntil"/>.</summary>
    AwaitingNewCard,
}

/// <param name="WaitUntil">For <see cref="StopReason.AwaitingNewCard"/>: when the window closes and the case is lost.</param>
public sealed record StopRetrying(StopReason Why, DateTimeOffset? WaitUntil, string Rule, string Reason) : ScheduleDecision(Rule, Reason);
