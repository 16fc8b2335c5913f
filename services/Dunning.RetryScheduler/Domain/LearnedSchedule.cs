using Dunning.Lab.History;
using Dunning.Lab.Learning;

namespace Dunning.RetryScheduler.Domain;

/// <summary>
/// The schedule of a policy with learned timing (<see cref="RetryTiming.Learned"/>): <see cref="RetrySchedule"/> decides whether
/// there is a next attempt at all (hard declines, the cap, the window) and its number and rule; <see cref="LearnedRetryTime"/> picks
/// its hour, inside everything the schedule must keep. The backtest plans learned policies with the same <see cref="LearnedRetryTime"/>.
/// </summary>
public static class LearnedSchedule
{
    public static ScheduleDecision Next(CaseHistory history, CardBudgetState card, RetryPolicyOptions policy, LearnedTiming timing,
        RetryState state, DateTimeOffset now)
    {
        var decision = RetrySchedule.Next(history, card, policy, now);
        if (decision is not RetryAt scheduled)
            return decision;
        var decline = (history.LastOnOwnCard ?? history.Last!).Decline;
        if (LearnedRetryTime.Next(history, decline, card, policy, timing, state, now) is not { } choice)
            return new StopRetrying(StopReason.RetriesExhausted, null, scheduled.Rule,
                "learned timing: no hour the policy and the network rules allow is left before the window ends");
        // Final when the cap is reached or no further retry could keep the spacing inside the window.
        var final = scheduled.AttemptNumber == policy.MaxAttempts || choice.At + policy.MinSpacing > history.FirstFailedAt + policy.Window;
        return new RetryAt(choice.At, scheduled.AttemptNumber, final, scheduled.Rule,
            $"learned timing: the hour with the best predicted chance ({choice.Probability:P0}) the policy and the network rules allow");
    }

    /// <summary>What the learned model reads of a case before its next retry: the last decline on its own card, the card, the amount.</summary>
    public static RetryState StateOf(CaseHistory history, string? cardBrand, long amountMinor, string currency)
    {
        var decline = (history.LastOnOwnCard ?? history.Last!).Decline;
        return new RetryState(DeclineCategories.Of(decline), decline.DeclineCode, decline.NetworkAdviceCode, cardBrand ?? decline.CardBrand,
            amountMinor, currency, history.Attempts.Count + 1, history.FirstFailedAt, history.TimeZone);
    }
}
