namespace Dunning.Notification.Domain;

/// <summary>What an unsubscribe link says: its recipient, or why it cannot be trusted (a sentence for the person who opened it).</summary>
public sealed record UnsubscribeLinkReading(UnsubscribeRecipient? Recipient, string? Problem)
{
    public static UnsubscribeLinkReading Valid(UnsubscribeRecipient recipient) => new(recipient, null);

    public static UnsubscribeLinkReading Refused(string problem) => new(null, problem);
}
