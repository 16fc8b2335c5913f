using Dunning.Contracts;
using Dunning.Lab.History;
using Dunning.Lab.Learning;

namespace Dunning.RetryScheduler.Domain;

/// <summary>
/// A learned-timing policy's next retry: <see cref="LearnedTiming"/> picks it in [the earliest time the schedule would allow,
/// the window's end], among slots outside the customer's quiet hours that the card's network budgets allow, both checked with the
/// scheduler's own code (<see cref="QuietHours"/>, <see cref="NetworkBudget.Allows"/>). The earliest time keeps what the schedule
/// must keep whatever its backoff: the first-retry delay, the minimum spacing and a network's advised wait. Hard declines and
/// <see cref="RetryPolicyOptions.MaxAttempts"/> stop it as they stop the schedule.
/// </summary>
public static class LearnedRetryTime
{
    /// <summary>
    /// The next retry of a case whose attempts so far are <paramref name="history"/> (all declined like <paramref name="decline"/>),
    /// planned at <paramref name="now"/>, with its predicted chance; null when none is allowed before the window ends.
    /// </summary>
    public static TimingChoice? Next(CaseHistory history, DeclineDetails decline, CardBudgetState card, RetryPolicyOptions policy,
        LearnedTiming timing, RetryState state, DateTimeOffset now)
    {
        var rule = DeclineRules.Match(decline);
        var retries = history.CappedAttempts;
        if (rule.Action.IsHard || retries >= policy.MaxAttempts) return null;

        var last = history.Last!.At;
        var wait = rule.Action.Kind == DeclineActionKind.RetryAfter ? rule.Action.Wait!.Value
            : retries == 0 ? policy.FirstRetryAfter : TimeSpan.Zero;
        var windowEnd = history.FirstFailedAt + policy.Window;
        var quiet = QuietHours.For(policy, history.TimeZone);
        bool Allowed(DateTimeOffset at) => !quiet.Contains(at) && NetworkBudget.Allows(card, policy, at);

        // The first allowed moment: the horizon of candidates starts there, so a budget that is spent for days is waited out.
        var earliest = Later(now, last + policy.MinSpacing, last + wait);
        while (earliest <= windowEnd && !Allowed(earliest))
            earliest = quiet.FirstAllowed(NetworkBudget.EarliestSlot(card, policy, quiet.FirstAllowed(earliest))); // only moves later
        if (earliest > windowEnd) return null;
        return timing.Choose(state, earliest, windowEnd, Allowed);
    }

    private static DateTimeOffset Later(params DateTimeOffset[] times) => times.Max();
}
