namespace Dunning.Platform.Retention;

/// <summary>How long each service keeps what it needs only for a while (section <c>Retention</c>), purged by <see cref="RetentionJob"/>.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>
    /// Inbox rows (consumer, message id): a message redelivered within this time after it was handled is recognised as a
    /// duplicate. At least <see cref="StripePayloads"/>, so every event that can still be replayed is still in the inboxes.
    /// </summary>
    public TimeSpan Inbox { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Raw Stripe event bodies (names, emails, addresses) in the webhook's <c>stripe_events</c>; the row and its id stay.</summary>
    public TimeSpan StripePayloads { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Outbox rows already published (their bodies carry the messages' personal data too).</summary>
    public TimeSpan SentOutbox { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the purge runs (first at start).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    public static readonly TimeSpan Shortest = TimeSpan.FromDays(1);

    /// <summary>Why these settings are unusable, naming the variables to set, or null.</summary>
    public string? Problem()
    {
        foreach (var (setting, value) in new[] { ("Inbox", Inbox), ("StripePayloads", StripePayloads), ("SentOutbox", SentOutbox) })
            if (value < Shortest)
                return $"Retention:{setting} is {value}: set Retention__{setting} to at least {Shortest} (a day).";
        if (StripePayloads > Inbox)
            return $"Retention:StripePayloads ({StripePayloads}) is longer than Retention:Inbox ({Inbox}): an event replayed after its inbox rows " +
                "were purged would be handled twice; set Retention__StripePayloads to at most Retention__Inbox.";
        if (Interval <= TimeSpan.Zero)
            return $"Retention:Interval is {Interval}: set Retention__Interval to a positive time, e.g. 01:00:00.";
        return null;
    }
}
