using Dunning.Sandbox.Domain;

namespace Dunning.Sandbox.Tests;

/// <summary>
/// The sandbox-only <c>pm_sandbox_payday{P}</c> card (issue 19's validation). Its behaviour is the sandbox's own model of a
/// customer short of funds until payday, not a Stripe behaviour: Stripe's test cards decline always or never
/// (docs.stripe.com/testing#declined-payments). Only its decline is Stripe's: <c>insufficient_funds</c>, as the documented
/// <c>pm_card_chargeDeclinedInsufficientFunds</c> gives it.
/// </summary>
public sealed class PaydayCardTests
{
    private static readonly DateTimeOffset PaydayMorning = new(2026, 11, 15, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset OrdinaryNight = new(2026, 11, 9, 3, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(2026, 11, 1, 9, 0.36)] // payday week, morning: 8 % × 3 × 1.5
    [InlineData(2026, 11, 17, 14, 0.24)] // payday week, afternoon
    [InlineData(2026, 11, 18, 14, 0.08)]
    [InlineData(2026, 11, 14, 7, 0.12)]
    [InlineData(2026, 11, 9, 3, 0.04)] // night
    public void The_chance_is_three_times_higher_in_payday_weeks_and_higher_in_the_morning(int year, int month, int day, int hour, double chance) =>
        Assert.Equal(chance, PaydayFunds.Chance(8, new DateTimeOffset(year, month, day, hour, 0, 0, TimeSpan.Zero)), 10);

    [Fact]
    public void The_chance_never_passes_95_percent() =>
        Assert.Equal(0.95, PaydayFunds.Chance(60, PaydayMorning));

    [Fact]
    public void The_first_charge_declines_with_insufficient_funds_whenever_it_is_made()
    {
        for (var i = 0; i < 500; i++)
        {
            var outcome = Attached(i).Charge(PaydayMorning.ToUnixTimeSeconds());
            Assert.False(outcome.Succeeded);
            Assert.Equal("insufficient_funds", outcome.Decline!.DeclineCode);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Later_charges_succeed_at_the_chance_of_their_time(bool paydayMorning)
    {
        var at = paydayMorning ? PaydayMorning : OrdinaryNight;
        const int cards = 20_000;
        var succeeded = Enumerable.Range(0, cards).Count(i => SecondChargeSucceeds(Attached(i), at));

        var p = PaydayFunds.Chance(8, at);
        var sd = Math.Sqrt(p * (1 - p) / cards);
        Assert.InRange(succeeded / (double)cards, p - 4 * sd, p + 4 * sd);
    }

    [Fact]
    public void A_card_and_charge_number_always_come_to_the_same_outcome()
    {
        var first = Enumerable.Range(0, 300).Select(i => SecondChargeSucceeds(Attached(i), PaydayMorning)).ToList();
        var again = Enumerable.Range(0, 300).Select(i => SecondChargeSucceeds(Attached(i), PaydayMorning)).ToList();

        Assert.Equal(first, again);
        Assert.Contains(true, first);
        Assert.Contains(false, first);
    }

    [Theory]
    [InlineData("pm_sandbox_payday0")]
    [InlineData("pm_sandbox_payday101")]
    public void A_chance_outside_1_to_100_percent_is_no_card(string token) => Assert.Null(TestCards.Find(token));

    private static AttachedCard Attached(int customer) =>
        new(TestCards.Find($"pm_sandbox_payday8__c{customer}")!, PaydayMorning.AddDays(-30).ToUnixTimeSeconds());

    private static bool SecondChargeSucceeds(AttachedCard card, DateTimeOffset at)
    {
        card.Charge(at.AddDays(-1).ToUnixTimeSeconds());
        return card.Charge(at.ToUnixTimeSeconds()).Succeeded;
    }
}
