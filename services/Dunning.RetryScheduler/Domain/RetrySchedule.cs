using System.Security.Cryptography;

namespace Dunning.RetryScheduler.Domain;

/// <summary>
/// The retry schedule as a pure function: from a case's history, its card's budget, the policy and the clock,
/// the next attempt (when, which rule, why) or the reason to stop. No I/O, no hidden clock, no hidden randomness
/// (the jitter is derived from the case id and attempt number).
/// </summary>
public static class RetrySchedule
{
    public static ScheduleDecision Next(CaseHistory history, CardBudgetState card, RetryPolicyOptions policy, DateTimeOffset now) =>
        Decide(history, card, policy, now, lookAhead: true);

    private static ScheduleDecision Decide(CaseHistory history, CardBudgetState card, RetryPolicyOptions policy, DateTimeOffset now, bool lookAhead)
    {
        var last = history.Last ?? throw new ArgumentException("A case has at least its first failed attempt", nameof(history));
        var rule = DeclineRules.Match((history.LastOnOwnCard ?? last).Decline); // last.At still spaces the next attempt: a backup try was one
        var windowEnd = history.FirstFailedAt + policy.Window;
        if (rule.Action.IsHard)
            return new StopRetrying(StopReason.AwaitingNewCard, windowEnd, rule.Name, $"hard decline ({rule.Name}): waiting for a new payment method");

        var done = history.CappedAttempts;
        if (done >= policy.MaxAttempts)
            return new StopRetrying(StopReason.RetriesExhausted, null, rule.Name, $"all {policy.MaxAttempts} attempts made");

        var (at, spacing, why) = rule.Action.Kind == DeclineActionKind.RetryAfter
            ? (last.At + rule.Action.Wait!.Value, rule.Action.Wait!.Value, $"network advises waiting {rule.Action.Wait}")
            : (last.At + Backoff(history.CaseId, done, policy), policy.MinSpacing, done == 0 ? "first retry" : $"backoff after {done} retries");
        at = Max(at, now, last.At + spacing);

        var quiet = QuietHours.For(policy, history.TimeZone);
        if (rule.Action.AtStartOfDay && policy.PreferStartOfDay && !quiet.IsStartOfDay(at))
        {
            at = quiet.NextDayStart(at);
            why += ", at the start of the customer's day";
        }
        at = quiet.FirstAllowed(at);

        var slot = NetworkBudget.EarliestSlot(card, policy, at);
        DateTimeOffset? heldAt = null;
        if (slot > at)
        {
            heldAt = at;
            at = quiet.FirstAllowed(slot); // later only; budgets only loosen as time passes
            why += ", postponed by the card network budget";
        }
        if (heldAt > windowEnd)
            heldAt = null; // after the window it would not have gone then either: the budget held nothing back

        var number = done + 1;
        if (at > windowEnd)
            return LastInWindow(last.At + spacing, now, windowEnd, quiet, card, policy) is { } final
                ? new RetryAt(final, number, true, rule.Name, $"{why}; moved back to the window's last allowed time (it ends {windowEnd:u}): the final attempt")
                {
                    HeldAt = heldAt,
                }
                : new StopRetrying(StopReason.RetriesExhausted, null, rule.Name, $"the next attempt ({at:u}) would fall after the window ends ({windowEnd:u})")
                {
                    HeldAt = heldAt,
                };
        return new RetryAt(at, number, number == policy.MaxAttempts || (lookAhead && IsLastInWindow(history, card, policy, at)), rule.Name, why)
        {
            HeldAt = heldAt,
        };
    }

    /// <summary>
    /// The latest time at or before the window's end, not before <paramref name="earliest"/> or now, outside the customer's
    /// night and within the card's budget; null when there is none. When the schedule's next step overshoots the window, one
    /// final attempt goes there rather than none: the window is used to its end, and that attempt is announced as the final
    /// one even when an earlier attempt ran later than planned (a test clock's step, a Stripe outage) and so did not know it.
    /// </summary>
    private static DateTimeOffset? LastInWindow(DateTimeOffset earliest, DateTimeOffset now, DateTimeOffset windowEnd, QuietHours quiet,
        CardBudgetState card, RetryPolicyOptions policy)
    {
        var at = quiet.LastAllowed(windowEnd);
        return at >= earliest && at >= now && NetworkBudget.Allows(card, policy, at) ? at : null;
    }

    /// <summary>
    /// True when, should this attempt fail the same way, no further one would fit the window: it is then the final attempt,
    /// and the customer gets the final notice before it (with the cap alone, a schedule that the window cuts short never
    /// announced its end).
    /// </summary>
    private static bool IsLastInWindow(CaseHistory history, CardBudgetState card, RetryPolicyOptions policy, DateTimeOffset at)
    {
        var decline = (history.LastOnOwnCard ?? history.Last!).Decline;
        var failedAgain = history with { Attempts = [.. history.Attempts, new PastAttempt(at, AttemptSource.Scheduled, decline)] };
        var budgetAfter = card with { Attempts = [.. card.Attempts, NetworkBudget.Ours(card, at) with { NetworkAdviceCode = decline.NetworkAdviceCode }] };
        return Decide(failedAgain, budgetAfter, policy, at, lookAhead: false) is StopRetrying;
    }

    /// <summary>Wait before scheduled retry <paramref name="done"/> + 1: first wait, then exponential, capped, with ± jitter.</summary>
    public static TimeSpan Backoff(Guid caseId, int done, RetryPolicyOptions policy)
    {
        var raw = policy.FirstRetryAfter.TotalSeconds * Math.Pow(policy.BackoffFactor, done);
        var capped = Math.Min(raw, Math.Max(policy.BackoffCap.TotalSeconds, policy.FirstRetryAfter.TotalSeconds));
        var jitter = (JitterSample(caseId, done) * 2 - 1) * policy.Jitter * capped;
        return TimeSpan.FromSeconds(Math.Max(0, capped + jitter));
    }

    /// <summary>A number in [0, 1) that is the same every time for one case and attempt.</summary>
    private static double JitterSample(Guid caseId, int attempt)
    {
        Span<byte> input = stackalloc byte[20];
        caseId.TryWriteBytes(input);
        BitConverter.TryWriteBytes(input[16..], attempt);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        return (BitConverter.ToUInt64(hash) >> 11) * (1.0 / (1UL << 53));
    }

    private static DateTimeOffset Max(params DateTimeOffset[] values) => values.Max();
}
