using Dunning.Platform.DueJobs;
using Dunning.Platform.Stripe;
using Dunning.RetryScheduler.Cases;
using Dunning.RetryScheduler.Data;
using Microsoft.Extensions.Options;
using Npgsql;
using Polly.CircuitBreaker;
using Stripe;

namespace Dunning.RetryScheduler.Jobs;

/// <summary>Runs the final action after the last attempt through Stripe, once (idempotency key <see cref="PayCallKeys.FinalAction"/>).</summary>
public sealed class FinalActionJobHandler(StripeCalls stripe, CaseTimeline timeline, IOptionsMonitor<RetryPolicyOptions> policy, CaseClock clock) : IDueJobHandler
{
    public string Kind => FinalActionJob.Kind;

    public async Task<DueJobOutcome> HandleAsync(DueJob job, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var action = job.Payload<FinalActionJob>();
        var options = new RequestOptions { IdempotencyKey = PayCallKeys.FinalAction(action.CaseId) };
        string outcome;
        try
        {
            outcome = action.Action switch
            {
                FinalAction.CancelSubscription when action.SubscriptionId is { } subscription =>
                    (await stripe.RunAsync((client, ct) => new SubscriptionService(client).CancelAsync(subscription, null, options, ct), cancellationToken)).Status,
                FinalAction.MarkUncollectible =>
                    (await stripe.RunAsync((client, ct) => new InvoiceService(client).MarkUncollectibleAsync(action.InvoiceId, null, options, ct), cancellationToken)).Status,
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
        var now = await clock.NowAsync(transaction, action.CaseId, cancellationToken);
        await timeline.NoteAsync(transaction, action.CaseId, now, "final_action", action.Action.ToString(), outcome, cancellationToken);
        return DueJobOutcome.Completed;
    }
}
