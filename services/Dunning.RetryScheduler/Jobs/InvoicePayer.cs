using Dunning.Contracts;
using Dunning.Platform.Stripe;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Stripe;

namespace Dunning.RetryScheduler.Jobs;

/// <summary><c>POST /v1/invoices/{id}/pay</c> through the shared Stripe pipeline, its outcome sorted into paid / declined / unavailable.</summary>
public sealed class InvoicePayer(StripeCalls stripe, PayCallPacer pacer, IOptions<StripeOptions> stripeOptions, IOptionsMonitor<RetryPolicyOptions> policy, TimeProvider clock)
{
    public async Task<PayResult> PayAsync(string invoiceId, string idempotencyKey, CancellationToken cancellationToken)
    {
        try
        {
            await pacer.WaitTurnAsync(cancellationToken);
            var invoice = await stripe.RunAsync((client, ct) => new InvoiceService(client).PayAsync(invoiceId, new InvoicePayOptions(),
                new RequestOptions { IdempotencyKey = idempotencyKey }, ct), cancellationToken);
            return invoice.Status == "paid"
                ? new PayResult.Paid()
                : new PayResult.Declined(DeclineDetails.None with { FailureCode = $"invoice_{invoice.Status}" });
        }
        catch (StripeException ex) when (ex.StripeError?.Type == "card_error")
        {
            var e = ex.StripeError;
            return new PayResult.Declined(new DeclineDetails(e.Code, e.DeclineCode, e.AdviceCode, e.NetworkDeclineCode, e.NetworkAdviceCode,
                null, null, e.PaymentMethod?.Id));
        }
        catch (BrokenCircuitException ex)
        {
            return new PayResult.Unavailable("circuit open", clock.GetUtcNow() + (ex.RetryAfter ?? stripeOptions.Value.BreakerBreakDuration));
        }
        catch (RateLimiterRejectedException ex)
        {
            return new PayResult.Unavailable("rate limited", clock.GetUtcNow() + (ex.RetryAfter ?? TimeSpan.FromSeconds(1)));
        }
        catch (Exception ex) when (StripeResilience.IsTransient(ex) && !cancellationToken.IsCancellationRequested)
        {
            return new PayResult.Unavailable(ex.GetType().Name + ": " + ex.Message, clock.GetUtcNow() + policy.CurrentValue.StripeOutageDeferral);
        }
    }
}
