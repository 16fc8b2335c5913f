using Dunning.Platform.Data;
using Dunning.Platform.DueJobs;
using Dunning.Platform.Stripe;
using Dunning.RetryScheduler.Cases;
using Dunning.RetryScheduler.Data;
using Microsoft.Extensions.Options;
using Stripe;

namespace Dunning.RetryScheduler.Jobs;

/// <summary>
/// Makes the card that recovered a case the subscription's default payment method, when the subscription carries a default
/// of its own (as Checkout creates them) that is another card. A subscription without one follows the customer's default,
/// which already is the new card: pinning it there would stop it following the customer's next change.
/// </summary>
public sealed class DefaultCardJobHandler(StripeCalls stripe, CaseRepository cases, IOptionsMonitor<RetryPolicyOptions> policy, CaseClock clock)
    : IDueJobHandler
{
    public string Kind => DefaultCardJob.Kind;

    public async Task<DueJobOutcome> HandleAsync(DueJob job, UnitOfWork unit, CancellationToken cancellationToken)
    {
        var work = job.Payload<DefaultCardJob>();
        string outcome;
        try
        {
            var subscription = await stripe.RunAsync((client, ct) => new SubscriptionService(client).GetAsync(work.SubscriptionId, null, null, ct),
                cancellationToken);
            if (subscription.DefaultPaymentMethodId is null || subscription.DefaultPaymentMethodId == work.PaymentMethodId)
            {
                outcome = $"subscription {work.SubscriptionId} already charges {work.PaymentMethodId}";
            }
            else
            {
                await stripe.RunAsync((client, ct) => new SubscriptionService(client).UpdateAsync(work.SubscriptionId,
                    new SubscriptionUpdateOptions { DefaultPaymentMethod = work.PaymentMethodId },
                    new RequestOptions { IdempotencyKey = PayCallKeys.DefaultCard(work.CaseId, work.PaymentMethodId) }, ct), cancellationToken);
                outcome = $"subscription {work.SubscriptionId}: default payment method {subscription.DefaultPaymentMethodId} -> {work.PaymentMethodId}";
            }
        }
        catch (Exception ex) when (StripeResilience.IsUnavailable(ex))
        {
            return DueJobOutcome.RetryIn(policy.CurrentValue.StripeOutageDeferral);
        }
        catch (StripeException ex)
        {
            outcome = $"refused by Stripe: {ex.StripeError?.Code ?? ex.Message}";
        }
        var c = await cases.FindAsync(unit, work.CaseId, cancellationToken) ?? throw new InvalidOperationException($"No case {work.CaseId}");
        c.NoteDefaultCard(outcome, await clock.NowAsync(unit, c, cancellationToken));
        await cases.SaveAsync(unit, c, cancellationToken);
        return DueJobOutcome.Completed;
    }
}
