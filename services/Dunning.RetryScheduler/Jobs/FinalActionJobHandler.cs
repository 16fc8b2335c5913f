using Dunning.Platform.Data;
using Dunning.Platform.DueJobs;
using Dunning.Platform.Stripe;
using Dunning.RetryScheduler.Cases;
using Dunning.RetryScheduler.Data;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Stripe;

namespace Dunning.RetryScheduler.Jobs;

/// <summary>Runs the final action after the last attempt through Stripe, once (idempotency key <see cref="PayCallKeys.FinalAction"/>).</summary>
public sealed class FinalActionJobHandler(StripeCalls stripe, CaseRepository cases, IOptionsMonitor<RetryPolicyOptions> policy, CaseClock clock)
    : IDueJobHandler
{
    public string Kind => FinalActionJob.Kind;

    public async Task<DueJobOutcome> HandleAsync(DueJob job, UnitOfWork unit, CancellationToken cancellationToken)
    {
        var action = job.Payload<FinalActionJob>();
        var options = new RequestOptions { IdempotencyKey = PayCallKeys.FinalAction(action.CaseId) };
        string outcome;
        try
        {
            outcome = action.Action switch
            {
                FinalAction.CancelSubscription when action.SubscriptionId is { } subscription =>
                    (await stripe.RunAsync((client, ct) => new SubscriptionService(client).CancelAsync(subscription, null, options, ct),
                        cancellationToken)).Status,
                FinalAction.MarkUncollectible =>
                    (await stripe.RunAsync((client, ct) => new InvoiceService(client).MarkUncollectibleAsync(action.InvoiceId, null, options, ct),
                        cancellationToken)).Status,
                _ => "nothing to do",
            };
        }
        catch (Exception ex) when (ex is BrokenCircuitException || StripeResilience.IsTransient(ex))
        {
            return DueJobOutcome.RetryIn(policy.CurrentValue.StripeOutageDeferral);
        }
        catch (StripeException ex)
        {
            outcome = $"refused by Stripe: {ex.StripeError?.Code ?? ex.Message}";
        }
        var c = await cases.FindAsync(unit, action.CaseId, cancellationToken) ?? throw new InvalidOperationException($"No case {action.CaseId}");
        c.NoteFinalAction(action.Action, outcome, await clock.NowAsync(unit, c, cancellationToken));
        await cases.SaveAsync(unit, c, cancellationToken);
        return DueJobOutcome.Completed;
    }
}
