using Dunning.RetryScheduler.Tests.Support;
using Dunning.Testing;

namespace Dunning.RetryScheduler.Tests.Flow;

/// <summary><c>RetryOwner = Stripe</c>: Stripe's Smart Retries drive the attempts; we follow, count and close, never pay.</summary>
public sealed class StripeOwnedRetriesTests() : SchedulerFlowTest(new Dictionary<string, string?> { ["RetryPolicy:RetryOwner"] = "Stripe" })
{
    [Fact]
    public async Task Stripe_attempts_are_followed_and_counted_and_the_case_closes_without_a_pay_call()
    {
        var stripeNext = DateTimeOffset.UtcNow.AddDays(3);
        await Host.PublishAsync(Messages.Failed("in_stripe_owned") with { StripeNextAttemptAt = stripeNext });
        await Eventually.HoldsAsync(async () => await Database.CountAsync("SELECT count(*) FROM scheduler.outbox WHERE message_type LIKE '%RetryScheduled'") == 1,
            Timeout, "Stripe's next attempt is published");
        await Host.PublishAsync(Messages.Failed("in_stripe_owned") with { StripeAttemptCount = 2, StripeNextAttemptAt = stripeNext.AddDays(2) });
        await Eventually.HoldsAsync(async () => await Database.CountAsync("SELECT count(*) FROM scheduler.card_attempts WHERE fingerprint = 'fp_in_stripe_owned'") == 2,
            Timeout, "both of Stripe's attempts count on the card's budget");

        await Host.PublishAsync(Messages.Succeeded("in_stripe_owned"));

        await Eventually.HoldsAsync(async () => await Database.StatusAsync("in_stripe_owned") == "recovered:CustomerPaid", Timeout, "the case is recovered");
        Assert.Empty(Stripe.PayCalls);
        Assert.Equal(1, await Database.CountAsync("SELECT count(*) FROM scheduler.outbox WHERE message_type LIKE '%PaymentRecovered'"));
    }
}
