using Dunning.Notification.ExpiringCards;

namespace Dunning.Notification.Tests.ExpiringCards;

public sealed class ReminderDecisionTests
{
    private static readonly TimeSpan RemindBefore = TimeSpan.FromDays(14);
    private static readonly RenewalCard December2026 = new("pm_1", "visa", "4242", "fp_1", 12, 2026);

    [Theory]
    [InlineData("2027-01-01T00:00:00Z", true)] // the card works to the end of December
    [InlineData("2026-12-31T23:59:59Z", false)]
    [InlineData("2027-03-15T00:00:00Z", true)]
    public void A_card_expires_by_the_first_moment_of_the_month_after_its_expiry_month(string moment, bool expired) =>
        Assert.Equal(expired, December2026.ExpiresBy(DateTimeOffset.Parse(moment, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void A_card_expiring_before_the_renewal_is_reminded_of_within_the_lead_time()
    {
        var renewsAt = At("2027-01-10");

        var decision = ReminderDecision.For(State(renewsAt, December2026), renewsAt - RemindBefore, RemindBefore);

        Assert.Equal(new ReminderDecision.Remind(December2026, renewsAt), decision);
    }

    [Fact]
    public void A_renewal_that_moved_later_is_followed_to_its_own_time()
    {
        var decision = ReminderDecision.For(State(At("2027-02-10"), December2026), At("2026-12-27"), RemindBefore);

        Assert.Equal(new ReminderDecision.Later(At("2027-01-27")), decision);
    }

    [Theory]
    [InlineData("no renewal")]
    [InlineData("renewal passed")]
    [InlineData("no card")]
    [InlineData("card works")]
    public void Nothing_is_sent_when_no_renewal_would_fail_on_an_expired_card(string situation)
    {
        var renewsAt = At("2027-01-10");
        var (state, now) = situation switch
        {
            "no renewal" => (State(null, December2026), renewsAt - RemindBefore),
            "renewal passed" => (State(renewsAt, December2026), renewsAt),
            "no card" => (State(renewsAt, null), renewsAt - RemindBefore),
            _ => (State(renewsAt, December2026 with { ExpYear = 2027 }), renewsAt - RemindBefore),
        };

        Assert.IsType<ReminderDecision.Nothing>(ReminderDecision.For(state, now, RemindBefore));
    }

    [Fact]
    public void The_same_card_saved_twice_is_one_reminder_and_a_new_expiry_is_another()
    {
        var twin = December2026 with { PaymentMethodId = "pm_2" };

        Assert.Equal(December2026.ReminderIdFor("cus_1"), twin.ReminderIdFor("cus_1"));
        Assert.NotEqual(December2026.ReminderIdFor("cus_1"), (December2026 with { ExpYear = 2030 }).ReminderIdFor("cus_1"));
        Assert.Equal("cus_1:pm_1:2026-12", (December2026 with { Fingerprint = null }).ReminderIdFor("cus_1"));
    }

    private static SubscriptionRenewalState State(DateTimeOffset? renewsAt, RenewalCard? card) =>
        new("sub_1", "cus_1", renewsAt, card, "a@example.com", [], null);

    private static DateTimeOffset At(string date) =>
        DateTimeOffset.Parse(date + "T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
}
