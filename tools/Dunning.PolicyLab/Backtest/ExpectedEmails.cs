using Dunning.Notification;
using Dunning.RetryScheduler;
using Dunning.RetryScheduler.Domain;

namespace Dunning.PolicyLab.Backtest;

/// <summary>
/// The emails a planned case is expected to bring under the notification service's cadence (<see cref="CadenceOptions"/>, its
/// defaults unless given): the first-failure email; each reminder (day 3, day 7) if the case is still open then; the final notice
/// before the last planned retry if every retry before it declined; and one closing email, "recovered" or "retries ended".
/// A case is open until a retry succeeds or it ends lost: after its last retry, or at the window's end when it waits for a new
/// card. The customer's own actions (a new card, paying on the hosted page) are not in the history, so not counted.
/// </summary>
public static class ExpectedEmails
{
    public static double Of(ExpectedRecovery expected, RetryPolicyOptions policy, CadenceOptions cadence)
    {
        var planned = expected.Case;
        var first = planned.Invoice.FirstFailedAt;
        var retries = planned.Retries;
        var lostAt = retries.Count > 0 ? retries[^1]
            : DeclineRules.Match(planned.Decline).Action.IsHard ? first + policy.Window : first;
        double OpenAt(DateTimeOffset at) => at >= lostAt ? 0
            : retries.Zip(expected.Success).TakeWhile(r => r.First < at).Aggregate(1.0, (open, r) => open * (1 - r.Second));

        var emails = 2.0; // the first failure's, and the closing one
        emails += OpenAt(first + cadence.FirstReminderAfter) + OpenAt(first + cadence.SecondReminderAfter);
        if (retries.Count > 0)
            emails += expected.Success.Take(retries.Count - 1).Aggregate(1.0, (open, p) => open * (1 - p)); // the final notice
        return emails;
    }
}
