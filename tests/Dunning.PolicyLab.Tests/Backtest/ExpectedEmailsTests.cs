using Dunning.Contracts;
using Dunning.Lab.History;
using Dunning.Notification;
using Dunning.PolicyLab.Backtest;
using Dunning.RetryScheduler;

namespace Dunning.PolicyLab.Tests.Backtest;

/// <summary>The emails a backtested case is expected to bring, under the notification service's default cadence (day 3, day 7).</summary>
public sealed class ExpectedEmailsTests
{
    private static readonly DateTimeOffset First = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);
    private static readonly RetryPolicyOptions Policy = new();
    private static readonly CadenceOptions Cadence = new();

    [Fact]
    public void A_hard_decline_waits_for_a_new_card_the_window_through_and_gets_both_reminders_and_no_final_notice() =>
        Assert.Equal(4, Emails(DeclineCategory.Hard, new DeclineDetails(null, "lost_card", null, null, null, null, null, null), []));

    [Fact]
    public void A_case_still_open_at_a_reminder_gets_it_with_the_chance_no_earlier_retry_succeeded()
    {
        // retries on days 1, 2.5, 5 and 9 (the final one); each succeeds with its chance
        var emails = Emails(DeclineCategory.InsufficientFunds, null, [(1, 0.5), (2.5, 0.2), (5, 0.1), (9, 0.3)]);

        var day3 = 0.5 * 0.8; // retries on days 1 and 2.5 declined
        var day7 = day3 * 0.9;
        var finalNotice = day7; // before day 9: the three earlier retries declined
        Assert.Equal(2 + day3 + day7 + finalNotice, emails, 12);
    }

    [Fact]
    public void A_case_whose_retries_end_before_a_reminder_is_closed_by_then_and_gets_none()
    {
        // the last retry on day 2: lost then, or recovered; no reminder on day 3 or 7; the final notice before day 2
        var emails = Emails(DeclineCategory.Soft, null, [(1, 0.5), (2, 0.5)]);

        Assert.Equal(2 + 0.5, emails, 12);
    }

    private static double Emails(DeclineCategory category, DeclineDetails? decline, (double Day, double Chance)[] retries)
    {
        var invoice = new FailedInvoice("in_1", "cus_1", 1900, "usd", "visa", null, [PaymentAttempt.Declined(1, First, category, decline)],
            RecoveryOutcome.NotRecovered);
        var planned = new PlannedCase(invoice, FirstDecline.Of(invoice), [.. retries.Select(r => First.AddDays(r.Day))]);
        return ExpectedEmails.Of(new ExpectedRecovery(planned, [.. retries.Select(r => r.Chance)]), Policy, Cadence);
    }
}
