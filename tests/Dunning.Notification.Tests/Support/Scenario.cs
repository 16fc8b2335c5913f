using Dunning.Contracts;
using Dunning.Testing;
using Stripe;

namespace Dunning.Notification.Tests.Support;

/// <summary>
/// One customer signed up in the Stripe sandbox (a unique email, its <c>preferred_locales</c>, a test card) whose subscription
/// invoice failed there, and the contract messages BillingWebhook and the scheduler publish for what happened: the sandbox's
/// own event ids, invoice, customer and subscription ids, amount, hosted invoice URL and the failed charge's decline.
/// </summary>
public sealed class Scenario
{
    public const string AuthenticationRequiredCard = "pm_card_authenticationRequired";

    private readonly SandboxProcess _sandbox;
    private readonly Event _signUpEvent;
    private readonly DeclineDetails _decline;

    private Scenario(SandboxProcess sandbox, SandboxSubscriber subscriber, Event signUpEvent, DeclineDetails decline)
    {
        _sandbox = sandbox;
        _signUpEvent = signUpEvent;
        _decline = decline;
        Subscriber = subscriber;
    }

    public SandboxSubscriber Subscriber { get; }
    public string InvoiceId => Subscriber.InvoiceId;
    public string CustomerId => Subscriber.CustomerId;
    public string SubscriptionId => Subscriber.SubscriptionId;
    public string Email => Invoice.CustomerEmail;

    /// <summary>The sandbox's hosted page of the invoice (<c>hosted_invoice_url</c>), where the customer pays.</summary>
    public string HostedUrl => Invoice.HostedInvoiceUrl;

    private Invoice Invoice => (Invoice)_signUpEvent.Data.Object;

    /// <summary>
    /// Signs a customer up with <paramref name="card"/> (a declining test card: the first invoice fails at once, <c>invoice.payment_failed</c>;
    /// <see cref="AuthenticationRequiredCard"/>: it needs 3-D Secure, <c>invoice.payment_action_required</c>).
    /// </summary>
    public static async Task<Scenario> SignUpAsync(SandboxProcess sandbox, string[]? preferredLocales = null, long amountMinor = 2499, string currency = "eur",
        string card = "pm_card_chargeDeclinedInsufficientFunds")
    {
        var subscriber = await SandboxSubscriber.SignUpAsync(sandbox.Stripe, card, amountMinor, currency, preferredLocales);
        var type = card.StartsWith(AuthenticationRequiredCard, StringComparison.Ordinal) ? "invoice.payment_action_required" : "invoice.payment_failed";
        var signUpEvent = await SandboxInvoiceHistory.LatestEventAsync(sandbox.Stripe, subscriber.InvoiceId, type);
        return new Scenario(sandbox, subscriber, signUpEvent, await DeclineAsync(sandbox.Stripe, subscriber.InvoiceId));
    }

    /// <summary>
    /// The sign-up's <c>invoice.payment_failed</c> as BillingWebhook publishes it, said to have happened at <paramref name="occurredAt"/>
    /// (in the past, so reminders are already due). Without <paramref name="withHostedUrl"/> as for an invoice Stripe gives no hosted page.
    /// </summary>
    public PaymentFailed Failed(DateTimeOffset occurredAt, bool withHostedUrl = true) => FailedFrom(_signUpEvent, _decline, occurredAt, withHostedUrl);

    /// <summary>The sandbox charges the invoice's card again, it declines again: that failure (Stripe attempt 2, its own event).</summary>
    public async Task<PaymentFailed> FailedAgainAsync(DateTimeOffset occurredAt)
    {
        var declined = await Assert.ThrowsAsync<StripeException>(() => new InvoiceService(_sandbox.Stripe).PayAsync(InvoiceId));
        Assert.Equal("card_declined", declined.StripeError.Code);
        var failure = await SandboxInvoiceHistory.LatestEventAsync(_sandbox.Stripe, InvoiceId, "invoice.payment_failed");
        return FailedFrom(failure, await DeclineAsync(_sandbox.Stripe, InvoiceId), occurredAt, withHostedUrl: true);
    }

    /// <summary>The sign-up's <c>invoice.payment_action_required</c> (signed up with <see cref="AuthenticationRequiredCard"/>).</summary>
    public PaymentActionRequired ActionRequired() => ActionRequiredFrom(_signUpEvent);

    /// <summary>
    /// The customer's new default card needs 3-D Secure and the invoice is charged with it: the sandbox's <c>invoice.payment_action_required</c>.
    /// </summary>
    public async Task<PaymentActionRequired> NewCardNeedsAuthenticationAsync()
    {
        await new CustomerService(_sandbox.Stripe).UpdateAsync(CustomerId, new CustomerUpdateOptions
        {
            InvoiceSettings = new CustomerInvoiceSettingsOptions { DefaultPaymentMethod = $"{AuthenticationRequiredCard}__{Guid.NewGuid():N}" },
        });
        var refused = await Assert.ThrowsAsync<StripeException>(() => new InvoiceService(_sandbox.Stripe).PayAsync(InvoiceId));
        Assert.Equal("invoice_payment_intent_requires_action", refused.StripeError.Code);
        return ActionRequiredFrom(await SandboxInvoiceHistory.LatestEventAsync(_sandbox.Stripe, InvoiceId, "invoice.payment_action_required"));
    }

