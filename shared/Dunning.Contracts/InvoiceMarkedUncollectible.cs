namespace Dunning.Contracts;

/// <summary>An invoice was marked uncollectible (Stripe <c>invoice.marked_uncollectible</c>).</summary>
public record InvoiceMarkedUncollectible(
    string SourceEventId,
    string InvoiceId,
    string CustomerId,
    string? SubscriptionId,
    DateTimeOffset OccurredAt) : IDunningMessage;
