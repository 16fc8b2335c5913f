namespace Dunning.Contracts;

/// <summary>A subscription started (counts towards active subscribers).</summary>
public record SubscriptionStarted(
    string SourceEventId,
    string SubscriptionId,
    string CustomerId,
    string Status,
    DateTimeOffset StartedAt,
    bool Livemode = true) : IDunningMessage;