    /// <summary>The scheduler planned the final attempt.</summary>
    public RetryScheduled FinalAttempt(DateTimeOffset scheduledFor, bool cancelsSubscription = false) =>
        new($"{InvoiceId}:retry:4", Guid.NewGuid(), InvoiceId, CustomerId, 4, scheduledFor, true, "final", DateTimeOffset.UtcNow, cancelsSubscription);

    /// <summary>The scheduler planned attempt <paramref name="number"/>, within a window that ends at <paramref name="dunningEndsAt"/>.</summary>
    public RetryScheduled Planned(int number, DateTimeOffset scheduledFor, DateTimeOffset dunningEndsAt) =>
        new($"{InvoiceId}:retry:{number}", Guid.NewGuid(), InvoiceId, CustomerId, number, scheduledFor, false, "soft_default", DateTimeOffset.UtcNow,
            DunningEndsAt: dunningEndsAt);

    /// <summary>The scheduler closed the case as lost after its last attempt; its final action cancels the subscription or not.</summary>
    public RevenueLost RetriesExhausted(bool cancelsSubscription) =>
        new($"{InvoiceId}:lost", Guid.NewGuid(), InvoiceId, CustomerId, SubscriptionId, 2499, "eur", LossReason.RetriesExhausted,
            _signUpEvent.Created, DateTimeOffset.UtcNow, cancelsSubscription);

    /// <summary>The customer pays on the hosted invoice page (the emails' link) with a working card; the scheduler's <c>PaymentRecovered</c>.</summary>
    public async Task<PaymentRecovered> RecoveredAsync()
    {
        Assert.Equal("succeeded", await _sandbox.PayOnHostedPageAsync(HostedUrl));
        var invoice = await new InvoiceService(_sandbox.Stripe).GetAsync(InvoiceId);
        Assert.Equal("paid", invoice.Status);
        return new PaymentRecovered($"{InvoiceId}:recovered", Guid.NewGuid(), InvoiceId, CustomerId, SubscriptionId, invoice.AmountPaid, invoice.Currency,
            RecoveryMethod.CustomerPaid, (int)invoice.AttemptCount, _signUpEvent.Created, invoice.StatusTransitions?.PaidAt ?? DateTimeOffset.UtcNow);
    }

    /// <summary>The sandbox cancels the subscription for non-payment (as Stripe's own dunning does): its <c>customer.subscription.deleted</c>.</summary>
    public async Task<SubscriptionCanceled> CanceledForNonPaymentAsync()
    {
        var options = new SubscriptionCancelOptions();
        options.AddExtraParam("cancellation_details[reason]", "payment_failed");
        var subscription = await new SubscriptionService(_sandbox.Stripe).CancelAsync(SubscriptionId, options);
        var deleted = await SandboxInvoiceHistory.LatestEventAsync(_sandbox.Stripe, SubscriptionId, "customer.subscription.deleted");
        return new SubscriptionCanceled(deleted.Id, SubscriptionId, CustomerId, subscription.CancellationDetails?.Reason,
            subscription.EndedAt ?? subscription.CanceledAt ?? deleted.Created);
    }

    private static PaymentFailed FailedFrom(Event failure, DeclineDetails decline, DateTimeOffset occurredAt, bool withHostedUrl)
    {
        var invoice = (Invoice)failure.Data.Object;
        return new PaymentFailed(failure.Id, invoice.Id, invoice.CustomerId, invoice.Parent?.SubscriptionDetails?.SubscriptionId, invoice.CustomerEmail,
            invoice.AmountDue, invoice.Currency, (int)invoice.AttemptCount, decline, withHostedUrl ? invoice.HostedInvoiceUrl : null,
            invoice.NextPaymentAttempt, occurredAt);
    }

    private static PaymentActionRequired ActionRequiredFrom(Event action)
    {
        var invoice = (Invoice)action.Data.Object;
        return new PaymentActionRequired(action.Id, invoice.Id, invoice.CustomerId, invoice.Parent?.SubscriptionDetails?.SubscriptionId, invoice.CustomerEmail,
            invoice.AmountDue, invoice.Currency, invoice.HostedInvoiceUrl, action.Created);
    }

    private static async Task<DeclineDetails> DeclineAsync(IStripeClient stripe, string invoiceId) =>
        await SandboxInvoiceHistory.LatestFailedChargeAsync(stripe, invoiceId) is { } charge
            ? new DeclineDetails(charge.FailureCode, charge.Outcome?.Reason, charge.Outcome?.AdviceCode, charge.Outcome?.NetworkDeclineCode,
                charge.Outcome?.NetworkAdviceCode, charge.PaymentMethodDetails?.Card?.Brand, charge.PaymentMethodDetails?.Card?.Fingerprint,
                charge.PaymentMethod)
            : DeclineDetails.None;
}
