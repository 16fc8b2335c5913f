using Dunning.Contracts;
using Dunning.Platform.Data;
using Dunning.Platform.DueJobs;
using Dunning.Platform.Stripe;
using Dunning.RetryScheduler.Cases;
using Dunning.RetryScheduler.Data;
using Microsoft.Extensions.Options;
using Stripe;

namespace Dunning.RetryScheduler.Jobs;

/// <summary>
/// Closes a case someone else paid as <see cref="RecoveryMethod.OutOfBand"/> when Stripe says part of it was paid outside
/// Stripe (<c>amount_paid_off_stripe</c>, which Stripe returns only when asked for with <c>expand[]</c>, never in an event),
/// else as <see cref="RecoveryMethod.CustomerPaid"/>.
/// </summary>
public sealed class PaymentOriginJobHandler(StripeCalls stripe, CaseRepository cases, IOptionsMonitor<RetryPolicyOptions> policy, CaseClock clock)
    : IDueJobHandler
{
    public string Kind => PaymentOriginJob.Kind;

    public async Task<DueJobOutcome> HandleAsync(DueJob job, UnitOfWork unit, CancellationToken cancellationToken)
    {
        if (await cases.FindAsync(unit, job.Payload<PaymentOriginJob>().CaseId, cancellationToken) is not { IsOpen: true } c)
            return DueJobOutcome.Completed;
        RecoveryMethod method;
        try
        {
            var invoice = await stripe.RunAsync((client, ct) => new InvoiceService(client).GetAsync(c.State.InvoiceId,
                new InvoiceGetOptions { Expand = ["amount_paid_off_stripe"] }, null, ct), cancellationToken);
            method = invoice.AmountPaidOffStripe > 0 ? RecoveryMethod.OutOfBand : RecoveryMethod.CustomerPaid;
        }
        catch (Exception ex) when (StripeResilience.IsUnavailable(ex))
        {
            return DueJobOutcome.RetryIn(policy.CurrentValue.StripeOutageDeferral);
        }
        catch (StripeException)
        {
            method = RecoveryMethod.CustomerPaid; // Stripe will not say: it was paid all the same
        }
        c.CloseRecovered(method, await clock.NowAsync(unit, c, cancellationToken));
        await cases.SaveAsync(unit, c, cancellationToken);
        return DueJobOutcome.Completed;
    }
}
