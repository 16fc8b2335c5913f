using Dunning.Contracts;

namespace Dunning.BillingWebhook.Domain.Mapping;

/// <summary>What one Stripe event means to Dunning: messages to publish, and decline details to remember for a failure's look-up.</summary>
public sealed record MappedEvent(IReadOnlyList<Outgoing> Messages, RememberedDecline? Decline = null)
{
    public static MappedEvent Nothing { get; } = new([]);

    /// <summary>Both meanings of one event (e.g. a <c>customer.updated</c> that changed the card and the languages).</summary>
    public MappedEvent And(MappedEvent other) => new([.. Messages, .. other.Messages], Decline ?? other.Decline);
}

/// <summary>Decline details from a <c>payment_intent.payment_failed</c>, filed under the invoice it names.</summary>
public sealed record RememberedDecline(IReadOnlyList<string> LookupKeys, DeclineDetails Details);
