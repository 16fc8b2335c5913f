using Dunning.Contracts;

namespace Dunning.Notification.Tests.Support;

/// <summary>One invoice of one customer, with unique ids and a unique recipient, and the messages its dunning case produces.</summary>
public sealed class Scenario(string locale = "en", long amountMinor = 2499, string currency = "eur", bool hostedUrl = true)
{
    private readonly string _unique = Guid.NewGuid().ToString("N")[..10];

    public string InvoiceId => $"in_{_unique}";
    public string CustomerId => locale == "en" ? $"cus_{_unique}" : $"cus_{locale}_{_unique}";
    public string SubscriptionId => $"sub_{_unique}";
    public string Email => $"cust-{_unique}@example.com";
    public string? HostedUrl => hostedUrl ? $"https://invoice.stripe.com/i/acct_test/{_unique}" : null;

    public PaymentFailed Failed(DateTimeOffset occurredAt, string? declineCode = "insufficient_funds", string failureCode = "card_declined", int attempt = 1) =>
        new($"evt_failed_{_unique}_{attempt}", InvoiceId, CustomerId, SubscriptionId, Email, amountMinor, currency, attempt,
            new DeclineDetails(failureCode, declineCode, null, null, null, "visa", "fp_1", "pm_1"), HostedUrl, null, occurredAt);

    public RetryScheduled FinalAttempt(DateTimeOffset scheduledFor) =>
        new($"{_unique}:retry:4", Guid.NewGuid(), InvoiceId, CustomerId, 4, scheduledFor, true, "final", DateTimeOffset.UtcNow);

    public PaymentActionRequired ActionRequired() =>
        new($"evt_action_{_unique}", InvoiceId, CustomerId, SubscriptionId, Email, amountMinor, currency, HostedUrl, DateTimeOffset.UtcNow);

    public PaymentRecovered Recovered() =>
        new($"{_unique}:recovered", Guid.NewGuid(), InvoiceId, CustomerId, SubscriptionId, amountMinor, currency, RecoveryMethod.CardUpdated, 2,
            DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow);

    public RevenueLost Lost(LossReason reason = LossReason.RetriesExhausted) =>
        new($"{_unique}:lost", Guid.NewGuid(), InvoiceId, CustomerId, SubscriptionId, amountMinor, currency, reason,
            DateTimeOffset.UtcNow.AddDays(-20), DateTimeOffset.UtcNow);

    public SubscriptionCanceled CanceledForNonPayment() =>
        new($"evt_canceled_{_unique}", SubscriptionId, CustomerId, "payment_failed", DateTimeOffset.UtcNow);
}
