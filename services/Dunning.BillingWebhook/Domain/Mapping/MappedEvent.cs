namespace Dunning.BillingWebhook.Domain.Mapping;

/// <summary>What one Stripe event means to Dunning: the messages it implies.</summary>
public sealed record MappedEvent(IReadOnlyList<Outgoing> Messages)
{
    public static MappedEvent Nothing { get; } = new([]);

    /// <summary>Both meanings of one event (e.g. a <c>customer.updated</c> that changed the card and the languages).</summary>
    public MappedEvent And(MappedEvent other) => new([.. Messages, .. other.Messages]);
}
