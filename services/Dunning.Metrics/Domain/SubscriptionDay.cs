namespace Dunning.Metrics.Domain;

/// <summary>One UTC day of subscriber movements: starts, cancellations leaving the active count, cancellations for failed payment.</summary>
public sealed record SubscriptionDay(DateOnly Day, long Started, long Canceled, long Involuntary);
