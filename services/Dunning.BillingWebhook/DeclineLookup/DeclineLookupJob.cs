using Dunning.BillingWebhook.Data;
using Dunning.BillingWebhook.Domain.Mapping;
using Dunning.Contracts;
using Dunning.Platform.DueJobs;
using Dunning.Platform.Outbox;
using Dunning.Platform.Stripe;
using Microsoft.Extensions.Options;
using Dunning.Platform.Data;

namespace Dunning.BillingWebhook.DeclineLookup;

/// <summary>
/// Publishes a <see cref="PaymentFailed"/> once Stripe said why it failed. Stripe's invoice events never carry it in this API
/// version (<c>invoice.payments</c> is expand-only): it comes from the failure's <c>payment_intent.payment_failed</c> when that
/// arrived (<see cref="DeclineMemory"/>, waited for briefly), else from one Stripe read. While Stripe is unreachable the
/// failure is held and the read tried again, each wait as long as the time waited so far, for
/// <see cref="DeclineLookupOptions.Patience"/>; after that it is published as <see cref="DeclineDetails.Unknown"/>, which is
/// never retried blind. When Stripe has no failed charge it is published without details. Nothing is published if the invoice was paid or voided meanwhile.
/// </summary>
public sealed partial class DeclineLookupJob(StripeDeclineSource stripe, DeclineMemory declines, KnownFacts facts, OutboxWriter outbox,
    TimeProvider clock, IOptions<DeclineLookupOptions> options, ILogger<DeclineLookupJob> logger) : IDueJobHandler
{
    private static readonly string[] Settled = [Facts.InvoicePaid, Facts.InvoiceVoided];

    public string Kind => DeclineLookupRequest.Kind;

    /// <summary>Seconds, not the default minutes: a look-up takes milliseconds and repeating one is harmless (Stripe reads, the
    /// outbox message's id derives from the event), so a look-up claimed by a process that died must not hold the case back.</summary>
    public TimeSpan? Lease => TimeSpan.FromSeconds(30);

    public async Task<DueJobOutcome> HandleAsync(DueJob job, UnitOfWork unit, CancellationToken cancellationToken)
    {
        var request = job.Payload<DeclineLookupRequest>();
        var failed = request.Message;
        // The invoice's lock is taken only at the end: held across the Stripe call, it made every event of the invoice (and
        // the webhook's whole group commit behind it) wait for Stripe's answer.
        if (await SettledAsync(unit, failed.InvoiceId, cancellationToken))
            return DueJobOutcome.Completed;

        var decline = await declines.FindAsync(unit, [failed.InvoiceId], cancellationToken);
        try
        {
            decline ??= await stripe.FetchAsync(failed.InvoiceId, cancellationToken);
        }
        catch (Exception exception) when (StripeResilience.IsUnavailable(exception))
        {
            var waited = clock.GetUtcNow() - request.RequestedAt;
            if (waited < options.Value.Patience)
                return DueJobOutcome.RunAgain(clock.GetUtcNow() + Clamp(waited, options.Value.RetryEvery, options.Value.RetryAtMost));
            LogGaveUp(exception, failed.InvoiceId);
            decline = DeclineDetails.Unknown;
        }
        catch (Stripe.StripeException exception)
        {
            LogNotFound(exception, failed.InvoiceId);
        }
        unit.Lock(failed.InvoiceId); // decided under the invoice's lock, as the webhook decides its events' facts
        if (await SettledAsync(unit, failed.InvoiceId, cancellationToken)) // paid or voided during the call
            return DueJobOutcome.Completed;
        // Every decline reaches PaymentFailed here, from the webhook's memory or from Stripe: checked once, whatever its source.
        outbox.Add(unit, failed with { Decline = LedgerFields.Clean(decline ?? DeclineDetails.None) });
        return DueJobOutcome.Completed;
    }

    private async Task<bool> SettledAsync(UnitOfWork unit, string invoiceId, CancellationToken cancellationToken) =>
        (await unit.ReadAsync(facts.Of(invoiceId, Settled), cancellationToken)).Count > 0;

    private static TimeSpan Clamp(TimeSpan value, TimeSpan least, TimeSpan most) => value < least ? least : value > most ? most : value;

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Stripe stayed unreachable; publishing the failure of {InvoiceId} as an unknown decline (not retried blind)")]
    private partial void LogGaveUp(Exception exception, string invoiceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stripe refused the decline lookup of {InvoiceId}; publishing without decline details")]
    private partial void LogNotFound(Exception exception, string invoiceId);
}
