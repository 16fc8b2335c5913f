using Dunning.RetryScheduler.Jobs;

namespace Dunning.RetryScheduler.Tests.Jobs;

/// <summary>Which of the customer's cards may be tried as a backup (<see cref="BackupCardFinder.Choose"/>).</summary>
public sealed class BackupCardChoiceTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-12-04T12:00:00Z");

    [Fact]
    public void The_first_card_that_is_not_the_failed_one_a_twin_of_a_declined_one_a_tried_one_or_expired_is_chosen()
    {
        AttachedCard[] cards =
        [
            new("pm_failed", "visa", "fp_failed", 12, 2030),
            new("pm_twin_of_failed", "visa", "fp_failed", 11, 2031),
            new("pm_tried", "mastercard", "fp_tried", 1, 2029),
            new("pm_expired_last_month", "visa", "fp_old", 11, 2026),
            new("pm_ok", "amex", "fp_ok", 12, 2026),
            new("pm_later", "visa", "fp_later", 5, 2028),
        ];

        var chosen = BackupCardFinder.Choose(cards, ["pm_failed", "pm_tried"], ["fp_failed", "fp_tried"], Now);

        Assert.Equal("pm_ok", chosen?.PaymentMethodId); // valid to the end of its expiry month
    }

    [Fact]
    public void No_card_left_to_try_is_none()
    {
        AttachedCard[] cards = [new("pm_failed", "visa", "fp_failed", 12, 2030), new("pm_expired", "visa", "fp_x", 1, 2025)];

        Assert.Null(BackupCardFinder.Choose(cards, ["pm_failed"], ["fp_failed"], Now));
    }
}
