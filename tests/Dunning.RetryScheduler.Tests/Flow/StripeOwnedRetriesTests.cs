using Dunning.RetryScheduler.Tests.Support;
using Dunning.Testing;
using Stripe;

namespace Dunning.RetryScheduler.Tests.Flow;

/// <summary><c>RetryOwner = Stripe</c>: Stripe's Smart Retries drive the attempts; we follow, count and close, never pay.</summary>
public sealed class StripeOwnedRetriesTests(SandboxFixture sandbox)
    : SchedulerFlowTest(sandbox, new Dictionary<string, string?> { ["RetryPolicy:RetryOwner"] = "Stripe" })
{
    [Fact]
    public async Task Stripe_attempts_are_followed_and_counted_and_the_case_closes_without_a_pay_call()
    {
        // The sandbox has no Smart Retries (next_payment_attempt stays null): the messages carry the schedule Stripe would announce.
        var (subscriber, failed) = await FailedSignUpAsync("pm_card_chargeDeclined");
        var stripeNext = DateTimeOffset.UtcNow.AddDays(3);
        await Host.PublishAsync(failed with { StripeNextAttemptAt = stripeNext });
        const string retriesScheduled = "SELECT count(*) FROM scheduler.outbox WHERE message_type LIKE '%RetryScheduled'";
        await Eventually.HoldsAsync(async () => await Database.CountAsync(retriesScheduled) == 1,
            Timeout, "Stripe's next attempt is published");
        await Host.PublishAsync(failed with { SourceEventId = failed.SourceEventId + "_2", StripeAttemptCount = 2,
            StripeNextAttemptAt = stripeNext.AddDays(2) });
        var cardAttempts = $"SELECT count(*) FROM scheduler.card_attempts WHERE fingerprint = '{failed.Decline.CardFingerprint}'";
        await Eventually.HoldsAsync(async () => await Database.CountAsync(cardAttempts) == 2,
            Timeout, "both of Stripe's attempts count on the card's budget");

        var paid = await new InvoiceService(Stripe).PayAsync(subscriber.InvoiceId, new InvoicePayOptions { PaidOutOfBand = true });
        Assert.Equal("paid", paid.Status);
        await Host.PublishAsync(await Messages.SucceededAsync(Stripe, subscriber.InvoiceId));

        // Paid outside Stripe: Stripe says so only when asked (expand[]=amount_paid_off_stripe), never in the invoice.paid event.
        await Eventually.HoldsAsync(async () => await Database.StatusAsync(subscriber.InvoiceId) == "recovered:OutOfBand", Timeout,
            "the case is recovered out of band");
        Assert.DoesNotContain(await Sandbox.PayCallsAsync(subscriber.InvoiceId),
            c => c.IdempotencyKey?.StartsWith("dunning:", StringComparison.Ordinal) == true);
        Assert.Equal(1, await Database.CountAsync("SELECT count(*) FROM scheduler.outbox WHERE message_type LIKE '%PaymentRecovered'"));
    }
}
