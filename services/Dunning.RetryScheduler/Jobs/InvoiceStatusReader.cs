using Dunning.Platform.DueJobs;
using Dunning.Platform.Stripe;
using Stripe;

namespace Dunning.RetryScheduler.Jobs;

/// <summary>
/// An invoice's status as Stripe has it now; null while Stripe cannot answer. Stripe refusing the read (no such invoice: a 404)
/// will not change by asking again, so the job that asked is dead (<see cref="PermanentJobFailure"/>).
/// </summary>
public sealed class InvoiceStatusReader(StripeCalls stripe)
{
    public async Task<string?> StatusAsync(string invoiceId, CancellationToken cancellationToken)
    {
        try
        {
            return (await stripe.RunAsync((client, ct) => new InvoiceService(client).GetAsync(invoiceId, null, null, ct), cancellationToken)).Status;
        }
        catch (Exception ex) when (StripeResilience.IsUnavailable(ex))
        {
            return null;
        }
        catch (StripeException ex) when (StripeResilience.IsPermanentRefusal(ex))
        {
            throw new PermanentJobFailure($"Stripe refused to read invoice {invoiceId}: {(int)ex.HttpStatusCode} {ex.StripeError?.Code} {ex.Message}", ex);
        }
    }
}
