using Dunning.BillingWebhook.Data;
using Dunning.BillingWebhook.Domain.Mapping;
using Dunning.Contracts;
using Dunning.Platform.DueJobs;
using Dunning.Platform.Outbox;
using Dunning.Platform.Stripe;
using Microsoft.Extensions.Options;
using Npgsql;
using Polly.CircuitBreaker;

namespace Dunning.BillingWebhook.DeclineLookup;

/// <summary>
/// Publishes a <see cref="PaymentFailed"/> whose event carried no decline details once they are known: from a
/// <c>charge.failed</c> that arrived meanwhile, else from Stripe. While Stripe is unreachable it tries again, for
/// <see cref="DeclineLookupOptions.Patience"/>; after that, or when Stripe has no failed charge, it publishes without them.
/// Nothing is published if the invoice was paid or voided meanwhile.
/// </summary>
public sealed partial class DeclineLookupJob(StripeDeclineSource stripe, DeclineMemory declines, KnownFacts facts, OutboxWriter outbox,
    TimeProvider clock, IOptions<DeclineLookupOptions> options, ILogger<DeclineLookupJob> logger) : IDueJobHandler
{
    private static readonly string[] Settled = [Facts.InvoicePaid, Facts.InvoiceVoided];

    public string Kind => DeclineLookupRequest.Kind;

    /// <summary>Seconds, not the default minutes: a look-up takes milliseconds and repeating one is harmless (Stripe reads, the
    /// outbox message's id derives from the event), so a look-up claimed by a process that died must not hold the case back.</summary>
    public TimeSpan? Lease => TimeSpan.FromSeconds(30);

    public async Task<DueJobOutcome> HandleAsync(DueJob job, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var request = job.Payload<DeclineLookupRequest>();
        var failed = request.Message;
        // The invoice's lock is taken only at the end: held across the Stripe call, it made every event of the invoice (and
        // the webhook's whole group commit behind it) wait for Stripe's answer.
        if (await facts.AnyKnownYetAsync(transaction, failed.InvoiceId, Settled, cancellationToken))
            return DueJobOutcome.Completed;

        var decline = await declines.FindAsync(transaction, [failed.InvoiceId], cancellationToken);
        if (decline is null)
        {
            try
            {
                decline = await stripe.FetchAsync(failed.InvoiceId, cancellationToken);
            }
            catch (Exception exception) when (StripeResilience.IsTransient(exception) || exception is BrokenCircuitException)
            {
                if (clock.GetUtcNow() - request.RequestedAt < options.Value.Patience)
                    return DueJobOutcome.RunAgain(clock.GetUtcNow() + options.Value.RetryEvery);
                LogGaveUp(exception, failed.InvoiceId);
            }
            catch (Stripe.StripeException exception)
            {
                LogNotFound(exception, failed.InvoiceId);
            }
        }
        if (await facts.AnyKnownAsync(transaction, failed.InvoiceId, Settled, cancellationToken)) // paid or voided during the call
            return DueJobOutcome.Completed;
        await outbox.AddAsync(transaction, failed with { Decline = decline ?? DeclineDetails.None }, cancellationToken);
        return DueJobOutcome.Completed;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stripe stayed unreachable; publishing the failure of {InvoiceId} without decline details")]
    private partial void LogGaveUp(Exception exception, string invoiceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stripe refused the decline lookup of {InvoiceId}; publishing without decline details")]
    private partial void LogNotFound(Exception exception, string invoiceId);
}
