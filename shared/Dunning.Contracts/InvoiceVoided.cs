namespace Dunning.Contracts;

/// <summary>An invoice was voided (Stripe <c>invoice.voided</c>).</summary>
public record InvoiceVoided(
    string SourceEventId,
    string InvoiceId,
    string CustomerId,
    string? SubscriptionId,
    DateTimeOffset OccurredAt) : IDunningMessage;
