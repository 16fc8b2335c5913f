using System.Net;
using Dunning.Contracts;
using Dunning.Platform.Stripe;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Stripe;

namespace Dunning.RetryScheduler.Jobs;

/// <summary>
/// <c>POST /v1/invoices/{id}/pay</c> through the shared Stripe pipeline, its outcome sorted into paid / declined /
/// unavailable / refused. A new card is named explicitly: without <c>payment_method</c> Stripe charges the invoice's, then
/// the subscription's, then the customer's default, so a subscription with its own default would be charged on the old card.
/// </summary>
public sealed class InvoicePayer(StripeCalls stripe, PayCallPacer pacer, IOptions<StripeOptions> stripeOptions, IOptionsMonitor<RetryPolicyOptions> policy,
        TimeProvider clock)
{
    /// <summary>Stripe's error code when the invoice's payment needs the customer to authenticate; it carries no decline code.</summary>
    public const string RequiresActionCode = "invoice_payment_intent_requires_action";

    public async Task<PayResult> PayAsync(string invoiceId, string idempotencyKey, string? paymentMethodId, CancellationToken cancellationToken)
    {
        try
        {
            await pacer.WaitTurnAsync(cancellationToken);
            var invoice = await stripe.RunAsync((client, ct) => new InvoiceService(client).PayAsync(invoiceId,
                new InvoicePayOptions { PaymentMethod = paymentMethodId },
                new RequestOptions { IdempotencyKey = idempotencyKey }, ct), cancellationToken);
            return invoice.Status == "paid"
                ? new PayResult.Paid()
                : new PayResult.Declined(DeclineDetails.None with { FailureCode = $"invoice_{invoice.Status}" });
        }
        catch (StripeException ex) when (ex.StripeError?.Code == RequiresActionCode)
        {
            return new PayResult.Declined(DeclineDetails.None with { FailureCode = RequiresActionCode, PaymentMethodId = paymentMethodId });
        }
        catch (StripeException ex) when (ex.StripeError?.Type == "card_error")
        {
            var e = ex.StripeError;
            return new PayResult.Declined(new DeclineDetails(e.Code, e.DeclineCode, e.AdviceCode, e.NetworkDeclineCode, e.NetworkAdviceCode,
                e.PaymentMethod?.Card?.Brand, e.PaymentMethod?.Card?.Fingerprint, e.PaymentMethod?.Id));
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
            var saved = ex is StripeException { HttpStatusCode: var status } && (int)status >= 500;
            return new PayResult.Unavailable(ex.GetType().Name + ": " + ex.Message, clock.GetUtcNow() + policy.CurrentValue.StripeOutageDeferral, saved);
        }
        // 401/403 are about our API key, not the invoice: they propagate and fail the job (backoff, then dead) for every case
        // alike, instead of ending each case's retries as a refusal would.
        catch (StripeException ex) when (ex.HttpStatusCode is >= HttpStatusCode.BadRequest and < HttpStatusCode.InternalServerError
                                         and not HttpStatusCode.Unauthorized and not HttpStatusCode.Forbidden)
        {
            return new PayResult.Refused(ex.StripeError?.Code ?? ((int)ex.HttpStatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ex.StripeError?.Message ?? ex.Message);
        }
    }
}
