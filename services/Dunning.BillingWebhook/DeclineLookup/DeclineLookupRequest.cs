using Dunning.Contracts;

namespace Dunning.BillingWebhook.DeclineLookup;

/// <summary>A failure waiting for its decline details: published by <see cref="DeclineLookupJob"/> once they are known (or Stripe gave up).</summary>
public sealed record DeclineLookupRequest(PaymentFailed Message, DateTimeOffset RequestedAt)
{
    public const string Kind = "decline-lookup";

    public string Key => $"{Kind}:{Message.SourceEventId}";
}
