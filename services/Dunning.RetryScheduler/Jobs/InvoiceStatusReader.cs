using Dunning.Platform.Stripe;
using Stripe;

namespace Dunning.RetryScheduler.Jobs;

/// <summary>An invoice's status as Stripe has it now; null while Stripe cannot answer.</summary>
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
    }
}
