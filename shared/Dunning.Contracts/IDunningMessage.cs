namespace Dunning.Contracts;

/// <summary>Every Dunning message names where it came from, so consumers can deduplicate.</summary>
/// <remarks>The Stripe event id it was derived from, or "{caseId}:{step}" for messages we originate.</remarks>
public interface IDunningMessage
{
    string SourceEventId { get; }
}
